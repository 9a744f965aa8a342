"""`AtomicJSONStorage`: TinyDB's JSON storage, made crash-safe and multi-process aware.

TinyDB's own `JSONStorage` rewrites its file in place, so a crash mid-write leaves half a
file. This storage never touches the live file: it writes a temp file beside it, fsyncs
it, `os.replace`s it over the old one and fsyncs the directory. A reader therefore sees
either the old or the new document, never a torn one.

It also keeps the parsed document and re-parses only when the file on disk is a different
one: (inode, mtime_ns, size) changed. Because we hold an open descriptor on the file we
last read or wrote, its inode cannot be recycled by another process's replacement, so an
unchanged inode really does mean an unchanged file.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
import warnings
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

DIR_MODE = 0o700
FILE_MODE = 0o600
_TEMP_MARK = ".tmp-"
_STALE_AFTER_SECONDS = 3600


class CorruptFileError(ValueError):
    """A data file exists but is not a JSON document TinyDB can use."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def make_private_dir(path: Path) -> None:
    """Create `path` (and parents) as 0700 directories if missing."""
    if not path.is_dir():
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.chmod(path, DIR_MODE)


def fsync_directory(path: Path) -> None:
    """Make a rename inside `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes) -> int:
    """Durably replace `path` with `payload`; return an open fd on the new file."""
    temp = path.with_name(f".{path.name}{_TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.replace(temp, path)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    try:
        fsync_directory(path.parent)
    except BaseException:
        os.close(fd)
        raise
    return fd


def remove_stale_temp_files(path: Path) -> None:
    """Delete temp files left beside `path` by writers that died mid-write."""
    prefix = f".{path.name}{_TEMP_MARK}"
    try:
        entries = list(os.scandir(path.parent))
    except FileNotFoundError:
        return
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        pid_text = entry.name[len(prefix) :].split("-", 1)[0]
        try:
            old = now - entry.stat().st_mtime > _STALE_AFTER_SECONDS
        except FileNotFoundError:
            continue
        if old or not _process_alive(pid_text):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)


def _process_alive(pid_text: str) -> bool:
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid == os.getpid():
        return False  # our own leftovers from an earlier, failed write
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class AtomicJSONStorage(Storage):
    """A drop-in `tinydb.Storage`: `TinyDB(path, storage=AtomicJSONStorage)`.

    Accepts JSONStorage's arguments (`create_dirs`, `encoding`, `access_mode`, and json
    keyword arguments such as `indent`).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        create_dirs: bool = False,
        encoding: str | None = None,
        access_mode: str = "r+",
        **kwargs: Any,
    ) -> None:
        super().__init__()
        self._path = Path(path)
        self._mode = access_mode
        self._encoding = encoding or "utf-8"
        self.kwargs = kwargs
        self._held_fd: int | None = None
        self._signature: tuple[int, int, int] | None = None
        self._cache: dict[str, Any] | None = None
        self.generation = 0
        """Bumped every time the document in memory is replaced by one parsed from disk."""

        if access_mode not in ("r", "rb", "r+", "rb+"):
            warnings.warn(
                "Using an `access_mode` other than 'r', 'rb', 'r+' or 'rb+' "
                "can cause data loss or corruption",
                stacklevel=2,
            )
        self._writable = any(ch in access_mode for ch in "+wa")
        if self._writable:
            if create_dirs:
                make_private_dir(self._path.parent)
            remove_stale_temp_files(self._path)
            if not self._path.exists():
                self._hold(atomic_write_bytes(self._path, b""))
        elif not self._path.exists():
            raise FileNotFoundError(self._path)

    @property
    def path(self) -> Path:
        return self._path

    def _hold(self, fd: int) -> tuple[int, int, int]:
        if self._held_fd is not None:
            os.close(self._held_fd)
        self._held_fd = fd
        st = os.fstat(fd)
        self._signature = (st.st_ino, st.st_mtime_ns, st.st_size)
        return self._signature

    def _disk_signature(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self._path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def changed_on_disk(self) -> bool:
        """True if the file is not the one whose contents we hold."""
        return self._disk_signature() != self._signature or self._signature is None

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._signature is not None and self._disk_signature() == self._signature:
            return self._cache
        try:
            fd = os.open(self._path, os.O_RDONLY)
        except FileNotFoundError:
            self._drop()
            return None
        try:
            with os.fdopen(os.dup(fd), "rb") as handle:
                raw = handle.read()
        except BaseException:
            os.close(fd)
            raise
        self._hold(fd)
        self.generation += 1
        self._cache = None
        if raw.strip():
            try:
                data = json.loads(raw.decode(self._encoding))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                self._drop()
                raise CorruptFileError(self._path, f"not valid JSON ({error})") from None
            if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
                self._drop()
                raise CorruptFileError(self._path, "not a TinyDB document")
            self._cache = data
        return self._cache

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if not self._writable:
            raise OSError(f'Cannot write to the database. Access mode is "{self._mode}"')
        payload = json.dumps(data, **self.kwargs).encode(self._encoding)
        try:
            fd = atomic_write_bytes(self._path, payload)
        except BaseException:
            self._drop()  # the caller may have changed the cached dict; trust the disk
            raise
        self._hold(fd)
        self._cache = data

    def invalidate(self) -> None:
        """Forget the cached document; the next read parses the file again."""
        self._drop()

    def _drop(self) -> None:
        self._signature = None
        self._cache = None
        if self._held_fd is not None:
            os.close(self._held_fd)
            self._held_fd = None
        self.generation += 1

    def close(self) -> None:
        if self._held_fd is not None:
            os.close(self._held_fd)
            self._held_fd = None
