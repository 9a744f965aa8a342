"""Autosave: what is typed is saved within about a second, and at once on exit or hang-up.

Screens call `schedule(key, save)` on every change; the newest `save` per key runs when
the timer fires (0.7 s after the first unsaved change, so steady typing still saves
about every second) or when `flush()` is called (leaving a screen, quitting, SIGHUP).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

SAVE_DELAY_SECONDS = 0.7


class Autosaver:
    def __init__(self, app: App[Any], delay: float = SAVE_DELAY_SECONDS) -> None:
        self._app = app
        self._delay = delay
        self._pending: dict[str, Callable[[], None]] = {}
        self._timer: Timer | None = None

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def schedule(self, key: str, save: Callable[[], None]) -> None:
        self._pending[key] = save
        if self._timer is None:
            self._timer = self._app.set_timer(self._delay, self.flush, name="autosave")

    def flush(self) -> None:
        """Run every pending save now. A save that fails (disk full, the directory lock
        held elsewhere for too long) stays pending and is retried, and the user is told."""
        from rebound_tui.store.errors import StoreError

        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        failed: dict[str, Callable[[], None]] = {}
        while self._pending:
            key = next(iter(self._pending))
            save = self._pending.pop(key)
            try:
                save()
            except (StoreError, OSError) as error:
                failed[key] = save
                self._app.notify(f"Not saved yet, will retry: {error}", severity="error")
        if failed:
            self._pending.update(failed)
            self._timer = self._app.set_timer(5.0, self.flush, name="autosave-retry")
