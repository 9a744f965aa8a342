"""Today's drill queue: a pure function of cards, today's reviews, settings and now."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rebound_tui.domain.days import effective_timezone, today_bounds
from rebound_tui.domain.models import Card, Review, Settings

if TYPE_CHECKING:
    from fsrs import Scheduler


@dataclass(frozen=True)
class DrillCounts:
    """What is to drill now and what comes back later today, at one moment. The one
    reckoning that home, `rebound status` (and `--json`), the drill header and
    `rebound drill` all show, so they cannot disagree."""

    new: int
    """New cards within today's limit."""
    learning: int
    """(Re)learning cards due now."""
    due: int
    """Review cards due today."""
    later: int
    """(Re)learning cards due later today (a step of minutes or hours): not yet."""
    next_at: datetime | None
    """When the first of the `later` cards is due."""

    @property
    def to_drill(self) -> int:
        """Cards the drill would show now, one after another."""
        return self.new + self.learning + self.due

    @property
    def due_now(self) -> int:
        """Cards seen before that are due now: learning and review."""
        return self.learning + self.due

    @property
    def waiting(self) -> bool:
        """Nothing to drill now, but learning cards come back later today."""
        return self.to_drill == 0 and self.later > 0


@dataclass(frozen=True)
class DailyQueue:
    learning: tuple[Card, ...]
    """(Re)learning cards due now, soonest first."""
    review: tuple[Card, ...]
    """Review cards due by the end of the local day, lowest retrievability first."""
    new: tuple[Card, ...]
    """New cards allowed today, oldest first."""
    learning_later: tuple[Card, ...]
    """(Re)learning cards due later today, soonest first."""
    day_end: datetime
    """When the local drill day ends (and tomorrow's queue begins)."""

    @property
    def counts(self) -> DrillCounts:
        return DrillCounts(
            new=len(self.new),
            learning=len(self.learning),
            due=len(self.review),
            later=len(self.learning_later),
            next_at=self.learning_later[0].due if self.learning_later else None,
        )

    @property
    def changes_at(self) -> datetime:
        """The next moment time alone changes this queue: a learning card falls due, or
        the day ends. Until then it holds as built."""
        if self.learning_later:
            return min(self.learning_later[0].due, self.day_end)
        return self.day_end

    def candidates(self, now: datetime) -> Iterator[Card]:
        """Cards in the order to show them: due learning, then reviews, then new. Learning
        cards due later are not shown early: a card just rated Good ("10m") coming straight
        back would make the step meaningless; the drill screen shows it once it is due."""
        yield from self.learning
        yield from self.review
        yield from self.new

    def next_card(self, now: datetime) -> Card | None:
        return next(self.candidates(now), None)


def new_cards_introduced(reviews_today: Iterable[Review]) -> int:
    """How many distinct cards had their first ever review today."""
    return len({r.card_id for r in reviews_today if r.state_before is None})


def build_daily_queue(
    cards: Iterable[Card],
    reviews_today: Sequence[Review],
    settings: Settings,
    now: datetime,
    *,
    scheduler: Scheduler | None = None,
    rank: bool = True,
) -> DailyQueue:
    """Build today's queue.

    `reviews_today` are the reviews made since the start of the local drill day (they
    count against the daily new-card limit). `rank=False` skips ordering reviews by
    retrievability, for callers that only need the counts.
    """
    tz = effective_timezone(settings.timezone)
    _, day_end = today_bounds(now, tz, settings.day_start_hour)
    learning: list[Card] = []
    later: list[Card] = []
    review: list[Card] = []
    new: list[Card] = []
    for card in cards:
        if card.suspended or (card.buried_until is not None and card.buried_until > now):
            continue
        if card.last_review is None:
            new.append(card)
        elif card.state == 2:
            if card.due < day_end:
                review.append(card)
        elif card.due <= now:
            learning.append(card)
        elif card.due < day_end:
            later.append(card)
    remaining = max(0, settings.new_per_day - new_cards_introduced(reviews_today))
    new.sort(key=lambda c: (c.created_at, c.id))
    if review and rank:
        from rebound_tui.domain.scheduling import make_scheduler, retrievability

        scheduler = scheduler or make_scheduler(settings)
        by_recall = {c.id: retrievability(c, now, scheduler) for c in review}
        review.sort(key=lambda c: (by_recall[c.id], c.due, c.id))
    learning.sort(key=lambda c: (c.due, c.id))
    later.sort(key=lambda c: (c.due, c.id))
    return DailyQueue(
        tuple(learning), tuple(review), tuple(new[:remaining]), tuple(later), day_end
    )
