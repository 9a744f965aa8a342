"""Issue 12, bug 3: `rebound drill` says "Drill done" only when nothing is left today, now
or later, so its last line agrees with `rebound status`; while learning cards are still
to come back it waits, counting down, and any key leaves."""

from __future__ import annotations

import contextlib
import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.drill import DrillScreen
from tests.factories import drill_cards
from tests.helpers import open_repo

SIZE = (80, 24)


def status(data_dir: Path, clock: FixedClock) -> str:
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out):
        patch.setenv("REBOUND_FAKE_NOW", clock.now().isoformat())
        assert main(["status", "--data-dir", str(data_dir)]) == 0
    return out.getvalue().strip()


class Drill(ReboundApp):
    """`rebound drill`, keeping the line it prints once the terminal is back."""

    said = ""

    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None:
        self.said = str(message or "")
        super().exit(result, return_code, message)


def exit_line(app: ReboundApp) -> str:
    assert isinstance(app, Drill)
    return app.said


def shown(app: ReboundApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def wait_until(pilot: Pilot[Any], check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.1)


async def test_leaving_early_is_a_pause_not_done(data_dir: Path, clock: FixedClock) -> None:
    """It said "Drill done: 1 review of 1 card" while status said 2 cards to drill."""
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 3))
    app = Drill(repo, clock, start="drill")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "4", "q")
        await pilot.pause()
    assert exit_line(app) == (
        "Drill paused: 1 review of 1 card (Again 0 · Hard 0 · Good 0 · Easy 1). "
        "2 cards still to drill today."
    )
    assert status(data_dir, clock).startswith("Rebound: 2 cards to drill (2 new)")


async def test_a_limit_reached_says_what_is_left(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 3))
    app = Drill(repo, clock, start="drill", limit=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "4")
        await pilot.pause()
    assert exit_line(app).startswith("Limit reached (1 card): 1 review of 1 card")
    assert exit_line(app).endswith("2 cards still to drill today.")
    assert status(data_dir, clock).startswith("Rebound: 2 cards to drill (2 new)")


async def test_waiting_for_learning_cards_any_key_leaves(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 2))
    app = Drill(repo, clock, start="drill")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "1", "space", "3")  # back in 1m and in 10m
        await pilot.pause()
        assert app.is_running, "not done: two cards are still learning"
        assert "2 cards are still learning. The next is back in 1:00." in shown(
            app, "#drill-question"
        )
        assert "any key to leave" in shown(app, "#drill-ratings")
        clock.advance(seconds=20)
        await wait_until(pilot, lambda: "back in 0:40" in shown(app, "#drill-question"))
        await pilot.press("u")  # undo still undoes while waiting
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, DrillScreen)
        assert app.screen.session.current is not None
        await pilot.press("space", "3")  # waiting again
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
    assert app.return_code == 0
    assert exit_line(app) == (
        "Drill paused: 2 reviews of 2 cards (Again 1 · Hard 0 · Good 1 · Easy 0). "
        "2 cards still learning: the next comes back in 1m."
    )
    assert "2 cards back later today" in status(data_dir, clock)


async def test_done_only_when_nothing_is_left_today(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 1))
    app = Drill(repo, clock, start="drill")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "1")
        clock.advance(seconds=61)
        await wait_until(pilot, lambda: "Question 0" in shown(app, "#drill-question"))
        await pilot.press("space", "3")  # 10 minutes
        clock.advance(minutes=10, seconds=1)
        await wait_until(pilot, lambda: "Question 0" in shown(app, "#drill-question"))
        await pilot.press("space", "3")  # graduates: days away
        await pilot.pause()
    assert exit_line(app) == (
        "Drill done: 3 reviews of 1 card (Again 1 · Hard 0 · Good 2 · Easy 0)."
    )
    assert status(data_dir, clock).startswith("Rebound: nothing to drill today")
