"""Add or edit an interview record."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from rebound_tui.domain.codec import problem_with
from rebound_tui.domain.dates import Facing, describe_day, examples, parse_day
from rebound_tui.domain.models import OUTCOMES, STAGE_LABELS, STAGES, Interview, new_id
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import clean, plain
from rebound_tui.ui.widgets.footer import QuietFooter

# Every date on the form is of something that has happened: "friday" is the last one.
DATE_FIELDS: dict[str, Facing] = {
    "interview-applied": "past",
    "interview-interviewed": "past",
    "interview-decided": "past",
}
DATE_HINT = f"{examples('past')}, 20 Nov"  # fits a half-width field at 80 columns
OUTCOME_LABELS = {
    "active": "Active",
    "offer": "Offer",
    "rejected": "Rejected",
    "withdrew": "I withdrew",
    "ghosted": "Ghosted",
}


def _day_text(value: date | None) -> str:
    return value.isoformat() if value else ""


class InterviewForm(ModalScreen[Interview | None]):
    """Returns the edited interview (not yet saved), or None if cancelled."""

    HELP_TITLE = "Interview"
    HELP_INTRO = (
        "Dates take 2026-11-20, 20 Nov, yesterday, friday (the last one), last monday,"
        " 3 weeks ago, next tue, in 2 weeks; the field shows the day it read."
        " ctrl+s saves, escape cancels."
    )
    CSS_PATH = str(STYLES / "interviews.tcss")
    AUTO_FOCUS = "#interview-company"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="interview.save"),
        Binding("escape", "cancel", "Cancel", id="interview.cancel"),
    ]

    def __init__(self, interview: Interview | None, today: date, *, title: str = "") -> None:
        super().__init__()
        self.original = interview or Interview(id=new_id(), company="", applied_on=today)
        self.today = today
        self.title_text = title or ("Edit interview" if interview else "New interview")

    def compose(self) -> ComposeResult:
        i = self.original
        with VerticalScroll(id="interview-form") as form:
            form.border_title = self.title_text
            with Horizontal(classes="form-row"):
                yield self._input("Company", i.company, "interview-company")
                yield self._input("Role", i.role, "interview-role")
            with Horizontal(classes="form-row"):
                yield self._input("Contact name", i.contact, "interview-contact")
                stage = Select(
                    [(STAGE_LABELS[s], s) for s in STAGES],
                    value=i.stage,
                    allow_blank=False,
                    id="interview-stage",
                )
                stage.border_title = "Stage reached"
                yield stage
            with Horizontal(classes="form-row"):
                outcome = Select(
                    [(OUTCOME_LABELS[o], o) for o in OUTCOMES],
                    value=i.outcome,
                    allow_blank=False,
                    id="interview-outcome",
                )
                outcome.border_title = "Outcome"
                yield outcome
                yield self._input("Applied on", _day_text(i.applied_on), "interview-applied")
            with Horizontal(classes="form-row"):
                yield self._input(
                    "Interviewed on", _day_text(i.interviewed_on), "interview-interviewed"
                )
                yield self._input("Decision on", _day_text(i.decided_on), "interview-decided")
            yield self._input("Notes", i.notes, "interview-notes")
            yield Static("", id="interview-error")
        yield QuietFooter()

    @staticmethod
    def _input(label: str, value: str, widget_id: str) -> Input:
        field = Input(
            value=clean(value),
            id=widget_id,
            select_on_focus=False,
            placeholder=DATE_HINT if widget_id in DATE_FIELDS else "",
            max_length=100 if widget_id in DATE_FIELDS else 10_000,
        )
        field.border_title = label
        return field

    def on_mount(self) -> None:
        for widget_id in DATE_FIELDS:
            self._say_day(widget_id)

    def _say_day(self, widget_id: str) -> None:
        """Show under a date field the day its text names, so 'friday' is never a guess."""
        field = self.query_one(f"#{widget_id}", Input)
        try:
            day = parse_day(field.value, self.today, DATE_FIELDS[widget_id])
        except ValueError:
            day = None
        field.border_subtitle = describe_day(day) if day else ""

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def action_save(self) -> None:
        error = self.query_one("#interview-error", Static)
        company = self._value("interview-company")
        if not company:
            error.update("The company needs a name.")
            self.query_one("#interview-company").focus()
            return
        days: dict[str, date | None] = {}
        for widget_id, facing in DATE_FIELDS.items():
            try:
                days[widget_id] = parse_day(self._value(widget_id), self.today, facing)
            except ValueError as problem:
                error.update(plain(str(problem)))
                self.query_one(f"#{widget_id}").focus()
                return
        stage = self.query_one("#interview-stage", Select).value
        outcome = self.query_one("#interview-outcome", Select).value
        interview = replace(
            self.original,
            company=company,
            role=self._value("interview-role"),
            contact=self._value("interview-contact"),
            notes=self._value("interview-notes"),
            stage=next((s for s in STAGES if s == stage), self.original.stage),
            outcome=next((o for o in OUTCOMES if o == outcome), self.original.outcome),
            applied_on=days["interview-applied"],
            interviewed_on=days["interview-interviewed"],
            decided_on=days["interview-decided"],
        )
        refused = problem_with(interview)
        if refused:
            error.update(plain(f"Not saved: {refused}."))
            return
        self.dismiss(interview)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#interview-error", Static).update("")  # no stale complaints
        if event.input.id in DATE_FIELDS:
            self._say_day(event.input.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()
