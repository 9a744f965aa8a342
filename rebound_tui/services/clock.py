"""The user's time: now, and today's date in their own time zone."""

from __future__ import annotations

from datetime import date, datetime

from rebound_tui.domain.days import effective_timezone, local_date
from rebound_tui.store.repository import Repository


def now(repo: Repository) -> datetime:
    return repo.clock.now()


def today(repo: Repository) -> date:
    """The user's local calendar date."""
    return local_date(now(repo), effective_timezone(repo.settings().timezone))
