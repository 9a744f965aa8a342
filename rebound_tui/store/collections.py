"""`Collection`: all records of one type, wherever they are sharded, read through the
repository's per-file caches and written through its transactions."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from fnmatch import fnmatch
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rebound_tui.domain.codec import RecordError, from_record
from rebound_tui.store.files import CARD_SHARDS

if TYPE_CHECKING:
    from rebound_tui.store.repository import Repository

R = TypeVar("R")


def card_shard(card_id: str) -> str:
    return f"cards/cards-{zlib.crc32(card_id.encode()) % CARD_SHARDS:02d}.json"


def review_shard(reviewed_at: datetime) -> str:
    return f"reviews/{reviewed_at.astimezone(UTC):%Y-%m}.json"


@dataclass
class FileCache:
    """One table of one file, valid for one storage generation: the stored documents by
    record id, and records built from them only when asked for (start-up reads thousands
    of cards but needs only the few that are due)."""

    record_type: type
    generation: int = -1
    docs: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    records: dict[str, Any] = field(default_factory=dict)
    next_doc_id: int = 1
    unreadable: set[str] = field(default_factory=set)

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


class Collection(Generic[R]):
    """All records of one type, wherever they are sharded."""

    def __init__(
        self,
        repo: Repository,
        record_type: type[R],
        table: str,
        shard_of: Callable[[R], str],
        shard_of_id: Callable[[str], str] | None,
        shard_glob: str | None = None,
    ) -> None:
        self._repo = repo
        self.record_type = record_type
        self.table = table
        self._shard_of = shard_of
        self._shard_of_id = shard_of_id
        self._shard_glob = shard_glob

    # -- reading -----------------------------------------------------------------
    def shard_paths(self) -> list[str]:
        """Relative paths of the files that hold this collection, oldest shard first."""
        if self._shard_glob is None:
            assert self._shard_of_id is not None
            return [self._shard_of_id("")]
        root = self._repo.data_dir
        self._repo._settle_before_listing()
        paths = {p.relative_to(root).as_posix() for p in root.glob(self._shard_glob)}
        if self._repo._batching:  # new shards a batch has staged but not yet written
            paths.update(p for p in self._repo._staged_paths() if fnmatch(p, self._shard_glob))
        return sorted(paths)

    def all(self) -> list[R]:
        return self.in_shards(self.shard_paths())

    def in_shards(self, paths: Iterable[str]) -> list[R]:
        """The records in `paths` (oldest shard first). A record another version left in
        two shards is read once: the copy in the later shard wins."""
        paths = list(paths)
        if len(paths) == 1:
            return self._repo._records(paths[0], self)
        out: dict[str, R] = {}
        for path in paths:
            for record in self._repo._records(path, self):
                out.pop(record.id, None)
                out[record.id] = record
        return list(out.values())

    def select(self, keep: Callable[[dict[str, Any]], bool]) -> list[R]:
        """Records whose stored document passes `keep`; only those are built. `keep`
        sees the document as stored (times as UTC ISO strings)."""
        out: dict[str, R] = {}
        for path in self.shard_paths():
            cache = self._repo._cache(path, self)
            for record_id, (_, doc) in list(cache.docs.items()):  # snapshot, as above
                out.pop(record_id, None)  # a copy in a later shard wins, as in in_shards
                if keep(doc):
                    record = cache.record(record_id)
                    if record is not None:
                        out[record_id] = record
        return list(out.values())

    def raw_field(self, paths: Iterable[str], field: str) -> list[Any]:
        """One field of every stored record in `paths`, as stored (no records are built:
        for scans over years of reviews)."""
        out: list[Any] = []
        for path in paths:
            if (self._repo.data_dir / path).exists():
                table = self._repo._raw_table(path, self.table)
                out.extend(doc.get(field) for doc in table.values())
        return out

    def get(self, record_id: str) -> R | None:
        paths = [self._shard_of_id(record_id)] if self._shard_of_id else self.shard_paths()
        for path in reversed(paths):  # newest shard first: its copy wins
            record = self._repo._cache(path, self).record(record_id)
            if record is not None:
                return record
        return None

    def count(self) -> int:
        paths = self.shard_paths()
        if len(paths) == 1:
            return len(self._repo._cache(paths[0], self).docs)
        ids: set[str] = set()
        for path in paths:
            ids.update(self._repo._cache(path, self).docs)
        return len(ids)

    # -- writing -----------------------------------------------------------------
    def put(self, record: R) -> R:
        """Insert or replace the record with this id; durable when this returns."""
        self.put_many([record])
        return record

    def put_many(self, records: Iterable[R], previous: Mapping[str, R] | None = None) -> None:
        """Upsert `records`. `previous` (by id, what the caller already read) says where a
        record was: one whose shard changed (a review moved to another month) is deleted
        from its old shard in the same write, so no two shards ever hold it."""
        captured = self._repo._captured
        if captured is not None:  # see Repository.capturing
            captured.extend((self.table, record) for record in records)
            return
        by_shard: dict[str, list[R]] = {}
        moved: dict[str, list[str]] = {}
        for record in records:
            path = self._shard_of(record)
            by_shard.setdefault(path, []).append(record)
            old = previous.get(record.id) if previous else None  # type: ignore[attr-defined]
            if old is not None and (old_path := self._shard_of(old)) != path:
                moved.setdefault(old_path, []).append(record.id)  # type: ignore[attr-defined]
        with self._repo.transaction():
            for path in dict.fromkeys([*by_shard, *moved]):
                self._repo._write(
                    path, self, upserts=by_shard.get(path, ()), deletes=moved.get(path, ())
                )

    def delete(self, record: R) -> None:
        if self._repo._captured is not None:  # see Repository.capturing: writes nothing
            return
        with self._repo.transaction():
            self._repo._write(self._shard_of(record), self, upserts=(), deletes=[record.id])  # type: ignore[attr-defined]
