"""Issue 15 in the app: the palette imports a card list and an Anki package (built with
Anki's own library, tests/anki_decks.py), saying which phase a long import is in and then
the summary until it is closed, one import at a time; it exports an Anki package and a
calendar; the cards screen imports (i) and exports for Anki (x); settings keep a drill
reminder and a calendar file, and refuse a time that is not one."""

from __future__ import annotations

import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from rebound_tui.domain.clock import FixedClock
from rebound_tui.services import settings as stored
from rebound_tui.services.demo import generate
from rebound_tui.services.transfer import Progress, import_file
from rebound_tui.store.repository import Repository
from rebound_tui.ui import data_actions
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs import import_file as import_dialog
from rebound_tui.ui.dialogs.import_file import ImportScreen
from rebound_tui.ui.dialogs.value_editor import ValueEditor
from rebound_tui.ui.screens.settings import ROWS, SettingsScreen
from tests.helpers import open_repo, toasts

SIZE = (80, 24)
DAY = "2026-11-26"  # the fixed clock's day in the test zone
ROW = {key: index for index, (key, _, _) in enumerate(ROWS)}
QUESTIONS = "Why do you want to leave?,To grow\nWhat are you proud of?,Shipping the app\n"


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The user's home folder, where exports go and imports are looked for."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


async def until(pilot: Pilot[Any], done: Any) -> None:
    for _ in range(400):
        if done():
            return
        await pilot.pause(0.05)
    assert done()


async def import_through_the_palette(pilot: Pilot[Any], path: Path) -> ImportScreen:
    """Choose the palette's import, give `path`, and wait for the summary."""
    data_actions.ask_import(pilot.app)  # type: ignore[arg-type]  # a ReboundApp
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await until(pilot, lambda: screen.summary is not None)
    return screen


def dialog_text(screen: ImportScreen) -> str:
    return str(screen.query_one(".dialog-text", Static).render())


async def test_a_card_list_imported_from_the_palette_shows_its_summary_until_closed(
    home: Path, data_dir: Path, clock: FixedClock
) -> None:
    (home / "questions.csv").write_text(QUESTIONS)
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = await import_through_the_palette(pilot, home / "questions.csv")
        shown = dialog_text(screen)
        assert shown.startswith(f"Read 2 questions from {home / 'questions.csv'}")
        assert "Imported cards: 2 new" in shown
        assert "enter or escape to close" in str(screen.query_one(".dialog-keys").render())
        await pilot.pause(0.3)
        assert app.screen is screen  # it stays
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
    questions = {card.question for card in open_repo(data_dir, clock).cards.all()}
    assert questions == {"Why do you want to leave?", "What are you proud of?"}


async def test_an_anki_package_imported_from_the_palette(
    home: Path, data_dir: Path, tmp_path: Path
) -> None:
    pytest.importorskip("anki")
    from tests.anki_decks import build

    decks = build(tmp_path / "anki")
    clock = FixedClock(decks.now)
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = await import_through_the_palette(pilot, decks.current)
        shown = dialog_text(screen)
        assert shown.startswith("Read from Anki: 7 cards of 5 notes, 17 reviews.")
        assert "Imported cards: 7 new" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ImportScreen)
    assert len(open_repo(data_dir, clock).cards.all()) == 7


def test_an_import_tells_its_phases(home: Path, repo: Repository) -> None:
    (home / "questions.csv").write_text(QUESTIONS)
    lines: list[str] = []
    import_file(repo, home / "questions.csv", lines.append)
    assert lines == ["Reading questions.csv…", "Saving…"]


