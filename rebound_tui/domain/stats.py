"""Figures derived from the review log and check-ins."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from rebound_tui.domain.days import drill_day
from rebound_tui.domain.models import Card, Review

if TYPE_CHECKING:
    from fsrs import Scheduler


def drill_streak(drill_days: Iterable[date], today: date) -> int:
    """Consecutive days with at least one review, ending today, or yesterday if today has
    none yet (a streak is not broken until the day is over)."""
    days = set(drill_days)
    cursor = today if today in days else today - timedelta(days=1)
    streak = 0
    while cursor in days:
        streak += 1
        cursor -= timedelta(days=1)
    return streak


def true_retention(reviews: Iterable[Review], since: datetime) -> tuple[float | None, int]:
    """Share of reviews of cards in the Review state (not learning) that were recalled
    (rated Hard, Good or Easy), since `since`; and how many such reviews there were."""
    graded = [r for r in reviews if r.state_before == 2 and r.reviewed_at >= since]
    if not graded:
        return None, 0
    return sum(1 for r in graded if r.rating > 1) / len(graded), len(graded)


def due_forecast(
    cards: Iterable[Card], today: date, tz: str, day_start_hour: int, days: int = 30
) -> list[int]:
    """Cards falling due on each of the next `days` drill days (overdue ones count today).
    New and suspended cards are left out: they are not due until introduced."""
    counts = [0] * days
    for card in cards:
        if card.suspended or card.is_new:
            continue
        offset = (drill_day(card.due, tz, day_start_hour) - today).days
        if offset < days:
            counts[max(0, offset)] += 1
    return counts


@dataclass(frozen=True)
class HistoryRow:
    review: Review
    interval: timedelta
    state_after: int


def card_history(card: Card, reviews: Iterable[Review], scheduler: Scheduler) -> list[HistoryRow]:
    """Each review of a card with the interval it led to (replayed without fuzz)."""
    from rebound_tui.domain.scheduling import rate, replay

    _, history = replay(card, reviews, scheduler)
    rows = []
    current = replace(
        card, state=1, step=0, stability=None, difficulty=None, last_review=None, reps=0, lapses=0
    )
    for review in history:
        current, _ = rate(current, review.rating, review.reviewed_at, scheduler)
        rows.append(HistoryRow(review, current.due - review.reviewed_at, current.state))
    return rows
