"""What a data file is: which files are data files and the tables each holds (from the
table in `schema`), and the check every file passes when it is read (the record rules of
`domain.codec`, plus the shape TinyDB needs). The repository, backups, restore and the
journal all use these, so they cannot disagree about what a good file is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rebound_tui.domain.codec import RecordError, from_record, to_record
from rebound_tui.domain.settings_record import Settings
from rebound_tui.store.errors import RecordRejected
from rebound_tui.store.schema import COLLECTIONS
from rebound_tui.store.storage import CorruptFileError, parse_document

SCHEMA_VERSION = 2
"""1: every record in its current shape; 2: next steps are records of their own
(`store.migrations`)."""
SETTINGS_FILE = "settings.json"


def tables_of(relpath: str) -> dict[str, type]:
    """The record type of each table a data file holds (empty for an unknown file)."""
    if relpath == SETTINGS_FILE:
        return {"settings": Settings}
    return {spec.name: spec.record_type for spec in COLLECTIONS if spec.files.holds(relpath)}


def is_data_file(relpath: str) -> bool:
    """True for the relative path of a file Rebound keeps data in."""
    return relpath == SETTINGS_FILE or any(spec.files.holds(relpath) for spec in COLLECTIONS)


def check_document(relpath: str, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Check every record of a parsed data file; return the records built, by table and
    id. Raises `CorruptFileError` naming the first problem."""
    built: dict[str, dict[str, Any]] = {}
    path = Path(relpath)
    for table, record_type in tables_of(relpath).items():
        records: dict[str, Any] = {}
        for doc_id, doc in data.get(table, {}).items():
            where = f"{table} entry {str(doc_id)[:20]!r}"
            if not doc_id.isdigit() or int(doc_id) < 1 or len(doc_id) > 18:
                raise CorruptFileError(path, f"{where} has a bad document number")
            if not isinstance(doc, dict):
                raise CorruptFileError(path, f"{where} is not an object")
            record_id = doc.get("id") if record_type is not Settings else doc_id
            if not isinstance(record_id, str) or not record_id:
                raise CorruptFileError(path, f"{where} has no id")
            if record_id in records:
                raise CorruptFileError(path, f"{where} repeats id {record_id[:40]!r}")
            try:
                records[record_id] = from_record(record_type, doc)
            except RecordError as error:
                raise CorruptFileError(path, f"{where}: {_one_line(str(error))}") from None
            except (ValueError, TypeError, OverflowError, RecursionError) as error:
                raise CorruptFileError(path, f"{where}: {_one_line(str(error))}") from None
        built[table] = records
    if relpath == SETTINGS_FILE:
        meta = data.get("meta", {})
        for doc in meta.values():
            version = doc.get("schema_version", 0) if isinstance(doc, dict) else None
            if isinstance(version, bool) or not isinstance(version, int) or version < 0:
                raise CorruptFileError(path, "its schema_version is not a number")
    return built


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_file(relpath: str, raw: bytes) -> str | None:
    """Why the bytes of data file `relpath` are unusable, or None if they are good."""
    try:
        check_document(relpath, parse_document(Path(relpath), raw))
    except CorruptFileError as error:
        return error.reason
    return None


def checked_document(record: Any) -> dict[str, Any]:
    """`record` as stored, after the same check every read makes: what the app writes it
    can always read back. Raises `RecordRejected` (one line) instead of writing."""
    document = to_record(record)
    try:
        from_record(type(record), document)
    except RecordError as error:
        raise RecordRejected(f"not saved: {error}") from None
    return document
