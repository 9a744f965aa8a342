"""The one API services and the command line use to read and write Rebound's data.

A `Repository` is a data directory (its layout and collections are declared in
`schema`). It opens the directory, checks its schema version, takes the daily backup,
keeps the settings, and gives its collections (`repo.cards`, `repo.reviews`, …). The rest
is done by small parts it holds:

- `locking.DirectoryLock`: every read-modify-write holds one lock on the directory, so two
  instances (a local terminal and an SSH session) lose nothing;
- `open_files.OpenFiles`: the open files and the records cached from them, rebuilt only
  when a file changed (another process replaced it);
- `journal.Batches`: writes to several files that land together (`batch()`,
  `replace_files()`), and finishing a journal a kill left behind;
- `repair.Repair`: a damaged file found by a read is set aside and recovered from a backup.

The lock keeps files whole; meaning is kept by the writers: a write that must not act on a
stale copy (a rating, an undo, a letter typed in two places) reads the record again inside
`transaction()` (a read there always sees the file as it is on disk now) and compares it
with the copy it started from, before it puts anything. `disk_state()` tells a screen,
cheaply, that another session wrote something.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from rebound_tui.domain.clock import Clock
from rebound_tui.domain.codec import RecordError, from_record
from rebound_tui.domain.days import detect_timezone
from rebound_tui.domain.settings_record import Settings
from rebound_tui.store import indexes as _indexes  # noqa: F401  (registers the summaries the store keeps)
from rebound_tui.store.collections import Collection
from rebound_tui.store.errors import (
    DataDirNotWritable,
    NewerSchemaError,
    StoreError,
    disk_errors,
)
from rebound_tui.store.files import SCHEMA_VERSION, SETTINGS_FILE, checked_document
from rebound_tui.store.journal import Batches
from rebound_tui.store.locking import LOCK_NAME, DirectoryLock
from rebound_tui.store.open_files import OpenFiles
from rebound_tui.store.repair import Repair
from rebound_tui.store.schema import COLLECTIONS, Collections
from rebound_tui.store.storage import make_private_dir, signature_of
from rebound_tui.store.summaries import SummaryFiles

T = TypeVar("T")


class Repository(Collections):
    """Rebound's data directory. Open with `Repository.open`. Its collections are the
    entries of `schema.Collections`: `repo.cards` is a `Collection[Card]`, and so on."""

    def __init__(self, data_dir: Path, clock: Clock, *, readonly: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock
        self.readonly = readonly
        self.notices: list[str] = []
        """One-line messages for the user (a damaged file set aside, a migration done)."""
        self.noticed = 0
        """How many notices were given since the repository was opened."""
        self._captured: list[tuple[str, Any]] | None = None
        self._lock = DirectoryLock(self.data_dir)
        self._batches = Batches(self)
        self._summaries = SummaryFiles(self)
        self._files = OpenFiles(
            self.data_dir,
            readonly=readonly,
            before_parse=self._batches.before_read,
            after_commit=self._summaries.written,
        )
        self._repair = Repair(self)

    @property
    def collections(self) -> dict[str, Collection[Any]]:
        """Every collection by name, in the order of the table."""
        return {spec.name: getattr(self, spec.name) for spec in COLLECTIONS}

    # -- opening -----------------------------------------------------------------
    @classmethod
    def open(
        cls,
        data_dir: Path,
        clock: Clock,
        *,
        readonly: bool = False,
        check_files: bool = True,
        keep_backup: str | None = None,
    ) -> Repository:
        """Open (creating if needed) a data directory, check its schema, take the daily backup.

        `check_files=False` leaves damaged-file checks to the first read of each file (the
        app does so to paint its first screen sooner; notices still reach the user).
        `keep_backup` names a backup the daily one's pruning must spare (`rebound restore`).
        Raises `StoreError` subclasses with a message meant for the user.
        """
        repo = cls(data_dir, clock, readonly=readonly)
        if readonly:
            if not repo.data_dir.is_dir():
                return repo
            repo._batches.before_read()
            repo._check_schema(migrate=False)
            return repo
        try:
            make_private_dir(repo.data_dir)
        except OSError as error:
            raise DataDirNotWritable(
                f"cannot create the data directory {repo.data_dir}: {error.strerror}"
            ) from None
        if repo._batches.journal.exists():
            with repo.transaction(), disk_errors("finish the interrupted write in", data_dir):
                repo._batches.settle()
        # Most starts write nothing (today's backup exists, schema is current), and the
        # lock costs an import and a syscall on the start-up path: take it only if needed.
        repo._check_schema(migrate=False)
        if not repo._needs_setup():
            if check_files:
                repo._check_files()
            return repo
        from rebound_tui.store.backups import take_daily_backup

        with repo.transaction(), disk_errors("write to", repo.data_dir):
            repo._check_schema(migrate=True)
            repo._check_files()
            take_daily_backup(repo, keep=keep_backup)
            settings = repo.settings()
            if not settings.timezone:
                repo.save_settings(replace(settings, timezone=detect_timezone()))
        return repo

    def _needs_setup(self) -> bool:
        """True if opening must write: stamp or migrate the schema, take today's backup,
        record the time zone, or prove that the directory is writable at all."""
        from rebound_tui.store.backups import BACKUP_DIR, local_day

        if self._meta().get("schema_version") != SCHEMA_VERSION:
            return True
        if not self.settings().timezone:
            return True
        if not (self.data_dir / LOCK_NAME).exists() or not os.access(self.data_dir, os.W_OK):
            return True
        return not (self.data_dir / BACKUP_DIR / local_day(self)).exists()

    def _check_schema(self, *, migrate: bool) -> None:
        meta = self._meta()
        version = meta.get("schema_version")
        # Data from before versioning: a collection's file or folder without settings.
        has_data = any((self.data_dir / spec.files.root).exists() for spec in COLLECTIONS)
        if version is None:
            version = 0 if has_data else SCHEMA_VERSION
            if not migrate:
                return
            if not has_data:
                self._set_meta({"schema_version": SCHEMA_VERSION})
                return
        if not isinstance(version, int):
            raise StoreError(
                f"{self.data_dir / SETTINGS_FILE} has an unreadable schema_version {version!r}"
            )
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(
                f"{self.data_dir} was written by a newer Rebound (data schema {version}; "
                f"this version reads up to {SCHEMA_VERSION}). Upgrade Rebound to open it; "
                "nothing was changed."
            )
        if version < SCHEMA_VERSION and migrate:
            from rebound_tui.store.backups import take_backup
            from rebound_tui.store.migrations import MIGRATIONS

            take_backup(self, f"pre-migration-v{version}")
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](self)
                version += 1
                self._set_meta({"schema_version": version})
            self.notice(f"Your data was upgraded to schema {version}; a backup was kept.")

    def _check_files(self) -> None:
        """Read the files the home screen needs, so damage is found (and mended) at start
        (the big ones are checked when first read: see `CollectionSpec.checked_at_open`)."""
        tables: dict[str, str] = {}
        for spec in COLLECTIONS:
            if spec.checked_at_open:
                for path in getattr(self, spec.name).shard_paths():
                    tables.setdefault(path, spec.name)
        for path, table in tables.items():
            if (self.data_dir / path).exists():
                self._raw_table(path, table)

    def _meta(self) -> dict[str, Any]:
        if not (self.data_dir / SETTINGS_FILE).exists():
            return {}
        doc = self._raw_table(SETTINGS_FILE, "meta").get("1")
        return dict(doc) if isinstance(doc, dict) else {}

    def _set_meta(self, meta: dict[str, Any]) -> None:
        with self.transaction(), disk_errors("save", self.data_dir / SETTINGS_FILE):
            self._batches.before_read()  # a journal finished later must not undo this write
            with self._files.thread_lock:  # a worker thread may be reading
                self._files.write_document(SETTINGS_FILE, "meta", 1, meta)

    # -- settings ----------------------------------------------------------------
    def settings(self) -> Settings:
        if not (self.data_dir / SETTINGS_FILE).exists():
            return Settings()
        doc = self._raw_table(SETTINGS_FILE, "settings").get("1")
        if not isinstance(doc, dict):
            return Settings()
        try:
            return from_record(Settings, dict(doc))
        except RecordError as error:
            self.notice(f"Some settings could not be read ({error}); using defaults.")
            return Settings()

    def save_settings(self, settings: Settings) -> Settings:
        with self.transaction(), disk_errors("save", self.data_dir / SETTINGS_FILE):
            self._batches.before_read()  # a journal finished later must not undo this write
            with self._files.thread_lock:  # a worker thread may be reading
                self._files.write_document(
                    SETTINGS_FILE, "settings", 1, checked_document(settings)
                )
        return settings

    # -- writing -----------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the directory lock; re-entrant. Every write happens inside one."""
        if self._captured is not None:  # capturing writes nothing: no lock to take
            yield
            return
        if self.readonly:
            raise DataDirNotWritable(f"{self.data_dir} was opened read-only")
        with self._lock.held():
            yield

    @contextlib.contextmanager
    def batch(
        self, *, before_commit: Callable[[], Callable[[], None]] | None = None
    ) -> Iterator[None]:
        """Stage every write made inside the block and commit them together on leaving it:
        all of them or (on an exception, or a kill at any moment) none. Reads inside the
        block see the staged writes. A batch that touches one file is one atomic replace;
        more go through the journal. Nested batches join the outer one.

        `before_commit` runs once the batch is computed and changes something, just before
        the commit point (an import's backup); it returns what undoes it, called if the
        commit then fails before its commit point."""
        with self._batches.batch(before_commit=before_commit):
            yield

    def replace_files(self, files: dict[str, bytes | None]) -> None:
        """Replace whole data files with new bytes (or remove them: None), all of them or
        none, through the journal (a restore). Every cache is dropped afterwards."""
        self._batches.replace_files(files)

    @contextlib.contextmanager
    def capturing(self) -> Iterator[list[tuple[str, Any]]]:
        """Collect the (table, record) pairs that writes would store, instead of storing
        them (deletes are skipped, and no lock is taken): what a failing disk could not
        take can then be written somewhere else."""
        captured: list[tuple[str, Any]] = []
        self._captured = captured
        try:
            yield captured
        finally:
            self._captured = None

    # -- reading, mended (for collections) ---------------------------------------
    def _mended(self, relpath: str, read: Callable[[], T]) -> T:
        """`read` from one file; if the file is damaged, recover it and read again."""
        return self._repair.mended(relpath, read)

    def _raw_table(self, relpath: str, table: str) -> dict[str, Any]:
        """The file's table as TinyDB stores it, recovering the file if it is damaged."""
        return self._mended(relpath, lambda: self._files.read_table(relpath, table))

    # -- notices, files, closing -------------------------------------------------
    def notice(self, message: str) -> None:
        self.notices.append(message)
        self.noticed += 1

    def drain_notices(self) -> list[str]:
        out, self.notices = self.notices, []
        return out

    def close(self) -> None:
        self._files.close()

    def disk_state(self, *names: str, more: Iterable[str] = ()) -> tuple[Any, ...]:
        """What the files of these collections (with the settings, and the `more` files
        named) are on disk now: a few `stat`s, nothing read. Two states differ exactly
        when a file was written since,
        by this process or another one (a second terminal, an SSH session), so a screen
        comparing them each second sees another session's changes within that second.
        A change alone says nothing of meaning: writes check the record itself, under
        the lock (see `services.drill`, `services.versions`)."""
        paths = [SETTINGS_FILE]
        for name in names:
            paths.extend(getattr(self, name).shard_paths())
        paths.extend(more)
        state: list[tuple[str, Any]] = []
        for relpath in paths:
            try:
                state.append((relpath, signature_of(os.stat(self.data_dir / relpath))))
            except OSError:
                state.append((relpath, None))
        return tuple(state)

    def data_files(self) -> list[str]:
        """Relative paths of every data file present: the known files and shards only (not
        backups, set-aside files, or anything else someone keeps in the directory)."""
        out = [SETTINGS_FILE] if (self.data_dir / SETTINGS_FILE).is_file() else []
        for files in dict.fromkeys(spec.files for spec in COLLECTIONS):
            if files.glob is None:
                found = [files.name]
            else:
                found = [
                    p.relative_to(self.data_dir).as_posix()
                    for p in sorted(self.data_dir.glob(files.glob))
                ]
            out.extend(
                relpath
                for relpath in found
                if files.holds(relpath) and (self.data_dir / relpath).is_file()
            )  # never a FIFO or a directory
        return out
