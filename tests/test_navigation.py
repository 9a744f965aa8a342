"""One navigation table: every area opens from `app.open`, appears in the palette, and
home's keys are the table's keys."""

from __future__ import annotations

from pathlib import Path

from rebound_tui.domain.clock import FixedClock
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.navigation import AREAS
from rebound_tui.ui.screens.home import HomeScreen
from tests.helpers import open_repo

EXPECTED = {
    "drill": "DrillScreen",
    "cards": "CardsScreen",
    "stats": "DrillStatsScreen",
    "checkin": "CheckInScreen",
    "interviews": "InterviewsScreen",
    "history": "HistoryScreen",
}


async def test_every_area_opens_its_screen(data_dir: Path, clock: FixedClock) -> None:
    assert {area.id for area in AREAS} == set(EXPECTED)
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for area in AREAS:
            await app.run_action(area.action)
            await pilot.pause()
            assert type(app.screen).__name__ == EXPECTED[area.id]
            app.action_go_home()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)


async def test_home_keys_and_palette_come_from_the_table(
    data_dir: Path, clock: FixedClock
) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    titles = [title for title, _, _ in app.palette_commands()]
    for area in AREAS:
        assert area.title in titles
    keyed = {"c": "CheckInScreen", "d": "DrillScreen", "i": "InterviewsScreen"}
    keyed |= {"k": "CardsScreen", "h": "HistoryScreen"}
    assert {a.home_key for a in AREAS if a.home_key} == set(keyed)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, screen in keyed.items():
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == screen
            app.action_go_home()
            await pilot.pause()
