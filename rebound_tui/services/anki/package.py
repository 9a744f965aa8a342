"""Reading an Anki package (`.apkg`, one or more decks; `.colpkg`, a whole collection):
a zip archive holding the collection as a SQLite database, in one of two generations.

- Legacy: `collection.anki21` (Anki 2.1) or `collection.anki2` (Anki 2.0), plain SQLite;
  note types and decks are JSON in the `col` table's `models` and `decks` columns.
- Current: `collection.anki21b`, SQLite compressed with zstd, beside a `meta` file (a
  protobuf saying the version, 3); note types, their fields and templates, and decks are
  tables (`notetypes`, `fields`, `templates`, `decks`), their settings small protobufs.
  A current package also carries a `collection.anki2` that only says "please update
  Anki": the newest collection inside is the one read.

The database is copied to a private temporary file and opened read-only with the
standard library's sqlite3; nothing of it is trusted beyond its types."""

from __future__ import annotations

import io
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rebound_tui.store.errors import ImportFileError

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
"""The collection inside a package, newest generation first."""

LATEST_VERSION = 3
MAX_COLLECTION_BYTES = 2 * 1024**3
"""The largest collection unpacked (2 GiB: a heavy Anki user's is a few hundred MiB)."""


@dataclass(frozen=True)
class NoteType:
    id: int
    name: str
    cloze: bool
    fields: list[str]
    templates: list[tuple[str, str]]  # (question format, answer format), by ord
    image_occlusion: bool = False


@dataclass
class Collection:
    """What of an Anki collection becomes cards: rows as tuples, as SQLite gives them."""

    note_types: dict[int, NoteType] = field(default_factory=dict)
    decks: dict[int, str] = field(default_factory=dict)  # id -> "A::B::C"
    notes: dict[int, tuple[int, str, str]] = field(default_factory=dict)  # id -> mid,tags,flds
    cards: list[tuple[int, ...]] = field(default_factory=list)
    """id, nid, did, ord, mod, type, queue, odid"""
    revlog: list[tuple[int, ...]] = field(default_factory=list)
    """id, cid, ease, ivl, factor, time, type"""
    v1_scheduler: bool = False
    """Kept by Anki's first scheduler (before 2.1): learning cards had three buttons, so
    a learning entry's ease 2 was Good and 3 Easy."""


