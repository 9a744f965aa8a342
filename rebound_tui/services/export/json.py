"""The JSON interchange format: `rebound export --format json`, and reading a file for
`rebound import`.

    {"format": "rebound-export", "schema_version": 1, "exported_at": "...",
     "interviews": [...], "rebounds": [...], "checkins": [...], "reflections": [...],
     "feedback_requests": [...], "treats": [...], "treat_log": [...], "lessons": [...],
     "cards": [...], "reviews": [...], "settings": {...}}

Import validates the whole file before writing anything, merges by `id` (so importing the
same file twice changes nothing the second time), and rebuilds a card's schedule by
replaying its reviews through fsrs whenever the file does not carry a schedule that
matches them. A card needs only `question` and `answer`; a review only `card_id`,
`rating` and `reviewed_at`; a missing id is derived from the content, so it is stable.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rebound_tui import __version__
from rebound_tui.domain.codec import RecordError, format_time, from_record, shown, to_record
from rebound_tui.domain.models import (
    Settings,
)
from rebound_tui.domain.scheduling import make_scheduler
from rebound_tui.store.errors import ImportFileError
from rebound_tui.store.files import SCHEMA_VERSION
from rebound_tui.store.repository import Repository
from rebound_tui.store.schema import COLLECTIONS

FORMAT = "rebound-export"


_SCHEDULE_FIELDS = ("state", "stability", "difficulty", "due", "last_review")


def export_document(repo: Repository, now: datetime) -> dict[str, Any]:
    """Everything in the data directory as one JSON-ready document."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "exported_at": format_time(now),
    }
    for spec in COLLECTIONS:
        records = sorted(repo.collections[spec.name].all(), key=spec.sort_key)
        document[spec.name] = [to_record(r) for r in records]
    document["settings"] = to_record(repo.settings())
    return document


@dataclass
class ParsedImport:
    """A validated import file, ready to merge."""

    records: dict[str, list[Any]]
    cards_with_schedule: set[str] = field(default_factory=set)
    settings: Settings | None = None
    duplicates: int = 0
    """Records the file gave twice, identical (one is kept)."""


def _derived_id(kind: str, raw: dict[str, Any], keys: tuple[str, ...] | None = None) -> str:
    basis = {k: raw.get(k) for k in keys} if keys else raw
    digest = hashlib.sha256((kind + json.dumps(basis, sort_keys=True)).encode()).hexdigest()
    return digest[:16]


MAX_IMPORT_BYTES = 200 * 1024 * 1024
"""The largest import file read (200 MiB; a heavy user's export is under 20 MiB)."""


MAX_DEPTH = 16
"""The deepest nesting of lists and objects an export can have (it needs 4)."""


MAX_VALUES = 8_000_000
"""The most commas and brackets an import file may hold, counted before parsing: a heavy
user's 17 MiB export has 570,000, a 200 MiB one about 6.5 million. It bounds the memory
parsing can take (200 MiB of `{},` would otherwise become 5 GB of empty objects)."""


def _shown_path(path: Path) -> str:
    text = str(path)
    return text if text.isprintable() else shown(text, 200)


def read_import_file(path: Path) -> ParsedImport:
    """Read and validate an import file completely; `ImportFileError` (one line naming the
    place) for anything wrong, before anything is written."""
    where = _shown_path(path)
    data = _read_bytes(path, where)
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark is accepted
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"{where} is not UTF-8 text (byte {error.start:,} cannot be read); "
            "nothing was imported"
        ) from None
    values = data.count(b",") + data.count(b"{") + data.count(b"[")
    if values > MAX_VALUES:
        raise ImportFileError(
            f"{where} holds too many values to import at once ({values:,} commas and "
            f"brackets; the most is {MAX_VALUES:,}); nothing was imported"
        )
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{where} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); nothing was imported"
        ) from None
    except RecursionError:
        raise ImportFileError(
            f"{where} nests lists or objects too deeply to be an export; nothing was imported"
        ) from None
    except ValueError as error:  # a number with more than 4,300 digits
        raise ImportFileError(
            f"{where} cannot be read as JSON ({' '.join(str(error).split())[:100]}); "
            "nothing was imported"
        ) from None
    try:
        if _too_deep(document, MAX_DEPTH):
            raise ImportFileError(
                f"lists or objects are nested more than {MAX_DEPTH} deep, which no export is"
            )
        return validate_document(document)
    except ImportFileError as error:
        raise ImportFileError(f"{where}: {error}; nothing was imported") from None


