"""The workload a set of FSRS parameters implies: cards due on each of the next drill
days, simulated card by card with the drill's own `rate`. Pure: cards, a scheduler and a
clock time in; counts out."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rebound_tui.domain.days import day_bounds, drill_day
from rebound_tui.domain.models import Card

if TYPE_CHECKING:
    from fsrs import Scheduler

FORECAST_DAYS = 30
RECALLED, FORGOTTEN = 3, 1  # Good when recalled, Again when not
_MAX_REVIEWS_PER_CARD = 200  # learning steps of a minute over 30 days stay far below


@dataclass(frozen=True)
class Workload:
    """Cards due on each drill day, today first (overdue cards count today)."""

    per_day: tuple[int, ...]

    @property
    def today(self) -> int:
        return self.per_day[0] if self.per_day else 0

    @property
    def average(self) -> float:
        return sum(self.per_day) / len(self.per_day) if self.per_day else 0.0

    @property
    def peak(self) -> int:
        return max(self.per_day, default=0)


def simulate_workload(
    cards: Iterable[Card],
    scheduler: Scheduler,
    now: datetime,
    tz: str,
    day_start_hour: int,
    days: int = FORECAST_DAYS,
    *,
    seed: int = 0,
) -> Workload:
    """Cards due on each of the next `days` drill days if every card is reviewed when it
    falls due (overdue ones now), recalled with probability its retrievability at that
    moment and then rated Good, or else rated Again, by `rate` with `scheduler`.

    A Monte Carlo run, not an expected value: each card draws from its own
    `random.Random` seeded by `seed` and its id, so the result is the same every time and
    two schedulers are compared on the same draws. A card counts once on a day however
    many learning steps it takes that day. New and suspended cards are left out (as in
    the stats' due chart): new cards add the same to every choice. With the drill's own
    scheduler the fuzz is the drill's too (one per card and review, drawn from the card's
    id and review count, so repeatable).
    """
    from rebound_tui.domain.scheduling import rate, retrievability

    today = drill_day(now, tz, day_start_hour)
    # The end of each drill day: a due time's day is the first end after it.
    ends = [day_bounds(today + timedelta(days=d), tz, day_start_hour)[1] for d in range(days)]
    counts = [0] * days
    for card in cards:
        if card.suspended or card.is_new:
            continue
        draws = random.Random(f"{seed}:{card.id}")
        current = card
        counted = -1
        for _ in range(_MAX_REVIEWS_PER_CARD):
            offset = bisect_right(ends, current.due)
            if offset >= days:
                break
            if offset != counted:
                counts[offset] += 1
                counted = offset
            at = max(current.due, now)
            recalled = draws.random() < retrievability(current, at, scheduler)
            current, _ = rate(current, RECALLED if recalled else FORGOTTEN, at, scheduler)
    return Workload(tuple(counts))
