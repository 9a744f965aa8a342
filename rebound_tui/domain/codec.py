"""Records to JSON-ready dicts and back, driven by the dataclasses' type hints.

`from_record` is the one validator of records: import uses it on every record of a file,
and the repository on every document it reads from disk, so the two can never disagree
about what a valid record is. A wrong value raises `RecordError` naming the field.

What every field must satisfy, whatever its declaration:

- text: valid Unicode (no unpaired surrogates), at most `TEXT_MAX` characters;
- integers: real integers (not true/false, not 3.0), within ±`INT_MAX`;
- numbers: finite (no NaN or infinity);
- times: ISO 8601 with an offset, between `TIME_MIN` and `TIME_MAX`; dates likewise;
- lists: at most `ITEMS_MAX` items; objects (the keymap): text keys and values.

On top of that a field may be declared with `typing.Annotated` metadata from this module
(`Range`, `OneOf`, `MaxLen`, `Check`), and a record class may list whole-record checks in
a `CHECKS` class variable. Unknown keys are ignored; a missing key takes the field's
default. The checks are compiled once per class into plain closures, so reading 60,000
reviews stays cheap.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

T = TypeVar("T")

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


class _FieldError(ValueError):
    """A problem inside a field (a list item), with the path to it."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem


# -- field constraints, declared with typing.Annotated ---------------------------------
@dataclasses.dataclass(frozen=True)
class Range:
    """low <= value <= high (numbers)."""

    low: float
    high: float


@dataclasses.dataclass(frozen=True)
class OneOf:
    """The value is one of `values`."""

    values: tuple[Any, ...]


@dataclasses.dataclass(frozen=True)
class MaxLen:
    """At most `limit` characters (text) or items (lists)."""

    limit: int


@dataclasses.dataclass(frozen=True)
class Later:
    """A time or date the app works out by adding to another (a card's due date is its
    last review plus up to 100 years): allowed `years` past the usual span, so that what
    the app derives from a valid record is valid too."""

    years: int


@dataclasses.dataclass(frozen=True)
class Check:
    """`test(value)` returns a one-line problem, or None when the value is fine."""

    test: Callable[[Any], str | None]


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


def zone_name(value: str) -> str | None:
    """An IANA time zone name ("Europe/Paris", "UTC", "Etc/GMT+5"), or empty. Only its
    form is checked here: a name this system's zone database lacks is read as UTC."""
    if value and _ZONE.fullmatch(value) is None:
        return f"{shown(value)} is not a time zone name"
    return None


# -- records to dicts -------------------------------------------------------------------
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


_HINTS: dict[type, tuple[tuple[str, Any, bool], ...]] = {}
_Loaders = tuple[
    tuple[tuple[str, Callable[[Any], Any], bool], ...], tuple[Callable[[Any], Any], ...]
]
_LOADERS: dict[type, _Loaders] = {}


