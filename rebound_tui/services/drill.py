"""A drill session: today's queue, one card at a time, ratings that are durable before
the next card shows, and undo several steps deep. No terminal here: the drill screen
renders what this holds."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from rebound_tui.domain.days import day_bounds, drill_day, effective_timezone
from rebound_tui.domain.models import MAX_DURATION_MS, Card, Review, Settings, new_id
from rebound_tui.domain.queue import DailyQueue, DrillCounts
from rebound_tui.services.queue import todays_queue
from rebound_tui.store.repository import Repository

# The scheduler (fsrs) is imported where it is used: `rebound status` reads today's queue
# through this module and must stay quick enough for a shell prompt.


@dataclass(frozen=True)
class Outcome:
    """What one rating would do, worked out once when the answer is revealed."""

    card: Card
    review: Review
    interval: timedelta


@dataclass(frozen=True)
class UndoStep:
    before: Card
    review: Review | None  # None: a suspend or bury, not a rating
    counted_card: bool = False


@dataclass
class SessionSummary:
    ratings: Counter[int] = field(default_factory=Counter)
    cards: set[str] = field(default_factory=set)
    new_leeches: list[str] = field(default_factory=list)

    @property
    def reviews(self) -> int:
        return sum(self.ratings.values())


def reconcile_interrupted_ratings(repo: Repository) -> int:
    """A rating writes its review, then its card. If the process died between the two,
    the newest review shard holds a review the card has not caught up with: apply it.
    Returns how many cards were repaired."""
    from rebound_tui.domain.scheduling import make_scheduler, rate

    newest = repo.reviews.newest_month()
    if not newest:
        return 0
    settings = repo.settings()
    scheduler = make_scheduler(settings, fuzz=False)
    repaired = 0
    for review in sorted(newest, key=lambda r: r.reviewed_at):
        card = repo.cards.get(review.card_id)
        if card is None or (
            card.last_review is not None and card.last_review >= review.reviewed_at
        ):
            continue
        if card.reset_at is not None and review.reviewed_at <= card.reset_at:
            continue  # history from before a reset, not a rating the card missed
        updated, _ = rate(
            card, review.rating, review.reviewed_at, scheduler, leech_lapses=settings.leech_lapses
        )
        repo.cards.put(updated)
        repaired += 1
    return repaired


class DrillSession:
    def __init__(self, repo: Repository, *, limit: int | None = None) -> None:
        self.repo = repo
        self.limit = limit
        self.summary = SessionSummary()
        self.undo_stack: list[UndoStep] = []
        self.current: Card | None = None
        self.outcomes: dict[int, Outcome] | None = None
        self.shown_at: datetime | None = None
        self.revealed_at: datetime | None = None
        self.queue: DailyQueue | None = None
        with repo.transaction():
            reconcile_interrupted_ratings(repo)
        self.advance()

    # -- state -----------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self.repo.settings()

    def _now(self) -> datetime:
        return self.repo.clock.now()

    def _build_queue(self) -> DailyQueue:
        return todays_queue(self.repo, self._now())

    @property
    def limit_reached(self) -> bool:
        return self.limit is not None and len(self.summary.cards) >= self.limit

    @property
    def counts(self) -> DrillCounts:
        """Today's counts, as `rebound status` gives them at the same moment."""
        assert self.queue is not None
        return self.queue.counts

    @property
    def waiting_for(self) -> tuple[Card, ...]:
        """Learning cards due later today that this session will still show, soonest
        first (with a `limit` reached, only cards already drilled in it come back)."""
        if self.queue is None:
            return ()
        later = self.queue.learning_later
        if self.limit_reached:
            later = tuple(c for c in later if c.id in self.summary.cards)
        return later

    def refresh(self, *, force: bool = False) -> bool:
        """Rebuild the queue if time alone has changed it since it was built (a learning
        card fell due, a new drill day began), or always with `force` (the settings
        changed). With no card showing, the next one due is shown. Returns whether it
        was rebuilt; the card on screen, if any, stays."""
        if self.queue is not None and not force and self._now() < self.queue.changes_at:
            return False
        if self.current is None:
            self.advance()
        else:
            self.queue = self._build_queue()
        return True

    def advance(self) -> Card | None:
        """Show the next card (None when today's work, or the session's limit, is done)."""
        self.queue = self._build_queue()
        self.outcomes = None
        self.revealed_at = None
        candidates = self.queue.candidates(self._now())
        if self.limit_reached:  # only cards already in this session may come back
            candidates = (c for c in candidates if c.id in self.summary.cards)
        card = next(candidates, None)
        self.current = card
        self.shown_at = self._now() if card else None
        return card

    @property
    def revealed(self) -> bool:
        return self.outcomes is not None

    # -- actions ---------------------------------------------------------------------
    def reveal(self) -> dict[int, Outcome]:
        """Work out what each rating would do, once: what is shown is what is applied."""
        assert self.current is not None, "no card to reveal"
        if self.outcomes is None:
            from rebound_tui.domain.scheduling import make_scheduler, rate

            now = self._now()
            settings = self.settings
            scheduler = make_scheduler(settings)
            outcomes = {}
            for rating in (1, 2, 3, 4):
                card, review = rate(
                    self.current, rating, now, scheduler, leech_lapses=settings.leech_lapses
                )
                outcomes[rating] = Outcome(card, review, card.due - now)
            self.outcomes = outcomes
            self.revealed_at = now
        return self.outcomes

    def rate(self, rating: int) -> Card:
        """Apply the rating shown on reveal; durable when this returns."""
        outcomes = self.reveal()
        outcome = outcomes[rating]
        before = self.current
        assert before is not None and self.revealed_at is not None
        now = self._now()
        shift = now - self.revealed_at  # keep the interval that was shown, from now
        duration = int((now - (self.shown_at or now)).total_seconds() * 1000)
        duration = min(max(duration, 0), MAX_DURATION_MS)  # a clock set back, a card left open
        card = replace(
            outcome.card,
            due=outcome.card.due + shift,
            last_review=now,
            updated_at=now,
        )
        review = replace(outcome.review, id=new_id(), reviewed_at=now, duration_ms=duration)
        with self.repo.transaction():
            self.repo.reviews.put(review)  # review first: a crash in between is repaired
            self.repo.cards.put(card)
        counted = card.id not in self.summary.cards
        self.summary.cards.add(card.id)
        self.summary.ratings[rating] += 1
        if card.leech and not before.leech:
            self.summary.new_leeches.append(card.id)
        self.undo_stack.append(UndoStep(before, review, counted))
        self.advance()
        return card

    def undo(self) -> Card | None:
        """Take back the last rating: the card as it was, its review gone."""
        if not self.undo_stack:
            return None
        step = self.undo_stack.pop()
        with self.repo.transaction():
            # Card first: a crash in between leaves a review newer than the card, which
            # the next session re-applies; the other order would lose it silently.
            self.repo.cards.put(step.before)
            if step.review is not None:
                self.repo.reviews.delete(step.review)
        if step.review is not None:
            self.summary.ratings[step.review.rating] -= 1
        if step.counted_card:
            self.summary.cards.discard(step.before.id)
        if step.before.id in self.summary.new_leeches:
            self.summary.new_leeches.remove(step.before.id)
        self.queue = self._build_queue()
        self.current = step.before
        self.outcomes = None
        self.revealed_at = None
        self.shown_at = self._now()
        return step.before

    def suspend(self) -> None:
        assert self.current is not None
        self.undo_stack.append(UndoStep(self.current, None))
        self.repo.cards.put(replace(self.current, suspended=True, updated_at=self._now()))
        self.advance()

    def bury(self) -> None:
        """Hide the card until the next drill day."""
        assert self.current is not None
        settings = self.settings
        tz = effective_timezone(settings.timezone)
        today = drill_day(self._now(), tz, settings.day_start_hour)
        tomorrow_start, _ = day_bounds(today + timedelta(days=1), tz, settings.day_start_hour)
        self.undo_stack.append(UndoStep(self.current, None))
        self.repo.cards.put(
            replace(self.current, buried_until=tomorrow_start, updated_at=self._now())
        )
        self.advance()

    def replace_current(self, card: Card) -> None:
        """The current card was edited: show the new text (its schedule is unchanged)."""
        self.current = card
        self.outcomes = None
        self.revealed_at = None