def is_anki_package(data: bytes) -> bool:
    """A zip archive with an Anki collection inside."""
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name in COLLECTIONS for name in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_collection(data: bytes, where: str) -> Collection:
    """The collection in the package `data`; `ImportFileError` (one line) if it cannot be
    read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            name = next((n for n in COLLECTIONS if n in names), None)
            if name is None:
                raise ImportFileError(f"{where} is a zip file with no Anki collection in it")
            if "meta" in names:
                _check_version(archive.read("meta"), where)
            if archive.getinfo(name).file_size > MAX_COLLECTION_BYTES:
                raise ImportFileError(f"{where} holds a collection too large to import")
            raw = archive.read(name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as error:
        detail = " ".join(str(error).split())[:100] or type(error).__name__
        raise ImportFileError(f"{where} is a damaged Anki package ({detail})") from None
    if name.endswith("anki21b"):
        raw = _unzstd(raw, where)
    with _database(raw) as db:
        try:
            return _read(db, modern=name.endswith("anki21b"))
        except (
            sqlite3.Error,
            ValueError,
            KeyError,
            TypeError,
            IndexError,
            AttributeError,
        ) as error:
            detail = " ".join(str(error).split())[:100] or type(error).__name__
            raise ImportFileError(
                f"{where} holds an Anki collection that cannot be read ({detail})"
            ) from None


def _check_version(meta: bytes, where: str) -> None:
    try:
        version = _protobuf(meta).get(1, [0])[0]
    except (ValueError, IndexError):
        raise ImportFileError(f"{where} is a damaged Anki package (its meta)") from None
    if isinstance(version, int) and version > LATEST_VERSION:
        raise ImportFileError(
            f"{where} was written by a newer Anki (package version {version}; this Rebound "
            f"reads up to {LATEST_VERSION}); export it from Anki with 'Support older Anki "
            "versions' ticked"
        )


def _unzstd(raw: bytes, where: str) -> bytes:
    import zstandard

    try:
        reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(raw))
        data = reader.read(MAX_COLLECTION_BYTES + 1)
    except zstandard.ZstdError as error:
        raise ImportFileError(f"{where} is a damaged Anki package ({error})") from None
    if len(data) > MAX_COLLECTION_BYTES:
        raise ImportFileError(f"{where} holds a collection too large to import")
    return data


@contextmanager
def _database(raw: bytes) -> Iterator[sqlite3.Connection]:
    """`raw` as a read-only SQLite database in a private temporary file, removed after."""
    with tempfile.TemporaryDirectory(prefix="rebound-anki-") as folder:
        path = Path(folder) / "collection.sqlite"
        path.write_bytes(raw)
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
            yield db


def _read(db: sqlite3.Connection, *, modern: bool) -> Collection:
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    collection = Collection()
    if modern or "notetypes" in tables:
        collection.note_types = _modern_note_types(db)
        collection.decks = {
            int(i): str(n).replace("\x1f", "::")
            for i, n in db.execute("SELECT id, name FROM decks")
        }
        row = db.execute("SELECT val FROM config WHERE KEY = 'schedVer'").fetchone()
        collection.v1_scheduler = row is not None and json.loads(bytes(row[0])) == 1
    else:
        models, decks, conf = db.execute("SELECT models, decks, conf FROM col").fetchone()
        collection.v1_scheduler = json.loads(conf).get("schedVer", 1) == 1
        collection.note_types = _legacy_note_types(json.loads(models))
        collection.decks = {int(k): str(v["name"]) for k, v in json.loads(decks).items()}
    for nid, mid, tags, flds in db.execute("SELECT id, mid, tags, flds FROM notes"):
        collection.notes[int(nid)] = (int(mid), str(tags), str(flds))
    collection.cards = [
        tuple(int(v) for v in row)
        for row in db.execute(
            "SELECT id, nid, did, ord, mod, type, queue, odid FROM cards ORDER BY id"
        )
    ]
    collection.revlog = [
        tuple(int(v) for v in row)
        for row in db.execute(
            "SELECT id, cid, ease, ivl, factor, time, type FROM revlog ORDER BY id"
        )
    ]
    return collection


def _legacy_note_types(models: dict[str, Any]) -> dict[int, NoteType]:
    out = {}
    for key, model in models.items():
        templates = sorted(model["tmpls"], key=lambda t: int(t["ord"]))
        out[int(key)] = NoteType(
            id=int(key),
            name=str(model["name"]),
            cloze=int(model.get("type", 0)) == 1,
            fields=[str(f["name"]) for f in sorted(model["flds"], key=lambda f: int(f["ord"]))],
            templates=[(str(t["qfmt"]), str(t["afmt"])) for t in templates],
            image_occlusion=int(model.get("originalStockKind", 0)) == _IMAGE_OCCLUSION,
        )
    return out


_CLOZE_KIND = 1
_IMAGE_OCCLUSION = 6  # NotetypeConfig.original_stock_kind


def _modern_note_types(db: sqlite3.Connection) -> dict[int, NoteType]:
    fields: dict[int, list[str]] = {}
    for ntid, name in db.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(int(ntid), []).append(str(name))
    templates: dict[int, list[tuple[str, str]]] = {}
    for ntid, config in db.execute("SELECT ntid, config FROM templates ORDER BY ntid, ord"):
        parsed = _protobuf(bytes(config))
        templates.setdefault(int(ntid), []).append(
            (_text(parsed.get(1, [b""])[0]), _text(parsed.get(2, [b""])[0]))
        )
    out = {}
    for ntid, name, config in db.execute("SELECT id, name, config FROM notetypes"):
        parsed = _protobuf(bytes(config))
        out[int(ntid)] = NoteType(
            id=int(ntid),
            name=str(name),
            cloze=parsed.get(1, [0])[0] == _CLOZE_KIND,
            fields=fields.get(int(ntid), []),
            templates=templates.get(int(ntid), []),
            image_occlusion=parsed.get(9, [0])[0] == _IMAGE_OCCLUSION,
        )
    return out


def _text(value: int | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else ""


def _protobuf(data: bytes) -> dict[int, list[int | bytes]]:
    """The top-level fields of a protobuf message: numbers for varints and fixed-width
    values, bytes for length-delimited ones (strings, nested messages). Anki keeps note
    type, template and package settings this way; only a few of them are read."""
    out: dict[int, list[int | bytes]] = {}
    position = 0

    def varint() -> int:
        nonlocal position
        value = shift = 0
        while True:
            byte = data[position]  # IndexError at a cut message: read as damaged
            position += 1
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7
            if shift > 63:
                raise ValueError("a protobuf number longer than 64 bits")

    while position < len(data):
        key = varint()
        number, wire = key >> 3, key & 7
        value: int | bytes
        if wire == 0:
            value = varint()
        elif wire == 1:
            value = int.from_bytes(data[position : position + 8], "little")
            position += 8
        elif wire == 2:
            length = varint()
            value = data[position : position + length]
            position += length
        elif wire == 5:
            value = int.from_bytes(data[position : position + 4], "little")
            position += 4
        else:
            raise ValueError(f"protobuf wire type {wire} is not read")
        out.setdefault(number, []).append(value)
    return out
