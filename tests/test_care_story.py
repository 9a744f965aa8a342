"""The safety net, as the user meets it: a very low check-in shows the "talk to someone"
card right after it, home keeps it until it is put away, and it is not raised again that
day; a low check-in offers one small thing to plan for today and a lighter drill."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from rebound_tui.domain.clock import FixedClock
from rebound_tui.services import care, checkins, next_steps
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.checkin import CheckInScreen
from rebound_tui.ui.screens.home import HomeScreen
from rebound_tui.ui.widgets.care_card import CareCard
from tests.helpers import open_repo

SIZE = (80, 24)


def card_shown(app: ReboundApp) -> bool:
    cards = list(app.screen.query(CareCard))
    return bool(cards) and cards[0].display and cards[0].region.height > 0


async def very_low_check_in(pilot: Pilot[int], app: ReboundApp) -> None:
    """From home: c, the lowest row of the grid, strength 9, Esc."""
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, CheckInScreen)
    await pilot.press("h", "h", "h", "tab", "tab", "9")
    await pilot.press("escape")
    await pilot.pause()


async def test_a_very_low_check_in_shows_the_card_and_home_keeps_it_until_put_away(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and not card_shown(app)
        await very_low_check_in(pilot, app)
        # Right after the check-in: the card, and the low-day offer below it.
        assert isinstance(app.screen, CheckInScreen) and card_shown(app)
        text = str(app.screen.query_one("#care-text", Static).render())
        assert "someone you trust today" in text and "findahelpline.com" in text
        await pilot.press("escape")  # leaving without putting it away
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and card_shown(app)
        # Home keeps it, across other screens, until it is put away.
        await pilot.press("d", "escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and card_shown(app)
        await pilot.press("x")
        await pilot.pause()
        assert not card_shown(app)
        assert repo.settings().care_dismissed_at == clock.now()

        # Another very low check-in the same day: the low-day offer, no card.
        clock.advance(hours=2)
        await very_low_check_in(pilot, app)
        assert isinstance(app.screen, CheckInScreen) and not card_shown(app)
        assert app.screen.query_one("#checkin-small-things", OptionList).display
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and not card_shown(app)

    # The next day it is raised again, for the check-in it was not shown for.
    clock.advance(days=1)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert card_shown(app)
        await pilot.click("#care-put-away")  # the button puts it away too
        await pilot.pause()
        assert not card_shown(app)
    assert care.care_card(repo, clock.now()) is None
    # And the day after, a new very low check-in shows it right after.
    clock.advance(days=1)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not card_shown(app)
        await very_low_check_in(pilot, app)
        assert isinstance(app.screen, CheckInScreen) and card_shown(app)
        await pilot.press("x")  # nothing else to offer? then it leaves; here the offer stays
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen) and not card_shown(app)


async def test_a_low_check_in_offers_one_small_thing_for_today_and_a_lighter_drill(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock, start="checkin")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "h", "escape")  # low (-2), not the lowest: no card
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen) and not card_shown(app)
        offer = app.screen.query_one("#checkin-small-things", OptionList)
        assert offer.has_focus
        assert "A low day" in str(app.screen.query_one("#checkin-low-text", Static).render())
        await pilot.press("down", "enter")
        await pilot.pause()
        (step,) = [item.step for item in next_steps.open_steps(repo, next_steps.today(repo))]
        assert step.text == "Cook something simple"
        assert step.due_on == next_steps.today(repo)
        await pilot.press("enter")  # the same one again is not added twice
        await pilot.pause()
        assert len(next_steps.open_steps(repo, next_steps.today(repo))) == 1
        await pilot.press("l")
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "DrillScreen"
        assert getattr(app.screen, "limit", None) == 5


async def test_a_pleasant_check_in_leaves_at_once(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    checkins.save_checkin(repo, checkins.new_checkin(repo))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c", "l", "l", "escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
