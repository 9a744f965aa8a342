"""The one API screens and the command line use to read and write Rebound's data.

Layout of a data directory (every file a TinyDB JSON document, written atomically):

    settings.json        settings and the schema version ("meta")
    interviews.json      interviews
    rebounds.json        rebounds, feedback requests, lessons
    reflections.json     went-well and tough reflections
    checkins.json        mood check-ins
    treats.json          the user's own treats and the treat log
    cards/cards-NN.json  drill cards, in 16 shards by id, so a rating rewrites ~1/16 of them
    reviews/YYYY-MM.json the review log, one shard per month, so a save never rewrites years
    backups/<name>/      daily snapshots (hard links: files are only ever replaced)

Every read-modify-write holds one `filelock` lock on the directory and re-reads any file
another process replaced, so two instances (a local terminal and an SSH session) lose
nothing. Records are cached per file and rebuilt only when the file changed.

Every file is checked once each time it is parsed (`check_document`): a file of the wrong
shape, or with one record `from_record` refuses, is damaged like one that does not parse
(set aside, newest good backup used, one notice).

Writes to several files that must land together (an import) go through `batch()`: the new
documents are staged in memory, then written to `.rebound-journal/` with a manifest last
(the commit point), then applied, then the journal is removed. Opening the directory, or
re-reading any file that changed, first finishes a complete journal or discards an
incomplete one, so a kill at any moment leaves the state before or the state after.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from tinydb import TinyDB
from tinydb.table import Document

from rebound_tui.domain.clock import Clock
from rebound_tui.domain.codec import RecordError, from_record
from rebound_tui.domain.days import detect_timezone
from rebound_tui.domain.models import (
    Card,
    CheckIn,
    FeedbackRequest,
    Interview,
    Lesson,
    Rebound,
    Reflection,
    Review,
    Settings,
    Treat,
    TreatLog,
)
from rebound_tui.store.checked_files import CheckedFiles
from rebound_tui.store.collections import (
    Collection,
    FileCache,
    card_shard,
    review_shard,
)
from rebound_tui.store.errors import (
    DataDirNotWritable,
    NewerSchemaError,
    StoreError,
    disk_errors,
    store_error_for,
)
from rebound_tui.store.files import (  # noqa: F401 - re-exported: part of this module's API
    _CARD_SHARD,
    _DATA_FILE,
    _FIXED_TABLES,
    _MONTH,
    CARD_SHARDS,
    JOURNAL_DIR,
    JOURNAL_MANIFEST,
    LOCK_NAME,
    LOCK_TIMEOUT_SECONDS,
    SCHEMA_VERSION,
    SETTINGS_FILE,
    _one_line,
    check_document,
    check_file,
    checked_document,
    is_data_file,
    tables_of,
)
from rebound_tui.store.storage import (
    AtomicJSONStorage,
    CorruptFileError,
    atomic_write_bytes,
    fsync_directory,
    make_private_dir,
    read_regular_file,
)


def _discard(journal: Path) -> None:
    """Remove an unusable journal, whatever it is (a directory, or a file planted there)."""
    if journal.is_dir() and not journal.is_symlink():
        shutil.rmtree(journal, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.unlink(journal)


def _committed_error(error: OSError, data_dir: Path) -> StoreError:
    """One line for a failure after the commit point: the change is whole in the journal
    and the next open (or read) completes it."""
    first = store_error_for(error, "finish writing to", data_dir)
    reason = str(first).split(";", 1)[0]
    return type(first)(
        f"{reason}; the change is kept whole and is completed the next time Rebound opens "
        f"{data_dir}"
    )


class _JournalPending(Exception):
    """A read found another process's committed journal: finish it, then read again."""


T = TypeVar("T")


