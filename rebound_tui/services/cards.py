"""Drill cards: the deck as the Cards screen lists it (filtered, searched, sorted), a
card written or edited by hand, added from the starter bank, suspended, reset or deleted
(one card or many at once, each change undoable), and its review history. New cards are
built by `domain.factory.new_card`, wherever their question comes from."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from rebound_tui.domain.codec import to_record
from rebound_tui.domain.days import effective_timezone, plural, today_bounds
from rebound_tui.domain.factory import new_card
from rebound_tui.domain.models import CARD_KINDS, Card, CardKind, Review, Settings
from rebound_tui.domain.questions import QUESTION_BANK
from rebound_tui.services.clock import now
from rebound_tui.services.deck_order import newest_first, newest_key
from rebound_tui.store.repository import Repository


def all_cards(repo: Repository) -> list[Card]:
    return repo.cards.all()


def reading_ahead(repo: Repository) -> Iterator[Callable[[], object]]:
    """The deck read a file, then a thousand cards, at a time (the store keeps the cards
    it built until they change): read ahead while the user is idle, a step between two
    keys (each a few milliseconds), the card list then opens without building thousands
    of cards."""
    for path in repo.cards.shard_paths():
        yield from repo.cards.read_ahead(path, READ_AHEAD_CARDS)


READ_AHEAD_CARDS = 1000


def card(repo: Repository, card_id: str) -> Card | None:
    return repo.cards.get(card_id)


def card_count(repo: Repository) -> int:
    return repo.cards.count()


def blank_card(repo: Repository) -> Card:
    """A card the user is about to write (not stored until saved). It starts as a
    behavioural question, like the starter bank's; the editor lets the user change it."""
    return new_card("", now=now(repo), source="typed", kind="behavioural")


def second_half(repo: Repository, card: Card) -> Card:
    """The second card of a split: the same question, kind, tags and source, no answer
    yet (not stored until saved)."""
    return new_card(
        card.question,
        now=now(repo),
        kind=card.kind,
        source=card.source,
        source_id=card.source_id,
        tags=card.tags,
    )


def save_card(repo: Repository, card: Card) -> Card:
    """Store a card written or edited by hand (its schedule is left as it is: as stored
    now, under the lock, so a rating made elsewhere while the editor was open stays)."""
    from rebound_tui.services.drill import SCHEDULE_FIELDS

    with repo.transaction():
        stored = repo.cards.get(card.id)
        if stored is not None:
            kept = (*SCHEDULE_FIELDS, "suspended", "reset_at")
            card = replace(card, **{name: getattr(stored, name) for name in kept})
        return repo.cards.put(replace(card, updated_at=now(repo)))


def set_suspended(repo: Repository, card: Card, suspended: bool) -> Card:
    return repo.cards.put(replace(card, suspended=suspended, updated_at=now(repo)))


def delete_card(repo: Repository, card: Card) -> None:
    """Remove a card from the deck; its reviews stay in the history."""
    repo.cards.delete(card)


def starter_ids_in_deck(repo: Repository) -> set[str]:
    """Which starter-bank questions are already cards."""
    return {c.source_id for c in repo.cards.all() if c.source == "starter" and c.source_id}


def add_starter_questions(repo: Repository, question_ids: Iterable[str]) -> list[Card]:
    """Starter-bank questions as new cards (no answer yet: written while drilling), of
    the question's kind (behavioural ones are answered in STAR form), tagged with its topic
    and family."""
    wanted = set(question_ids)
    stamp = now(repo)
    cards = [
        new_card(
            q.question,
            now=stamp,
            hint=q.hint,
            kind=q.kind,
            tags=q.card_tags,
            source="starter",
            source_id=q.id,
        )
        for q in QUESTION_BANK
        if q.id in wanted
    ]
    repo.cards.put_many(cards)
    return cards


def reset_card(repo: Repository, card: Card) -> Card:
    """Forget a card's schedule: it becomes new again (its review history stays)."""
    stamp = now(repo)
    return repo.cards.put(_reset(card, stamp))


def _reset(card: Card, stamp: datetime) -> Card:
    return replace(
        card,
        state=1,
        step=0,
        stability=None,
        difficulty=None,
        due=stamp,
        last_review=None,
        reps=0,
        lapses=0,
        leech=False,
        tags=tuple(t for t in card.tags if t != "leech"),
        suspended=False,
        buried_until=None,
        updated_at=stamp,
        reset_at=stamp,
    )


def reviews_of(repo: Repository, card_id: str) -> list[Review]:
    """A card's reviews in time order (only the months that have some are read)."""
    from rebound_tui.services import review_stats

    return sorted(review_stats.reviews_of(repo, card_id), key=lambda r: r.reviewed_at)


