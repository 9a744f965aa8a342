"""Shared fixtures. Every test gets its own data directory and a fixed clock, and the
tester's own Rebound data and terminal settings are kept out of the way."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.store.repository import Repository
from tests.helpers import START, open_repo


@pytest.fixture(autouse=True)
def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("REBOUND_HOME", str(tmp_path / "default-home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("REBOUND_FAKE_NOW", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")


@pytest.fixture(autouse=True)
def _close_repositories(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Close every repository a test opened: each holds its data files open, and a worker
    that runs hundreds of tests would otherwise pass 1,024 descriptors."""
    opened: list[Repository] = []
    real_open = Repository.open.__func__  # type: ignore[attr-defined]  # the classmethod's function

    def tracked(cls: type[Repository], *args: object, **kwargs: object) -> Repository:
        repository = real_open(cls, *args, **kwargs)
        opened.append(repository)
        return repository

    monkeypatch.setattr(Repository, "open", classmethod(tracked))
    yield
    for repository in opened:
        with contextlib.suppress(Exception):
            repository.close()


@pytest.fixture(autouse=True)
def _no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blinking cursors make snapshots flaky."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False)
    monkeypatch.setattr(TextArea, "cursor_blink", False)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def repo(data_dir: Path, clock: FixedClock) -> Iterator[Repository]:
    repository = open_repo(data_dir, clock)
    yield repository
    repository.close()