def _hints(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    cached = _HINTS.get(cls)
    if cached is not None:
        return cached
    hints = typing.get_type_hints(cls, include_extras=True)
    out = []
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        out.append((f.name, hints[f.name], required))
    _HINTS[cls] = tuple(out)
    return _HINTS[cls]


def to_record(obj: Any) -> dict[str, Any]:
    """A record as a JSON-ready dict (times as ISO strings, tuples as lists)."""
    return {name: _dump(getattr(obj, name)) for name, _, _ in _hints(type(obj))}


def _dump(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


# -- dicts to records ---------------------------------------------------------------------
def problem_with(record: Any) -> str | None:
    """Why the store would refuse `record` (one line naming the field), or None: forms
    ask before they save, so the user can fix it where they typed it."""
    try:
        from_record(type(record), to_record(record))
    except RecordError as error:
        return f"{error.path or 'this'}: {error.problem}"
    return None


def from_record(cls: type[T], data: Any) -> T:
    """Build a `cls` record from a dict, checking every field; `RecordError` names the
    first field that is wrong."""
    name = cls.__name__
    if not isinstance(data, dict):
        raise RecordError(name, "", f"expected an object, got {type(data).__name__}")
    loaders, checks = _loaders(cls)
    kwargs = {}
    for field_name, convert, required in loaders:
        if field_name not in data:
            if required:
                raise RecordError(name, field_name, "is missing")
            continue
        try:
            kwargs[field_name] = convert(data[field_name])
        except (TypeError, ValueError, OverflowError) as error:
            path = field_name + getattr(error, "path", "")
            raise RecordError(name, path, getattr(error, "problem", str(error))) from None
    record = cls(**kwargs)
    for check in checks:
        problem = check(record)
        if problem is not None:
            raise RecordError(name, "", problem)
    return record


def _loaders(cls: type) -> _Loaders:
    """One converter per field, worked out once per class: reading 60,000 reviews must
    not ask `typing` about every field of every record."""
    cached = _LOADERS.get(cls)
    if cached is None:
        fields = tuple((name, _converter(hint), required) for name, hint, required in _hints(cls))
        cached = _LOADERS[cls] = (fields, tuple(getattr(cls, "CHECKS", ())))
    return cached


def _converter(hint: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(hint)
        return _constrained(_converter(base), metadata)
    if origin is typing.Literal:  # a kind, status or stage: one of its values
        values = typing.get_args(hint)
        return _constrained(_converter(type(values[0])), [OneOf(values)])
    if origin in (types.UnionType, typing.Union):
        args = typing.get_args(hint)
        inner = _converter(next(a for a in args if a is not type(None)))
        nullable = type(None) in args

        def optional(value: Any) -> Any:
            if value is None:
                if nullable:
                    return None
                raise TypeError("must not be null")
            return inner(value)

        return optional
    if origin is tuple:
        return _sequence(_converter(typing.get_args(hint)[0]), ITEMS_MAX)
    simple = _SIMPLE.get(hint)
    if simple is not None:
        return simple
    if origin is dict:
        return _mapping
    raise TypeError(f"unsupported field type {hint!r}")


def _sequence(item: Callable[[Any], Any], limit: int) -> Callable[[Any], Any]:
    def sequence(value: Any) -> Any:
        if not isinstance(value, list | tuple):
            _not_null(value)
            raise TypeError(f"expected a list, got {type(value).__name__}")
        if len(value) > limit:
            raise ValueError(f"has {len(value):,} items, more than {limit:,}")
        out = []
        for index, v in enumerate(value):
            try:
                out.append(item(v))
            except (TypeError, ValueError, OverflowError) as error:
                path = f"[{index}]" + getattr(error, "path", "")
                raise _FieldError(path, getattr(error, "problem", str(error))) from None
        return tuple(out)

    sequence.item = item  # type: ignore[attr-defined]
    return sequence


def _constrained(base: Callable[[Any], Any], metadata: list[Any]) -> Callable[[Any], Any]:
    checks: list[Callable[[Any], None]] = []
    for meta in metadata:
        if isinstance(meta, MaxLen) and hasattr(base, "item"):
            base = _sequence(base.item, meta.limit)  # a list's own cap replaces the default
        elif isinstance(meta, Later) and base in (_datetime, _date):
            extend = _times_until if base is _datetime else _dates_until
            base = extend(DATE_MAX.year + meta.years)
        else:
            checks.append(_check(meta))

    def constrained(value: Any) -> Any:
        value = base(value)
        for check in checks:
            check(value)
        return value

    if not checks:
        return base
    if len(metadata) == 1:
        fast = _fast_path(base, metadata[0], constrained)
        if fast is not None:
            return fast
    return constrained


def _fast_path(
    base: Callable[[Any], Any], meta: Any, slow: Callable[[Any], Any]
) -> Callable[[Any], Any] | None:
    """The common cases in one closure: a good value returns at once; anything else goes
    the slow way, which says what is wrong."""
    if isinstance(meta, Range) and base in (_int, _float):
        low, high = meta.low, meta.high
        kind: Any = int if base is _int else float

        def number_in_range(value: Any) -> Any:
            if type(value) is kind and low <= value <= high:  # NaN fails the comparison
                return value
            return slow(value)

        return number_in_range
    if isinstance(meta, OneOf) and base in (_int, _str):
        allowed = frozenset(meta.values)
        of_type: Any = int if base is _int else str

        def one_of(value: Any) -> Any:
            if type(value) is of_type and value in allowed:
                return value
            return slow(value)

        return one_of
    if isinstance(meta, MaxLen) and base is _str:
        limit = meta.limit

        def short_text(value: Any) -> Any:
            if type(value) is str and len(value) <= limit and value.isascii():
                return value
            return slow(value)

        return short_text
    if isinstance(meta, Check) and meta.test is identifier and base is _str:

        def an_id(value: Any) -> Any:
            # isprintable() is False for controls and for surrogates, so a true here
            # means the id is valid text too.
            if type(value) is str and 0 < len(value) <= ID_MAX and value.isprintable():
                return value
            return slow(value)

        return an_id
    return None


def _check(meta: Any) -> Callable[[Any], None]:
    if isinstance(meta, Range):
        low, high = meta.low, meta.high

        def in_range(value: Any) -> None:
            if not low <= value <= high:
                raise ValueError(f"must be between {low:g} and {high:g}, got {shown(value)}")

        return in_range
    if isinstance(meta, OneOf):
        allowed = frozenset(meta.values)
        listed = ", ".join(repr(v) for v in meta.values)

        def one_of(value: Any) -> None:
            if value not in allowed:
                raise ValueError(f"must be one of {listed}, got {shown(value)}")

        return one_of
    if isinstance(meta, MaxLen):
        limit = meta.limit

        def short(value: Any) -> None:
            if len(value) > limit:
                raise ValueError(f"is {len(value):,} characters long, more than {limit:,}")

        return short
    if isinstance(meta, Check):
        test = meta.test

        def custom(value: Any) -> None:
            problem = test(value)
            if problem is not None:
                raise ValueError(problem)

        return custom
    raise TypeError(f"unsupported field constraint {meta!r}")


def _not_null(value: Any) -> None:
    if value is None:
        raise TypeError("must not be null")


def _times_until(last_year: int) -> Callable[[Any], datetime]:
    def a_time(value: Any) -> datetime:
        if type(value) is not str:
            _not_null(value)
            raise TypeError("expected an ISO 8601 time")
        return parse_time(value, last_year)

    return a_time


def _dates_until(last_year: int) -> Callable[[Any], date]:
    last = date(last_year, 12, 31)

    def a_date(value: Any) -> date:
        if type(value) is not str:
            _not_null(value)
            raise TypeError("expected an ISO 8601 date")
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"date {shown(value)} is not ISO 8601 (2026-11-20)") from None
        if not DATE_MIN <= day <= last:
            raise ValueError(f"date {shown(value)} is not between 1970 and {last_year}")
        return day

    return a_date


_datetime = _times_until(DATE_MAX.year)
_date = _dates_until(DATE_MAX.year)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        _not_null(value)
        raise TypeError("expected true or false")
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        _not_null(value)
        raise TypeError(f"expected an integer, got {shown(value)}")
    if not -INT_MAX <= value <= INT_MAX:
        raise ValueError(f"{shown(value)} is too large")
    return value


def _float(value: Any) -> float:
    if type(value) is float:
        if value - value != 0.0:  # NaN or infinity (json reads NaN, Infinity and 1e400)
            raise ValueError(f"must be a finite number, got {value!r}")
        return value
    if type(value) is not int:
        _not_null(value)
        raise TypeError(f"expected a number, got {shown(value)}")
    if not -INT_MAX <= value <= INT_MAX:
        raise ValueError(f"{shown(value)} is too large")
    return float(value)


def _str(value: Any) -> str:
    if type(value) is not str:
        _not_null(value)
        raise TypeError(f"expected text, got {type(value).__name__}")
    if len(value) > TEXT_MAX:
        raise ValueError(f"is {len(value):,} characters long, more than {TEXT_MAX:,}")
    if not value.isascii():
        _unicode(value)
    return value


def _unicode(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(
            f"is not valid Unicode (an unpaired surrogate at character {error.start})"
        ) from None


def _mapping(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        _not_null(value)
        raise TypeError(f"expected an object, got {type(value).__name__}")
    if len(value) > KEYMAP_MAX:
        raise ValueError(f"has {len(value):,} entries, more than {KEYMAP_MAX:,}")
    for key, item in value.items():
        if type(item) is not str:
            raise _FieldError(f"[{shown(key)}]", f"expected text, got {type(item).__name__}")
        for text in (key, item):
            if len(text) > 100 or not text.isprintable():
                raise _FieldError(
                    f"[{shown(key)}]", "keys and values must be up to 100 printable characters"
                )
    return dict(value)


_SIMPLE: dict[Any, Callable[[Any], Any]] = {
    datetime: _datetime,
    date: _date,
    bool: _bool,
    int: _int,
    float: _float,
    str: _str,
}
