"""Records to JSON-ready dicts and back, driven by the dataclasses' type hints.

`from_record` is the one validator of records: import uses it on every record of a file,
and the repository on every document it reads from disk, so the two can never disagree
about what a valid record is. A wrong value raises `RecordError` naming the field.

The rules every field must satisfy, and `Range`, `OneOf`, `MaxLen`, `Check` and `Later`
to declare more, are in `record_rules.py` (and importable from here); `converters.py`
enforces them. Unknown keys are ignored; a missing key takes the field's default. The
checks are compiled once per class, so reading 60,000 reviews stays cheap.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar

from rebound_tui.domain.converters import converter
from rebound_tui.domain.record_rules import (
    DATE_MAX,
    DATE_MIN,
    ID_MAX,
    INT_MAX,
    ITEMS_MAX,
    KEYMAP_MAX,
    TEXT_MAX,
    TIME_MAX,
    TIME_MIN,
    Check,
    Later,
    MaxLen,
    OneOf,
    Range,
    RecordError,
    format_time,
    identifier,
    parse_time,
    shown,
    zone_name,
)

__all__ = [
    "DATE_MAX",
    "DATE_MIN",
    "ID_MAX",
    "INT_MAX",
    "ITEMS_MAX",
    "KEYMAP_MAX",
    "TEXT_MAX",
    "TIME_MAX",
    "TIME_MIN",
    "Check",
    "Later",
    "MaxLen",
    "OneOf",
    "Range",
    "RecordError",
    "format_time",
    "from_record",
    "identifier",
    "parse_time",
    "problem_with",
    "shown",
    "to_record",
    "zone_name",
]

T = TypeVar("T")


# -- records to dicts -------------------------------------------------------------------
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
        fields = tuple((name, converter(hint), required) for name, hint, required in _hints(cls))
        cached = _LOADERS[cls] = (fields, tuple(getattr(cls, "CHECKS", ())))
    return cached