class Repository:
    """Rebound's data directory. Open with `Repository.open`."""

    def __init__(self, data_dir: Path, clock: Clock, *, readonly: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock
        self.readonly = readonly
        self.notices: list[str] = []
        """One-line messages for the user (a damaged file set aside, a migration done)."""
        self._dbs: dict[str, TinyDB] = {}
        self._caches: dict[tuple[str, str], FileCache] = {}
        self._lock: Any = None
        self._captured: list[tuple[str, Any]] | None = None
        self._batching = False
        self._committing = False
        self._before_commit: Callable[[], Callable[[], None]] | None = None
        self._manifest_path = os.path.join(self.data_dir, JOURNAL_DIR, JOURNAL_MANIFEST)
        self._checked_files = CheckedFiles(self.data_dir)
        self._checked_now = False
        self._lock_owner: int | None = None
        self._lock_depth = 0
        # The app reads on a worker thread at start-up while the UI thread may already
        # write: one lock keeps this process's caches consistent (the file lock is for
        # other processes).
        self._thread_lock = threading.RLock()

        def fixed(name: str) -> tuple[Callable[[Any], str], Callable[[str], str]]:
            return (lambda _record: name), (lambda _id: name)

        self.interviews: Collection[Interview] = Collection(
            self, Interview, "interviews", *fixed("interviews.json")
        )
        self.rebounds: Collection[Rebound] = Collection(
            self, Rebound, "rebounds", *fixed("rebounds.json")
        )
        self.feedback_requests: Collection[FeedbackRequest] = Collection(
            self, FeedbackRequest, "feedback_requests", *fixed("rebounds.json")
        )
        self.lessons: Collection[Lesson] = Collection(
            self, Lesson, "lessons", *fixed("rebounds.json")
        )
        self.reflections: Collection[Reflection] = Collection(
            self, Reflection, "reflections", *fixed("reflections.json")
        )
        self.checkins: Collection[CheckIn] = Collection(
            self, CheckIn, "checkins", *fixed("checkins.json")
        )
        self.treats: Collection[Treat] = Collection(self, Treat, "treats", *fixed("treats.json"))
        self.treat_log: Collection[TreatLog] = Collection(
            self, TreatLog, "treat_log", *fixed("treats.json")
        )
        self.cards: Collection[Card] = Collection(
            self,
            Card,
            "cards",
            lambda card: card_shard(card.id),
            card_shard,
            shard_glob="cards/cards-*.json",
        )
        self.reviews: Collection[Review] = Collection(
            self,
            Review,
            "reviews",
            lambda review: review_shard(review.reviewed_at),
            None,
            shard_glob="reviews/*.json",
        )

    @property
    def collections(self) -> dict[str, Collection[Any]]:
        return {
            "interviews": self.interviews,
            "rebounds": self.rebounds,
            "checkins": self.checkins,
            "reflections": self.reflections,
            "feedback_requests": self.feedback_requests,
            "treats": self.treats,
            "treat_log": self.treat_log,
            "lessons": self.lessons,
            "cards": self.cards,
            "reviews": self.reviews,
        }

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
            repo._journal_hook()
            repo._check_schema(migrate=False)
            return repo
        try:
            make_private_dir(repo.data_dir)
        except OSError as error:
            raise DataDirNotWritable(
                f"cannot create the data directory {repo.data_dir}: {error.strerror}"
            ) from None
        if (repo.data_dir / JOURNAL_DIR).exists():
            with repo.transaction(), disk_errors("finish the interrupted write in", data_dir):
                repo._settle_journal()
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
        has_data = any(
            (self.data_dir / name).exists()
            for name in ("interviews.json", "rebounds.json", "checkins.json", "cards")
        )
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
        """Read the files the home screen needs, so damage is found (and mended) at start.

        Review shards and reflections are checked when first read instead: they are the
        big ones, and start-up time matters more than finding damage there a little later.
        """
        for collection in (self.interviews, self.rebounds, self.checkins, self.treats, self.cards):
            for path in collection.shard_paths():
                if (self.data_dir / path).exists():
                    self._raw_table(path, collection.table)

    def _meta(self) -> dict[str, Any]:
        if not (self.data_dir / SETTINGS_FILE).exists():
            return {}
        doc = self._raw_table(SETTINGS_FILE, "meta").get("1")
        return dict(doc) if isinstance(doc, dict) else {}

    def _set_meta(self, meta: dict[str, Any]) -> None:
        with self.transaction(), disk_errors("save", self.data_dir / SETTINGS_FILE):
            self._journal_hook()  # a journal finished later must not undo this write
            self._db(SETTINGS_FILE).table("meta").upsert(Document(meta, doc_id=1))

    @property
    def schema_version(self) -> int:
        return int(self._meta().get("schema_version", SCHEMA_VERSION))

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
            self._journal_hook()  # a journal finished later must not undo this write
            table = self._db(SETTINGS_FILE).table("settings")
            table.upsert(Document(checked_document(settings), doc_id=1))
        return settings

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

    # -- locking -----------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the directory lock; re-entrant. Every write happens inside one."""
        if self._captured is not None:  # capturing writes nothing: no lock to take
            yield
            return
        if self.readonly:
            raise DataDirNotWritable(f"{self.data_dir} was opened read-only")
        if self._lock is None:
            from filelock import FileLock, Timeout

            self._lock = FileLock(self.data_dir / LOCK_NAME, mode=0o600)
            self._timeout = Timeout
        try:
            self._lock.acquire(timeout=LOCK_TIMEOUT_SECONDS)
        except self._timeout:
            raise StoreError(
                f"another Rebound has held {self.data_dir} for over "
                f"{LOCK_TIMEOUT_SECONDS}s; close it and try again"
            ) from None
        except OSError as error:
            raise DataDirNotWritable(
                f"cannot write to {self.data_dir}: {error.strerror or error}"
            ) from None
        outer = self._lock_owner
        self._lock_owner = threading.get_ident()
        self._lock_depth += 1
        try:
            yield
        finally:
            self._lock_depth -= 1
            if self._lock_depth == 0:
                self._lock_owner = None
            else:
                self._lock_owner = outer
            self._lock.release()

    def _staged_paths(self) -> list[str]:
        if not self._batching:
            return []
        return [r for r, db in self._dbs.items() if self._as_storage(db).pending is not None]

    def _holds_lock(self) -> bool:
        return self._lock_depth > 0 and self._lock_owner == threading.get_ident()

    # -- batches: several files, all or nothing ----------------------------------
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
        if self._batching:
            yield
            return
        with self.transaction():
            self._settle_journal()
            self._batching = True
            self._before_commit = before_commit
            for db in list(self._dbs.values()):
                self._as_storage(db).stage()
            try:
                yield
            except BaseException:
                self._end_batch(discard=True)
                raise
            try:
                self._commit_batch()
            except BaseException as error:
                self._end_batch(discard=True)  # what is on disk is the truth now
                if isinstance(error, OSError):
                    raise store_error_for(error, "save to", self.data_dir) from None
                raise
            self._end_batch(discard=False)

    def _end_batch(self, *, discard: bool) -> None:
        self._batching = False
        self._before_commit = None
        with self._thread_lock:
            for relpath, db in list(self._dbs.items()):
                storage = self._as_storage(db)
                staged = storage.pending is not None
                storage.unstage()
                if discard and staged:
                    storage.invalidate()
                    self._caches = {k: v for k, v in self._caches.items() if k[0] != relpath}

    def _commit_batch(self) -> None:
        staged = {
            relpath: self._as_storage(db)
            for relpath, db in self._dbs.items()
            if self._as_storage(db).pending is not None
        }
        payloads = {
            relpath: storage.encode(storage.pending or {}) for relpath, storage in staged.items()
        }
        before_commit, self._before_commit = self._before_commit, None
        undo = before_commit() if before_commit is not None and payloads else None
        try:
            if len(payloads) > 1:
                self._write_journal(payloads)
            elif payloads:  # one file: one atomic replace, the commit point itself
                relpath, storage = next(iter(staged.items()))
                make_private_dir((self.data_dir / relpath).parent)
                self._committing = True
                try:
                    storage.commit_payload(payloads[relpath], storage.pending)
                finally:
                    self._committing = False
                return
        except BaseException:
            if undo is not None:
                with contextlib.suppress(OSError):
                    undo()  # nothing was committed: what was taken for it goes too
            raise
        self._committing = True
        try:
            for relpath, storage in staged.items():
                make_private_dir((self.data_dir / relpath).parent)
                storage.commit_payload(payloads[relpath], storage.pending)
        except OSError as error:
            if len(payloads) > 1:  # past the commit point: the journal finishes it later
                raise _committed_error(error, self.data_dir) from None
            raise
        finally:
            self._committing = False
        if len(payloads) > 1:
            self._remove_journal()

    def replace_files(self, files: dict[str, bytes | None]) -> None:
        """Replace whole data files with new bytes (or remove them: None), all of them or
        none, through the journal (a restore). Every cache is dropped afterwards."""
        for relpath in files:
            if not _DATA_FILE.match(relpath):
                raise StoreError(f"{relpath!r} is not a Rebound data file")
        with self.transaction():
            self._settle_journal()
            self.forget_files()
            try:
                self._write_journal(files)
            except OSError as error:
                self.forget_files()
                raise store_error_for(error, "write to", self.data_dir) from None
            try:
                self._apply_files(files)
                self._remove_journal()
            except OSError as error:
                raise _committed_error(error, self.data_dir) from None
            finally:
                self.forget_files()

    def _apply_files(self, files: dict[str, bytes | None]) -> None:
        self._committing = True
        try:
            for relpath, payload in files.items():
                target = self.data_dir / relpath
                if payload is None:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(target)
                    self.release(relpath)
                    continue
                make_private_dir(target.parent)
                os.close(atomic_write_bytes(target, payload))
                db = self._dbs.get(relpath)
                if db is not None:
                    self._as_storage(db).invalidate()
        finally:
            self._committing = False

    def _write_journal(self, payloads: dict[str, bytes] | dict[str, bytes | None]) -> None:
        """Write every new file and then the manifest: once the manifest is durable, the
        batch is committed (an open finishes it); before that, nothing happened."""
        journal = self.data_dir / JOURNAL_DIR
        if os.path.lexists(journal):
            _discard(journal)
        try:
            journal.mkdir(mode=0o700)
            entries = []
            for index, (relpath, payload) in enumerate(payloads.items()):
                if payload is None:
                    entries.append({"path": relpath, "remove": True})
                    continue
                name = f"{index:05d}.json"
                fd = os.open(journal / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                try:
                    view = memoryview(payload)
                    while view:
                        view = view[os.write(fd, view) :]
                    os.fsync(fd)
                finally:
                    os.close(fd)
                entries.append(
                    {"path": relpath, "name": name, "sha256": hashlib.sha256(payload).hexdigest()}
                )
            fsync_directory(journal)
            manifest = json.dumps({"version": 1, "files": entries}).encode()
            os.close(atomic_write_bytes(journal / JOURNAL_MANIFEST, manifest))
        except BaseException:
            shutil.rmtree(journal, ignore_errors=True)  # not committed: nothing happened
            raise

    def _remove_journal(self) -> None:
        journal = self.data_dir / JOURNAL_DIR
        # The manifest goes first: a journal without one is only ever discarded.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(journal / JOURNAL_MANIFEST)
        fsync_directory(journal)
        shutil.rmtree(journal, ignore_errors=True)
        fsync_directory(self.data_dir)

    def _journal_hook(self) -> None:
        """Before any file is parsed again: a committed journal another process left (or is
        applying) is finished first, so no read ever sees half of a batch."""
        if self._committing or not os.path.exists(self._manifest_path):
            return
        if self.readonly:
            raise StoreError(
                f"an import into {self.data_dir} was interrupted; start `rebound` once to "
                "finish it"
            )
        if self._holds_lock():
            self._settle_journal()
        else:
            raise _JournalPending

    def _settle_before_listing(self) -> None:
        """Finish another process's committed journal before listing shards: it may be
        about to create some."""
        try:
            with self._thread_lock:
                self._journal_hook()
        except _JournalPending:
            with self.transaction(), disk_errors("finish a write in", self.data_dir):
                self._settle_journal()

    def _settle_journal(self) -> None:
        """Finish a committed journal or discard an unfinished one (idempotent); the caller
        holds the directory lock."""
        journal = self.data_dir / JOURNAL_DIR
        if not journal.exists():
            return
        files = self._journal_files(journal)
        if files is None:
            _discard(journal)
            return
        self._apply_files(files)
        self._remove_journal()
        self.notice("An import or restore that was interrupted has been completed.")

    def _journal_files(self, journal: Path) -> dict[str, bytes | None] | None:
        """The files of a committed journal, or None if it is unfinished (no manifest) or
        not ours (a manifest or file that is not what we write). The manifest is written
        last and atomically, after every file is durable: once it is there the journal is
        whole, so any other failure to read it (EIO, EMFILE, EACCES...) raises a
        `StoreError` and keeps the journal for the next open."""
        try:
            return self._read_journal(journal)
        except (FileNotFoundError, NotADirectoryError):
            # No manifest: never committed, nothing happened. A listed file gone, or a
            # file planted where the journal directory goes, is damage like a wrong
            # checksum: not a journal we can finish.
            return None
        except OSError as error:
            raise self._unreadable_journal(error) from None

    def _unreadable_journal(self, error: OSError) -> StoreError:
        reason = str(store_error_for(error, "read", self.data_dir / JOURNAL_DIR))
        return StoreError(
            f"{reason}; the interrupted import or restore is kept whole and is completed "
            f"the next time Rebound opens {self.data_dir}"
        )

    def _read_journal(self, journal: Path) -> dict[str, bytes | None] | None:
        try:
            manifest = json.loads(read_regular_file(journal / JOURNAL_MANIFEST))
            out: dict[str, bytes | None] = {}
            for entry in manifest["files"]:
                relpath = entry["path"]
                if not isinstance(relpath, str) or not _DATA_FILE.match(relpath):
                    return None
                if entry.get("remove") is True:
                    out[relpath] = None
                    continue
                name = entry["name"]
                if not isinstance(name, str) or not re.fullmatch(r"\d{5}\.json", name):
                    return None
                payload = read_regular_file(journal / name)
                if hashlib.sha256(payload).hexdigest() != entry["sha256"]:
                    return None
                out[relpath] = payload
        except (ValueError, KeyError, TypeError):
            return None
        return out

    # -- files -------------------------------------------------------------------
    def _db(self, relpath: str) -> TinyDB:
        db = self._dbs.get(relpath)
        if db is None:
            path = self.data_dir / relpath
            if not self.readonly:
                make_private_dir(path.parent)
            try:
                db = TinyDB(
                    path,
                    storage=AtomicJSONStorage,
                    access_mode="r" if self.readonly else "r+",
                    create=not self._batching,  # a batch creates files when it commits
                )
            except OSError as error:
                raise store_error_for(error, "write to", path) from None
            storage = self._as_storage(db)
            storage.check = functools.partial(self._check_parsed, relpath, storage)
            storage.before_parse = self._journal_hook
            if self._batching:
                storage.stage()
            self._dbs[relpath] = db
        return db

    def _check_parsed(
        self, relpath: str, storage: AtomicJSONStorage, data: dict[str, Any]
    ) -> None:
        """`check_document` for a file just parsed, unless this very file passed before.
        The records it builds are not kept: start-up needs only a few of the thousands of
        cards, and they are built again (cheaply) when asked for."""
        signature = storage.signature
        if signature is not None and self._checked_files.known(relpath, signature):
            return
        check_document(relpath, data)
        self._checked_files.add(relpath, signature)
        self._checked_now = True

    @staticmethod
    def _as_storage(db: TinyDB) -> AtomicJSONStorage:
        storage = db.storage
        assert isinstance(storage, AtomicJSONStorage)
        return storage

    def _storage(self, relpath: str) -> AtomicJSONStorage:
        return self._as_storage(self._db(relpath))

    def _raw_table(self, relpath: str, table: str) -> dict[str, Any]:
        """The file's table as TinyDB stores it, recovering the file if it is damaged."""
        return self._mending(relpath, lambda: self._read_table(relpath, table))

    def _mending(self, relpath: str, read: Callable[[], T]) -> T:
        """Run `read` under the thread lock; if the file turns out damaged, recover it
        (file lock first, then the thread lock: the order every writer uses) and retry."""
        damage: CorruptFileError | None = None
        for _attempt in range(3):
            with self._thread_lock:
                try:
                    self._journal_hook()  # one stat: no read ever sees half of a batch
                    result = read()
                    if self._checked_now:
                        self._checked_now = False
                        self._checked_files.flush()
                    return result
                except CorruptFileError as error:
                    damage = error
                except _JournalPending:
                    damage = None
                except OSError as error:
                    doing = "save" if self._holds_lock() else "read"
                    raise store_error_for(error, doing, self.data_dir / relpath) from None
            if damage is not None:
                self._recover(relpath, damage)
            else:
                with (
                    self.transaction(),
                    disk_errors("finish the interrupted write in", self.data_dir),
                ):
                    self._settle_journal()
        with self._thread_lock:
            try:
                return read()
            except OSError as error:
                raise store_error_for(error, "read", self.data_dir / relpath) from None

    def _read_table(self, relpath: str, table: str) -> dict[str, Any]:
        """Under the thread lock. Raises `CorruptFileError` for a damaged file."""
        if self.readonly and not (self.data_dir / relpath).exists():
            return {}
        data = self._storage(relpath).read()
        return (data or {}).get(table, {})

    def _cache(self, relpath: str, collection: Collection[Any]) -> FileCache:
        return self._mending(relpath, lambda: self._cache_locked(relpath, collection))

    def _cache_locked(self, relpath: str, collection: Collection[Any]) -> FileCache:
        key = (relpath, collection.table)
        if not (self.data_dir / relpath).exists() and relpath not in self._staged_paths():
            cache = self._caches.get(key)
            if cache is None or cache.docs:
                cache = self._caches[key] = FileCache(collection.record_type)
            return cache
        raw = self._read_table(relpath, collection.table)
        storage = self._storage(relpath)
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

    def _records(self, relpath: str, collection: Collection[Any]) -> list[Any]:
        cache = self._cache(relpath, collection)
        before = len(cache.unreadable)
        records = cache.all_records()
        if len(cache.unreadable) > before:
            self.notice(
                f"{len(cache.unreadable)} unreadable {collection.table} in {relpath} were "
                "skipped (left in the file untouched)."
            )
        return records

    def _write(
        self,
        relpath: str,
        collection: Collection[Any],
        *,
        upserts: Iterable[Any],
        deletes: Iterable[str],
    ) -> None:
        """Apply upserts and deletes to one table of one file in one atomic write; the
        caller holds the directory lock."""
        ups, dels = list(upserts), list(deletes)
        self._mending(relpath, lambda: self._write_locked(relpath, collection, ups, dels))

    def _write_locked(
        self,
        relpath: str,
        collection: Collection[Any],
        upserts: list[Any],
        deletes: list[str],
    ) -> None:
        cache = self._cache_locked(relpath, collection)  # re-reads if another process wrote
        storage = self._storage(relpath)
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

    # -- damage ------------------------------------------------------------------
    def _recover(self, relpath: str, error: CorruptFileError) -> None:
        from rebound_tui.store.backups import recover_damaged_file

        if self.readonly:
            raise StoreError(
                f"{self.data_dir / relpath} is damaged ({error.reason}); start `rebound` "
                "once to set it aside and recover it from a backup"
            ) from None
        with self.transaction(), disk_errors("set aside the damaged", self.data_dir / relpath):
            with self._thread_lock:
                storage = self._storage(relpath)
                storage.invalidate()
                try:
                    storage.read()
                    return  # another process mended it while we waited for the lock
                except CorruptFileError:
                    storage.invalidate()
            message = recover_damaged_file(self, relpath, error.reason)
        with self._thread_lock:
            self._storage(relpath).invalidate()
            self._caches = {k: v for k, v in self._caches.items() if k[0] != relpath}
        self.notice(message)

    def notice(self, message: str) -> None:
        self.notices.append(message)

    def drain_notices(self) -> list[str]:
        out, self.notices = self.notices, []
        return out

    def release(self, relpath: str) -> None:
        """Close one file and drop what is cached of it (after a one-off scan)."""
        db = self._dbs.pop(relpath, None)
        if db is not None:
            db.close()
        for key in [k for k in self._caches if k[0] == relpath]:
            del self._caches[key]

    def forget_files(self) -> None:
        """Close every file and drop every cache (after a restore replaced them)."""
        for db in self._dbs.values():
            db.close()
        self._dbs.clear()
        self._caches.clear()

    def close(self) -> None:
        self.forget_files()
        self._checked_files.flush()

    def data_files(self) -> list[str]:
        """Relative paths of every data file present: the known files and shards only (not
        backups, set-aside files, or anything else someone keeps in the directory)."""
        out = [
            name
            for name in (
                SETTINGS_FILE,
                "interviews.json",
                "rebounds.json",
                "reflections.json",
                "checkins.json",
                "treats.json",
            )
            if (self.data_dir / name).is_file()
        ]
        for pattern, shape in (("cards/cards-*.json", _CARD_SHARD), ("reviews/*.json", _MONTH)):
            out.extend(
                p.relative_to(self.data_dir).as_posix()
                for p in sorted(self.data_dir.glob(pattern))
                if shape.match(p.name) and p.is_file()  # never a FIFO or a directory
            )
        return out


__all__ = ["SCHEMA_VERSION", "Collection", "Repository", "card_shard", "review_shard"]
