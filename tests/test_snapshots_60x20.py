"""Every screen at 60×20 (issue 13, item 10): no border or label cut off. Under 80
columns the footer closes up (no palette key), long labels give way ("faint → huge" goes
where it cannot fit whole); under 24 rows intros give way. The text of each was read
before it was accepted (`pytest --snapshot-update`)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.pilot import Pilot

from rebound_tui.domain.clock import FixedClock
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.rebound import ReboundScreen
from tests.factories import drill_cards
from tests.helpers import open_repo
from tests.test_app_shell import seed
from tests.test_snapshots_rebound import seeded_app

SIZE = (60, 20)


def home_app(data_dir: Path, clock: FixedClock) -> ReboundApp:
    repo = open_repo(data_dir, clock)
    seed(repo, clock)
    return ReboundApp(repo, clock)


def cards_app(data_dir: Path, clock: FixedClock) -> ReboundApp:
    """Four cards with fixed ids, in a fixed order; fsrs's fuzz seeded."""
    random.seed(2026)  # fsrs fuzzes review intervals with the global random
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 4))
    return ReboundApp(repo, clock)


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("home", []),
        ("check_in", ["c"]),
        ("interviews", ["i"]),
        ("next_steps", ["n"]),
        ("settings", ["comma"]),
        ("help", ["question_mark"]),
    ],
)
def test_screen(
    name: str, keys: list[str], snap_compare, data_dir: Path, clock: FixedClock
) -> None:
    assert snap_compare(home_app(data_dir, clock), press=keys, terminal_size=SIZE)


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("drill", ["d"]),
        ("drill_answer", ["d", "space"]),
        ("drill_edit", ["d", "e"]),
        ("cards", ["k"]),
    ],
)
def test_card_screen(
    name: str, keys: list[str], snap_compare, data_dir: Path, clock: FixedClock
) -> None:
    app = cards_app(data_dir, clock)
    assert snap_compare(app, press=keys, terminal_size=SIZE)


@pytest.mark.parametrize("step", ["feel", "feedback", "move_on"])
def test_rebound_step(step: str, snap_compare, data_dir: Path, clock: FixedClock) -> None:
    app, rebound_id = seeded_app(data_dir, clock)

    async def open_step(pilot: Pilot[object]) -> None:
        await app.push_screen(ReboundScreen(rebound_id))
        assert isinstance(app.screen, ReboundScreen)
        await app.screen.go_to(step)
        await pilot.pause()

    assert snap_compare(app, run_before=open_step, terminal_size=SIZE)
