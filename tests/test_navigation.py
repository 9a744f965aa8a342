"""One navigation table: every area opens from `app.open`, appears in the palette, and
home's keys are the table's keys."""

from __future__ import annotations

from pathlib import Path

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.focus import Focus
from rebound_tui.domain.models import Interview
from rebound_tui.services import interviews
from rebound_tui.services.cards import add_starter_questions
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.navigation import AREAS, LISTED
from rebound_tui.ui.screens.home import HomeScreen
from tests.helpers import open_repo

EXPECTED = {
    "drill": "DrillScreen",
    "cards": "CardsScreen",
    "stats": "DrillStatsScreen",
    "checkin": "CheckInScreen",
    "interviews": "InterviewsScreen",
    "history": "HistoryScreen",
    "next_steps": "NextStepsScreen",
    "settings": "SettingsScreen",
    "journal": "JournalScreen",
    "theme": "ChoicePicker",  # the settings screen, with its theme list open on top
    "search": "SearchScreen",
}


async def test_every_area_opens_its_screen(data_dir: Path, clock: FixedClock) -> None:
    assert {area.id for area in LISTED} == set(EXPECTED)
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for area in LISTED:
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
        assert (area.title in titles) == area.listed
    keyed = {"c": "CheckInScreen", "d": "DrillScreen", "i": "InterviewsScreen"}
    keyed |= {"k": "CardsScreen", "h": "HistoryScreen", "n": "NextStepsScreen"}
    keyed |= {"comma": "SettingsScreen", "w": "JournalScreen"}
    assert {a.home_key for a in AREAS if a.home_key} == set(keyed)
    async with app.run_test(size=(80, 24)) as pilot:
        for key, screen in keyed.items():
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == screen
            app.action_go_home()
            await pilot.pause()


async def test_screens_for_one_record_open_through_the_table(
    data_dir: Path, clock: FixedClock
) -> None:
    """A rebound, its retrospective, a card's history, the starter bank and the focused
    drill are opened from other screens with `app.open(id, ...)`, never by importing their
    screen."""
    repo = open_repo(data_dir, clock)
    _, rebound = interviews.mark_rejected(repo, Interview(id="iv1", company="Acme"))
    (card, *_) = add_starter_questions(repo, ["starter-walk-me-through", "starter-why-this-role"])
    opened = {
        "rebound": ({"rebound_id": rebound.id}, "ReboundScreen"),
        "retrospective": ({"rebound_id": rebound.id}, "RetrospectiveScreen"),
        "card": ({"card_id": card.id}, "CardDetailScreen"),
        "starter_bank": ({}, "StarterBankScreen"),
        "cram": ({"focus": Focus("interview", "iv1")}, "CramScreen"),
    }
    assert {area.id for area in AREAS if not area.listed} == set(opened)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for area_id, (arguments, screen) in opened.items():
            app.open(area_id, **arguments)
            await pilot.pause()
            assert type(app.screen).__name__ == screen
            app.action_go_home()
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)


async def test_home_from_the_palette_keeps_the_screen_a_start_opened(
    data_dir: Path, clock: FixedClock
) -> None:
    """`rebound checkin` and `rebound drill` have no home below their screen: "Home"
    closes what is on top of it, never the screen itself (nor leaves an empty one)."""
    for start, screen in (("checkin", "CheckInScreen"), ("drill", "DrillScreen")):
        app = ReboundApp(open_repo(data_dir, clock), clock, start=start)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.open("history")
            await pilot.pause()
            assert type(app.screen).__name__ == "HistoryScreen"
            app.action_go_home()
            await pilot.pause()
            assert type(app.screen).__name__ == screen, start
            app.action_go_home()
            await pilot.pause()
            assert type(app.screen).__name__ == screen, start
