"""A user logs an interview with dates in words, at 80×24: each date field says back the
day it read, a misspelt one is explained and kept for correcting, and the days stored
are the ones she meant. Today is Thursday 26 November 2026."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from rebound_tui.domain.clock import FixedClock
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.interview_form import DATE_FIELDS, InterviewForm
from tests.helpers import open_repo

SIZE = (80, 24)


async def type_keys(pilot: Pilot[Any], text: str) -> None:
    """Type `text` key by key, as a person does."""
    for character in text:
        await pilot.press("space" if character == " " else character)
        await pilot.pause()


async def test_last_monday_and_in_two_weeks_are_stored_as_those_days(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "a")
        form = app.screen
        assert isinstance(form, InterviewForm)
        await type_keys(pilot, "Acme")
        for _ in range(5):  # role, contact, stage, outcome, applied on
            await pilot.press("tab")
        applied = form.query_one("#interview-applied", Input)
        assert form.focused is applied
        await pilot.press("ctrl+u")  # the form starts it at today
        await type_keys(pilot, "3 weeks ago")
        assert applied.border_subtitle == "Thursday 5 November 2026"

        await pilot.press("tab")
        await type_keys(pilot, "last mondy")
        await pilot.press("tab")
        await type_keys(pilot, "in 2 weeks")
        assert form.query_one("#interview-decided", Input).border_subtitle == (
            "Thursday 10 December 2026"
        )
        await pilot.press("ctrl+s")
        assert app.screen is form, "a misspelt date keeps the form open"
        interviewed = form.query_one("#interview-interviewed", Input)
        assert form.focused is interviewed, "the date to correct has the focus"
        said = str(form.query_one("#interview-error", Static).render())
        assert said == "'last mondy' is not a date I can read — did you mean 'last monday'?"

        await pilot.press("backspace")
        await type_keys(pilot, "ay")
        assert interviewed.border_subtitle == "Monday 23 November 2026"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, InterviewForm)

    (interview,) = repo.interviews.all()
    assert (interview.applied_on, interview.interviewed_on, interview.decided_on) == (
        date(2026, 11, 5),
        date(2026, 11, 23),
        date(2026, 12, 10),
    )


async def test_every_date_hint_and_reading_fits_at_80_columns(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "a")
        form = app.screen
        assert isinstance(form, InterviewForm)
        for widget_id in DATE_FIELDS:
            field = form.query_one(f"#{widget_id}", Input)
            # Inside the border and the padding, with a cell for the cursor.
            assert len(field.placeholder) < field.content_region.width, field.placeholder
            # The longest reading, on the bottom border between its corners and dashes.
            assert len("Wednesday 30 September 2026") + 4 <= field.outer_size.width
        error = form.query_one("#interview-error", Static)
        form.query_one("#interview-company", Input).value = "Acme"
        form.query_one("#interview-applied", Input).value = "fryday"
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = str(error.render())
        assert said == "'fryday' is not a date I can read — did you mean 'friday'?"
        assert len(said) <= error.content_region.width, "one line at 80 columns"
