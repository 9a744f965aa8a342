"""The app shell, driven as a user would with Textual's Pilot."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, CheckIn, Interview, Rebound, new_id
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.help import HelpScreen
from rebound_tui.ui.screens.home import HomeScreen
from tests.helpers import open_repo, toasts

SIZE = (80, 24)


def text_of(app: ReboundApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def seed(repo: Repository, clock: FixedClock) -> None:
    now = clock.now()
    interview = repo.interviews.put(
        Interview(
            id=new_id(),
            company="Acme",
            role="Platform engineer",
            outcome="rejected",
            stage="onsite",
            created_at=now,
        )
    )
    repo.rebounds.put(
        Rebound(id=new_id(), interview_id=interview.id, opened_at=now, step="went_well")
    )
    repo.checkins.put(
        CheckIn(
            id=new_id(),
            at=now - timedelta(days=2),
            pleasantness=-2,
            energy=-1,
            words=("disappointed", "tired"),
        )
    )
    for i in range(7):
        repo.cards.put(
            Card(
                id=new_id(),
                question=f"Question {i}",
                answer="answer",
                created_at=now - timedelta(days=1),
                due=now,
            )
        )


async def test_first_launch_on_an_empty_directory(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "No drill cards yet." in text_of(app, "#home-drill")
        assert "No check-ins yet." in text_of(app, "#home-mood")
        assert "None open." in text_of(app, "#home-rebounds")
        assert "Welcome." in text_of(app, "#home-hint")
        await pilot.press("q")
    assert app.return_code == 0


async def test_home_shows_real_figures(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    seed(repo, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        drill = text_of(app, "#home-drill")
        assert "5 cards to drill" in drill  # 7 new cards, 5 a day
        assert "0 due · 5 new" in drill and "streak" not in drill
        mood = text_of(app, "#home-mood")
        assert "Last check-in 2 days ago" in mood
        assert "disappointed, tired" in mood
        assert "Acme — Platform engineer  left at: Went well" in text_of(app, "#home-rebounds")


async def test_help_lists_every_key_of_the_screen(data_dir: Path, clock: FixedClock) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        assert ("q", "Quit", "app.quit") in rows
        assert ("?", "Help", "app.help") in rows
        assert ("^p", "Commands", "app.commands") in rows
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("keys", [[], ["k"], ["c"]])
async def test_help_scrolls_to_its_last_row_at_80x24(
    keys: list[str], data_dir: Path, clock: FixedClock
) -> None:
    """The list of keys is never taller than the dialog shows, so paging down brings its
    last row into view (it was cut off under the dialog's edge, out of reach)."""
    repo = open_repo(data_dir, clock)
    seed(repo, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys, "question_mark")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        dialog = app.screen.query_one("#help-dialog")
        assert table.row_count > table.region.height  # more keys than lines: it scrolls
        assert dialog.content_region.contains_region(table.region)
        for _ in range(table.row_count):
            await pilot.press("pagedown")
        await pilot.pause()
        last = table.row_count - 1
        assert table.cursor_row == last
        shown_from, shown_to = (
            table.scroll_y,
            table.scroll_y + table.scrollable_content_region.height,
        )
        assert shown_from <= table.header_height + last < shown_to
        assert "Go back (nothing typed is lost)" in str(table.get_row_at(last)[1])


PALETTE_ROUTES = {
    # what is typed → a widget only that screen has
    "drill": "#drill-question",
    "cards": "#cards-table",
    "drill stats": "#stats-summary",
    "check in": "#checkin-grid",
    "interviews": "#interviews-table",
    "history": "#history-tabs",
}


async def _run_command(pilot: Pilot[None], query: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*("space" if c == " " else c for c in query))
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_command_palette_offers_the_apps_actions(data_dir: Path, clock: FixedClock) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        for query, marker in PALETTE_ROUTES.items():
            await _run_command(pilot, query)
            screen = app.screen
            assert not isinstance(screen, (CommandPalette, HomeScreen)), f"{query}: {screen}"
            assert screen.query(marker), f"{query!r} opened {screen}, not the one with {marker}"
            # and back, by the palette too
            await _run_command(pilot, "home")
            assert isinstance(app.screen, HomeScreen), f"home after {query}: {app.screen}"
        await _run_command(pilot, "help")
        assert isinstance(app.screen, HelpScreen)


async def test_theme_choice_is_remembered(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "textual-dark"
        app.theme = "nord"
        await pilot.pause()
    assert Repository.open(data_dir, clock).settings().theme == "nord"
    again = ReboundApp(Repository.open(data_dir, clock), clock)
    async with again.run_test(size=SIZE):
        assert again.theme == "nord"
    # --theme applies to one session and is not saved by itself.
    once = ReboundApp(Repository.open(data_dir, clock), clock, theme="gruvbox")
    async with once.run_test(size=SIZE):
        assert once.theme == "gruvbox"
    assert Repository.open(data_dir, clock).settings().theme == "nord"


async def test_sixteen_colour_terminal_gets_the_ansi_theme(
    data_dir: Path, clock: FixedClock, monkeypatch
) -> None:
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM")
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE):
        assert app.theme == "ansi-dark"


async def test_user_keymap_remaps_a_binding(data_dir: Path, clock: FixedClock) -> None:
    from dataclasses import replace

    repo = open_repo(data_dir, clock)
    repo.save_settings(replace(repo.settings(), keymap={"app.help": "f1"}))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_damage_found_at_start_is_told_to_the_user(
    data_dir: Path, clock: FixedClock
) -> None:
    open_repo(data_dir, clock).close()
    (data_dir / "checkins.json").write_text("{oops")
    repo = Repository.open(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert any("checkins.json could not be read" in m for m in toasts(app))


async def test_markup_and_escapes_in_user_text_show_literally(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    interview = repo.interviews.put(
        Interview(
            id=new_id(),
            company="[bold red]Evil[/] \x1b[31mCorp",
            role="[link]x",
            created_at=clock.now(),
        )
    )
    repo.rebounds.put(Rebound(id=new_id(), interview_id=interview.id, opened_at=clock.now()))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = text_of(app, "#home-rebounds")
        assert "[bold red]Evil[/] ␛[31mCorp — [link]x" in shown  # ESC shown, not obeyed
        assert "\x1b" not in shown


async def test_no_color_keeps_text_visible_and_marks_selection(
    data_dir: Path, clock: FixedClock, monkeypatch
) -> None:
    """NO_COLOR in a 16-colour terminal: terminal default colours (not black on black), and
    the selected row shown by reverse video, not by colour."""
    from textual.filter import Monochrome, NoColor

    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM")
    repo = open_repo(data_dir, clock)
    repo.interviews.put(Interview(id="i", company="Acme", created_at=clock.now()))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "ansi-dark"
        assert any(isinstance(f, NoColor) for f in app.get_line_filters())
        assert not any(isinstance(f, Monochrome) for f in app.get_line_filters())
        await pilot.press("i")
        table = app.screen.query_one(DataTable)
        style = table.get_component_rich_style("datatable--cursor")
        assert style.reverse and style.bold
        app.theme = "nord"  # a colour theme: greys instead
        assert any(isinstance(f, Monochrome) for f in app.get_line_filters())


async def test_figures_load_in_the_background_as_from_the_command_line(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    seed(repo, clock)
    app = ReboundApp(repo, clock, load_in_background=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "5 cards to drill" in text_of(app, "#home-drill")
        assert "Acme — Platform engineer" in text_of(app, "#home-rebounds")


async def test_a_closed_rebounds_next_step_stays_on_home(
    data_dir: Path, clock: FixedClock
) -> None:
    from datetime import date

    from rebound_tui.services import interviews, rebounds

    repo = open_repo(data_dir, clock)
    interview = interviews.save_interview(repo, Interview(id=new_id(), company="Acme"))
    _, rebound = interviews.mark_rejected(repo, interview)
    rebounds.save_next_step(repo, rebound, "Two mock interviews", date(2026, 11, 27))
    rebounds.close_rebound(repo, rebound)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = text_of(app, "#home-rebounds")
        assert "→ Two mock interviews (next step, by Fri 27 Nov; n opens them)" in shown
