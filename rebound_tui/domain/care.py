"""When a check-in calls for the "talk to someone" card, and when to show it.

Pure rules, no storage. A reason is returned for tests and logs only: the card says the
same gentle thing whatever the reason, and nothing here is a diagnosis. The rules lean
toward showing the card: an unneeded card costs one key press; a missing one on a very
bad day costs more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Literal

from rebound_tui.domain.days import drill_day
from rebound_tui.domain.emotions import GRID_MIN
from rebound_tui.domain.models import CheckIn

CareReason = Literal["words", "note", "lowest", "low-days", "heavier"]

CARE_WORDS = frozenset({"hopeless", "worthless"})
"""Picked words that alone raise the card."""

_NOTE_PHRASES = (
    r"hopeless",
    r"worthless",
    r"no point",
    r"can[’']?t go on",
    r"cannot go on",
    r"hurt myself",
    r"harm myself",
    r"end it all",
    r"end my life",
    r"kill myself",
    r"want to die",
)
# Word-boundary matched, any case: "pointless" is not "no point", "send it" not "end it".
NOTE_PATTERN = re.compile(r"\b(?:" + "|".join(_NOTE_PHRASES) + r")\b", re.IGNORECASE)

LOW = -2
"""Pleasantness at or below this is a low check-in."""
STRONG = 8
"""Strength (1-10) at or above this, on the lowest row of the grid, raises the card."""
LOW_DAYS = 3
"""Low check-ins on this many local days within `WEEK` raise the card."""
WEEK = timedelta(days=7)
TREND_SPAN = timedelta(days=14)
TREND_POINTS = 4
"""A trend needs at least this many check-ins within `TREND_SPAN`."""
TREND_SLOPE = -0.5
"""Grid rows per check-in: a fitted line falling at least this fast, ending low."""
LOOKBACK = WEEK + TREND_SPAN
"""How far back the check-ins that decide today's card reach (a trigger up to a week
old, and the two weeks of history that trigger looked at)."""


@dataclass(frozen=True)
class CareNotice:
    """The card is due: the check-in that raised it and why (for tests and logs)."""

    checkin_id: str
    at: datetime
    reason: CareReason


def note_flags(note: str) -> bool:
    """True if the note has one of our short list of phrases (any case, whole words)."""
    return NOTE_PATTERN.search(note) is not None


def care_reason(
    checkin: CheckIn, earlier: Sequence[CheckIn], tz: str, day_start_hour: int = 4
) -> CareReason | None:
    """Why `checkin` (with the check-ins before it, `earlier`) calls for the card, or None."""
    if CARE_WORDS.intersection(word.lower() for word in checkin.words):
        return "words"
    if note_flags(checkin.note):
        return "note"
    if checkin.pleasantness <= GRID_MIN and (checkin.intensity or 0) >= STRONG:
        return "lowest"
    history = sorted((c for c in earlier if c.at <= checkin.at), key=lambda c: c.at)
    if checkin.pleasantness <= LOW and _low_days(history, checkin, tz, day_start_hour):
        return "low-days"
    if _heavier(history, checkin):
        return "heavier"
    return None


def _low_days(history: Sequence[CheckIn], checkin: CheckIn, tz: str, day_start_hour: int) -> bool:
    """Low check-ins on `LOW_DAYS` or more local days of the week ending with `checkin`."""
    today = drill_day(checkin.at, tz, day_start_hour)
    first = today - timedelta(days=WEEK.days - 1)
    days = {today}
    for earlier in history:
        if earlier.pleasantness <= LOW:
            day = drill_day(earlier.at, tz, day_start_hour)
            if first <= day <= today:
                days.add(day)
    return len(days) >= LOW_DAYS


def _heavier(history: Sequence[CheckIn], checkin: CheckIn) -> bool:
    """The last check-ins (at least `TREND_POINTS`, within `TREND_SPAN`) each lower than
    the one before, or on a line falling clearly, ending low."""
    recent = [c for c in history if c.at >= checkin.at - TREND_SPAN][-(TREND_POINTS * 2 - 1) :]
    points = [c.pleasantness for c in (*recent, checkin)]
    if len(points) < TREND_POINTS or points[-1] >= 0:
        return False
    tail = points[-TREND_POINTS:]
    if all(later < before for before, later in pairwise(tail)):
        return True
    return points[-1] <= LOW and _slope(points) <= TREND_SLOPE


def _slope(values: Sequence[int]) -> float:
    """The least-squares slope of `values` against their positions."""
    n = len(values)
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    num = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values))
    den = sum((x - mean_x) ** 2 for x in range(n))
    return num / den if den else 0.0


def latest_trigger(
    checkins: Iterable[CheckIn], now: datetime, tz: str, day_start_hour: int = 4
) -> CareNotice | None:
    """The newest check-in of the last week (up to `now`) that calls for the card."""
    ordered = sorted((c for c in checkins if c.at <= now), key=lambda c: (c.at, c.id))
    for index in range(len(ordered) - 1, -1, -1):
        checkin = ordered[index]
        if checkin.at < now - WEEK:
            break
        reason = care_reason(checkin, ordered[:index], tz, day_start_hour)
        if reason is not None:
            return CareNotice(checkin.id, checkin.at, reason)
    return None


def care_due(
    checkins: Iterable[CheckIn],
    dismissed_at: datetime | None,
    now: datetime,
    tz: str,
    day_start_hour: int = 4,
) -> CareNotice | None:
    """The card to show now, or None. Shown while the newest triggering check-in of the
    week is newer than when the card was last put away, and never again on the local day
    (starting at `day_start_hour`) it was put away."""
    notice = latest_trigger(checkins, now, tz, day_start_hour)
    if notice is None or dismissed_at is None:
        return notice
    if notice.at <= dismissed_at:
        return None
    if drill_day(dismissed_at, tz, day_start_hour) == drill_day(now, tz, day_start_hour):
        return None
    return notice


# -- one small thing, on a low day -------------------------------------------------------
SMALL_THINGS: tuple[str, ...] = (
    "A 20-minute walk outside",
    "Cook something simple",
    "Fix one small thing at home",
    "Call or message someone you like",
    "Tidy one shelf or one drawer",
    "Half an hour of something you used to enjoy",
)
"""Our own suggestions for a low day: one small pleasant or mastery activity, planned."""


def is_low(checkin: CheckIn) -> bool:
    """A low check-in: the two lowest rows of the grid."""
    return checkin.pleasantness <= LOW
