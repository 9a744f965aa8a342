"""Local days. A drill day starts at `day_start_hour` (04:00 by default) in the user's
IANA time zone, so a session at 01:30 still counts for the evening before."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from rebound_tui.domain.dates import Facing


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """The IANA zone `name`, or UTC if it is unknown (or names a folder of the zone
    database, such as "Europe", or a file that cannot be read). `zoneinfo` is imported
    on the first call: `rebound status` with its figures kept needs none."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return ZoneInfo("UTC")


def drill_day(instant: datetime, tz: str, day_start_hour: int = 4) -> date:
    """The local drill day that `instant` belongs to."""
    local = instant.astimezone(zone(tz))
    return (local - timedelta(hours=day_start_hour)).date()


def day_bounds(day: date, tz: str, day_start_hour: int = 4) -> tuple[datetime, datetime]:
    """UTC start (inclusive) and end (exclusive) of drill day `day`; 23 or 25 hours long
    across a DST change."""
    z = zone(tz)
    start = datetime.combine(day, time(day_start_hour), tzinfo=z)
    end = datetime.combine(day + timedelta(days=1), time(day_start_hour), tzinfo=z)
    return start.astimezone(UTC), end.astimezone(UTC)


def today_bounds(now: datetime, tz: str, day_start_hour: int = 4) -> tuple[datetime, datetime]:
    return day_bounds(drill_day(now, tz, day_start_hour), tz, day_start_hour)


def local_date(instant: datetime, tz: str) -> date:
    """The calendar date of `instant` in zone `tz` (midnight-based, for journals)."""
    return instant.astimezone(zone(tz)).date()


def detect_timezone() -> str:
    """The system's IANA zone name (from $TZ or /etc/localtime), or UTC."""
    from zoneinfo import ZoneInfo

    try:
        from tzlocal import get_localzone_name

        name = get_localzone_name()
        ZoneInfo(name)  # a POSIX TZ string or an odd name is no zone we could store
    except Exception:  # tzlocal raises several kinds for odd systems; UTC is a safe answer
        return "UTC"
    return name or "UTC"


def effective_timezone(name: str) -> str:
    return name or detect_timezone()


def ago(instant: datetime, now: datetime) -> str:
    """'just now', '5 min ago', '3 h ago', 'yesterday', '4 days ago', '3 weeks ago'..."""
    seconds = (now - instant).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def parse_day(text: str, today: date, facing: Facing = "either") -> date | None:
    """A date typed by a person: '2026-11-20', '20 Nov', 'today', 'last monday', 'in 2
    weeks', read for a field facing `facing` (see `rebound_tui.domain.dates`). Empty text
    is None; anything unreadable, or outside the years Rebound keeps (1970-2199), raises
    ValueError with one short line."""
    from rebound_tui.domain import dates

    return dates.parse_day(text, today, facing)
