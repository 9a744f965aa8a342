"""Search in the app: `/` from anywhere, type, and enter opens the record where it lives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, Interview, JournalEntry
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.home import HomeScreen
from tests.helpers import open_repo
from tests.test_search_service import seed_everything


async def search_for(pilot: Pilot[int], app: ReboundApp, words: str) -> None:
    """Press `/` and type `words`, as a person would."""
    await pilot.press("slash")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press(*words)
    await pilot.pause(0.3)  # typing has paused: the list follows


def listed(app: ReboundApp) -> list[str]:
    listing = app.screen.query_one("#search-results", OptionList)
    return [str(listing.get_option_at_index(i).id) for i in range(listing.option_count)]


OPENED_BY = {
    # word → the screen enter opens, and what it shows
    "tangerine": ("ReboundScreen", {"rebound_id": "rb1", "start_step": "tough"}),
    "paprika": ("ReboundScreen", {"rebound_id": "rb1", "start_step": "feedback"}),
    "walnut": ("RetrospectiveScreen", {"rebound_id": "rb2"}),
    "meadow": ("HistoryScreen", {}),
    "compass": ("InterviewsScreen", {"_selected_id": "iv1"}),  # the cursor on it
    "bicycle": ("NextStepsScreen", {"select": "ns1"}),
    "juniper": ("CardDetailScreen", {"card_id": "cd1"}),
    "driftwood": ("JournalScreen", {"entry_id": "jn1"}),
}


@pytest.mark.parametrize("word", sorted(OPENED_BY))
async def test_slash_type_enter_opens_the_record(
    data_dir: Path, clock: FixedClock, word: str
) -> None:
    repo = open_repo(data_dir, clock)
    seed_everything(repo, clock)
    # Listed first among the interviews, so the one found must be chosen, not just shown.
    repo.interviews.put(Interview(id="iv0", company="Zeta", applied_on=clock.now().date()))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await search_for(pilot, app, word)
        assert type(app.screen).__name__ == "SearchScreen"
        assert len(listed(app)) == 1
        await pilot.press("enter")
        await pilot.pause()
        screen, attributes = OPENED_BY[word]
        assert type(app.screen).__name__ == screen
        for name, value in attributes.items():
            found = getattr(app.screen, name)
            assert (found() if callable(found) else found) == value
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "SearchScreen"  # back to the results


async def test_results_follow_typing_and_arrows_choose(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    seed_everything(repo, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await search_for(pilot, app, "a")
        assert listed(app)[:3] == ["fb1", "jn1", "rf1"]  # newest first
        summary = str(app.screen.query_one("#search-summary").render())
        assert "8 found" in summary
        await pilot.press("space", "d", "a", "y")  # "a day": only the journal page
        await pilot.pause(0.3)
        assert listed(app) == ["jn1"]
        await pilot.press(*"zzz")
        await pilot.pause(0.3)
        assert listed(app) == []
        assert "Nothing holds all of" in str(app.screen.query_one("#search-summary").render())
        app.screen.query_one(Input).value = "a"
        await pilot.pause(0.3)
        await pilot.press("down", "down", "up", "down", "enter")  # the third: the reflection
        await pilot.pause()
        assert type(app.screen).__name__ == "ReboundScreen"
        assert getattr(app.screen, "start_step", None) == "tough"


async def test_the_card_browser_keeps_its_own_slash(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put(Card(id="c1", question="Why this role?", created_at=clock.now()))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open("cards")
        await pilot.pause()
        assert app.focused is not None and app.focused.id != "cards-search"
        await pilot.press("slash")
        await pilot.pause()
        assert type(app.screen).__name__ == "CardsScreen"
        assert app.focused is not None and app.focused.id == "cards-search"


async def test_slash_in_a_text_field_is_typed(data_dir: Path, clock: FixedClock) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await search_for(pilot, app, "a/b")
        assert type(app.screen).__name__ == "SearchScreen"
        assert app.screen.query_one(Input).value == "a/b"


async def test_user_text_in_results_is_text_only(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    hostile = "[b]bold[/] $var :smile: \x1b]0;title\x07 ember"
    repo.journal.put(JournalEntry(id="jn1", written_at=clock.now(), text=hostile))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await search_for(pilot, app, "ember")
        listing = app.screen.query_one("#search-results", OptionList)
        shown = listing.get_option_at_index(0).prompt
        assert isinstance(shown, Content)
        assert "[b]bold[/] $var :smile: ␛]0;title␇ ember" in shown.plain


async def test_a_long_list_comes_a_screenful_first_and_keeps_the_choice(
    data_dir: Path, clock: FixedClock
) -> None:
    from datetime import timedelta

    from rebound_tui.ui.screens import search

    repo = open_repo(data_dir, clock)
    repo.journal.put_many(
        JournalEntry(
            id=f"p{n:02}", text=f"team page {n}", written_at=clock.now() - timedelta(hours=n)
        )
        for n in range(search.FIRST + 20)
    )
    app = ReboundApp(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await search_for(pilot, app, "team")
        assert listed(app) == [f"p{n:02}" for n in range(search.FIRST + 20)]  # newest first
        listing = app.screen.query_one("#search-results", OptionList)
        listing.focus()
        for _ in range(search.FIRST + 5):
            await pilot.press("down")
        assert listing.highlighted == search.FIRST + 5
        screen: Any = app.screen
        screen.refresh_hits()  # listed again (back from a record): the choice stays
        assert listing.option_count == search.FIRST  # a screenful, before the paint
        await pilot.pause()
        assert listing.option_count == search.FIRST + 20
        assert listing.highlighted == search.FIRST + 5
        screen.refresh_hits()
        screen.query_text = "nothing holds this"
        screen.refresh_hits()  # typed on before the rest was added: none of it comes
        await pilot.pause()
        assert listing.option_count == 0
