"""Damaged files: found when read, set aside, replaced by their newest good backup.

Every file is checked once each time it is parsed (`files.check_document`): a file of the
wrong shape, or with one record `from_record` refuses, is damaged like one that does not
parse. It is set aside under a name of its own, its newest good copy from a backup is put
in its place (or an empty file, if no backup has one), and one notice tells the user.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from rebound_tui.store.errors import StoreError, disk_errors, store_error_for
from rebound_tui.store.journal import JournalPending
from rebound_tui.store.storage import (
    EMPTY_DOCUMENT,
    CorruptFileError,
    atomic_write_bytes,
    fsync_directory,
)

if TYPE_CHECKING:
    from rebound_tui.store.repository import Repository

T = TypeVar("T")


class Repair:
    """Reads that mend what they find damaged, for one repository."""

    def __init__(self, repo: Repository) -> None:
        self._repo = repo

    def mended(self, relpath: str, read: Callable[[], T]) -> T:
        """Run `read` under the thread lock; if the file turns out damaged, recover it
        (file lock first, then the thread lock: the order every writer uses) and retry.
        A committed journal found on the way is finished first."""
        repo = self._repo
        files = repo._files
        damage: CorruptFileError | None = None
        for _attempt in range(3):
            with files.thread_lock:
                try:
                    repo._batches.before_read()  # one stat: no read sees half of a batch
                    result = read()
                    files.flush_checked()
                    return result
                except CorruptFileError as error:
                    damage = error
                except JournalPending:
                    damage = None
                except OSError as error:
                    doing = "save" if repo._lock.held_here() else "read"
                    raise store_error_for(error, doing, repo.data_dir / relpath) from None
            if damage is not None:
                self.recover(relpath, damage)
            else:
                with (
                    repo.transaction(),
                    disk_errors("finish the interrupted write in", repo.data_dir),
                ):
                    repo._batches.settle()
        with files.thread_lock:
            try:
                return read()
            except OSError as error:
                raise store_error_for(error, "read", repo.data_dir / relpath) from None

    def recover(self, relpath: str, error: CorruptFileError) -> None:
        """Set the damaged file aside and bring back its newest good copy (one notice)."""
        repo = self._repo
        files = repo._files
        if repo.readonly:
            raise StoreError(
                f"{repo.data_dir / relpath} is damaged ({error.reason}); start `rebound` "
                "once to set it aside and recover it from a backup"
            ) from None
        with repo.transaction(), disk_errors("set aside the damaged", repo.data_dir / relpath):
            with files.thread_lock:
                storage = files.storage(relpath)
                storage.invalidate()
                try:
                    storage.read()
                    return  # another process mended it while we waited for the lock
                except CorruptFileError:
                    storage.invalidate()
            message = recover_damaged_file(repo, relpath, error.reason)
        with files.thread_lock:
            files.storage(relpath).invalidate()
            files.drop_caches(relpath)
        repo.notice(message)


def recover_damaged_file(repo: Repository, relpath: str, reason: str) -> str:
    """Set a damaged file aside and bring back its newest good copy; return the message."""
    from rebound_tui.store.backups import BACKUP_DIR, is_good_copy, list_backups, time_stamp

    path = repo.data_dir / relpath
    aside = _set_aside(path, time_stamp(repo))
    for backup in list_backups(repo.data_dir):
        candidate = repo.data_dir / BACKUP_DIR / backup.name / relpath
        if candidate.is_file() and is_good_copy(candidate, relpath):
            os.close(atomic_write_bytes(path, candidate.read_bytes()))
            return (
                f"{relpath} could not be read ({reason}); it was set aside as {aside.name} "
                f"and its copy from backup {backup.name} is in use."
            )
    os.close(atomic_write_bytes(path, EMPTY_DOCUMENT))
    return (
        f"{relpath} could not be read ({reason}); it was set aside as {aside.name} and no "
        "backup holds a good copy, so it starts empty."
    )


def _set_aside(path: Path, stamp: str) -> Path:
    """Keep the damaged file under a name no earlier set-aside file has: a second damage
    within the same second gets `-2`, and so on. The name is claimed with a hard link (or
    an exclusive create), never by replacing whatever is there."""
    is_dir = stat.S_ISDIR(os.lstat(path).st_mode)
    for n in range(1, 10_000):
        aside = path.with_name(f"{path.name}.corrupt-{stamp}" + (f"-{n}" if n > 1 else ""))
        if is_dir:
            # A directory cannot be linked, nor replace a file: it is renamed to a name
            # nothing has (we hold the directory lock, so none appears meanwhile).
            if os.path.lexists(aside):
                continue
            os.rename(path, aside)
            fsync_directory(path.parent)
            return aside
        try:
            os.link(path, aside)
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            try:
                os.close(os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except FileExistsError:
                continue
            try:
                os.replace(path, aside)  # over the empty file we just created, nothing else
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(aside)  # no empty set-aside file is left for each try
                raise
        fsync_directory(path.parent)
        return aside
    raise StoreError(f"too many damaged copies of {path.name} are kept; remove some")
