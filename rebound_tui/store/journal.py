"""Writes to several files that must land together (an import, a restore): all of them or
none, even if the process is killed at any moment.

The new documents are staged in memory, then written to `.rebound-journal/` with a
manifest last (the commit point), then applied, then the journal is removed. Opening the
directory, or re-reading any file that changed, first finishes a complete journal or
discards an incomplete one, so a kill leaves the state before or the state after.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rebound_tui.store.errors import StoreError, disk_errors, store_error_for
from rebound_tui.store.files import is_data_file
from rebound_tui.store.storage import (
    atomic_write_bytes,
    fsync_directory,
    make_private_dir,
    read_regular_file,
    signature_of,
)

if TYPE_CHECKING:
    from rebound_tui.store.repository import Repository

JOURNAL_DIR = ".rebound-journal"
JOURNAL_MANIFEST = "manifest.json"


class JournalPending(Exception):
    """A read found another process's committed journal: finish it, then read again."""


class Journal:
    """The journal directory of one data directory, as files on disk."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / JOURNAL_DIR
        self._manifest = os.path.join(self.path, JOURNAL_MANIFEST)

    def exists(self) -> bool:
        """True if anything is there (committed, unfinished, or not ours)."""
        return self.path.exists()

    def committed(self) -> bool:
        """True if a committed journal waits to be finished (one stat)."""
        return os.path.exists(self._manifest)

    def write(self, payloads: dict[str, bytes] | dict[str, bytes | None]) -> None:
        """Write every new file (None: a file to remove) and then the manifest: once the
        manifest is durable, the change is committed (an open finishes it); before that,
        nothing happened."""
        journal = self.path
        if os.path.lexists(journal):
            self.discard()
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
                entries.append({"path": relpath, "name": name, "sha256": _sha256(payload)})
            fsync_directory(journal)
            manifest = json.dumps({"version": 1, "files": entries}).encode()
            os.close(atomic_write_bytes(journal / JOURNAL_MANIFEST, manifest))
        except BaseException:
            shutil.rmtree(journal, ignore_errors=True)  # not committed: nothing happened
            raise

    def files(self) -> dict[str, bytes | None] | None:
        """The files of a committed journal, or None if it is unfinished (no manifest) or
        not ours (a manifest or file that is not what we write). The manifest is written
        last and atomically, after every file is durable: once it is there the journal is
        whole, so any other failure to read it (EIO, EMFILE, EACCES...) raises a
        `StoreError` and keeps the journal for the next open."""
        try:
            return self._read()
        except (FileNotFoundError, NotADirectoryError):
            # No manifest: never committed, nothing happened. A listed file gone, or a
            # file planted where the journal directory goes, is damage like a wrong
            # checksum: not a journal we can finish.
            return None
        except OSError as error:
            reason = str(store_error_for(error, "read", self.path))
            raise StoreError(
                f"{reason}; the interrupted import or restore is kept whole and is "
                f"completed the next time Rebound opens {self.data_dir}"
            ) from None

    def _read(self) -> dict[str, bytes | None] | None:
        try:
            manifest = json.loads(read_regular_file(self.path / JOURNAL_MANIFEST))
            out: dict[str, bytes | None] = {}
            for entry in manifest["files"]:
                relpath = entry["path"]
                if not isinstance(relpath, str) or not is_data_file(relpath):
                    return None
                if entry.get("remove") is True:
                    out[relpath] = None
                    continue
                name = entry["name"]
                if not isinstance(name, str) or not re.fullmatch(r"\d{5}\.json", name):
                    return None
                payload = read_regular_file(self.path / name)
                if _sha256(payload) != entry["sha256"]:
                    return None
                out[relpath] = payload
        except (ValueError, KeyError, TypeError):
            return None
        return out

    def remove(self) -> None:
        """Remove a journal that was applied: the manifest first, as a journal without
        one is only ever discarded."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path / JOURNAL_MANIFEST)
        fsync_directory(self.path)
        shutil.rmtree(self.path, ignore_errors=True)
        fsync_directory(self.data_dir)

    def discard(self) -> None:
        """Remove an unusable journal, whatever it is (a directory, or a file planted
        there)."""
        if self.path.is_dir() and not self.path.is_symlink():
            shutil.rmtree(self.path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(self.path)


def committed_error(error: OSError, data_dir: Path) -> StoreError:
    """One line for a failure after the commit point: the change is whole in the journal
    and the next open (or read) completes it."""
    first = store_error_for(error, "finish writing to", data_dir)
    reason = str(first).split(";", 1)[0]
    return type(first)(
        f"{reason}; the change is kept whole and is completed the next time Rebound opens "
        f"{data_dir}"
    )


class Batches:
    """A repository's batches and whole-file replacements, and the finishing of any
    journal (its own, or one another process left) before a file is read."""

    def __init__(self, repo: Repository) -> None:
        self._repo = repo
        self.journal = Journal(repo.data_dir)
        """The journal on disk."""
        self._committing = False
        self._before_commit: Callable[[], Callable[[], None]] | None = None

    @contextlib.contextmanager
    def batch(
        self, *, before_commit: Callable[[], Callable[[], None]] | None = None
    ) -> Iterator[None]:
        """See `Repository.batch`."""
        repo, files = self._repo, self._repo._files
        if files.staging:
            yield
            return
        with repo.transaction():
            self.settle()
            self._before_commit = before_commit
            files.stage_all()
            try:
                yield
            except BaseException:
                self._end(discard=True)
                raise
            try:
                self._commit()
            except BaseException as error:
                self._end(discard=True)  # what is on disk is the truth now
                if isinstance(error, OSError):
                    raise store_error_for(error, "save to", repo.data_dir) from None
                raise
            self._end(discard=False)

    def _end(self, *, discard: bool) -> None:
        self._before_commit = None
        files = self._repo._files
        with files.thread_lock:
            files.unstage_all(discard=discard)

    def _commit(self) -> None:
        staged = self._repo._files.staged()
        payloads = {
            relpath: storage.encode(storage.pending or {}) for relpath, storage in staged.items()
        }
        before_commit, self._before_commit = self._before_commit, None
        undo = before_commit() if before_commit is not None and payloads else None
        data_dir = self._repo.data_dir
        try:
            if len(payloads) > 1:
                self.journal.write(payloads)
            elif payloads:  # one file: one atomic replace, the commit point itself
                relpath, storage = next(iter(staged.items()))
                make_private_dir((data_dir / relpath).parent)
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
                make_private_dir((data_dir / relpath).parent)
                storage.commit_payload(payloads[relpath], storage.pending)
        except OSError as error:
            if len(payloads) > 1:  # past the commit point: the journal finishes it later
                raise committed_error(error, data_dir) from None
            raise
        finally:
            self._committing = False
        if len(payloads) > 1:
            self.journal.remove()

    def replace_files(self, files: dict[str, bytes | None]) -> None:
        """See `Repository.replace_files`."""
        repo = self._repo
        for relpath in files:
            if not is_data_file(relpath):
                raise StoreError(f"{relpath!r} is not a Rebound data file")
        with repo.transaction():
            self.settle()
            repo._files.forget()
            try:
                self.journal.write(files)
            except OSError as error:
                repo._files.forget()
                raise store_error_for(error, "write to", repo.data_dir) from None
            try:
                self._apply_files(files)
                self.journal.remove()
            except OSError as error:
                raise committed_error(error, repo.data_dir) from None
            finally:
                repo._files.forget()

    def _apply_files(self, files: dict[str, bytes | None]) -> None:
        open_files = self._repo._files
        self._committing = True
        try:
            for relpath, payload in files.items():
                target = self._repo.data_dir / relpath
                if payload is None:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(target)
                    open_files.release(relpath)
                    self._repo._summaries.removed(relpath)
                    continue
                make_private_dir(target.parent)
                fd = atomic_write_bytes(target, payload)
                try:
                    signature = signature_of(os.fstat(fd))
                finally:
                    os.close(fd)
                open_files.invalidate(relpath)
                self._repo._summaries.written_bytes(relpath, payload, signature)
        finally:
            self._committing = False

    # -- finishing a journal -----------------------------------------------------
    def before_read(self) -> None:
        """Before any file is parsed again: a committed journal another process left (or is
        applying) is finished first, so no read ever sees half of a batch. Raises
        `JournalPending` if that needs the directory lock, which this thread lacks."""
        if self._committing or not self.journal.committed():
            return
        repo = self._repo
        if repo.readonly:
            raise StoreError(
                f"an import into {repo.data_dir} was interrupted; start `rebound` once to "
                "finish it"
            )
        if repo._lock.held_here():
            self.settle()
        else:
            raise JournalPending

    def settle_before_listing(self) -> None:
        """Finish another process's committed journal before listing shards: it may be
        about to create some."""
        repo = self._repo
        try:
            with repo._files.thread_lock:
                self.before_read()
        except JournalPending:
            with repo.transaction(), disk_errors("finish a write in", repo.data_dir):
                self.settle()

    def settle(self) -> None:
        """Finish a committed journal or discard an unfinished one (idempotent); the caller
        holds the directory lock."""
        if not self.journal.exists():
            return
        files = self.journal.files()
        if files is None:
            self.journal.discard()
            return
        self._apply_files(files)
        self.journal.remove()
        self._repo.notice("An import or restore that was interrupted has been completed.")


def _sha256(payload: bytes) -> str:
    import hashlib  # here: a start with no journal to apply (nearly every one) needs none

    return hashlib.sha256(payload).hexdigest()
