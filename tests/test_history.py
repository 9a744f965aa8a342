"""The history screen, by keys, on demo data; and its look at 80×24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Markdown, TabbedContent

from rebound_tui.domain.clock import FixedClock
from rebound_tui.services.demo import generate
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.history import HistoryScreen
from rebound_tui.ui.screens.retrospective import RetrospectiveScreen

SIZE = (80, 24)


def demo_app(data_dir: Path, clock: FixedClock) -> ReboundApp:
    repo = Repository.open(data_dir, clock)
    generate(repo, "small")
    return ReboundApp(repo, clock)


async def test_every_view_by_keyboard(data_dir: Path, clock: FixedClock) -> None:
    app = demo_app(data_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        tabs = app.screen.query_one(TabbedContent)
        seen = [tabs.active]
        for _ in range(5):
            await pilot.press("right_square_bracket")
            seen.append(tabs.active)
        assert seen == ["mood", "rebounds", "treats", "daydreams", "funnel", "drill"]
        treats = app.screen.query_one("#treat-table", DataTable)
        assert treats.row_count >= 3
        # A hint in plain words, and only with enough points (tests/test_contrast_insights.py).
        daydreams = str(app.screen.query_one("#daydream-summary").render())
        assert "r = " not in daydreams and "so far: too few to see a pattern" in daydreams
        assert "14 applications" in str(app.screen.query_one("#funnel-perspective").render())
        await pilot.press(
            "left_square_bracket",
            "left_square_bracket",
            "left_square_bracket",
            "left_square_bracket",
        )
        assert tabs.active == "rebounds"
        app.screen.query_one("#rebound-list").focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RetrospectiveScreen)
        markdown = app.screen.query_one(Markdown)
        assert "Tough" in markdown.source and "Feeling" in markdown.source


def test_history_mood(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    assert snap_compare(demo_app(data_dir, clock), press=["h"], terminal_size=SIZE)


def test_history_daydreams(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    async def go(pilot: Pilot[object]) -> None:
        await pilot.press("h", *["right_square_bracket"] * 3)

    assert snap_compare(demo_app(data_dir, clock), run_before=go, terminal_size=SIZE)


def test_history_funnel(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    async def go(pilot: Pilot[object]) -> None:
        await pilot.press("h", *["right_square_bracket"] * 4)

    assert snap_compare(demo_app(data_dir, clock), run_before=go, terminal_size=SIZE)


def test_home_on_demo_data(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    assert snap_compare(demo_app(data_dir, clock), terminal_size=SIZE)


async def test_every_view_renders_with_no_data_at_all(data_dir: Path, clock: FixedClock) -> None:
    from tests.helpers import open_repo

    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        for _ in range(6):
            await pilot.pause()
            await pilot.press("right_square_bracket")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "No check-ins yet" in str(app.screen.query_one("#mood-summary").render())
        assert "None yet: too few" in str(app.screen.query_one("#daydream-summary").render())


async def test_years_of_rebounds_are_all_listed_newest_first(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list shows a screenful as the view opens and adds the rest right after it is
    painted: every rebound ends up listed once, newest first, and the cursor stays on
    the newest."""
    from textual.widgets import OptionList

    from rebound_tui.services.demo import SIZES, DemoSize

    repo = Repository.open(data_dir, clock)
    many = DemoSize(days=900, interviews=300, checkins=50, reflections=20, cards=10, reviews=20)
    monkeypatch.setitem(SIZES, "history-many", many)
    generate(repo, "history-many")
    rebounds = sorted(repo.rebounds.all(), key=lambda r: r.opened_at, reverse=True)
    assert len(rebounds) > 100
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "right_square_bracket")
        await pilot.pause()
        listed = app.screen.query_one("#rebound-list", OptionList)
        assert [listed.get_option_at_index(i).id for i in range(listed.option_count)] == [
            r.id for r in rebounds
        ]
        assert listed.highlighted == 0
