"""The settings screen, as a user meets it: change the zone and the day start and the
drill's day follows at once; new cards a day re-plans the drill; a bad value is refused in
one line with nothing saved; the name signs letters; the theme applies; every key is
listed with its id; the palette finds "settings" and "theme"."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.feedback import feedback_letter
from rebound_tui.domain.models import Card, Interview, Settings
from rebound_tui.domain.scheduling import make_scheduler, rate
from rebound_tui.services import settings as stored
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.choice_picker import ChoicePicker
from rebound_tui.ui.dialogs.key_bindings import KeyBindingsScreen
from rebound_tui.ui.dialogs.value_editor import ValueEditor
from rebound_tui.ui.screens.home import HomeScreen
from rebound_tui.ui.screens.settings import ROWS, SettingsScreen
from tests.helpers import open_repo

SIZE = (80, 24)
ROW = {key: index for index, (key, _, _) in enumerate(ROWS)}
# The first review of a card, on Thursday 26 November 2026 at 05:00 UTC: 06:00 in Berlin
# (the Berlin drill day of the 26th, which began at 04:00) and 21:00 on Wednesday 25th in
# Los Angeles (before the LA drill day of the 26th began, at 04:00 there).
INTRODUCED_AT = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)


def seed(repo: Repository, clock: FixedClock) -> None:
    """Two new cards, one card first seen at INTRODUCED_AT, and two new cards a day."""
    repo.save_settings(Settings(timezone="Europe/Berlin", new_per_day=2))
    for index in range(2):
        created = clock.now() - timedelta(days=2, seconds=-index)
        repo.cards.put(Card(id=f"n{index}", question=f"New {index}", created_at=created))
    first = Card(id="seen", question="Seen once", created_at=INTRODUCED_AT - timedelta(days=1))
    card, review = rate(first, 4, INTRODUCED_AT, make_scheduler(repo.settings(), fuzz=False))
    assert card.state == 2 and card.due > clock.now() + timedelta(days=2)  # not due
    repo.cards.put(card)
    repo.reviews.put(review)


def text(widget: Static) -> str:
    return str(widget.render())


async def open_settings(pilot: Pilot[int]) -> SettingsScreen:
    pilot.app.open("settings")  # type: ignore[attr-defined]  # a ReboundApp
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def change(pilot: Pilot[int], key: str, *typed: str) -> ValueEditor:
    """Move to `key`'s row, open it with e, type over the value and press enter."""
    table = pilot.app.screen.query_one(DataTable)
    table.move_cursor(row=ROW[key])
    await pilot.press("e")
    await pilot.pause()
    editor = pilot.app.screen
    assert isinstance(editor, ValueEditor)
    await pilot.press(*("space" if c == " " else c for c in "".join(typed)), "enter")
    await pilot.pause()
    return editor


async def drill_counts(pilot: Pilot[int]) -> str:
    """Open the drill from home and read its header; then back home."""
    app = pilot.app
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("d")
    await pilot.pause()
    counts = re.sub(r"\s+", " ", text(app.screen.query_one("#drill-counts", Static)))
    app.action_go_home()  # type: ignore[attr-defined]
    await pilot.pause()
    return counts


async def test_zone_and_day_start_move_the_drill_day_at_once(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    seed(repo, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        # In Berlin the card seen at 06:00 today used one of today's two new cards.
        assert "New 1 " in await drill_counts(pilot)

        screen = await open_settings(pilot)
        screen.query_one(DataTable).move_cursor(row=ROW["timezone"])
        await pilot.press("enter")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ChoicePicker)
        await pilot.press(*"los", "space", *"angeles", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert "America/Los_Angeles (07:00 there now)" in text(
            screen.query_one("#settings-status", Static)
        )
        assert stored.settings(repo).timezone == "America/Los_Angeles"
        assert stored.settings(repo).timezone_chosen
        await pilot.press("escape")
        await pilot.pause()
        # In Los Angeles that review was yesterday evening: both new cards are today's.
        assert "New 2 " in await drill_counts(pilot)

        await open_settings(pilot)
        await change(pilot, "day_start_hour", "20")
        assert stored.settings(repo).day_start_hour == 20
        await pilot.press("escape")
        await pilot.pause()
        # A drill day that starts at 20:00 began at 20:00 yesterday, before that review.
        assert "New 1 " in await drill_counts(pilot)

        await open_settings(pilot)
        await change(pilot, "new_per_day", "0")
        await pilot.press("escape")
        await pilot.pause()
        assert "New 0 " in await drill_counts(pilot)


async def test_a_bad_value_is_refused_in_one_line_and_nothing_is_saved(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    before = stored.settings(repo)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        for key, typed, said in (
            ("day_start_hour", "25", "Not saved: must be between 0 and 23, got 25."),
            ("day_start_hour", "soon", "Not saved: 'soon' is not an hour (0 to 23)."),
            ("new_per_day", "-3", "Not saved: must be between 0 and 10000, got -3."),
            ("desired_retention", "50%", "Not saved: must be between 0.7 and 0.99, got 0.5."),
            ("maximum_interval_days", "0", "Not saved: must be between 1 and 36500, got 0."),
            ("learning_steps_minutes", "1m 0m", "Not saved: must be between 1 and 525600"),
            ("treat_minutes", "an hour", "Not saved: 'an hour' is not a whole number."),
        ):
            editor = await change(pilot, key, typed)
            assert app.screen is editor, key  # still open, for a better value
            problem = text(editor.query_one("#value-problem", Static))
            assert problem.startswith(said), (key, problem)
            assert "\n" not in problem
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, SettingsScreen)
    assert stored.settings(repo) == before


async def test_the_name_signs_letters_and_the_theme_applies(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await change(pilot, "your_name", "Alex Doe")
        assert stored.settings(repo).your_name == "Alex Doe"
        letter = feedback_letter(
            Interview(id="i", company="Acme"), stored.settings(repo).your_name
        )
        assert "Alex Doe" in letter and "[your name]" not in letter

        app.screen.query_one(DataTable).move_cursor(row=ROW["theme"])
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoicePicker)
        before = app.theme
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.theme != before
        assert stored.settings(repo).theme == app.theme
    assert Repository.open(data_dir, clock).settings().theme == app.theme


async def test_every_key_is_listed_with_its_id(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    stored.update_settings(repo, keymap={"home.drill": "D"})
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one(DataTable).move_cursor(row=ROW["keys"])
        await pilot.press("enter")
        await pilot.pause()
        view = app.screen
        assert isinstance(view, KeyBindingsScreen)
        table = view.query_one(DataTable)
        rows = [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        assert ("Home", "D", "Drill", "home.drill") in rows  # where the keymap put it
        assert ("Settings", "e", "Change", "settings.edit") in rows
        assert any(row[3] == "app.quit" for row in rows)
        assert '"keymap"' in text(view.query_one("#keys-where", Static))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_the_palette_finds_settings_and_theme(data_dir: Path, clock: FixedClock) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        for query, opened in (("settings", SettingsScreen), ("theme", ChoicePicker)):
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            await pilot.press(*query)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, opened), query
            app.action_go_home()
            await pilot.pause()
        # Over the settings screen, "Theme: <name>" applies a theme at once.
        await open_settings(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"theme", "colon", "space", *"nord")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "nord"
