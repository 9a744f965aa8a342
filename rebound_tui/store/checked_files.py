"""Which data files passed the record check and have not changed since, remembered in the
user's cache directory so that a start need not check them again."""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path

from rebound_tui.store.storage import Signature, make_private_dir, read_regular_file


class CheckedFiles:
    """Which data files passed `check_document`, by (inode, mtime_ns, size), kept in the
    user's cache directory: a file unchanged since it was last checked is not checked
    again on the next start (checking every record of the start-up files costs more than
    parsing them). Derived data: a cache that is missing or not what we wrote is empty;
    any change to a file (an atomic replace gives a new inode, an edit a new mtime) means
    it is checked again."""

    VERSION = 1  # bump when the record rules change

    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir
        self._path: Path | None = None
        self._files: dict[str, list[int]] | None = None
        self._dirty = False

    def _load(self) -> dict[str, list[int]]:
        if self._files is not None:
            return self._files
        import hashlib

        from platformdirs import user_cache_dir

        from rebound_tui import __version__

        key = hashlib.sha256(str(self._data_dir.resolve()).encode()).hexdigest()[:24]
        self._path = Path(user_cache_dir("rebound", appauthor=False)) / f"checked-{key}.json"
        self._stamp = [self.VERSION, __version__]
        files: dict[str, list[int]] = {}
        try:
            cached = json.loads(read_regular_file(self._path))
            if isinstance(cached, dict) and cached.get("version") == self._stamp:
                entries = cached.get("files")
                if isinstance(entries, dict):
                    files = {k: v for k, v in entries.items() if isinstance(v, list)}
        except (OSError, ValueError, RecursionError):
            pass
        self._files = files
        return files

    def known(self, relpath: str, signature: Signature) -> bool:
        return self._load().get(relpath) == list(signature)

    def add(self, relpath: str, signature: Signature | None) -> None:
        # Only a file last changed over a second ago: any later change then gets a later
        # mtime, even on a file system whose clock ticks coarsely (and one that puts the
        # mtime back still gets a later ctime, unless made within the same clock tick).
        if signature is not None and time.time_ns() - signature[1] > 1_000_000_000:
            self._load()[relpath] = list(signature)
            self._dirty = True

    def flush(self) -> None:
        """Write the cache if it changed (no fsync: losing it costs one slower start)."""
        if not self._dirty or self._path is None:
            return
        self._dirty = False
        payload = json.dumps({"version": self._stamp, "files": self._files}).encode()
        temp = self._path.with_name(f".{self._path.name}.{os.getpid()}.tmp")
        try:
            make_private_dir(self._path.parent)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, payload)
            finally:
                os.close(fd)
            os.replace(temp, self._path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
