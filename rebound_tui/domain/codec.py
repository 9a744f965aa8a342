"""Records to JSON-ready dicts and back, driven by the dataclasses' type hints.

`from_record` is strict about what it reads (it is also the import validator): a wrong
type raises `RecordError` naming the field. Unknown keys are ignored, missing keys take
the field's default.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import UTC, date, datetime
from functools import cache
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
    if value.tzinfo is None:
        raise ValueError(f"time {text!r} has no UTC offset")
    return value.astimezone(UTC)


@cache
def _hints(cls: type) -> tuple[tuple[str, Any, bool], ...]:
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        out.append((f.name, hints[f.name], required))
    return tuple(out)


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
    for name, hint, required in _hints(cls):
        if name not in data:
            if required:
                raise RecordError(f"{cls.__name__}: missing field {name!r}")
            continue
        try:
            kwargs[name] = _load(hint, data[name])
        except (TypeError, ValueError) as error:
            raise RecordError(f"{cls.__name__}.{name}: {error}") from None
    return cls(**kwargs)


def _load(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        args = typing.get_args(hint)
        if value is None:
            if type(None) in args:
                return None
            raise TypeError("must not be null")
        (inner,) = [a for a in args if a is not type(None)]
        return _load(inner, value)
    if value is None:
        raise TypeError("must not be null")
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        (item,) = typing.get_args(hint)[:1]
        return tuple(_load(item, v) for v in value)
    if origin is dict:
        if not isinstance(value, dict):
            raise TypeError(f"expected an object, got {type(value).__name__}")
        return {str(k): str(v) for k, v in value.items()}
    if hint is datetime:
        if not isinstance(value, str):
            raise TypeError("expected an ISO 8601 time")
        return parse_time(value)
    if hint is date:
        if not isinstance(value, str):
            raise TypeError("expected an ISO 8601 date")
        return date.fromisoformat(value)
    if hint is bool:
        if not isinstance(value, bool):
            raise TypeError("expected true or false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected an integer, got {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"expected a number, got {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise TypeError(f"expected text, got {type(value).__name__}")
        return value
    raise TypeError(f"unsupported field type {hint!r}")
