"""The store of a start that paints home from what it kept, opened once something reads
it: after the first frame, not before.

Home keeps its panels beside `rebound status`'s figures, with the settings it was shown
with, while nothing they depend on has changed (`status_snapshot`). A start that finds
them holding needs nothing else for its first frame: the settings file is the very one
they were read from, so the app takes its theme and keys from them, and home shows the
kept panels. The store (its modules, its open: the lock, the journal, today's backup)
is then opened by whatever reads it first, home's reading of its figures a moment after
the frame, on that thread; its notices are shown by the app, not printed.

Everything else asks the store itself: a `DeferredStore` stands in for the repository
(`ReboundApp.repo`), opening it under a lock on first use. If that open fails, the
error is raised where it was asked for, as any store error is."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from rebound_tui.domain.clock import Clock
from rebound_tui.domain.settings_record import Settings
from rebound_tui.store.errors import OpenFailed, StoreError

if TYPE_CHECKING:
    from rebound_tui.store.repository import Repository


def kept_start(data_dir: Path, now: datetime) -> tuple[Any, Settings] | None:
    """Home's kept panels (`status_snapshot.remembered_home`) and the settings they were
    shown with, while they hold; else None."""
    from rebound_tui.domain.codec import RecordError, from_record
    from rebound_tui.services.status_snapshot import remembered_start

    kept = remembered_start(SimpleNamespace(data_dir=data_dir), now)
    if kept is None:
        return None
    try:
        return kept[0], from_record(Settings, kept[1])
    except RecordError:
        return None  # not what we write: the store is opened as usual


class DeferredStore:
    """A repository opened on first use (see the module). `data_dir`, `clock`,
    `readonly`, `settings()` (the kept ones, until the store is open), notices (none
    until then), `close()` and `take_kept_home()` (the panels found holding, for home's
    first frame) need no store."""

    def __init__(
        self,
        data_dir: Path,
        clock: Clock,
        kept: tuple[Any, Settings],
        opener: Callable[[], Repository],
    ) -> None:
        self._kept_home, settings = kept
        self.data_dir = data_dir
        self.clock = clock
        self.readonly = False
        self._settings = settings
        self._opener = opener
        self._repo: Repository | None = None
        self._opening = threading.Lock()

    def take_kept_home(self) -> Any:
        """The kept panels found holding as the command started, once (a home made later
        looks again)."""
        kept, self._kept_home = self._kept_home, None
        return kept

    @property
    def is_open(self) -> bool:
        return self._repo is not None

    def opened(self) -> Repository:
        """The repository, opened now if it was not yet (once, whichever thread asks)."""
        repo = self._repo
        if repo is not None:
            return repo
        with self._opening:
            if self._repo is None:
                try:
                    self._repo = self._opener()
                except StoreError as error:
                    raise OpenFailed(str(error)) from error
            return self._repo

    def settings(self) -> Settings:
        return self._settings if self._repo is None else self._repo.settings()

    @property
    def noticed(self) -> int:
        return 0 if self._repo is None else self._repo.noticed

    def drain_notices(self) -> list[str]:
        return [] if self._repo is None else self._repo.drain_notices()

    def close(self) -> None:
        if self._repo is not None:
            self._repo.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.opened(), name)
