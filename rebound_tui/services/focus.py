"""The focused drill ("cram"): the cards tied to a tag, a company, an interview or a role
family, weakest first, practised without touching the schedule. A rating here writes no
review and changes no card (Anki's filtered decks without rescheduling): Again puts the
card back a few cards later in the same session, and the summary says what was
practised. Which cards and how many a day is `domain.focus`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from rebound_tui.domain.days import effective_timezone, local_date
from rebound_tui.domain.focus import (
    CramPlan,
    Focus,
    cram_plan,
    focus_cards,
    same_company,
    tag_of,
    weakest_first,
)
from rebound_tui.domain.models import Card, Interview
from rebound_tui.domain.safe_text import echo
from rebound_tui.store.repository import Repository

AGAIN_GAP = 3
"""A card rated Again comes back after this many other cards (or last, if fewer left)."""


class FocusNotFound(ValueError):
    """A name that matches no interview or company, or several companies (one line)."""


def tied_interviews(repo: Repository, cards: list[Card]) -> dict[str, frozenset[str]]:
    """Card id → the interviews it came from: through the reflection or feedback request
    that made it (`source_id`, or the reflection's `card_id`), and their rebound."""
    rebound_interview = {r.id: r.interview_id for r in repo.rebounds.all()}
    tied: dict[str, set[str]] = {}
    by_reflection: dict[str, str] = {}
    for reflection in repo.reflections.all():
        interview_id = reflection.interview_id or rebound_interview.get(reflection.rebound_id)
        if interview_id is None:
            continue
        by_reflection[reflection.id] = interview_id
        if reflection.card_id:
            tied.setdefault(reflection.card_id, set()).add(interview_id)
    by_request: dict[str, str] = {}
    for request in repo.feedback_requests.all():
        interview_id = request.interview_id or rebound_interview.get(request.rebound_id)
        if interview_id is not None:
            by_request[request.id] = interview_id
    for card in cards:
        source = {"reflection": by_reflection, "feedback": by_request}.get(card.source)
        if source is not None and card.source_id in source:
            tied.setdefault(card.id, set()).add(source[card.source_id])
    return {card_id: frozenset(ids) for card_id, ids in tied.items()}


def cards_for(repo: Repository, focus: Focus) -> list[Card]:
    """Every card `focus` practises (suspended ones left out), in no particular order."""
    cards = repo.cards.all()
    interviews = {i.id: i for i in repo.interviews.all()}
    return focus_cards(cards, focus, interviews, tied_interviews(repo, cards))


def interview_focus(interview: Interview) -> Focus:
    return Focus("interview", interview.id, interview.name)


def upcoming_first(repo: Repository) -> list[Interview]:
    """Interviews to practise for: those still open first, the soonest interview day
    first (today and later), then the rest, newest first."""
    today = today_for(repo)

    def key(interview: Interview) -> tuple[int, int, float]:
        day = interview.interviewed_on
        ahead = day is not None and day >= today
        return (
            0 if interview.outcome == "active" else 1,
            0 if ahead else 1,
            (day - today).days if ahead and day else -interview.created_at.timestamp(),
        )

    return sorted(repo.interviews.all(), key=key)


def practise_day(repo: Repository, interview: Interview) -> date | None:
    """The interview's day if it is today or ahead, else None (ask for one)."""
    day = interview.interviewed_on
    return day if day is not None and day >= today_for(repo) else None


def find_focus(repo: Repository, name: str) -> Focus:
    """`rebound drill --for NAME`: the interview NAME names (a company or "Company —
    Role", any case; a part of it if that is unambiguous). With several interviews at
    one company, the open one with the soonest day. FocusNotFound otherwise."""
    wanted = tag_of(name)
    if not wanted:
        raise FocusNotFound("--for needs a company or interview name")
    interviews = upcoming_first(repo)
    exact = [i for i in interviews if same_company(i.company, name) or tag_of(i.name) == wanted]
    found = exact or [
        i for i in interviews if wanted in tag_of(i.company) or wanted in tag_of(i.name)
    ]
    if not found:
        known = sorted({i.company for i in interviews})
        listed = ", ".join(known[:5]) + (", …" if len(known) > 5 else "")
        raise FocusNotFound(
            f"no interview or company called {echo(name, 40)}"
            + (f" (yours: {listed})" if listed else " (no interviews yet)")
        )
    companies = sorted({tag_of(i.company): i.company for i in found}.values())
    if len(companies) > 1:
        shown = ", ".join(companies[:5])
        raise FocusNotFound(f"{echo(name, 40)} could be {shown}: give more of the name")
    return interview_focus(found[0])


def tag_focus(tag: str) -> Focus:
    return Focus("tag", tag_of(tag) or tag, f"tag {tag_of(tag) or tag}")


def family_focus(family: str) -> Focus:
    return Focus("family", family, f"{family} roles")


def today_for(repo: Repository) -> date:
    return local_date(repo.clock.now(), effective_timezone(repo.settings().timezone))


@dataclass
class CramSummary:
    ratings: Counter[int] = field(default_factory=Counter)
    last: dict[str, int] = field(default_factory=dict)
    """Card id → its last rating in the session, in the order first practised."""

    @property
    def answers(self) -> int:
        return sum(self.ratings.values())

    @property
    def shaky(self) -> list[str]:
        """Cards whose last rating was Again or Hard."""
        return [card_id for card_id, rating in self.last.items() if rating <= 2]


@dataclass(frozen=True)
class _Step:
    queue: tuple[str, ...]
    current: Card
    ratings: Counter[int]
    last: dict[str, int]


class CramSession:
    """Today's share of the focused cards, weakest first. Nothing it does is written:
    the cards and the review log stay exactly as they were."""

    def __init__(
        self,
        repo: Repository,
        focus: Focus,
        *,
        day: date | None = None,
        limit: int | None = None,
    ) -> None:
        from rebound_tui.domain.scheduling import make_scheduler, recall_at

        self.repo = repo
        self.focus = focus
        now = repo.clock.now()
        recall = recall_at(now, make_scheduler(repo.settings()))
        ordered = weakest_first(cards_for(repo, focus), recall)
        self.plan: CramPlan = cram_plan(len(ordered), today_for(repo), day, limit)
        chosen = ordered[: self.plan.today]
        self.cards = {c.id: c for c in chosen}
        self.queue = [c.id for c in chosen]
        self.summary = CramSummary()
        self.undo_stack: list[_Step] = []
        self.current: Card | None = None
        self.revealed = False
        self.advance()

    @property
    def left(self) -> int:
        """Cards still to answer in this session, the one shown included."""
        return len(self.queue) + (1 if self.current is not None else 0)

    def advance(self) -> Card | None:
        self.current = self.cards[self.queue.pop(0)] if self.queue else None
        self.revealed = False
        return self.current

    def reveal(self) -> None:
        assert self.current is not None, "no card to reveal"
        self.revealed = True

    def rate(self, rating: int) -> Card:
        """Count the rating; Again puts the card back later in this session. Nothing is
        written."""
        card = self.current
        assert card is not None and self.revealed
        self.undo_stack.append(
            _Step(tuple(self.queue), card, Counter(self.summary.ratings), dict(self.summary.last))
        )
        self.summary.ratings[rating] += 1
        self.summary.last[card.id] = rating
        if rating == 1:
            self.queue.insert(min(AGAIN_GAP, len(self.queue)), card.id)
        self.advance()
        return card

    def undo(self) -> Card | None:
        """Take back the last rating: its card is shown again."""
        if not self.undo_stack:
            return None
        step = self.undo_stack.pop()
        self.queue = list(step.queue)
        self.summary.ratings = step.ratings
        self.summary.last = step.last
        self.current = self.cards.get(step.current.id, step.current)
        self.revealed = False
        return self.current

    def replace_current(self, card: Card) -> None:
        """The card was edited (its text; a cram never touches its schedule)."""
        self.cards[card.id] = card
        if self.current is not None and self.current.id == card.id:
            self.current = card
            self.revealed = False

    def question_of(self, card_id: str) -> str:
        return self.cards[card_id].question
