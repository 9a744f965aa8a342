"""`Collection`: all records of one type, wherever they are sharded, read through the
repository's per-file caches and written through its transactions. `MonthlyLog`: a
collection kept by month (the review log), which also answers ranges of time."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from rebound_tui.domain.codec import RecordError, format_time, from_record

if TYPE_CHECKING:
    from rebound_tui.store.open_files import FileCache
    from rebound_tui.store.repository import Repository
    from rebound_tui.store.schema import CollectionSpec, MonthlyLogSpec, Record, ShardsByMonth

R = TypeVar("R", bound="Record")


class Collection(Generic[R]):
    """All records of one type, wherever they are sharded."""

    def __init__(self, repo: Repository, spec: CollectionSpec[R]) -> None:
        self._repo = repo
        self.spec = spec
        self.table = spec.name

    @property
    def record_type(self) -> type[R]:
        """The record class, imported when a record is first built (`CollectionSpec`)."""
        return self.spec.record_type

    # -- reading -----------------------------------------------------------------
    def shard_paths(self) -> list[str]:
        """Relative paths of the files that hold this collection, oldest shard first."""
        files = self.spec.files
        if files.glob is None:
            return [files.name]
        root = self._repo.data_dir
        self._repo._batches.settle_before_listing()
        # Every collection's shards are files of one folder: listed by name (a pathlib
        # glob costs milliseconds at ten years of monthly shards).
        folder, _, _ = files.glob.rpartition("/")
        try:
            names = os.listdir(root / folder)
        except OSError:  # no folder yet (or not readable): no shards, as a glob finds
            names = []
        paths = {f"{folder}/{name}" for name in names}
        # and new shards a batch has staged but not yet written
        paths.update(self._repo._files.staged_paths())
        return sorted(path for path in paths if files.holds(path))

    def all(self) -> list[R]:
        return self.in_shards(self.shard_paths())

    def in_shards(self, paths: Iterable[str]) -> list[R]:
        """The records in `paths` (oldest shard first). A record another version left in
        two shards is read once: the copy in the later shard wins."""
        paths = list(paths)
        if len(paths) == 1:
            return self._records(paths[0])
        out: dict[str, R] = {}
        for path in paths:
            for record in self._records(path):
                out.pop(record.id, None)
                out[record.id] = record
        return list(out.values())

    def read_ahead(self, path: str, per_step: int) -> Iterator[Callable[[], object]]:
        """Steps that read one file and build its records, `per_step` at a time (what
        `in_shards([path])` does at once), for a caller that runs each step when idle."""
        ids: list[str] = []
        yield lambda: ids.extend(self._cache(path).docs)
        for start in range(0, len(ids), per_step):
            yield partial(self._build, path, ids[start : start + per_step])

    def _build(self, path: str, ids: list[str]) -> None:
        cache = self._cache(path)
        for record_id in ids:
            cache.record(record_id)

    def _records(self, path: str) -> list[R]:
        cache = self._cache(path)
        before = len(cache.unreadable)
        records = cache.all_records()
        if len(cache.unreadable) > before:
            self._repo.notice(
                f"{len(cache.unreadable)} unreadable {self.table} in {path} were "
                "skipped (left in the file untouched)."
            )
        return records

    def _cache(self, path: str) -> FileCache:
        return self._repo._mended(path, lambda: self._repo._files.cache(path, self))

    def select(
        self, keep: Callable[[dict[str, Any]], bool], paths: Iterable[str] | None = None
    ) -> list[R]:
        """Records (in `paths`, or everywhere) whose stored document passes `keep`; only
        those are built. `keep` sees the document as stored (times as UTC ISO strings)."""
        out: dict[str, R] = {}
        for path in self.shard_paths() if paths is None else paths:
            cache = self._cache(path)
            for record_id, (_, doc) in list(
                cache.docs.items()
            ):  # a snapshot: another thread may write
                out.pop(record_id, None)  # a copy in a later shard wins, as in in_shards
                if keep(doc):
                    record = cache.record(record_id)
                    if record is not None:
                        out[record_id] = record
        return list(out.values())

    def where(self, field: str, value: str) -> list[R]:
        """The records whose stored `field` is `value` (a rebound's reflections, say):
        only those are built, however many others years of use have stored."""
        return self.select(lambda doc: doc.get(field) == value)

    def raw_field(self, field: str, paths: Iterable[str] | None = None) -> list[Any]:
        """One field of every stored record (in `paths`, or everywhere), as stored: no
        records are built, for scans over years of reviews."""
        out: list[Any] = []
        for path in self.shard_paths() if paths is None else paths:
            if (self._repo.data_dir / path).exists():
                table = self._repo._raw_table(path, self.table)
                out.extend(doc.get(field) for doc in table.values())
        return out

    def get(self, record_id: str) -> R | None:
        path = self.spec.files.path_of_id(record_id)
        paths = [path] if path is not None else self.shard_paths()
        for path in reversed(paths):  # newest shard first: its copy wins
            record = self._cache(path).record(record_id)
            if record is not None:
                return record
        return None

    def peek(self, record_id: str) -> R | None:
        """`get`, reading only the record's own document while its shard has not been
        read (`OpenFiles.peek`): what the shard would give, unless it cannot be told so
        cheaply, then read as `get` reads. Only for a file of this one table (the card
        shards): in a file of several, another table's record could hold the same id."""
        path = self.spec.files.path_of_id(record_id)
        if path is not None and self.spec.files.alone:
            files = self._repo._files
            doc = self._repo._mended(path, lambda: files.peek(path, self.table, record_id))
            if doc is not None:
                try:
                    return cast(R, from_record(self.record_type, doc))
                except RecordError:
                    pass
        return self.get(record_id)

    def count(self) -> int:
        paths = self.shard_paths()
        if len(paths) == 1:
            return len(self._cache(paths[0]).docs)
        ids: set[str] = set()
        for path in paths:
            ids.update(self._cache(path).docs)
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
        path_of = self.spec.files.path_of
        by_shard: dict[str, list[R]] = {}
        moved: dict[str, list[str]] = {}
        for record in records:
            path = path_of(record)
            by_shard.setdefault(path, []).append(record)
            old = previous.get(record.id) if previous else None
            if old is not None and (old_path := path_of(old)) != path:
                moved.setdefault(old_path, []).append(record.id)
        with self._repo.transaction():
            for path in dict.fromkeys([*by_shard, *moved]):
                self._write(path, upserts=by_shard.get(path, []), deletes=moved.get(path, []))

    def prepare_write(self, record: R) -> None:
        """Work out now what a write of `record` would beside the write itself (the
        summaries' parts of its shard, `SummaryFiles.prepare`): a rating then writes
        sooner. Never raises."""
        self._repo._summaries.prepare(self.spec.files.path_of(record))

    def delete(self, record: R) -> None:
        if self._repo._captured is not None:  # see Repository.capturing: writes nothing
            return
        with self._repo.transaction():
            self._write(self.spec.files.path_of(record), upserts=[], deletes=[record.id])

    def _write(self, path: str, *, upserts: list[R], deletes: list[str]) -> None:
        """Apply upserts and deletes to this table of one file in one atomic write; the
        caller holds the directory lock."""
        files = self._repo._files
        self._repo._mended(path, lambda: files.write(path, self, upserts, deletes))


class MonthlyLog(Collection[R]):
    """A collection kept one file per month (the review log): a range of time reads only
    the months it covers."""

    def __init__(self, repo: Repository, spec: MonthlyLogSpec[R]) -> None:
        super().__init__(repo, spec)
        self._months: ShardsByMonth = spec.files

    def between(self, start: datetime, end: datetime) -> list[R]:
        """Records with start <= time < end (time zone aware), reading only the month
        shards involved."""
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("between() takes time-zone-aware datetimes")
        if start >= end:
            return []
        files = self._months
        shards = []
        month = files.month_start(files.month_path(start))
        while month < end:
            shards.append(files.month_path(month))
            month = (month + timedelta(days=32)).replace(day=1)
        field = files.time_field
        low, high = format_time(start), format_time(end)

        def maybe_in(doc: dict[str, Any]) -> bool:
            # Times as Rebound writes them (UTC ISO) sort as strings: only those in the
            # range are built; anything else is built and checked as a time.
            stamp = doc.get(field)
            if isinstance(stamp, str) and len(stamp) in (25, 32) and stamp.endswith("+00:00"):
                return low <= stamp < high
            return True

        return [r for r in self.select(maybe_in, shards) if start <= getattr(r, field) < end]

    def prepare_month(self, at: datetime) -> None:
        """`prepare_write` for a record at `at` (time zone aware)."""
        self._repo._summaries.prepare(self._months.month_path(at))

    def newest_month(self) -> list[R]:
        """The records in the newest month's shard (none if there is no shard)."""
        return self.in_shards(self.shard_paths()[-1:])
