"""One converter per field type: it checks a JSON value against the rules in
`record_rules.py` and returns the field's Python value, or raises naming what is wrong.
Converters are compiled once per field into plain closures (with a fast path for the
common cases), so reading 60,000 reviews stays cheap."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from rebound_tui.domain.record_rules import (
    DATE_MAX,
    DATE_MIN,
    ID_MAX,
    INT_MAX,
    ITEMS_MAX,
    KEYMAP_MAX,
    TEXT_MAX,
    Check,
    Later,
    MaxLen,
    OneOf,
    Range,
    identifier,
    parse_time,
    shown,
)


class _FieldError(ValueError):
    """A problem inside a field (a list item), with the path to it."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem


def converter(hint: Any) -> Callable[[Any], Any]:
    """The converter for a field declared as `hint` (its type, `Annotated` rules and all)."""
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(hint)
        return _constrained(converter(base), metadata)
    if origin is typing.Literal:  # a kind, status or stage: one of its values
        values = typing.get_args(hint)
        return _constrained(converter(type(values[0])), [OneOf(values)])
    if origin in (types.UnionType, typing.Union):
        args = typing.get_args(hint)
        inner = converter(next(a for a in args if a is not type(None)))
        nullable = type(None) in args

        def optional(value: Any) -> Any:
            if value is None:
                if nullable:
                    return None
                raise TypeError("must not be null")
            return inner(value)

        return optional
    if origin is tuple:
        return _sequence(converter(typing.get_args(hint)[0]), ITEMS_MAX)
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

    # The item converter rides on the function, for `MaxLen` to rebuild the list with its
    # own cap; mypy knows no attributes on a function.
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
