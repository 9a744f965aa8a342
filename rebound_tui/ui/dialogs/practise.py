"""Practise for an interview: pick it (from home), say when it is, and the focused drill
opens for it (`ui/screens/cram.py`)."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from rebound_tui.domain.dates import describe_day, examples, parse_day
from rebound_tui.domain.models import Interview
from rebound_tui.services import clock, focus
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import clean, plain, short

if TYPE_CHECKING:
    from rebound_tui.ui.app import ReboundApp


class PractiseDayScreen(ModalScreen[tuple[date | None] | None]):
    """When is the interview? Dismissed with (day,), (None,) for no day, or None if
    cancelled. The day is read as people type it ("thursday" is the coming one)."""

    AUTO_FOCUS = "#practise-day"  # focused as it is built: keys typed ahead land there
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        str(STYLES / "dialogs.tcss"),
        str(STYLES / "cram.tcss"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="practise.cancel"),
    ]

    def __init__(self, interview: Interview, today: date, day: date | None) -> None:
        super().__init__()
        self.interview = interview
        self.today = today
        self.day = day

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="practise-dialog") as box:
            box.border_title = plain(f"Practise for {short(self.interview.name, 50)}")  # user text
            yield Static(
                plain(
                    "When is the interview? A date or a day "
                    f"({examples('future')}, {self.today:%d %b}). Leave it empty to "
                    "practise every card tied to it, weakest first."
                ),
                classes="dialog-text",
            )
            yield Input(
                clean(self.day.isoformat() if self.day else ""),
                id="practise-day",
                max_length=100,
            )
            yield Static("", id="practise-problem")
            yield Static("enter starts · escape cancels", classes="dialog-keys")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#practise-problem", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.query_one("#practise-problem", Static)
        try:
            day = parse_day(event.value, self.today, "future")
        except ValueError as error:
            problem.update(plain(str(error)))
            return
        if day is not None and day < self.today:
            problem.update(plain(f"{describe_day(day)} has passed: give the day ahead."))
            return
        self.dismiss((day,))

    def action_cancel(self) -> None:
        self.dismiss(None)


def practise_for(app: ReboundApp, interview: Interview) -> None:
    """Ask for the interview's day (its own day offered), then open the focused drill."""
    repo = app.repo

    def chosen(answer: tuple[date | None] | None) -> None:
        if answer is not None:
            app.open("cram", focus=focus.interview_focus(interview), day=answer[0])

    today = clock.today(repo)
    app.push_screen(
        PractiseDayScreen(interview, today, focus.practise_day(repo, interview)), chosen
    )


def pick_interview(app: ReboundApp) -> None:
    """Choose an interview to practise for (open ones, the soonest first), then its day."""
    from rebound_tui.ui.dialogs.choice_picker import ChoicePicker

    listed = focus.upcoming_first(app.repo)
    if not listed:
        app.notify("No interviews yet: add one with i, then practise for it here.", timeout=4)
        return
    by_id = {i.id: i for i in listed}

    def label(interview: Interview) -> str:
        day = f" · {interview.interviewed_on:%a %d %b}" if interview.interviewed_on else ""
        return f"{short(interview.name, 50)}{day}"

    def picked(interview_id: str | None) -> None:
        if interview_id in by_id:
            practise_for(app, by_id[interview_id])

    app.push_screen(
        ChoicePicker(
            "Practise for an interview",
            [(i.id, label(i)) for i in listed],
            hint="Its cards, weakest first; your drill schedule is not touched.",
        ),
        picked,
    )
