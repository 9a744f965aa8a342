"""Time, injected: anything that asks "what time is it" takes a `Clock`."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to; for tests, demos and screenshots."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        """Move the clock forward by `delta` or by `timedelta(**kwargs)`."""
        self._now += delta if delta is not None else timedelta(**kwargs)
        return self._now

    def set(self, instant: datetime) -> None:
        self._now = instant.astimezone(UTC)


def clock_from_environment() -> Clock:
    """The system clock, unless `REBOUND_FAKE_NOW` pins one (used by demos and PTY tests)."""
    pinned = os.environ.get("REBOUND_FAKE_NOW")
    if pinned:
        return FixedClock(datetime.fromisoformat(pinned))
    return SystemClock()
