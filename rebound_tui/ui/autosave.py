"""Autosave: what is typed is saved within about a second, and at once on exit or hang-up.

Screens call `schedule(key, save)` on every change; the newest `save` per key runs when
the timer fires (0.7 s after the first unsaved change, so steady typing still saves
about every second) or when `flush()` is called (leaving a screen, quitting, SIGHUP).

A save that fails (a full disk, a directory turned read-only, a lock held elsewhere) stays
pending and is retried. While anything is pending the app will not quietly go: leaving a
screen or quitting asks first (`UnsavedScreen`), and `rescue(path)` writes what is pending
as a Rebound export document that `rebound import` brings back.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rebound_tui.services import settings

if TYPE_CHECKING:
    from textual.timer import Timer

    from rebound_tui.ui.app import ReboundApp

SAVE_DELAY_SECONDS = 0.7
RETRY_SECONDS = 5.0


class CannotGather(OSError):
    """What is unsaved could not be gathered into a file: it stays pending."""


class Autosaver:
    def __init__(self, app: ReboundApp, delay: float = SAVE_DELAY_SECONDS) -> None:
        self._app = app
        self._delay = delay
        self._pending: dict[str, Callable[[], None]] = {}
        self._timer: Timer | None = None
        self.last_error: str = ""
        """Why the last save failed, in one line ("" once everything is saved)."""

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def schedule(self, key: str, save: Callable[[], None]) -> None:
        self._pending[key] = save
        if self._timer is None:
            self._timer = self._app.set_timer(self._delay, self.flush, name="autosave")

    def flush(self) -> bool:
        """Run every pending save now; True if everything is saved. A save that fails
        stays pending and is retried, and the user is told (once per failure streak)."""
        from rebound_tui.services import StoreError

        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        failed: dict[str, Callable[[], None]] = {}
        error_text = ""
        while self._pending:
            key = next(iter(self._pending))
            save = self._pending.pop(key)
            try:
                save()
            except (StoreError, OSError) as error:
                failed[key] = save
                error_text = _describe(error)
        if failed:
            if not self.last_error:
                self._app.notify(
                    f"Not saved yet, will retry: {error_text}", severity="error", markup=False
                )
            self.last_error = error_text
            self._pending.update(failed)
            self._timer = self._app.set_timer(RETRY_SECONDS, self.flush, name="autosave-retry")
            return False
        if self.last_error:
            self.last_error = ""
            self._app.notify("Saved: everything you typed is stored now.", timeout=4)
        return True

    def unsaved_records(self) -> list[tuple[str, Any]]:
        """The (table, record) pairs the pending saves would store, newest per record.
        Raises `CannotGather` if a pending save cannot even build its records: then
        nothing may be called rescued."""
        from rebound_tui.services.rescue import capturing  # only on the way to a rescue

        latest: dict[tuple[str, str], Any] = {}
        with capturing(self._app.repo) as captured:
            for save in list(self._pending.values()):
                try:
                    save()
                except Exception as error:
                    raise CannotGather(str(error) or type(error).__name__) from error
        for table, record in captured:
            latest[(table, record.id)] = record
        return [(table, record) for (table, _), record in latest.items()]

    def rescue(self, path: Path) -> Path:
        """Write what is pending to `path` (0600, never over an existing file) as a Rebound
        export document; once written, nothing is pending. Raises OSError."""
        from rebound_tui.services.rescue import rescue_document

        document = rescue_document(self.unsaved_records(), self._app.clock.now())
        payload = json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")
        path = path.expanduser()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            path.unlink(missing_ok=True)
            raise
        os.close(fd)
        self.discard()
        return path

    def rescue_anywhere(self, name: str) -> Path | None:
        """Last resort when nobody can be asked (a hang-up, a store error that ends the
        app): try the data directory's parent, the temp directory, then /dev/shm."""
        data_dir = settings.data_dir(self._app.repo)
        for folder in (data_dir.parent, Path(tempfile.gettempdir()), Path("/dev/shm")):
            try:
                return self.rescue(folder / name)
            except CannotGather:
                return None
            except OSError:
                continue
        return None

    def discard(self) -> None:
        """Forget what is pending (it was written elsewhere)."""
        self._pending.clear()
        self.last_error = ""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__