async def test_a_long_import_shows_its_phase_and_allows_no_second_one(
    home: Path, data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import runs on a worker: the dialog shows the phase and cannot be closed, and
    the palette's import does not open another one; then the summary."""
    release = threading.Event()

    def slow(repo: Repository, path: Path, progress: Progress | None = None) -> str:
        assert progress is not None
        progress("Replaying 50,000 reviews of 5,000 cards, and saving…")
        assert release.wait(10)
        return import_file(repo, path)

    monkeypatch.setattr(import_dialog, "import_file", slow)
    (home / "questions.csv").write_text(QUESTIONS)
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        data_actions.ask_import(app)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        screen.query_one(Input).value = "questions.csv"  # in the home folder
        await pilot.press("enter")
        keys = screen.query_one(".dialog-keys", Static)
        await until(pilot, lambda: "Replaying 50,000 reviews" in str(keys.render()))
        await pilot.press("escape")
        data_actions.ask_import(app)
        await pilot.pause()
        assert app.screen is screen
        assert sum(isinstance(s, ImportScreen) for s in app.screen_stack) == 1
        assert "An import is open already; one at a time." in toasts(app)
        release.set()
        await until(pilot, lambda: screen.summary is not None)
        assert "Imported cards: 2 new" in dialog_text(screen)


async def test_the_palette_exports_an_anki_package_and_a_calendar(
    home: Path, data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    generate(repo, "small")
    stored.update_settings(repo, drill_reminder="08:30")
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        titles = [title for title, _, _ in data_actions.palette_entries(app)]
        assert "Export: Anki package (.apkg)" in titles
        assert "Export: calendar (.ics)" in titles
        data_actions.export(app, "apkg")
        apkg = home / f"rebound-cards-{DAY}.apkg"
        await until(pilot, lambda: f"Exported to {apkg}" in toasts(app))
        data_actions.export(app, "ics")
        ics = home / f"rebound-dates-{DAY}.ics"
        await until(pilot, lambda: f"Exported to {ics}" in toasts(app))
    with zipfile.ZipFile(apkg) as archive:
        assert "collection.anki21" in archive.namelist()
    calendar = ics.read_text()
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VALARM" in calendar and "RRULE:FREQ=DAILY" in calendar


async def test_the_cards_screen_imports_with_i_and_exports_for_anki_with_x(
    home: Path, data_dir: Path, clock: FixedClock
) -> None:
    (home / "questions.csv").write_text(QUESTIONS)
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.open("cards")
        await pilot.pause()
        cards = app.screen
        await pilot.press("i")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ImportScreen)
        dialog.query_one(Input).value = str(home / "questions.csv")
        await pilot.press("enter")
        await until(pilot, lambda: dialog.summary is not None)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is cards
        assert cards.query_one(DataTable).row_count == 2  # read again on its return
        await pilot.press("x")
        apkg = home / f"rebound-cards-{DAY}.apkg"
        await until(pilot, lambda: f"Exported to {apkg}" in toasts(app))
        await pilot.press("question_mark")  # help lists both keys with their ids
        await pilot.pause()
        help_table = app.screen.query_one(DataTable)
        rows = {tuple(map(str, help_table.get_row_at(i))) for i in range(help_table.row_count)}
    assert apkg.is_file()
    assert ("i", "Import", "cards.import") in rows
    assert ("x", "Export for Anki", "cards.export_anki") in rows


async def change(pilot: Pilot[Any], key: str, typed: str) -> ValueEditor:
    """Move to `key`'s row, open it with e, type over the value and press enter."""
    pilot.app.screen.query_one(DataTable).move_cursor(row=ROW[key])
    await pilot.press("e")
    await pilot.pause()
    editor = pilot.app.screen
    assert isinstance(editor, ValueEditor)
    await pilot.press(*typed, "enter")
    await pilot.pause()
    return editor


async def test_settings_keep_a_drill_reminder_and_a_calendar_file(
    home: Path, data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.open("settings")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        editor = await change(pilot, "drill_reminder", "25:00")
        problem = str(editor.query_one("#value-problem", Static).render())
        assert problem == "Not saved: '25:00' is not a time of day (say 08:30, or off)."
        assert stored.settings(repo).drill_reminder == ""
        editor.query_one(Input).value = "8:30"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert stored.settings(repo).drill_reminder == "08:30"
        status = str(screen.query_one("#settings-status", Static).render())
        assert status == "Saved: Drill reminder is 08:30."
        await change(pilot, "calendar_file", "dates.ics")
        assert stored.settings(repo).calendar_file == str(home / "dates.ics")
        calendar = (home / "dates.ics").read_text()  # written at once
        assert "RRULE:FREQ=DAILY" in calendar


def test_a_calendar_file_must_be_in_a_folder_that_exists(home: Path) -> None:
    assert stored.parse_calendar_file("", home) == ""
    assert stored.parse_calendar_file("~/cal.ics", home) == str(home / "cal.ics")
    with pytest.raises(stored.SettingRejected, match="there is no folder"):
        stored.parse_calendar_file("nowhere/cal.ics", home)
    with pytest.raises(stored.SettingRejected, match="is a folder"):
        stored.parse_calendar_file(str(home), home)
    assert stored.parse_reminder("7") == "07:00"
    assert stored.parse_reminder("off") == ""
