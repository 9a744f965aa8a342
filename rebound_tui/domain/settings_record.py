"""The user's settings: one record, read at every start (before any other record is
needed, so it lives apart from `models` and its dozen record types)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from rebound_tui.domain.codec import Check, MaxLen, Range
from rebound_tui.domain.fields import Line, Minutes, Zone
from rebound_tui.domain.record_checks import fsrs_parameters
from rebound_tui.domain.record_rules import clock_time


@dataclass(frozen=True)
class Settings:
    """The user's settings (one record, not a collection)."""

    theme: Annotated[str, MaxLen(100)] | None = None
    timezone: Zone = ""  # IANA name; filled in from the system on first run
    timezone_chosen: bool = False
    """The user picked the zone (in settings, or answering a session's question); until
    then it is the machine's guess, and an SSH client's `TZ` is offered once."""
    day_start_hour: Annotated[int, Range(0, 23)] = 4
    new_per_day: Annotated[int, Range(0, 10_000)] = 5
    reviews_per_day: Annotated[int, Range(0, 100_000)] = 200
    """The most review cards the drill shows in a day, as Anki's "maximum reviews/day";
    0 means no limit. Learning cards are not counted (see domain/queue.py)."""
    backlog_mode: bool = True
    """After a break, spread the overdue reviews over `backlog_days` days, weakest first,
    with half the new cards (see domain/queue.py)."""
    backlog_days: Annotated[int, Range(2, 60)] = 7
    desired_retention: Annotated[float, Range(0.7, 0.99)] = 0.9
    fsrs_parameters: Annotated[tuple[float, ...], Check(fsrs_parameters)] | None = None
    learning_steps_minutes: Annotated[tuple[Minutes, ...], MaxLen(20)] = (1, 10)
    relearning_steps_minutes: Annotated[tuple[Minutes, ...], MaxLen(20)] = (10,)
    maximum_interval_days: Annotated[int, Range(1, 36_500)] = 36500
    leech_lapses: Annotated[int, Range(1, 1_000)] = 8
    treat_budget: Annotated[int, Range(0, 2)] = 1
    treat_minutes: Annotated[int, Range(1, 1_440)] = 30
    your_name: Line = ""
    care_dismissed_at: datetime | None = None
    """When the "talk to someone" card was last put away: it is not raised again that day."""
    drill_reminder: Annotated[str, Check(clock_time)] = ""
    """A daily reminder to drill at this time ("HH:MM") in the calendar export; "" none."""
    calendar_file: Line = ""
    """A path: Rebound rewrites this .ics file (atomically) after each change; "" none."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, e.g. {"home.drill": "D"}; see the help screen for ids."""
