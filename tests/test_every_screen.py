"""Every screen opens and shows its own content, on an empty data directory and on demo
data, at 80×24 and at a narrow 60×20 (a phone over SSH)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.command import CommandInput, CommandPalette
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList, Select, Static

from rebound_tui.domain.clock import FixedClock
from rebound_tui.services.demo import generate
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.home import HomeScreen
from rebound_tui.ui.widgets.footer import QuietFooter
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
    "next steps": ["n"],
    "help": ["question_mark"],
    "palette": ["ctrl+p"],
}


def text(screen: Screen, selector: str) -> str:
    """What a Static shows, as plain text."""
    return str(screen.query_one(selector, Static).render()).strip()


def rows(screen: Screen, selector: str) -> int:
    return screen.query_one(selector, DataTable).row_count


def options(screen: Screen, selector: str) -> int:
    return screen.query_one(selector, OptionList).option_count


def _check_in(screen: Screen, demo: bool) -> None:
    assert text(screen, "#checkin-intro").startswith("How are you, really?")
    assert "more energy" in str(screen.query_one("#checkin-grid").render())
    assert "How strong is it?" in str(screen.query_one("#checkin-intensity").render())


def _rejection(screen: Screen, demo: bool) -> None:
    if demo:  # interviews to choose from
        assert options(screen, "#rejection-options") > 0
    else:  # none yet: straight to a new interview, already marked rejected
        assert screen.query_one("#interview-outcome", Select).value == "rejected"
        assert screen.query_one("#interview-company").has_focus


def _drill(screen: Screen, demo: bool) -> None:
    assert text(screen, "#drill-counts").startswith("New ")
    if demo:
        assert text(screen, "#drill-question").endswith("?")
        assert text(screen, "#drill-answer") == ""  # not shown until space
        assert "show the answer" in text(screen, "#drill-ratings")
    else:
        assert text(screen, "#drill-question").startswith("No drill cards yet")


def _drill_answer(screen: Screen, demo: bool) -> None:
    if demo:
        assert text(screen, "#drill-answer") != ""
        assert all(r in text(screen, "#drill-ratings") for r in ("Again", "Hard", "Good", "Easy"))
    else:
        assert text(screen, "#drill-question").startswith("No drill cards yet")


def _cards(screen: Screen, demo: bool) -> None:
    count = rows(screen, "#cards-table")
    if demo:
        assert count > 0
        assert text(screen, "#cards-count") == f"{count} cards"
    else:
        assert count == 0
        assert text(screen, "#cards-count").startswith("No cards yet")


def _starter_bank(screen: Screen, demo: bool) -> None:
    assert options(screen, "#starter-list") > 0
    assert text(screen, "#starter-hint").startswith("What a strong answer covers:")


def _drill_stats(screen: Screen, demo: bool) -> None:
    summary = text(screen, "#stats-summary")
    assert summary.startswith("True retention")
    assert ("not measured yet" in summary) is not demo
    assert "Optimize fits FSRS" in text(screen, "#stats-optimize")


def _interviews(screen: Screen, demo: bool) -> None:
    if demo:
        assert rows(screen, "#interviews-table") > 0
        assert text(screen, "#interviews-empty") == ""
    else:
        assert rows(screen, "#interviews-table") == 0
        assert text(screen, "#interviews-empty").startswith("No interviews yet")


def _history(screen: Screen, demo: bool) -> None:
    summary = text(screen, "#mood-summary")
    if demo:
        assert "check-ins over" in summary
        assert rows(screen, "#checkin-table") > 0
    else:
        assert summary.startswith("No check-ins yet")
    assert text(screen, "#funnel-perspective").startswith("Your funnel")


def _next_steps(screen: Screen, demo: bool) -> None:
    summary = text(screen, "#next-steps-summary")
    if demo:
        assert options(screen, "#next-steps-list") > 0
        assert " open" in summary and "done (v shows them)" in summary
    else:
        assert options(screen, "#next-steps-list") == 0
        assert summary.startswith("No next steps yet")


def _help(screen: Screen, demo: bool) -> None:
    assert text(screen, "#help-intro") != ""
    assert rows(screen, "#help-keys") > 0


def _palette(screen: Screen, demo: bool) -> None:
    assert isinstance(screen, CommandPalette)
    assert screen.query_one(CommandInput).has_focus


SHOWS: dict[str, Callable[[Screen, bool], None]] = {
    "check-in": _check_in,
    "rejection": _rejection,
    "drill": _drill,
    "drill answer": _drill_answer,
    "cards": _cards,
    "starter bank": _starter_bank,
    "drill stats": _drill_stats,
    "interviews": _interviews,
    "history": _history,
    "next steps": _next_steps,
    "help": _help,
    "palette": _palette,
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
            assert not isinstance(app.screen, HomeScreen), f"{name} did not open"
            SHOWS[name](app.screen, data == "demo")
            # Every footer is the one that keeps its keys while they stay the same (and
            # builds them in their final style: no restyle of each key as it mounts).
            assert all(isinstance(f, QuietFooter) for f in app.screen.query(Footer)), name
            # Back to home, however deep the route went.
            for _ in range(4):
                if isinstance(app.screen, HomeScreen):
                    break
                await pilot.press("escape")
                await pilot.pause()
            assert isinstance(app.screen, HomeScreen), f"stuck after {name}: {app.screen}"