# -- the browser's view: filters, search and order -------------------------------------
CardFilter = Literal["all", "due", "new", "learning", "leech", "suspended", "buried"]
FILTER_LABELS: dict[CardFilter, str] = {
    "all": "Every card",
    "due": "Due today",
    "new": "New",
    "learning": "Learning",
    "leech": "Keeps slipping",
    "suspended": "Suspended",
    "buried": "Buried",
}
CardOrder = Literal["created", "due", "question", "lapses", "weakest", "last_review"]
ORDER_LABELS: dict[CardOrder, str] = {
    "created": "newest first",
    "due": "due soonest",
    "question": "by question",
    "lapses": "most often forgotten",
    "weakest": "weakest first",
    "last_review": "latest review first",
}


@dataclass(frozen=True)
class CardView:
    """Which cards the browser shows and in what order; every part combines."""

    status: CardFilter = "all"
    kind: CardKind | None = None
    tag: str | None = None
    search: str = ""
    order: CardOrder = "created"

    @property
    def filtered(self) -> bool:
        return self.status != "all" or self.kind is not None or self.tag is not None

    def describe(self) -> str:
        """The filters and the order in words ("Due today · technical only · tag sql ·
        weakest first"); the search is in its own box."""
        parts = [] if self.status == "all" else [FILTER_LABELS[self.status]]
        if self.kind is not None:
            parts.append(f"{self.kind} only")
        if self.tag is not None:
            parts.append(f"tag {self.tag}")
        return " · ".join([*(parts or [FILTER_LABELS["all"]]), ORDER_LABELS[self.order]])

    def with_choice(self, choice: str) -> CardView:
        """This view with one of `filter_choices` picked: "status:due", "kind:technical",
        "tag:sql"; "kind:" and "tag:" take that filter off, "status:all" every filter."""
        part, _, value = choice.partition(":")
        if choice == "status:all":
            return CardView(search=self.search, order=self.order)
        if part == "status":
            return replace(self, status=next((f for f in FILTER_LABELS if f == value), "all"))
        if part == "kind":
            return replace(self, kind=next((k for k in CARD_KINDS if k == value), None))
        return replace(self, tag=value or None)


def filter_choices(repo: Repository, view: CardView) -> list[tuple[str, str]]:
    """What the filter list offers (value, label): every status, every kind and every tag
    in the deck, and a way back from the kind or tag `view` has."""
    choices = [(f"status:{key}", label) for key, label in FILTER_LABELS.items()]
    choices[0] = ("status:all", "Every card (no filter)")
    if view.kind is not None:
        choices.append(("kind:", "Any kind"))
    choices += [(f"kind:{kind}", f"Kind: {kind}") for kind in CARD_KINDS]
    if view.tag is not None:
        choices.append(("tag:", "Any tag"))
    return choices + [(f"tag:{tag}", f"Tag: {tag}") for tag in deck_tags(repo)]


def in_status(card: Card, status: CardFilter, now: datetime, day_end: datetime) -> bool:
    """Whether `card` belongs under `status` at `now` (`day_end`: when the user's drill
    day ends). Due today means in today's drill by its schedule: seen before, not
    suspended or buried, due before the day ends (the daily limits aside)."""
    buried = card.buried_until is not None and card.buried_until > now
    if status == "due":
        return not (card.is_new or card.suspended or buried) and card.due < day_end
    if status == "new":
        return card.is_new
    if status == "learning":
        return not card.is_new and card.state in (1, 3)
    if status == "leech":
        return card.leech
    if status == "suspended":
        return card.suspended
    if status == "buried":
        return buried
    return True


def _matches(card: Card, view: CardView) -> bool:
    if view.kind is not None and card.kind != view.kind:
        return False
    return view.tag is None or view.tag in card.tags


def sort_cards(
    cards: Sequence[Card],
    order: CardOrder,
    now: datetime,
    settings: Settings,
    *,
    newest_first: bool = False,
) -> list[Card]:
    """`cards` in `order` (`newest_first`: they come so already). Cards never reviewed
    have no due date, recall or last review to sort by: they come after the others
    (newest first among themselves)."""
    newest = list(cards) if newest_first else sorted(cards, key=newest_key, reverse=True)
    if order == "created":
        return newest
    if order == "question":
        return sorted(newest, key=lambda c: c.question.casefold())
    if order == "lapses":
        return sorted(newest, key=lambda c: -c.lapses)
    seen = [c for c in newest if not c.is_new]
    never = [c for c in newest if c.is_new]
    if order == "due":
        seen.sort(key=lambda c: c.due)
    elif order == "last_review":
        seen.sort(key=lambda c: c.last_review or c.created_at, reverse=True)
    else:  # weakest: the lowest chance of recall now first
        from rebound_tui.domain.scheduling import make_scheduler, recall_at

        seen.sort(key=recall_at(now, make_scheduler(settings)))
    return seen + never


