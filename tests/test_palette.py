"""The command palette (ctrl+p) offers every action of the screen it is opened over and of
the app, each once: every area, drill options, export, import, backups and every theme;
and what it offers works."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, TabbedContent

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import REBOUND_STEPS
from rebound_tui.services.demo import generate
from rebound_tui.services.paths import CONFINE_ENV
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.backups import BackupsScreen
from rebound_tui.ui.dialogs.import_file import ImportScreen
from rebound_tui.ui.navigation import LISTED
from rebound_tui.ui.screens.home import HomeScreen
from rebound_tui.ui.themes import theme_names
from tests.helpers import open_repo, toasts, tree_digest

SIZE = (80, 24)
DAY = "2026-11-26"  # the fixed clock's day in the test zone

DATA_ACTIONS = (
    "Drill: a short session of 10 cards",
    "Starter bank",
    "Export: JSON",
    "Export: Markdown journal",
    "Export: CSV",
    "Export: Anki package (.apkg)",
    "Export: calendar (.ics)",
    "Import: a Rebound export, an Anki deck or a card list",
    "Take a backup now",
    "Backups",
)


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The user's home folder, where exports go (never the tester's own)."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


async def wait_for_list(pilot: Pilot[Any]) -> CommandList:
    """The palette's list, once every provider has answered."""
    for _ in range(100):
        await pilot.pause(0.05)
        screen = pilot.app.screen
        if isinstance(screen, CommandPalette) and screen.has_class("-ready"):
            break
    screen = pilot.app.screen
    assert isinstance(screen, CommandPalette), screen
    return screen.query_one(CommandList)


async def palette_titles(pilot: Pilot[Any]) -> list[str]:
    """Every title the palette offers over the current screen (nothing typed), then
    closes it."""
    await pilot.press("ctrl+p")
    commands = await wait_for_list(pilot)
    titles = [
        str(commands.get_option_at_index(i).prompt).split("\n")[0]
        for i in range(commands.option_count)
    ]
    await pilot.press("escape")
    await pilot.pause()
    return titles


async def said(pilot: Pilot[Any]) -> list[str]:
    """The notifications on screen, once there are some (exports and imports run on a
    worker thread)."""
    for _ in range(200):
        if toasts(pilot.app):
            break
        await pilot.pause(0.05)
    return toasts(pilot.app)


async def said_once(pilot: Pilot[Any], line: str) -> None:
    """Wait until `line` is among the notifications on screen."""
    for _ in range(200):
        if line in toasts(pilot.app):
            return
        await pilot.pause(0.05)
    assert line in toasts(pilot.app)


async def summary_shown(pilot: Pilot[Any]) -> str:
    """The summary the import dialog shows once the import is done."""
    for _ in range(200):
        screen = pilot.app.screen
        if isinstance(screen, ImportScreen) and screen.summary is not None:
            return screen.summary
        await pilot.pause(0.05)
    raise AssertionError(f"no summary shown: {pilot.app.screen}")


async def back_home(pilot: Pilot[Any]) -> None:
    """Wait for the import dialog to close (the import runs on a worker thread)."""
    for _ in range(200):
        if isinstance(pilot.app.screen, HomeScreen):
            break
        await pilot.pause(0.05)
    assert isinstance(pilot.app.screen, HomeScreen), pilot.app.screen


async def choose(pilot: Pilot[Any], query: str) -> None:
    """Type `query` in the palette and take its best match."""
    await pilot.press("ctrl+p")
    await wait_for_list(pilot)
    await pilot.press(*("space" if c == " " else c for c in query))
    await wait_for_list(pilot)
    await pilot.press("enter")
    await pilot.pause()


async def test_the_palette_offers_every_area_theme_and_data_action(
    data_dir: Path, clock: FixedClock
) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        titles = await palette_titles(pilot)
    for area in LISTED:
        assert area.title in titles, area.id
    for name in theme_names():
        assert f"Theme: {name}" in titles
    for title in DATA_ACTIONS:
        assert title in titles
    assert "Drill stats" in titles
    assert len(titles) == len(set(titles))


async def test_no_title_twice_on_any_screen_or_step(data_dir: Path, clock: FixedClock) -> None:
    """Every area, each step of a rebound, and the screens of one record: the palette
    offers the screen's keys and the app's actions, and no title twice (the theme screen
    has its own provider of "Theme: <name>" too)."""
    repo = open_repo(data_dir, clock)
    generate(repo, "small")
    rebound = repo.rebounds.all()[0].id
    card = repo.cards.all()[0].id
    places: list[tuple[str, dict[str, Any]]] = [(area.id, {}) for area in LISTED]
    places += [("rebound", {"rebound_id": rebound, "step": step}) for step in REBOUND_STEPS]
    places += [("retrospective", {"rebound_id": rebound}), ("card", {"card_id": card})]
    places += [("starter_bank", {})]
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        seen = {"home": await palette_titles(pilot)}
        for area, arguments in places:
            app.open(area, **arguments)
            await pilot.pause()
            if area == "theme":
                await pilot.press("escape")  # the theme list it opens with
                await pilot.pause()
            name = f"{area} {arguments.get('step', '')}".strip()
            seen[name] = await palette_titles(pilot)
            app.action_go_home()
            await pilot.pause()
    for name, titles in seen.items():
        twice = sorted({t for t in titles if titles.count(t) > 1})
        assert not twice, f"{name}: {twice}"
        assert "Export: JSON" in titles and "Theme: nord" in titles, name
    # The screen's own keys are there too, and only what they can do now.
    assert {"Add", "Edit", "Search", "Filter by kind"} <= set(seen["cards"])
    assert {"Next", "Back", "Add my own"} <= set(seen["rebound treat"])
    assert "Show answer" in seen["drill"] and "Good" not in seen["drill"]
    assert "Focus Next" not in seen["home"]  # Textual's own keys are not the screen's


