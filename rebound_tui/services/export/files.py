"""Writing an export: private (0600 files, 0700 folders) and atomic, so a failed export
never truncates what was there."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

FILE_MODE = 0o600


DIR_MODE = 0o700


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path`, readable by its owner only (0600), so that a failure (a full
    disk, no permission) never truncates what `path` held: a temp file in the same folder
    is written, fsynced and renamed over it. A symlink at `path` is replaced, never
    followed (a link planted in a shared folder cannot redirect the write). A path that
    is not a regular file (a FIFO, /dev/stdout) is written as is; a directory raises
    IsADirectoryError. OSError on failure, with nothing left behind."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "Is a directory", str(path))
    if mode is not None and not stat.S_ISREG(mode):
        with open(path, "wb") as stream:  # a device or a pipe: nothing to truncate
            stream.write(data)
        return
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, FILE_MODE)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    with contextlib.suppress(OSError):  # the rename is done; this only makes it durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
