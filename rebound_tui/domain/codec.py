"""Records to JSON-ready dicts and back, driven by the dataclasses' type hints.

`from_record` is strict about what it reads (it is also the import validator): a wrong
type raises `RecordError` naming the field. Unknown keys are ignored, missing keys take
the field's default.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

T = TypeVar("T")


class RecordError(ValueError):
    """A dict could not be read as a record."""


def format_time(value: datetime) -> str:
    """ISO 8601 in UTC with an explicit offset: the one format Rebound writes."""
    return value.astimezone(UTC).isoformat()


def parse_time(text: str) -> datetime:
    """Read ISO 8601 with an offset; a time without an offset is refused."""
    value = datetime.fromisoformat(text)
    if value.tzinfo is UTC:
        return value  # what Rebound writes: no conversion needed
    if value.tzinfo is None:
        raise ValueError(f"time {text!r} has no UTC offset")
    return value.astimezone(UTC)


_HINTS: dict[type, tuple[tuple[str, Any, bool], ...]] = {}
_LOADERS: dict[type, tuple[tuple[str, Callable[[Any], Any], bool], ...]] = {}


def _hints(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    cached = _HINTS.get(cls)
    if cached is not None:
        return cached
    hints = typing.get_type_hints(cls)
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


def from_record(cls: type[T], data: Any) -> T:
    """Build a `cls` record from a dict, checking every field's type."""
    if not isinstance(data, dict):
        raise RecordError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
    kwargs = {}
    for name, convert, required in _loaders(cls):
        if name not in data:
            if required:
                raise RecordError(f"{cls.__name__}: missing field {name!r}")
            continue
        try:
            kwargs[name] = convert(data[name])
        except (TypeError, ValueError) as error:
            raise RecordError(f"{cls.__name__}.{name}: {error}") from None
    return cls(**kwargs)


def _loaders(cls: type) -> tuple[tuple[str, Callable[[Any], Any], bool], ...]:
    """One converter per field, worked out once per class: reading 60,000 reviews must
    not ask `typing` about every field of every record."""
    cached = _LOADERS.get(cls)
    if cached is None:
        cached = _LOADERS[cls] = tuple(
            (name, _converter(hint), required) for name, hint, required in _hints(cls)
        )
    return cached


def _converter(hint: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(hint)
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
        item = _converter(typing.get_args(hint)[0])

        def sequence(value: Any) -> Any:
            if not isinstance(value, list | tuple):
                raise TypeError(f"expected a list, got {type(value).__name__}")
            return tuple(item(v) for v in value)

        return sequence
    simple = _SIMPLE.get(hint)
    if simple is not None:
        return simple
    if origin is dict:
        return _mapping
    raise TypeError(f"unsupported field type {hint!r}")


def _not_null(value: Any) -> None:
    if value is None:
        raise TypeError("must not be null")


def _datetime(value: Any) -> datetime:
    if not isinstance(value, str):
        _not_null(value)
        raise TypeError("expected an ISO 8601 time")
    return parse_time(value)


def _date(value: Any) -> date:
    if not isinstance(value, str):
        _not_null(value)
        raise TypeError("expected an ISO 8601 date")
    return date.fromisoformat(value)


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        _not_null(value)
        raise TypeError("expected true or false")
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        _not_null(value)
        raise TypeError(f"expected an integer, got {value!r}")
    return value


def _float(value: Any) -> float:
    if type(value) is float:
        return value
    if type(value) is not int:
        _not_null(value)
        raise TypeError(f"expected a number, got {value!r}")
    return float(value)


def _str(value: Any) -> str:
    if type(value) is not str:
        _not_null(value)
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _mapping(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        _not_null(value)
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return {str(k): str(v) for k, v in value.items()}


_SIMPLE: dict[Any, Callable[[Any], Any]] = {
    datetime: _datetime,
    date: _date,
    bool: _bool,
    int: _int,
    float: _float,
    str: _str,
}
