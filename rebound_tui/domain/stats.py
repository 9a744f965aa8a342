"""Figures derived from the review log and check-ins."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta


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
