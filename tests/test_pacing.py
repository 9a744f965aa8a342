"""The day of the no is paced: feel it (with a friend's word and a nudge to tell one
person), a treat, writing it out if you like, then "That's enough for today"; the rebound
opens at Went well the next day. Going on is always allowed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Interview
from rebound_tui.services import interviews, rebounds
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.home import HomeScreen
from rebound_tui.ui.screens.journal import JournalScreen
from rebound_tui.ui.screens.rebound import ReboundScreen
from rebound_tui.ui.widgets.care_card import CareCard
from rebound_tui.ui.widgets.checkin_panel import DaydreamOffer
from rebound_tui.ui.widgets.step_bar import StepBar
from rebound_tui.ui.widgets.word_picker import WordPicker
from tests.helpers import open_repo, toasts
from tests.test_rebound_story import type_text

SIZE = (80, 24)


def rejected(data_dir: Path, clock: FixedClock) -> tuple[ReboundApp, str]:
    """Acme said no today: its rebound is open."""
    repo = open_repo(data_dir, clock)
    interview = interviews.save_interview(repo, Interview(id="acme", company="Acme"))
    _, rebound = interviews.mark_rejected(repo, interview)
    return ReboundApp(repo, clock), rebound.id


def shown(app: ReboundApp, selector: str) -> bool:
    widget = app.screen.query_one(selector)
    return widget.display and all(a.display for a in widget.ancestors_with_self if a.parent)


async def test_the_day_of_the_no_ends_with_enough_for_today(
    data_dir: Path, clock: FixedClock
) -> None:
    app, rebound_id = rejected(data_dir, clock)
    repo = app.repo
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.open("rebound", rebound_id=rebound_id)
        await pilot.pause()
        assert isinstance(app.screen, ReboundScreen)
        # Feel it: unpleasant, low; "disappointed"; then what you would tell a friend.
        await pilot.press("h", "h", "j", "j", "tab", "space", "tab", "l")
        app.screen.query_one("#checkin-friend", Input).focus()
        await pilot.pause()
        await type_text(pilot, "It says nothing about what you are worth.")
        text = str(app.screen.query_one("#checkin-people").render())
        assert text.startswith("If you can, tell one person you trust today.")
        await pilot.press("ctrl+n")
        await pilot.pause()
        checkin = repo.checkins.get(rebounds.rebound(repo, rebound_id).checkin_id or "")  # type: ignore[union-attr]
        assert checkin is not None
        assert checkin.words == ("disappointed",)
        assert checkin.friend == "It says nothing about what you are worth."
        assert checkin.daydream is None, "not asked on the day of the no unless opened"

        # A treat; then the day can end here.
        assert app.screen.query_one(StepBar).current == "treat"
        assert shown(app, "#treat-enough")
        assert "That's enough for today" in str(app.screen.query_one("#treat-enough").render())
        await pilot.press("a")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("opens at Went well" in t for t in toasts(app))
        home_text = str(app.screen.query_one("#home-rebounds").render())
        assert "enough for today; next: Went well" in home_text
        paused = rebounds.rebound(repo, rebound_id)
        assert paused is not None and paused.is_open
        assert paused.paused_on == date(2026, 11, 26)
        assert rebounds.paused_today(repo, paused)
        assert rebounds.step_status(repo, paused)["went_well"] == "todo", "not skipped"

        # The next day it opens at Went well, and the day-one offer is gone.
        clock.advance(days=1)
        app.open("rebound", rebound_id=rebound_id)
        await pilot.pause()
        assert isinstance(app.screen, ReboundScreen)
        assert app.screen.query_one(StepBar).current == "went_well"
        assert not rebounds.paused_today(repo, rebounds.rebound(repo, rebound_id))  # type: ignore[arg-type]
        await app.screen.go_to("treat")
        await pilot.pause()
        assert not shown(app, "#treat-today")


async def test_keep_going_is_never_blocked_and_writing_is_offered(
    data_dir: Path, clock: FixedClock
) -> None:
    app, rebound_id = rejected(data_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.open("rebound", rebound_id=rebound_id, step="treat")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert app.screen.rebound_id == rebound_id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReboundScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.query_one(StepBar).current == "went_well"
        assert rebounds.rebound(app.repo, rebound_id).paused_on is None  # type: ignore[union-attr]


async def test_the_daydream_question_is_offered_not_asked(
    data_dir: Path, clock: FixedClock
) -> None:
    app, rebound_id = rejected(data_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.open("rebound", rebound_id=rebound_id)
        await pilot.pause()
        offer = app.screen.query_one(DaydreamOffer)
        assert "hoping is normal" in str(offer.render())
        assert not app.screen.query_one("#checkin-daydream").display
        await pilot.press("tab", "tab", "tab")
        assert app.screen.focused is offer
        await pilot.press("enter", "3")
        assert app.screen.query_one("#checkin-daydream").display
        await pilot.press("ctrl+n")
        rebound = rebounds.rebound(app.repo, rebound_id)
        checkin = app.repo.checkins.get(rebound.checkin_id or "")  # type: ignore[union-attr]
        assert checkin is not None and checkin.daydream == 3


async def test_a_very_low_check_in_shows_the_care_card_in_feel(
    data_dir: Path, clock: FixedClock
) -> None:
    app, rebound_id = rejected(data_dir, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.open("rebound", rebound_id=rebound_id)
        await pilot.pause()
        assert not app.screen.query_one(CareCard).display
        # The lowest, most unpleasant corner; "hopeless"; as strong as it gets.
        await pilot.press(*"hhhjjj", "tab")
        words = app.screen.query_one(WordPicker)
        words.highlighted = words.get_option_index("hopeless")
        await pilot.press("space", "tab", "0")
        await pilot.pause(1.0)  # the autosave saves the check-in
        await pilot.pause()
        card = app.screen.query_one(CareCard)
        assert card.display
        assert "findahelpline.com" in str(card.query_one("#care-text").render())
