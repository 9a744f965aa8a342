"""Errors the store raises for the user to read: each message is one clear line."""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path


class StoreError(Exception):
    """A problem with the data directory that the user has to act on."""


class DataDirNotWritable(StoreError):
    pass


class OpenFailed(StoreError):
    """The data directory could not be opened once the app was already showing (a home
    painted before the store was opened: `services.deferred_store`)."""

    doing = "could not open the data directory"
    """How the app's one line on leaving begins (a store error's is "could not save")."""


class DiskFullError(StoreError):
    """The disk (or the user's quota) is full: nothing was saved."""


class NewerSchemaError(StoreError):
    pass


class RecordRejected(StoreError):
    """A record the store would refuse to read back (a value out of range, a text over
    its cap): it is not written, so no file is ever damaged by the app itself."""


class ImportFileError(StoreError):
    """An import file that cannot be used; nothing was written."""


_FULL = {errno.ENOSPC, errno.EDQUOT}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


def store_error_for(error: OSError, doing: str, path: Path | str) -> StoreError:
    """One plain line for an `OSError` met while `doing` ("save", "read") `path`."""
    if error.errno in _FULL:
        return DiskFullError(f"the disk is full: could not {doing} {path}; nothing was changed")
    if error.errno in _DENIED:
        reason = "it is read-only" if error.errno == errno.EROFS else "permission denied"
        return DataDirNotWritable(f"could not {doing} {path}: {reason}")
    reason = error.strerror or str(error) or type(error).__name__
    return StoreError(f"could not {doing} {path}: {reason}")


@contextlib.contextmanager
def disk_errors(doing: str, path: Path | str) -> Iterator[None]:
    """Turn an `OSError` inside the block into a `StoreError` with one plain line."""
    try:
        yield
    except OSError as error:
        raise store_error_for(error, doing, path) from None
