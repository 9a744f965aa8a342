"""The user's settings: reading them, changing them (checked by the same record rules the
store reads them with), the time zones to choose from and the one an SSH client offers;
and what the store has to tell the user (a damaged file set aside, a migration done)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rebound_tui.domain.codec import RecordError, from_record, shown, to_record, zone_name
from rebound_tui.domain.days import detect_timezone
from rebound_tui.domain.settings_record import Settings

if TYPE_CHECKING:
    from rebound_tui.store.repository import Repository

CLIENT_ZONE_ENV = "REBOUND_CLIENT_TZ"
"""The time zone an SSH client sent as `TZ`, checked and passed on by `rebound serve`.
Not passed as `TZ` itself: the store would take it as the machine's zone on a first
start, and the question it deserves (use it? y/n) would have nothing left to decide."""
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


class SettingRejected(ValueError):
    """A change the record rules refuse: `field` is the setting, `problem` one line."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


def settings(repo: Repository) -> Settings:
    return repo.settings()


def checked(current: Settings, **changes: Any) -> Settings:
    """`current` with `changes`, checked as the store checks the settings it reads: a
    value it would refuse raises `SettingRejected`; a time zone must be one this system
    knows (an unknown name would silently be read as UTC)."""
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise TypeError(f"no such setting: {', '.join(unknown)}")
    data = to_record(current)
    for name, value in changes.items():
        data[name] = list(value) if isinstance(value, tuple) else value
    try:
        updated = from_record(Settings, data)
    except RecordError as error:
        field = re.split(r"[.\[]", error.path, maxsplit=1)[0] or "settings"
        raise SettingRejected(field, error.problem) from None
    if "timezone" in changes and updated.timezone and not is_time_zone(updated.timezone):
        raise SettingRejected(
            "timezone", f"{shown(updated.timezone)} is not a time zone this system knows"
        )
    return updated


def update_settings(repo: Repository, **changes: Any) -> Settings:
    """Change some settings (`update_settings(repo, day_start_hour=5)`) and save them at
    once. A refused value raises `SettingRejected` and nothing is saved. Returns the
    settings now in force: everything that reads settings (the drill's queue, today's
    date, the treats offered) reads them afresh, so they apply from the next read on."""
    with repo.transaction():
        current = repo.settings()
        updated = checked(current, **changes)
        if updated != current:
            repo.save_settings(updated)
    return updated


def save_theme(repo: Repository, theme: str) -> None:
    """Remember the theme the user chose (nothing is written if it is already the one)."""
    current = repo.settings()
    if current.theme != theme:
        repo.save_settings(replace(current, theme=theme))


# -- time zones -------------------------------------------------------------------------
def is_time_zone(name: str) -> bool:
    """True for an IANA zone name this system's zone database has ("Europe/Paris")."""
    from zoneinfo import available_timezones

    return zone_name(name) is None and name not in _NOT_ZONES and name in available_timezones()


def time_zones(first: tuple[str, ...] = ()) -> list[str]:
    """Every zone this system knows, sorted, with `first` (the detected zone, say) ahead
    of the rest and not repeated."""
    from zoneinfo import available_timezones

    ahead = [name for name in dict.fromkeys(first) if name and is_time_zone(name)]
    rest = sorted(available_timezones() - _NOT_ZONES - set(ahead))
    return [*ahead, *rest]


def detected_zone() -> str:
    """The machine's zone (its `TZ` or /etc/localtime), or UTC."""
    return detect_timezone()


def client_zone(value: str | None) -> str | None:
    """The IANA zone in a `TZ` value an SSH client sent ("America/Los_Angeles", or with
    POSIX's leading colon), or None if it names none this system knows (a POSIX rule such
    as "PST8PDT,M3.2.0,M11.1.0", a path, garbage)."""
    if not value:
        return None
    name = value.removeprefix(":")
    return name if len(name) <= 100 and is_time_zone(name) else None


def zone_to_offer(repo: Repository, environ: Mapping[str, str]) -> str | None:
    """The zone to offer the user once (the one their SSH client sent), or None: none
    was sent, they have chosen a zone already, or it is the one in use."""
    name = client_zone(environ.get(CLIENT_ZONE_ENV))
    if name is None:
        return None
    current = repo.settings()
    if current.timezone_chosen or current.timezone == name:
        return None
    return name


def choose_zone(repo: Repository, name: str) -> Settings:
    """The user picked `name`: it is their zone from now on, and no longer a guess."""
    return update_settings(repo, timezone=name, timezone_chosen=True)


def keep_zone(repo: Repository) -> Settings:
    """The user declined the offered zone: keep the one in use, and do not ask again."""
    return update_settings(repo, timezone_chosen=True)


# -- what the user types ----------------------------------------------------------------
_STEP = re.compile(r"(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hours?|d|days?)?", re.I)
_STEP_MINUTES = {"m": 1, "h": 60, "d": 1440}


def parse_whole(text: str, field: str, units: Mapping[str, int] | None = None) -> int:
    """A whole number the user typed ("5", " 12 "); with `units` (say {"d": 1, "y": 365})
    it may carry one ("2y", "90 days": the unit's first letter counts)."""
    value = text.strip()
    match = re.fullmatch(r"([+-]?\d{1,9})\s*([A-Za-z]*)", value)
    unit = match.group(2).lower() if match else ""
    if match is None or (unit and (not units or unit[0] not in units)):
        raise SettingRejected(field, f"{shown(value)} is not a whole number")
    return int(match.group(1)) * (units[unit[0]] if units and unit else 1)


