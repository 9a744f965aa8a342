"""Back after a break, as the user meets it: home, `rebound status` and the drill header
say the same day's share and how many reviews are held for later days; the settings
screen changes the daily limit and backlog mode, and refuses a bad value in one line."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card
from rebound_tui.services import settings as stored
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.home import HomeScreen
from rebound_tui.ui.screens.settings import SettingsScreen
from tests.helpers import open_repo
from tests.test_backlog import ZONE, T, after_a_break
from tests.test_settings_screen import change, open_settings

SIZE = (100, 30)


def back_after_a_break(data_dir: Path, clock: FixedClock) -> Repository:
    """700 reviews overdue, 30 falling due today and on each day after, 10 new cards; the
    user is back on Thursday at 16:00 after weeks without drilling."""
    clock.set(T)
    repo = open_repo(data_dir, clock, ZONE)
    stored.update_settings(repo, new_per_day=6)
    cards: list[Card] = after_a_break(overdue=700, per_day=30)
    repo.cards.put_many(cards)
    return repo


def status_line(data_dir: Path, clock: FixedClock) -> str:
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, redirect_stdout(out):
        patch.setenv("REBOUND_FAKE_NOW", clock.now().isoformat())
        assert main(["status", "--data-dir", str(data_dir)]) == 0
    return out.getvalue().strip()


def home_drill(app: ReboundApp) -> str:
    assert isinstance(app.screen, HomeScreen)
    return re.sub(r"\s+", " ", str(app.screen.query_one("#home-drill", Static).render()))


async def drill_header(pilot: Pilot[int]) -> str:
    """Open the drill from home, read its header, go back home."""
    app = pilot.app
    await pilot.press("d")
    await pilot.pause()
    header = re.sub(r"\s+", " ", str(app.screen.query_one("#drill-counts", Static).render()))
    app.action_go_home()  # type: ignore[attr-defined]
    await pilot.pause()
    return header


async def test_home_status_and_the_drill_agree_on_the_days_share(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = back_after_a_break(data_dir, clock)
    # 730 due today, 30 a day after: spread over 7 days, 130 today; half of 6 new cards.
    assert "133 cards to drill (130 due, 3 new) · 600 held for later days" in status_line(
        data_dir, clock
    )
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "133 cards to drill 130 due · 3 new" in home_drill(app)
        assert "+600 held for later days" in home_drill(app)
        header = await drill_header(pilot)
        assert re.search(r"New 3 · Learn 0 · Due 130 \(\+600 held for later days\)", header)

        # Backlog mode off: every due card, within the daily limit of 200.
        screen = await open_settings(pilot)
        await change(pilot, "backlog", "off")
        assert "After a break is off" in str(screen.query_one("#settings-status").render())
        await pilot.press("escape")
        await pilot.pause()
        assert "206 cards to drill 200 due · 6 new" in home_drill(app)
        assert "+530 held for later days" in home_drill(app)
        assert re.search(r"New 6 · Learn 0 · Due 200\b", await drill_header(pilot))

        # No limit: all 730, nothing held.
        await open_settings(pilot)
        await change(pilot, "reviews_per_day", "none")
        await pilot.press("escape")
        await pilot.pause()
        assert "736 cards to drill 730 due · 6 new" in home_drill(app)
        assert "held" not in home_drill(app)
        header = await drill_header(pilot)
        assert re.search(r"Due 730\b", header) and "held" not in header

        # And back on, over ten days: ceil((730 + 9 × 30) / 10) = 100 today.
        await open_settings(pilot)
        await change(pilot, "backlog", "10")
        await pilot.press("escape")
        await pilot.pause()
        assert "103 cards to drill 100 due · 3 new" in home_drill(app)
    settings = repo.settings()
    assert (settings.reviews_per_day, settings.backlog_mode, settings.backlog_days) == (
        0,
        True,
        10,
    )
    assert "103 cards to drill (100 due, 3 new) · 630 held" in status_line(data_dir, clock)
    repo.close()


async def test_bad_limits_are_refused_in_one_line(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    before = stored.settings(repo)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(pilot)
        for key, typed, said in (
            ("reviews_per_day", "lots", "Not saved: 'lots' is not a whole number."),
            ("reviews_per_day", "-5", "Not saved: must be between 0 and 100000, got -5."),
            ("backlog", "1", "Not saved: must be between 2 and 60, got 1."),
            ("backlog", "9w", "Not saved: must be between 2 and 60, got 63."),
            ("backlog", "soon", "Not saved: 'soon' is not a number of days (say 7, or off)."),
        ):
            editor = await change(pilot, key, typed)
            assert app.screen is editor, key  # still open, for a better value
            problem = str(editor.query_one("#value-problem", Static).render())
            assert problem == said, (key, problem)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, SettingsScreen)
    assert stored.settings(repo) == before
    repo.close()
