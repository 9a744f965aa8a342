"""The data files this process has open: each one's TinyDB handle (an `AtomicJSONStorage`
that keeps the parsed document) and the records cached from each of its tables.

Every method runs under `thread_lock` (the caller takes it): the app reads on a worker
thread at start-up while the UI thread may already write. Damage is not handled here: a
damaged file raises `CorruptFileError` for the repository to mend (see `repair`)."""

from __future__ import annotations

import functools
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.table import Document

from rebound_tui.domain.codec import RecordError, from_record
from rebound_tui.store.checked_files import CheckedFiles
from rebound_tui.store.errors import store_error_for
from rebound_tui.store.files import SETTINGS_FILE, check_document, checked_document
from rebound_tui.store.storage import (
    AtomicJSONStorage,
    Signature,
    make_private_dir,
    one_document,
    signature_of,
)

if TYPE_CHECKING:
    from rebound_tui.store.collections import Collection


class FileCache:
    """One table of one file, valid for one storage generation: the stored documents by
    record id, and records built from them only when asked for (start-up reads thousands
    of cards but needs only the few that are due)."""

    __slots__ = ("docs", "generation", "next_doc_id", "record_type", "records", "unreadable")

    def __init__(self, record_type: type, generation: int = -1) -> None:
        self.record_type = record_type
        self.generation = generation
        self.docs: dict[str, tuple[int, dict[str, Any]]] = {}
        self.records: dict[str, Any] = {}
        self.next_doc_id = 1
        self.unreadable: set[str] = set()

    def record(self, record_id: str) -> Any | None:
        record = self.records.get(record_id)
        if record is None and record_id in self.docs and record_id not in self.unreadable:
            try:
                record = from_record(self.record_type, self.docs[record_id][1])
            except RecordError:
                self.unreadable.add(record_id)
                return None
            self.records[record_id] = record
        return record

    def all_records(self) -> list[Any]:
        out = []
        for record_id in list(self.docs):  # a snapshot: another thread may write
            record = self.record(record_id)
            if record is not None:
                out.append(record)
        return out


