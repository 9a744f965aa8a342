"""How the settings screen looks at 80×24 (snapshots: `pytest --snapshot-update` after a
look): the table, a refused value, the time zone list."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from rebound_tui.domain.clock import FixedClock
from rebound_tui.ui.app import ReboundApp
from tests.helpers import open_repo

SIZE = (80, 24)


def settings_app(data_dir: Path, clock: FixedClock) -> ReboundApp:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    app.call_later(app.open, "settings")
    return app


def test_settings(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    assert snap_compare(settings_app(data_dir, clock), terminal_size=SIZE)


def test_settings_refuses_a_value(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    async def refuse(pilot: Pilot[int]) -> None:
        await pilot.press("down", "down", "e", "2", "5", "enter")
        await pilot.pause()

    assert snap_compare(settings_app(data_dir, clock), run_before=refuse, terminal_size=SIZE)


def test_settings_time_zone_list(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    async def search(pilot: Pilot[int]) -> None:
        await pilot.press("down", "enter", *"america", "space", *"new")
        await pilot.pause()

    assert snap_compare(settings_app(data_dir, clock), run_before=search, terminal_size=SIZE)
