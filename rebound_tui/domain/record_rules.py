"""The rules every record field must satisfy, and the words to declare more.

What every field must satisfy, whatever its declaration:

- text: valid Unicode (no unpaired surrogates), at most `TEXT_MAX` characters;
- integers: real integers (not true/false, not 3.0), within ±`INT_MAX`;
- numbers: finite (no NaN or infinity);
- times: ISO 8601 with an offset, between `TIME_MIN` and `TIME_MAX`; dates likewise;
- lists: at most `ITEMS_MAX` items; objects (the keymap): text keys and values.

On top of that a field may be declared with `typing.Annotated` metadata from this module
(`Range`, `OneOf`, `MaxLen`, `Check`, `Later`), and a record class may list whole-record
checks in a `CHECKS` class variable. `converters.py` enforces all of it; `codec.py` is how
the rest of the app reads and writes records.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

TIME_MIN = datetime(1970, 1, 1, tzinfo=UTC)
TIME_MAX = datetime(2200, 1, 1, tzinfo=UTC)
"""Times are refused from this instant on (but see `Later`): far enough for every real
date, near enough that no date arithmetic can overflow."""
DATE_MIN = TIME_MIN.date()
DATE_MAX = date(2199, 12, 31)
TEXT_MAX = 1_000_000
"""The cap on any text field (a note, an answer, a letter); shorter fields say less."""
ITEMS_MAX = 1_000
INT_MAX = 2**53
KEYMAP_MAX = 500
ID_MAX = 128


class RecordError(ValueError):
    """A dict could not be read as a record: `path` names the field (empty for a problem
    with the record as a whole), `problem` says what is wrong, in one line."""

    def __init__(self, record: str, path: str, problem: str) -> None:
        self.record = record
        self.path = path
        self.problem = problem
        super().__init__(f"{record}.{path}: {problem}" if path else f"{record}: {problem}")


# -- field constraints, declared with typing.Annotated ---------------------------------
# Plain classes, not dataclasses: they are made on every start (before the first frame),
# and a frozen dataclass costs ~0.2 ms to make against a few microseconds for these. They
# compare by identity, as typing's cache of `Annotated[...]` then does.
class Range:
    """low <= value <= high (numbers)."""

    __slots__ = ("high", "low")

    def __init__(self, low: float, high: float) -> None:
        self.low = low
        self.high = high

    def __repr__(self) -> str:
        return f"Range({self.low!r}, {self.high!r})"


class OneOf:
    """The value is one of `values`."""

    __slots__ = ("values",)

    def __init__(self, values: tuple[Any, ...]) -> None:
        self.values = values

    def __repr__(self) -> str:
        return f"OneOf({self.values!r})"


class MaxLen:
    """At most `limit` characters (text) or items (lists)."""

    __slots__ = ("limit",)

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __repr__(self) -> str:
        return f"MaxLen({self.limit!r})"


class Later:
    """A time or date the app works out by adding to another (a card's due date is its
    last review plus up to 100 years): allowed `years` past the usual span, so that what
    the app derives from a valid record is valid too."""

    __slots__ = ("years",)

    def __init__(self, years: int) -> None:
        self.years = years

    def __repr__(self) -> str:
        return f"Later({self.years!r})"


class Check:
    """`test(value)` returns a one-line problem, or None when the value is fine."""

    __slots__ = ("test",)

    def __init__(self, test: Callable[[Any], str | None]) -> None:
        self.test = test

    def __repr__(self) -> str:
        return f"Check({getattr(self.test, '__name__', self.test)!r})"


def shown(value: Any, limit: int = 40) -> str:
    """A value for an error message: its repr (which escapes control characters), cut
    short so that a hostile 100 MB string cannot flood the terminal."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def identifier(value: str) -> str | None:
    """Record ids: 1-128 printable characters (no controls, no line breaks)."""
    if not value:
        return "must not be empty"
    if len(value) > ID_MAX:
        return f"is longer than {ID_MAX} characters"
    if not value.isprintable():
        return f"{shown(value)} has characters an id cannot have"
    return None


_ZONE = re.compile(r"[A-Za-z0-9_+\-]{1,40}(/[A-Za-z0-9_+\-]{1,40}){0,3}")


@functools.lru_cache(maxsize=512)  # a handful of names, checked on every record read
def zone_name(value: str) -> str | None:
    """An IANA time zone name ("Europe/Paris", "UTC", "Etc/GMT+5"), or empty. Only its
    form is checked here: a name this system's zone database lacks is read as UTC."""
    if value and _ZONE.fullmatch(value) is None:
        return f"{shown(value)} is not a time zone name"
    return None


_CLOCK_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")


def clock_time(value: str) -> str | None:
    """A time of day as "HH:MM" (24-hour, "09:00"), or empty."""
    if value and _CLOCK_TIME.fullmatch(value) is None:
        return f"{shown(value)} is not a time of day as HH:MM (e.g. 09:00)"
    return None


# -- times -----------------------------------------------------------------------------
def format_time(value: datetime) -> str:
    """ISO 8601 in UTC with an explicit offset: the one format Rebound writes."""
    return value.astimezone(UTC).isoformat()


def parse_time(text: str, last_year: int = DATE_MAX.year) -> datetime:
    """Read ISO 8601 with an offset, from 1970 to the end of `last_year` (UTC); anything
    else is refused."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"time {shown(text)} is not ISO 8601 (2026-11-20T09:30:00+00:00)"
        ) from None
    if value.tzinfo is None:
        raise ValueError(f"time {shown(text)} has no UTC offset")
    if value.tzinfo is not UTC:
        if not TIME_MIN.year - 1 <= value.year <= last_year + 1:
            raise ValueError(f"time {shown(text)} is not between 1970 and {last_year}")
        value = value.astimezone(UTC)
    if not TIME_MIN.year <= value.year <= last_year:  # in UTC: the same as the span
        raise ValueError(f"time {shown(text)} is not between 1970 and {last_year}")
    return value
