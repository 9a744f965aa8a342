"""The app reads on a worker thread (home's figures after the first paint) while the UI
thread may write (a settings answer, a check-in): every read and write of an open file
goes through the store's thread lock, so a file's held descriptor is never closed twice
(the second close would close whatever file had reused the number: "Bad file
descriptor" for a later read of settings.json, seen in a served session)."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.services.overview import build_overview
from rebound_tui.store.repository import Repository
from tests.factories import bare_cards, drill_cards
from tests.helpers import open_repo


@pytest.fixture
def fast_switching() -> Iterator[None]:
    """Threads take turns every microsecond, so an unguarded section interleaves."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def _hammer(read: Callable[[], object], write: Callable[[int], object], rounds: int) -> None:
    errors: list[BaseException] = []
    done = threading.Event()

    def reader() -> None:
        try:
            while not done.is_set():
                read()
        except BaseException as error:  # handed to the test below
            errors.append(error)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(rounds):
            write(i)
            if errors:
                break
    finally:
        done.set()
        thread.join()
    assert errors == []


def _open_fds() -> set[str]:
    return {
        os.readlink(f"/proc/self/fd/{fd}")
        for fd in os.listdir("/proc/self/fd")
        if os.path.exists(f"/proc/self/fd/{fd}")
    }


@pytest.mark.usefixtures("fast_switching")
def test_settings_saved_while_a_worker_reads_the_figures(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 3))

    def read() -> None:
        build_overview(repo, clock.now())
        repo.settings()

    def write(i: int) -> None:
        repo.save_settings(replace(repo.settings(), new_per_day=5 + i % 3))

    _hammer(read, write, rounds=300)
    assert repo.settings().new_per_day == 5 + 299 % 3
    repo.close()
    assert not any(str(data_dir) in target for target in _open_fds())


@pytest.mark.usefixtures("fast_switching")
def test_cards_saved_while_a_worker_reads_settings(data_dir: Path, clock: FixedClock) -> None:
    repo: Repository = open_repo(data_dir, clock)

    def write(i: int) -> None:
        repo.cards.put(bare_cards(clock.now(), 7)[i % 7])

    _hammer(lambda: (repo.settings(), repo.cards.all()), write, rounds=300)
    assert len(repo.cards.all()) == 7
    repo.close()
    assert not any(str(data_dir) in target for target in _open_fds())
