"""Add or edit an interview record."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Select, Static

from rebound_tui.domain.codec import problem_with
from rebound_tui.domain.days import parse_day
from rebound_tui.domain.models import OUTCOMES, STAGE_LABELS, STAGES, Interview, new_id
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import clean, plain

DATE_HINT = "2026-11-20, yesterday, 3 days ago"
DATE_FIELDS = {"interview-applied", "interview-interviewed", "interview-decided"}
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
    HELP_INTRO = "Dates take 2026-11-20, '20 Nov', 'yesterday'. ctrl+s saves, escape cancels."
    CSS_PATH = str(STYLES / "interviews.tcss")
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
        yield Footer()

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
        self.query_one("#interview-company").focus()

    def _value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def action_save(self) -> None:
        error = self.query_one("#interview-error", Static)
        company = self._value("interview-company")
        if not company:
            error.update("The company needs a name.")
            self.query_one("#interview-company").focus()
            return
        try:
            applied_on = parse_day(self._value("interview-applied"), self.today)
            interviewed_on = parse_day(self._value("interview-interviewed"), self.today)
            decided_on = parse_day(self._value("interview-decided"), self.today)
        except ValueError as problem:
            error.update(plain(str(problem)))
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
            applied_on=applied_on,
            interviewed_on=interviewed_on,
            decided_on=decided_on,
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

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()
