"""A home start whose kept panels hold paints its first frame before the store is opened
(`services.deferred_store`): the app takes the settings home kept with its panels, and
the store is opened by the first thing that reads it, home's figures a moment later."""

from __future__ import annotations

import argparse
import threading
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from rebound_tui.cli.app import deferred_store
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import CheckIn
from rebound_tui.services import status_snapshot
from rebound_tui.services.deferred_store import DeferredStore, kept_start
from rebound_tui.services.overview import build_overview_kept
from rebound_tui.store.errors import StoreError
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.home_panels import kept_form, texts
from rebound_tui.ui.screens.home import HomeScreen
from tests.factories import drill_cards
from tests.helpers import START, fresh_python, open_repo


@pytest.fixture
def kept(data_dir: Path, clock: FixedClock) -> Path:
    """A data directory whose home panels were kept (as home keeps them), in a theme and
    with a key of the user's own."""
    repo = open_repo(data_dir, clock)
    repo.save_settings(replace(repo.settings(), theme="gruvbox", keymap={"home.cards": "k"}))
    repo.cards.put_many(drill_cards(clock.now(), 3))
    repo.checkins.put(CheckIn(id="k", at=clock.now() - timedelta(hours=1), words=("calm",)))
    build_overview_kept(repo, clock.now(), kept_form)
    repo.close()
    return data_dir


def counting_opener(data_dir: Path, clock: FixedClock) -> tuple[list[Repository], DeferredStore]:
    opened: list[Repository] = []

    def opener() -> Repository:
        time.sleep(0.01)  # long enough for another thread to ask meanwhile
        repo = Repository.open(data_dir, clock, check_files=False)
        opened.append(repo)
        return repo

    kept = kept_start(data_dir, clock.now())
    assert kept is not None
    return opened, DeferredStore(data_dir, clock, kept, opener)


def test_the_kept_settings_are_the_stores_while_the_panels_hold(
    kept: Path, clock: FixedClock
) -> None:
    repo = Repository.open(kept, clock, readonly=True)
    found = kept_start(kept, clock.now())
    assert found is not None and found[1] == repo.settings()
    assert found[0] == status_snapshot.remembered_home(repo, clock.now())
    repo.close()
    writer = open_repo(kept, clock)
    writer.save_settings(replace(writer.settings(), theme="nord"))
    writer.close()
    assert kept_start(kept, clock.now()) is None  # the settings file changed


def test_no_kept_panels_no_deferred_store(data_dir: Path, clock: FixedClock) -> None:
    open_repo(data_dir, clock).close()
    assert kept_start(data_dir, clock.now()) is None
    args = argparse.Namespace(data_dir=str(data_dir))
    assert deferred_store(args) is None  # the command opens the store as ever


def test_it_opens_once_whichever_thread_asks_first(kept: Path, clock: FixedClock) -> None:
    opened, store = counting_opener(kept, clock)
    assert not store.is_open
    assert store.settings().theme == "gruvbox"  # kept: nothing opened
    assert store.drain_notices() == [] and store.noticed == 0
    store.close()
    assert opened == []
    found: list[object] = []
    threads = [threading.Thread(target=lambda: found.append(store.opened())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(opened) == 1 and found == [opened[0]] * 4
    assert store.cards.get("c0") is not None  # the rest is the store's own
    store.close()


async def test_home_paints_before_the_store_is_opened_then_reads_it(
    kept: Path, clock: FixedClock
) -> None:
    opened, store = counting_opener(kept, clock)
    app = ReboundApp(store, clock, load_in_background=True)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert opened == []  # painted from what it kept
        assert app.theme == "gruvbox"
        assert "Today's drill" in str(home.query_one("#home-drill").border_title)
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(opened) == 1
        assert (
            texts(home.overview, clock.now()).drill
            == texts(build_overview_kept(opened[0], clock.now()), clock.now()).drill
        )
    store.close()


async def test_a_store_that_cannot_be_opened_after_the_frame_ends_the_app_in_one_line(
    kept: Path, clock: FixedClock
) -> None:
    def refused() -> Repository:
        raise StoreError("the data directory is held by another Rebound")

    found = kept_start(kept, clock.now())
    assert found is not None
    store = DeferredStore(kept, clock, found, refused)
    app = ReboundApp(store, clock, load_in_background=True)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.pause()
    assert app.return_code == 1
    assert app.failure is not None and "held by another Rebound" in app.failure
    assert app.failure.startswith("could not open the data directory: ")


def test_the_command_defers_only_while_home_holds(
    kept: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REBOUND_FAKE_NOW", START.isoformat())
    args = argparse.Namespace(data_dir=str(kept))
    store = deferred_store(args)
    assert isinstance(store, DeferredStore) and not store.is_open
    assert store.data_dir == kept and store.settings().keymap == {"home.cards": "k"}
    assert store.take_kept_home() is not None
    assert store.take_kept_home() is None  # once: a home made later looks again


def test_a_deferred_start_imports_no_store_before_its_first_frame(kept: Path) -> None:
    """What a start from kept panels runs before its first frame (the command's modules,
    the app's, home's, and finding the kept panels) imports none of the store's modules
    nor TinyDB: their import waits, with the open, for the first thing that reads the
    store (in a fresh interpreter, as a start is)."""
    code = (
        "import argparse, sys\n"
        "import rebound_tui.cli, rebound_tui.cli.app, rebound_tui.ui.app\n"
        "import rebound_tui.ui.screens.home\n"
        "store = rebound_tui.cli.app.deferred_store(argparse.Namespace(data_dir=sys.argv[1]))\n"
        "print(type(store).__name__)\n"
        "print(sorted(m for m in sys.modules if m.startswith('tinydb')\n"
        "    or m in ('rebound_tui.store.repository', 'rebound_tui.store.summaries')))\n"
    )
    assert fresh_python(code, str(kept))[:2] == ["DeferredStore", "[]"]
