"""Every screen opens and renders, on an empty data directory and on demo data, at 80×24
and at a narrow 60×20 (a phone over SSH)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rebound_tui.clock import FixedClock
from rebound_tui.demo import generate
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.home import HomeScreen
from tests.helpers import open_repo

ROUTES = {
    "check-in": ["c"],
    "rejection": ["r"],
    "drill": ["d"],
    "drill answer": ["d", "space"],
    "cards": ["k"],
    "starter bank": ["k", "n"],
    "drill stats": ["k", "S"],
    "interviews": ["i"],
    "history": ["h", *["right_square_bracket"] * 6],
    "help": ["question_mark"],
    "palette": ["ctrl+p"],
}


@pytest.mark.parametrize("data", ["empty", "demo"])
@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_screen_renders(
    data: str, size: tuple[int, int], data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    if data == "demo":
        generate(Repository.open(data_dir, clock), "small")
    app = ReboundApp(repo, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for name, keys in ROUTES.items():
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            await pilot.pause()
            # Back to home, however deep the route went.
            for _ in range(4):
                if isinstance(app.screen, HomeScreen):
                    break
                await pilot.press("escape")
                await pilot.pause()
            assert isinstance(app.screen, HomeScreen), f"stuck after {name}: {app.screen}"
