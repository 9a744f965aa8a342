"""Add or edit a next step: what to do, and by which day (or none)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from rebound_tui.domain.dates import describe_day, examples, parse_day
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import clean, plain

StepForm = tuple[str, date | None]


class NextStepForm(ModalScreen[StepForm | None]):
    """Returns (text, day) as typed (not yet saved), or None if cancelled."""

    HELP_TITLE = "Next step"
    HELP_INTRO = (
        "One concrete thing to do, and the day it is for (2026-12-01, friday, tomorrow, in"
        " 3 days; empty for none). enter moves on and saves, escape cancels."
    )
    CSS_PATH = str(STYLES / "next_steps.tcss")
    AUTO_FOCUS = "#step-form-text"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="next_step_form.save"),
        Binding("escape", "cancel", "Cancel", id="next_step_form.cancel"),
    ]

    def __init__(self, text: str, day: date | None, today: date, *, title: str) -> None:
        super().__init__()
        self.text = text
        self.day = day
        self.today = today
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="step-form") as form:
            form.border_title = self.title_text
            text = Input(
                clean(self.text),
                placeholder="One concrete next step",
                id="step-form-text",
                max_length=300,
                select_on_focus=False,
            )
            text.border_title = "Next step"
            yield text
            day = Input(
                self.day.isoformat() if self.day else "",
                placeholder=f"{examples('future')}, 1 Dec (or empty)",
                id="step-form-day",
                max_length=100,
                select_on_focus=False,
            )
            day.border_title = "By"
            yield day
            yield Static("", id="step-form-problem")
            yield Static(
                "enter: next field, then save · ctrl+s saves · escape cancels",
                classes="dialog-keys",
            )

    def on_mount(self) -> None:
        self._show_day()

    def _read_day(self) -> date | None:
        """The day typed; raises ValueError (one line) if it cannot be read."""
        return parse_day(self.query_one("#step-form-day", Input).value, self.today, "future")

    def _show_day(self) -> None:
        problem = self.query_one("#step-form-problem", Static)
        try:
            day = self._read_day()
        except ValueError as error:
            problem.update(plain(str(error)))
            return
        problem.update(
            f"→ {describe_day(day)}" if day else "No day: it stays listed until you mark it done."
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "step-form-day":
            self._show_day()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "step-form-text":
            self.query_one("#step-form-day", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        text = self.query_one("#step-form-text", Input).value.strip()
        problem = self.query_one("#step-form-problem", Static)
        if not text:
            problem.update("Write what to do first.")
            self.query_one("#step-form-text", Input).focus()
            return
        try:
            day = self._read_day()
        except ValueError as error:
            problem.update(plain(f"Not saved: {error}"))
            self.query_one("#step-form-day", Input).focus()
            return
        self.dismiss((text, day))

    def action_cancel(self) -> None:
        self.dismiss(None)