def parse_hour(text: str) -> int:
    """The hour a day starts: "4", "04", "4:00", "04:00" (minutes must be 00)."""
    value = text.strip()
    match = re.fullmatch(r"(\d{1,2})(?::00)?", value)
    if match is None:
        raise SettingRejected("day_start_hour", f"{shown(value)} is not an hour (0 to 23)")
    return int(match.group(1))


def parse_retention(text: str) -> float:
    """Desired retention as a fraction or a percentage: "0.9", "90", "90%"."""
    value = text.strip().removesuffix("%").strip()
    try:
        number = float(value)
    except ValueError:
        raise SettingRejected(
            "desired_retention", f"{shown(text.strip())} is not a number (say 90%)"
        ) from None
    return round(number / 100, 4) if number > 1 else number


_NO_LIMIT = frozenset({"", "0", "none", "no limit", "unlimited", "off", "no"})
_OFF = frozenset({"off", "no", "none", "0", "never"})
_ON = frozenset({"on", "yes"})
_NONE = frozenset({"", "off", "no", "none", "never"})


def parse_review_limit(text: str) -> int:
    """The most reviews a day: a whole number; 0, none, "no limit" or nothing for none."""
    if text.strip().lower() in _NO_LIMIT:
        return 0
    return parse_whole(text, "reviews_per_day")


def parse_backlog(text: str, current: Settings) -> dict[str, Any]:
    """Backlog mode as typed: the days to spread a backlog over ("7", "10 days", "2w"),
    on (over the days set now) or off. Returns the settings it changes."""
    value = text.strip().lower()
    if value in _OFF:
        return {"backlog_mode": False}
    if value in _ON:
        return {"backlog_mode": True, "backlog_days": current.backlog_days}
    try:
        days = parse_whole(value, "backlog_days", {"d": 1, "w": 7})
    except SettingRejected:
        raise SettingRejected(
            "backlog_days", f"{shown(text.strip())} is not a number of days (say 7, or off)"
        ) from None
    return {"backlog_mode": True, "backlog_days": days}


def parse_steps(text: str, field: str) -> tuple[int, ...]:
    """Learning steps, each in minutes unless it says h or d: "1m 10m", "1, 10", "1h 1d"."""
    parts = [part for part in re.split(r"[,\s]+", text.strip()) if part]
    minutes = []
    for part in parts:
        match = _STEP.fullmatch(part)
        if match is None:
            raise SettingRejected(field, f"{shown(part)} is not a step (say 10m, 1h or 1d)")
        unit = (match.group(2) or "m")[0].lower()
        amount = float(match.group(1)) * _STEP_MINUTES[unit]
        if amount != int(amount):
            raise SettingRejected(field, f"{shown(part)} is not a whole number of minutes")
        minutes.append(int(amount))
    return tuple(minutes)


def parse_reminder(text: str) -> str:
    """The daily drill reminder's time as "HH:MM": "8:30", "08:30", "18" (on the hour);
    nothing, none or off for no reminder."""
    value = text.strip()
    if value.lower() in _NONE:
        return ""
    match = re.fullmatch(r"(\d{1,2})(?:[:.h](\d{2}))?", value)
    if match is None or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        raise SettingRejected(
            "drill_reminder", f"{shown(value)} is not a time of day (say 08:30, or off)"
        )
    return f"{int(match.group(1)):02d}:{match.group(2) or '00'}"


def parse_calendar_file(text: str, folder: Path) -> str:
    """The calendar file to keep, as a full path (a name alone is put in `folder`, the
    user's home or a hosted session's own folder); nothing, none or off for none."""
    from rebound_tui.services.paths import writable_path

    value = text.strip()
    if value.lower() in _NONE:
        return ""
    path = Path(value).expanduser()
    allowed = writable_path(path if path.is_absolute() else folder / path)
    if allowed is None:  # a hosted session writes in its own folder only
        raise SettingRejected("calendar_file", f"a calendar file can be kept in {folder} only")
    if allowed.is_dir():
        raise SettingRejected("calendar_file", f"{shown(str(allowed))} is a folder: add a name")
    if not allowed.parent.is_dir():
        raise SettingRejected("calendar_file", f"there is no folder {shown(str(allowed.parent))}")
    return str(allowed)


def format_steps(minutes: tuple[int, ...]) -> str:
    """Steps as typed back: "1m 10m", "1h", "1d"; "none" when there are none."""
    shown_steps = []
    for step in minutes:
        if step % 1440 == 0:
            shown_steps.append(f"{step // 1440}d")
        elif step % 60 == 0:
            shown_steps.append(f"{step // 60}h")
        else:
            shown_steps.append(f"{step}m")
    return " ".join(shown_steps) or "none"


# -- the store's messages ---------------------------------------------------------------
def take_notices(repo: Repository) -> list[str]:
    """One-line messages for the user that the store has collected since last asked."""
    return repo.drain_notices()


def data_dir(repo: Repository) -> Path:
    return repo.data_dir