class OpenFiles:
    """The open data files of one directory and their caches."""

    def __init__(
        self,
        data_dir: Path,
        *,
        readonly: bool,
        before_parse: Callable[[], None],
        after_commit: Callable[[str, dict[str, Any], Signature], None] | None = None,
    ) -> None:
        self._data_dir = data_dir
        self._readonly = readonly
        self._before_parse = before_parse
        self._after_commit = after_commit
        self._dbs: dict[str, TinyDB] = {}
        self._caches: dict[tuple[str, str], FileCache] = {}
        self._checked = CheckedFiles(data_dir)
        self._checked_now = False
        self.thread_lock = threading.RLock()
        """Keeps this process's caches consistent (the file lock is for other processes)."""
        self.staging = False
        """True inside a batch: writes are kept in memory until it commits."""

    # -- files -------------------------------------------------------------------
    def storage(self, relpath: str) -> AtomicJSONStorage:
        return _storage_of(self._db(relpath))

    def _db(self, relpath: str) -> TinyDB:
        db = self._dbs.get(relpath)
        if db is None:
            path = self._data_dir / relpath
            if not self._readonly:
                make_private_dir(path.parent)
            try:
                db = TinyDB(
                    path,
                    storage=AtomicJSONStorage,
                    access_mode="r" if self._readonly else "r+",
                    create=not self.staging,  # a batch creates files when it commits
                )
            except OSError as error:
                raise store_error_for(error, "write to", path) from None
            storage = _storage_of(db)
            storage.check = functools.partial(self._check_parsed, relpath, storage)
            storage.before_parse = self._before_parse
            if self._after_commit is not None:
                storage.after_commit = functools.partial(self._after_commit, relpath)
            if self.staging:
                storage.stage()
            self._dbs[relpath] = db
        return db

    def _check_parsed(
        self, relpath: str, storage: AtomicJSONStorage, data: dict[str, Any]
    ) -> None:
        """`check_document` for a file just parsed, unless this very file passed before.
        The records it builds are not kept: start-up needs only a few of the thousands of
        cards, and they are built again (cheaply) when asked for. The settings (small,
        and the file every start reads first) are simply checked: quicker than looking
        them up, and the list of checked files is then read only once a screen reads
        records, after the first one is painted."""
        if relpath == SETTINGS_FILE:
            check_document(relpath, data)
            return
        signature = storage.signature
        if signature is not None and self._checked.known(relpath, signature):
            return
        check_document(relpath, data)
        self._checked.add(relpath, signature)
        self._checked_now = True

    def flush_checked(self) -> None:
        """Remember the files checked since the last flush (for the next start)."""
        if self._checked_now:
            self._checked_now = False
            self._checked.flush()

    def is_open(self, relpath: str) -> bool:
        return relpath in self._dbs

    def peek(self, relpath: str, table: str, record_id: str) -> dict[str, Any] | None:
        """The stored document of one record, read without parsing its file, or None
        (the caller reads the file as usual). Only from a file not read yet, unchanged
        since it passed its check (`CheckedFiles`), holding the record as Rebound writes
        it (`storage.one_document`): a drill's first card, at ten years of cards, is one
        record of a 700 KB shard."""
        if relpath in self._dbs or self.staging:
            return None
        try:
            fd = os.open(self._data_dir / relpath, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or not self._checked.known(relpath, signature_of(st)):
                return None
            with os.fdopen(os.dup(fd), "rb") as handle:
                raw = handle.read()
        except OSError:
            return None
        finally:
            os.close(fd)
        return one_document(raw, table, record_id) if len(raw) == st.st_size else None

    def opened(self) -> dict[str, AtomicJSONStorage]:
        """Every open file's storage, by relative path."""
        return {relpath: _storage_of(db) for relpath, db in self._dbs.items()}

    def staged(self) -> dict[str, AtomicJSONStorage]:
        """The files a batch has changed (in memory), by relative path."""
        return {r: s for r, s in self.opened().items() if s.pending is not None}

    def staged_paths(self) -> list[str]:
        return list(self.staged()) if self.staging else []

    # -- reading and writing one table -------------------------------------------
    def read_table(self, relpath: str, table: str) -> dict[str, Any]:
        """The file's table as TinyDB stores it. Raises `CorruptFileError` for a damaged
        file."""
        if self._readonly and not (self._data_dir / relpath).exists():
            return {}
        data = self.storage(relpath).read()
        return (data or {}).get(table, {})

    def cache(self, relpath: str, collection: Collection[Any]) -> FileCache:
        """The cache of one table of one file, rebuilt if the file changed on disk."""
        key = (relpath, collection.table)
        if not (self._data_dir / relpath).exists() and relpath not in self.staged_paths():
            cache = self._caches.get(key)
            if cache is None or cache.docs:
                cache = self._caches[key] = FileCache(collection.record_type)
            return cache
        raw = self.read_table(relpath, collection.table)
        storage = self.storage(relpath)
        cache = self._caches.get(key)
        if cache is not None and cache.generation == storage.generation:
            return cache
        cache = FileCache(collection.record_type, generation=storage.generation)
        for doc_id, doc in raw.items():
            record_id = doc.get("id") if isinstance(doc, dict) else None
            if isinstance(record_id, str):
                cache.docs[record_id] = (int(doc_id), doc)
            cache.next_doc_id = max(cache.next_doc_id, int(doc_id) + 1)
        self._caches[key] = cache
        return cache

    def write(
        self,
        relpath: str,
        collection: Collection[Any],
        upserts: list[Any],
        deletes: list[str],
    ) -> None:
        """Apply upserts and deletes to one table of one file in one atomic write (or
        one staged write, in a batch)."""
        cache = self.cache(relpath, collection)  # re-reads if another process wrote
        storage = self.storage(relpath)
        data = storage.read() or {}
        # New dicts for what changes: the document in the storage's cache stays as it was
        # on disk until the write has succeeded.
        docs = dict(data.get(collection.table, {}))
        new_entries: dict[str, tuple[int, dict[str, Any], Any]] = {}
        for record in upserts:
            hit = new_entries.get(record.id) or cache.docs.get(record.id)
            if hit is not None:
                doc_id = hit[0]
            else:
                doc_id = cache.next_doc_id
                cache.next_doc_id += 1
            document = checked_document(record)
            docs[str(doc_id)] = document
            new_entries[record.id] = (doc_id, document, record)
        removed = [record_id for record_id in deletes if record_id in cache.docs]
        for record_id in removed:
            docs.pop(str(cache.docs[record_id][0]), None)
        before = storage.generation
        try:
            storage.write({**data, collection.table: docs})
        except BaseException:
            self._caches.pop((relpath, collection.table), None)
            raise
        self._db(relpath).table(collection.table).clear_cache()  # TinyDB's query cache
        if storage.generation != before:
            self._caches.pop((relpath, collection.table), None)
            return
        for record_id in removed:
            cache.docs.pop(record_id, None)
            cache.records.pop(record_id, None)
        for record_id, (doc_id, document, record) in new_entries.items():
            cache.docs[record_id] = (doc_id, document)
            cache.records[record_id] = record
            cache.unreadable.discard(record_id)

    def write_document(self, relpath: str, table: str, doc_id: int, document: Any) -> None:
        """Upsert one document by number (settings and the schema version)."""
        self._db(relpath).table(table).upsert(Document(document, doc_id=doc_id))

    # -- batches -----------------------------------------------------------------
    def stage_all(self) -> None:
        """From now on writes stay in memory (reads see them) until `unstage_all`."""
        self.staging = True
        for db in list(self._dbs.values()):
            _storage_of(db).stage()

    def unstage_all(self, *, discard: bool) -> None:
        """Stop staging; if `discard`, forget what was staged (what is on disk is the
        truth). The caller holds `thread_lock`."""
        self.staging = False
        for relpath, db in list(self._dbs.items()):
            storage = _storage_of(db)
            staged = storage.pending is not None
            storage.unstage()
            if discard and staged:
                storage.invalidate()
                self.drop_caches(relpath)

    # -- letting go --------------------------------------------------------------
    def invalidate(self, relpath: str) -> None:
        """If the file is open, parse it again on its next read (it was replaced)."""
        db = self._dbs.get(relpath)
        if db is not None:
            _storage_of(db).invalidate()

    def drop_caches(self, relpath: str) -> None:
        self._caches = {k: v for k, v in self._caches.items() if k[0] != relpath}

    def release(self, relpath: str) -> None:
        """Close one file and drop what is cached of it."""
        db = self._dbs.pop(relpath, None)
        if db is not None:
            db.close()
        self.drop_caches(relpath)

    def forget(self) -> None:
        """Close every file and drop every cache."""
        for db in self._dbs.values():
            db.close()
        self._dbs.clear()
        self._caches.clear()

    def close(self) -> None:
        self.forget()
        self._checked.flush()


def _storage_of(db: TinyDB) -> AtomicJSONStorage:
    storage = db.storage
    assert isinstance(storage, AtomicJSONStorage)
    return storage