def _read_bytes(path: Path, where: str) -> bytes:
    """The file's bytes, refusing at once anything but a regular file of a sane size (a
    FIFO is opened without blocking and refused, never read)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ImportFileError(f"{where}: no such file") from None
    except (OSError, ValueError) as error:  # ValueError: a NUL in the name
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise ImportFileError(f"{where} cannot be read ({reason})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            kind = _FILE_KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise ImportFileError(f"{where} is {kind}, not an export file; nothing was imported")
        if info.st_size > MAX_IMPORT_BYTES:
            raise ImportFileError(
                f"{where} is {info.st_size / 2**20:,.0f} MiB; an import file can be at most "
                f"{MAX_IMPORT_BYTES // 2**20} MiB; nothing was imported"
            )
        try:
            data = handle.read(MAX_IMPORT_BYTES + 1)
        except OSError as error:
            raise ImportFileError(f"{where} cannot be read ({error.strerror})") from None
    if len(data) > MAX_IMPORT_BYTES:  # it grew while being read
        raise ImportFileError(
            f"{where} is over {MAX_IMPORT_BYTES // 2**20} MiB, the most an import file can "
            "be; nothing was imported"
        )
    return data


_FILE_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _too_deep(document: Any, limit: int) -> bool:
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        children = value.values() if type(value) is dict else value
        for child in children:
            if type(child) is dict or type(child) is list:
                stack.append((child, depth + 1))
    return False


def _problem(where: str, error: RecordError) -> str:
    """`cards[12].stability: must be a finite number`"""
    return f"{where}.{error.path}: {error.problem}" if error.path else f"{where}: {error.problem}"


def validate_document(document: Any) -> ParsedImport:
    """Check every record of an export document with the rules every stored record obeys
    (`from_record`); raise `ImportFileError` on the first problem, naming where it is."""
    if type(document) is not dict:
        raise ImportFileError("not a Rebound export (expected a JSON object)")
    if document.get("format") != FORMAT:
        raise ImportFileError(
            f'not a Rebound export ("format" is {shown(document.get("format"))}, '
            f"expected {FORMAT!r})"
        )
    version = document.get("schema_version")
    if type(version) is not int or version < 1:
        raise ImportFileError(f"schema_version {shown(version)} is not a valid version")
    if version > SCHEMA_VERSION:
        raise ImportFileError(
            f"written by a newer Rebound (schema {shown(version)}; this version reads up to "
            f"{SCHEMA_VERSION}); upgrade Rebound to import it"
        )
    parsed = ParsedImport(records={})
    for spec in COLLECTIONS:
        name, record_type = spec.name, spec.record_type
        entries = document.get(name, [])
        if type(entries) is not list:
            raise ImportFileError(f'"{name}" must be a list')
        seen: dict[str, dict[str, Any]] = {}
        out = []
        for index, raw in enumerate(entries):
            where = f"{name}[{index}]"
            if type(raw) is not dict:
                raise ImportFileError(f"{where} is not an object")
            raw = dict(raw)
            if name == "cards":
                for required in ("question", "answer"):
                    if type(raw.get(required)) is not str:
                        raise ImportFileError(f'{where} needs "{required}" as text')
                raw.setdefault("id", _derived_id("card", raw, ("question", "answer")))
            elif name == "reviews":
                rating = raw.get("rating")
                if type(rating) is not int or rating not in (1, 2, 3, 4):
                    raise ImportFileError(f"{where}.rating: must be 1, 2, 3 or 4")
                if type(raw.get("card_id")) is not str:
                    raise ImportFileError(f'{where} needs "card_id" as text')
                raw.setdefault(
                    "id", _derived_id("review", raw, ("card_id", "rating", "reviewed_at"))
                )
            else:
                raw.setdefault("id", _derived_id(name, raw))
            if type(raw["id"]) is not str or not raw["id"]:
                raise ImportFileError(f"{where}.id: must be non-empty text")
            if raw["id"] in seen:
                if seen[raw["id"]] == raw:  # the same record twice: keep one
                    parsed.duplicates += 1
                    continue
                raise ImportFileError(
                    f"{where} repeats id {shown(raw['id'])} with different content"
                )
            seen[raw["id"]] = raw
            try:
                record: Any = from_record(record_type, raw)
            except RecordError as error:
                raise ImportFileError(_problem(where, error)) from None
            if (
                name == "cards"
                and raw.get("last_review")
                and all(k in raw for k in _SCHEDULE_FIELDS)
            ):
                parsed.cards_with_schedule.add(record.id)
            out.append(record)
        parsed.records[name] = out
    if "settings" in document:
        parsed.settings = _settings(document["settings"])
    return parsed


def _settings(raw: Any) -> Settings:
    try:
        settings = from_record(Settings, raw)
    except RecordError as error:
        raise ImportFileError(_problem("settings", error)) from None
    if settings.timezone:
        try:
            ZoneInfo(settings.timezone)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ImportFileError(
                f"settings.timezone: {shown(settings.timezone)} is not a time zone this "
                "system knows"
            ) from None
    try:
        make_scheduler(settings)
    except Exception as error:  # the rules above leave fsrs nothing to refuse; be sure
        detail = " ".join(str(error).split())[:100]
        raise ImportFileError(f"settings: fsrs refuses them ({detail})") from None
    return settings