def browse(repo: Repository, view: CardView) -> list[Card]:
    """The cards `view` shows, in its order."""
    settings = repo.settings()
    stamp = now(repo)
    _, day_end = today_bounds(
        stamp, effective_timezone(settings.timezone), settings.day_start_hour
    )
    needle = view.search.strip().lower()
    deck = newest_first(repo)  # kept from the last list while the card files hold
    texts = deck.texts if needle else [""] * len(deck.cards)
    found = zip(deck.cards, texts, strict=True)
    shown = [
        c
        for c, text in found
        if needle in text and in_status(c, view.status, stamp, day_end) and _matches(c, view)
    ]
    return sort_cards(shown, view.order, stamp, settings, newest_first=True)


def deck_tags(repo: Repository) -> list[str]:
    """Every tag in the deck, alphabetically."""
    return sorted({t for c in repo.cards.all() for t in c.tags}, key=str.casefold)


# -- changes to many cards at once, each undoable ---------------------------------------
@dataclass(frozen=True)
class CardChange:
    """What one action did to the deck: the cards as they were and as they are now
    (None: deleted). `done` says it ("Suspended 3 cards"); empty `before`: nothing to do."""

    done: str
    before: tuple[Card, ...]
    after: tuple[Card | None, ...]

    @property
    def changed(self) -> int:
        return len(self.before)


def _change(
    repo: Repository,
    card_ids: Iterable[str],
    edit: Callable[[Card, datetime], Card | None],
    done: Callable[[int], str],
) -> CardChange:
    """Apply `edit` to each card (None deletes it) in one write: read and written under the
    directory lock, every shard together or none. Cards `edit` leaves as they were are not
    written, nor counted."""
    stamp = now(repo)
    before: list[Card] = []
    after: list[Card | None] = []
    wanted = list(dict.fromkeys(card_ids))
    with repo.transaction(), repo.batch():
        deck = {c.id: c for c in repo.cards.all()} if len(wanted) > 1 else {}
        for card_id in wanted:
            card = deck.get(card_id) if deck else repo.cards.get(card_id)
            if card is None:
                continue
            edited = edit(card, stamp)
            if edited == card:
                continue
            before.append(card)
            after.append(None if edited is None else replace(edited, updated_at=stamp))
        repo.cards.put_many(c for c in after if c is not None)
        for old, new in zip(before, after, strict=True):
            if new is None:
                repo.cards.delete(old)
    return CardChange(done(len(before)), tuple(before), tuple(after))


def _cards(count: int) -> str:
    return plural(count, "card")


def tag_cards(repo: Repository, card_ids: Iterable[str], tag: str) -> CardChange:
    """Add `tag` to each card that lacks it."""
    return _change(
        repo,
        card_ids,
        lambda c, _: c if tag in c.tags else replace(c, tags=(*c.tags, tag)),
        lambda n: f"Tagged {_cards(n)} “{tag}”",
    )


def untag_cards(repo: Repository, card_ids: Iterable[str], tag: str) -> CardChange:
    """Take `tag` off each card that has it (a leech keeps its flag: the drill's own)."""
    return _change(
        repo,
        card_ids,
        lambda c, _: replace(c, tags=tuple(t for t in c.tags if t != tag)),
        lambda n: f"Took “{tag}” off {_cards(n)}",
    )


def suspend_cards(repo: Repository, card_ids: Iterable[str], suspended: bool) -> CardChange:
    return _change(
        repo,
        card_ids,
        lambda c, _: replace(c, suspended=suspended),
        lambda n: f"{'Suspended' if suspended else 'Unsuspended'} {_cards(n)}",
    )


def unbury_cards(repo: Repository, card_ids: Iterable[str]) -> CardChange:
    """Bring buried cards back into today's drill."""
    return _change(
        repo,
        card_ids,
        lambda c, stamp: replace(c, buried_until=None) if _buried(c, stamp) else c,
        lambda n: f"Unburied {_cards(n)}",
    )


def _buried(card: Card, stamp: datetime) -> bool:
    return card.buried_until is not None and card.buried_until > stamp


def reset_cards(repo: Repository, card_ids: Iterable[str]) -> CardChange:
    """Make each card new again (its review history stays)."""
    return _change(repo, card_ids, _reset, lambda n: f"Reset {_cards(n)} to new")


def delete_cards(repo: Repository, card_ids: Iterable[str]) -> CardChange:
    """Remove cards from the deck; their reviews stay in the history."""
    return _change(repo, card_ids, lambda c, _: None, lambda n: f"Deleted {_cards(n)}")


def undo_change(repo: Repository, change: CardChange) -> str | None:
    """Put the cards back exactly as they were before `change` (deleted ones too, with
    their ids), in one write. Refused (the reason returned, nothing written) if any of
    them has changed since: a rating or an edit made after it is never undone."""
    with repo.transaction(), repo.batch():
        deck = {c.id: c for c in repo.cards.all()}
        for old, new in zip(change.before, change.after, strict=True):
            current = deck.get(old.id)
            as_left = None if new is None else to_record(new)
            if (None if current is None else to_record(current)) != as_left:
                return f"Not undone: {_cards(change.changed)} changed since."
        repo.cards.put_many(change.before)
    return None
