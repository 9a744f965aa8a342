"""The directory lock: one `filelock` lock file serialises every read-modify-write across
processes (a local terminal and an SSH session), so two instances lose nothing."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rebound_tui.store.errors import DataDirNotWritable, StoreError

LOCK_NAME = ".rebound.lock"
LOCK_TIMEOUT_SECONDS = 15


class DirectoryLock:
    """The lock on one data directory; re-entrant, and it knows which thread holds it."""

    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir
        self._lock: Any = None  # a FileLock, made on first use (importing it costs start-up)
        self._timeout: type[Exception] = Exception
        self._owner: int | None = None
        self._depth = 0

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Hold the lock for the block, waiting up to `LOCK_TIMEOUT_SECONDS` for it."""
        if self._lock is None:
            from filelock import FileLock, Timeout

            self._lock = FileLock(self._data_dir / LOCK_NAME, mode=0o600)
            self._timeout = Timeout
        try:
            self._lock.acquire(timeout=LOCK_TIMEOUT_SECONDS)
        except self._timeout:
            raise StoreError(
                f"another Rebound has held {self._data_dir} for over "
                f"{LOCK_TIMEOUT_SECONDS}s; close it and try again"
            ) from None
        except OSError as error:
            raise DataDirNotWritable(
                f"cannot write to {self._data_dir}: {error.strerror or error}"
            ) from None
        outer = self._owner
        self._owner = threading.get_ident()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._owner = None
            else:
                self._owner = outer
            self._lock.release()

    def held_here(self) -> bool:
        """True if this thread holds the lock."""
        return self._depth > 0 and self._owner == threading.get_ident()
