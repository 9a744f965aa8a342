"""Next steps are things you do: a step written in Move on shows on home, is overdue once
its day has passed, can be put off, edited and marked done (then it leaves the open list
and counts in history); none vanishes. Old data and exports: test_next_steps_data.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Interview
from rebound_tui.services import interviews, next_steps, rebounds
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.next_step_form import NextStepForm
from rebound_tui.ui.screens.home import HomeScreen
from rebound_tui.ui.screens.next_steps import NextStepsScreen
from rebound_tui.ui.screens.rebound import ReboundScreen
from tests.helpers import open_repo, toasts

SIZE = (100, 34)


def shown(app: ReboundApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def listed(app: ReboundApp) -> list[str]:
    from textual.widgets import OptionList

    options = app.screen.query_one("#next-steps-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def paste(pilot: Pilot[object], text: str) -> None:
    from textual import events

    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def home_again(pilot: Pilot[object], app: ReboundApp) -> None:
    app.action_go_home()
    await pilot.pause()
    assert isinstance(app.screen, HomeScreen)
    await pilot.pause()


async def test_a_next_step_from_move_on_is_done_snoozed_and_counted(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)  # Thursday 26 November 2026
    _, rebound = interviews.mark_rejected(repo, Interview(id="iv", company="Acme"))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # Move on: the next step and its day, saved as the user types.
        await app.push_screen(ReboundScreen(rebound.id))
        assert isinstance(app.screen, ReboundScreen)
        await app.screen.go_to("move_on")
        await pilot.pause()
        app.screen.query_one("#next-step", Input).focus()
        await paste(pilot, "Ask Sam for a referral")
        await pilot.press("tab")
        await paste(pilot, "saturday")
        await pilot.pause(1.0)  # the autosave timer
        assert "Saturday 28 November 2026" in shown(app, "#next-step-error")
        (step,) = [item.step for item in next_steps.open_steps(repo, date(2026, 11, 26))]
        assert (step.text, step.due_on, step.rebound_id) == (
            "Ask Sam for a referral",
            date(2026, 11, 28),
            rebound.id,
        )

        # Home lists it, with its day, and says how to reach it.
        await home_again(pilot, app)
        assert "→ Ask Sam for a referral (next step, by Sat 28 Nov; n opens them)" in (
            shown(app, "#home-rebounds")
        )

        # Three days later it is overdue, on home and in the list; it did not vanish.
        clock.advance(days=3)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        (line,) = listed(app)
        assert line.startswith("Ask Sam for a referral · from Sat 28 Nov · Acme")
        assert "overdue" not in line
        assert "1 open, 1 from an earlier day" in shown(app, "#next-steps-summary")
        await home_again(pilot, app)
        assert "from Sat 28 Nov; n opens them" in shown(app, "#home-rebounds")

        # Put off a day: tomorrow's now, not overdue.
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert "Put off to Monday 30 Nov." in toasts(app)
        (line,) = listed(app)
        assert line.startswith("Ask Sam for a referral · by Mon 30 Nov, put off · Acme")
        stored = next_steps.next_step(repo, step.id)
        assert stored is not None
        assert (stored.due_on, stored.snoozed_until) == (date(2026, 11, 28), date(2026, 11, 30))
        await pilot.press("w")  # and a week more, from its day
        await pilot.pause()
        assert "Put off to Monday 07 Dec." in toasts(app)
        await home_again(pilot, app)
        text = shown(app, "#home-rebounds")
        assert "by Mon 07 Dec; n opens them" in text and "overdue" not in text

        # Edit it: the form holds its text and day; a new day ends the snooze.
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NextStepForm)
        assert app.screen.query_one("#step-form-text", Input).value == "Ask Sam for a referral"
        assert app.screen.query_one("#step-form-day", Input).value == "2026-12-07"
        app.screen.query_one("#step-form-text", Input).value = "Ask Sam and Kim for referrals"
        app.screen.query_one("#step-form-day", Input).value = "friday"
        await pilot.pause()
        assert "Friday 4 December 2026" in shown(app, "#step-form-problem")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        stored = next_steps.next_step(repo, step.id)
        assert stored is not None
        assert (stored.text, stored.due_on, stored.snoozed_until) == (
            "Ask Sam and Kim for referrals",
            date(2026, 12, 4),
            None,
        )

        # Add one from the list: text, enter, day, enter.
        await pilot.press("a")
        await pilot.pause()
        await paste(pilot, "Update the portfolio")
        await pilot.press("enter")
        await paste(pilot, "tomorrow")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        assert [s.step.text for s in next_steps.open_steps(repo, date(2026, 11, 29))] == [
            "Update the portfolio",
            "Ask Sam and Kim for referrals",
        ]

        # Done: it leaves the open list, is kept (v shows it) and counts in history.
        await pilot.press("j")  # the referrals step, below the portfolio one
        await pilot.press("x")
        await pilot.pause()
        assert "Done: Ask Sam and Kim for referrals. It counts in your history." in toasts(app)
        assert [line.split(" ·")[0] for line in listed(app)] == ["Update the portfolio"]
        assert "1 open · 1 done (v shows them)" in shown(app, "#next-steps-summary")
        await pilot.press("v")
        await pilot.pause()
        assert listed(app)[1].startswith("✓ Ask Sam and Kim for referrals · done Sun 29 Nov")
        await home_again(pilot, app)
        text = shown(app, "#home-rebounds")
        assert "Update the portfolio" in text and "referrals" not in text
        await pilot.press("h", "right_square_bracket")  # the Rebounds view, built when shown
        await pilot.pause()
        assert "Next steps done: 1 · still open: 1" in shown(app, "#next-steps-count")

        # Back in Move on, the rebound's step is done: the field is free for a new one.
        await home_again(pilot, app)
        await app.push_screen(ReboundScreen(rebound.id))
        assert isinstance(app.screen, ReboundScreen)
        await app.screen.go_to("move_on")
        await pilot.pause()
        assert app.screen.query_one("#next-step", Input).value == ""
        assert "✓ Done: Ask Sam and Kim for referrals." in shown(app, "#next-step-error")
    closed = rebounds.rebound(repo, rebound.id)
    assert closed is not None
    assert rebounds.step_status(repo, closed)["move_on"] == "done"


async def test_home_shows_three_and_counts_the_rest(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    for number in range(5):
        next_steps.add_step(repo, f"Step {number}", date(2026, 11, 20 + number))
    next_steps.add_step(repo, "Someday", None)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = shown(app, "#home-rebounds")
        assert "→ Step 0 (next step, from Fri 20 Nov; n opens them)" in text
        assert "Step 2" in text and "Step 3" not in text
        assert "… and 3 more next steps" in text
        await pilot.press("n")
        await pilot.pause()
        assert len(listed(app)) == 6
        assert listed(app)[-1].startswith("Someday · no day")


def test_snoozing_counts_from_today_or_the_steps_day(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)  # Thursday 26 November
    late = next_steps.add_step(repo, "late", date(2026, 11, 1))
    ahead = next_steps.add_step(repo, "ahead", date(2026, 12, 10))
    undated = next_steps.add_step(repo, "undated")
    assert next_steps.snooze(repo, late, 1).day == date(2026, 11, 27)
    assert next_steps.snooze(repo, ahead, 7).day == date(2026, 12, 17)
    assert next_steps.snooze(repo, undated, 7).day == date(2026, 12, 3)
    edge = next_steps.add_step(repo, "edge", date(2199, 12, 30))
    assert next_steps.snooze(repo, edge, 7).day == date(2199, 12, 31)
    with pytest.raises(ValueError, match="needs a few words"):
        next_steps.add_step(repo, "   ")


def test_clearing_move_on_text_removes_only_the_open_step(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    _, rebound = interviews.mark_rejected(repo, Interview(id="iv", company="Acme"))
    first = rebounds.save_next_step(repo, rebound, "first", None)
    assert first is not None
    next_steps.mark_done(repo, first)
    second = rebounds.save_next_step(repo, rebound, "second", date(2026, 12, 1))
    assert second is not None and second.id != first.id
    assert rebounds.save_next_step(repo, rebound, "", None) is None
    assert [s.text for s in repo.next_steps.all()] == ["first"], "the done one is kept"


# -- how the list looks ----------------------------------------------------------------
def test_next_steps_screen(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)  # Thursday 26 November
    _, rebound = interviews.mark_rejected(repo, Interview(id="iv", company="Acme"))
    rebounds.save_next_step(repo, rebound, "Ask Sam for a referral", date(2026, 11, 24))
    today = next_steps.add_step(repo, "Send the thank-you note", date(2026, 11, 26))
    put_off = next_steps.add_step(repo, "Mock interview with Kim", date(2026, 11, 25))
    next_steps.snooze(repo, put_off, 7)
    next_steps.add_step(repo, "Read about system design")
    done = next_steps.add_step(repo, "Update the CV", date(2026, 11, 20))
    next_steps.mark_done(repo, done)
    assert today.day == date(2026, 11, 26)
    app = ReboundApp(repo, clock)

    async def open_list(pilot: Pilot[object]) -> None:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()

    assert snap_compare(app, run_before=open_list, terminal_size=(80, 24))