async def test_a_theme_chosen_in_the_palette_is_used_and_remembered(
    data_dir: Path, clock: FixedClock
) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert app.theme != "nord"
        await choose(pilot, "theme: nord")
        assert app.theme == "nord"
        assert isinstance(app.screen, HomeScreen)
    again = ReboundApp(Repository.open(data_dir, clock), clock)
    async with again.run_test(size=SIZE, notifications=True):
        assert again.theme == "nord"


async def test_a_screen_key_chosen_in_the_palette_does_what_the_key_does(
    data_dir: Path, clock: FixedClock
) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.open("history")
        await pilot.pause()
        tabs = app.screen.query_one("#history-tabs", TabbedContent)
        before = tabs.active
        await choose(pilot, "next view")
        assert type(app.screen).__name__ == "HistoryScreen"
        assert tabs.active != before


async def test_export_from_the_palette_is_read_back_by_rebound_import(
    home: Path,
    data_dir: Path,
    clock: FixedClock,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo = open_repo(data_dir, clock)
    generate(repo, "small")
    cards = len(repo.cards.all())
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await choose(pilot, "export: json")
        exported = home / f"rebound-export-{DAY}.json"
        await said_once(pilot, f"Exported to {exported}")
        first = exported.read_bytes()
        await choose(pilot, "export: json")  # a second one never replaces the first
        await said_once(pilot, f"Exported to {home}/rebound-export-{DAY}-2.json")
        assert exported.read_bytes() == first
        await choose(pilot, "export: markdown")
        await said_once(pilot, f"Exported to {home}/rebound-journal-{DAY}.md")
        assert (home / f"rebound-journal-{DAY}.md").read_text().startswith("#")
        await choose(pilot, "export: csv")
        await said_once(pilot, f"Exported to {home}/rebound-export-{DAY}-csv")
        assert (home / f"rebound-export-{DAY}-csv" / "cards.csv").is_file()
    assert exported.stat().st_mode & 0o777 == 0o600

    target = tmp_path / "target"
    code = main(["import", str(exported), "--data-dir", str(target)])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Imported ")
    assert len(Repository.open(target, clock).cards.all()) == cards
    assert json.loads(first)["format"] == "rebound-export"


async def test_import_from_the_palette_merges_and_home_shows_it(
    home: Path, data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    source = open_repo(tmp_path / "source", clock)
    generate(source, "small")
    assert (
        main(["export", "-o", str(home / "cards.json"), "--data-dir", str(source.data_dir)]) == 0
    )

    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "No drill cards yet." in str(app.screen.query_one("#home-drill").render())
        await choose(pilot, "import")
        assert isinstance(app.screen, ImportScreen)
        field = app.screen.query_one(Input)
        assert field.value == f"{home}/"  # no export named for a day here: the folder
        field.value = "cards.json"  # relative to that folder
        await pilot.press("enter")
        line = await summary_shown(pilot)  # in the dialog, until it is closed
        assert line.startswith("Imported ") and "\n" not in line
        await pilot.press("enter")
        await back_home(pilot)
        await pilot.pause()
        assert "No drill cards yet." not in str(app.screen.query_one("#home-drill").render())


async def test_a_bad_import_file_says_so_in_one_line_and_changes_nothing(
    home: Path, data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    generate(repo, "small")
    bad = home / "rebound-export-broken.json"
    bad.write_text('{"format": "rebound-export", "cards": [{"question": ')
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        before = tree_digest(data_dir)
        await choose(pilot, "import: a rebound")
        field = app.screen.query_one(Input)
        assert field.value == str(bad)  # the newest export in the folder is offered
        await pilot.press("enter")
        await back_home(pilot)
        (line,) = await said(pilot)
        assert "is not valid JSON" in line and "nothing was imported" in line
        assert "\n" not in line
        assert tree_digest(data_dir) == before


async def test_backups_from_the_palette(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    generate(repo, "small")
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await choose(pilot, "take a backup now")
        (line,) = [t for t in await said(pilot) if t.startswith("Backup ")]
        name = line.split()[1]
        assert f"`rebound restore {name}` brings it back" in line
        assert (data_dir / "backups" / name).is_dir()
        await choose(pilot, "backups")
        assert isinstance(app.screen, BackupsScreen)
        table = app.screen.query_one(DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        (taken,) = [row[1] for row in rows if row[0] == name]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", taken)
        about = str(app.screen.query_one("#backups-about").render())
        assert "`rebound restore NAME` from a shell" in about
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_short_drill_from_the_palette(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    generate(repo, "small")
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await choose(pilot, "drill: a short")
        assert type(app.screen).__name__ == "DrillScreen"
        assert getattr(app.screen, "limit", None) == 10


async def test_over_ssh_export_and_import_stay_in_the_sessions_folder(
    home: Path, data_dir: Path, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rebound serve` confines a session's files to one folder: exports go there, and a
    file outside it is not read."""
    confined = tmp_path / "session-files"
    confined.mkdir()
    monkeypatch.setenv(CONFINE_ENV, str(confined))
    elsewhere = tmp_path / "someone-elses.json"
    elsewhere.write_text("{}")
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await choose(pilot, "export: json")
        await said_once(pilot, f"Exported to {confined}/rebound-export-{DAY}.json")
        await choose(pilot, "import: a rebound")
        app.screen.query_one(Input).value = str(elsewhere)
        await pilot.press("enter")
        await back_home(pilot)
        await said_once(pilot, f"Files can be imported from {confined} only.")
    assert list(home.iterdir()) == []
