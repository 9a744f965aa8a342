"""The interviews list: add, edit, open, mark rejected."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from rebound_tui.domain.models import Interview
from rebound_tui.services import clock, contrast, interviews, rebounds
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.dialogs.contrast import ContrastDialog
from rebound_tui.ui.dialogs.interview_form import InterviewForm
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import line, short
from rebound_tui.ui.widgets.fast_table import FastTable
from rebound_tui.ui.widgets.footer import QuietFooter

SHORT_STAGES = {
    "applied": "Applied",
    "screen": "Screen",
    "technical": "Technical",
    "onsite": "Onsite",
    "final": "Final",
    "offer": "Offer",
}
SHORT_OUTCOMES = {
    "active": "Active",
    "offer": "Offer",
    "rejected": "Rejected",
    "withdrew": "Withdrew",
    "ghosted": "Ghosted",
}


class InterviewsScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Interviews"
    HELP_INTRO = (
        "Every application and interview. Marking one rejected opens a rebound for it."
        " While you wait for a decision, w writes down the wish, the best outcome, what might"
        " get in the way and a plan for it."
    )
    CSS_PATH = str(STYLES / "interviews.tcss")
    AUTO_FOCUS = "#interviews-table"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="interviews.add"),
        Binding("e", "edit", "Edit", id="interviews.edit"),
        Binding("enter", "open", "Open", id="interviews.open"),
        Binding("x", "reject", "Mark rejected", id="interviews.reject"),
        Binding("p", "practise", "Practise for it", show=False, id="interviews.practise"),
        Binding("w", "contrast", "Wish and plan", show=False, id="interviews.contrast"),
        Binding("D", "delete", "Delete", show=False, id="interviews.delete"),
        Binding("j", "cursor(1)", "Down", show=False, id="interviews.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="interviews.up"),
        Binding("escape", "app.pop_screen", "Back", id="interviews.back"),
    ]

    def __init__(self, select: str | None = None) -> None:
        super().__init__()
        self._select_first = select
        """An interview to put the cursor on when the list first shows (from search)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield FastTable(id="interviews-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="interviews-empty")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.title = "Interviews"
        table = self.query_one(DataTable)
        table.add_column("Company", width=18, key="company")
        table.add_column("Role", width=20, key="role")
        table.add_column("Stage", width=9, key="stage")
        table.add_column("Applied", width=10, key="applied")
        table.add_column("Outcome", width=8, key="outcome")
        self.reload(self._select_first)
        self._select_first = None

    _stale = False

    def on_screen_suspend(self) -> None:
        self._stale = True  # what the screen on top does may show here

    def on_screen_resume(self) -> None:
        if self._stale:  # not on the first showing: on_mount has just read them
            self._stale = False
            self.reload()

    def reload(self, select: str | None = None) -> None:
        table = self.query_one(FastTable)
        current = select or self._selected_id()
        listed = sorted(
            interviews.all_interviews(self.app.repo),
            key=lambda i: (i.applied_on or i.created_at.date(), i.created_at),
            reverse=True,
        )
        ids = [i.id for i in listed]
        at = ids.index(current) if current in ids else None
        table.fill(listed, _row, at or 0)
        empty = self.query_one("#interviews-empty", Static)
        empty.update("" if listed else "No interviews yet. Press a to add one.")
        if at is not None:
            table.move_cursor(row=at)
        table.focus()

    def _selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return key.value

    def _selected(self) -> Interview | None:
        selected = self._selected_id()
        return interviews.interview(self.app.repo, selected) if selected else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_cursor(self, delta: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + delta)

    def action_add(self) -> None:
        def saved(result: Interview | None) -> None:
            if result is not None:
                logged = interviews.save_interview(self.app.repo, result)
                self.reload(select=result.id)
                if contrast.offer_contrast(logged):
                    self._offer_contrast()

        self.app.push_screen(InterviewForm(None, clock.today(self.app.repo)), saved)

    def action_edit(self) -> None:
        interview = self._selected()
        if interview is None:
            return

        def saved(result: Interview | None) -> None:
            if result is not None:
                before = interview.outcome
                # merged with edits made on another device since the form opened
                saved = interviews.save_interview_edit(self.app.repo, result, interview)
                saved_interview = saved.record
                if saved.note:
                    self.notify(saved.note, timeout=6)
                self.reload(select=result.id)
                if before != "rejected" and saved_interview.outcome == "rejected":
                    self._open_rebound_for(saved_interview)
                elif contrast.offer_contrast(saved_interview) and not contrast.offer_contrast(
                    interview
                ):
                    self._offer_contrast()  # it has become an interview

        self.app.push_screen(InterviewForm(interview, clock.today(self.app.repo)), saved)

    def action_open(self) -> None:
        interview = self._selected()
        if interview is None:
            return
        rebound = rebounds.rebound_for(self.app.repo, interview.id)
        if rebound is None:
            self.action_edit()
            return
        self.app.open("rebound", rebound_id=rebound.id)

    def action_practise(self) -> None:
        """A focused drill of the interview's cards, up to its day (no schedule change)."""
        interview = self._selected()
        if interview is not None:
            from rebound_tui.ui.dialogs.practise import practise_for

            practise_for(self.app, interview)

    def _offer_contrast(self) -> None:
        """Offered, not opened: keys typed ahead (the next `a`) still reach the list."""
        self.notify(
            "While you wait for the decision: a minute on what you hope for, what might get "
            "in the way, and a plan for it? Press w.",
            title="Before the decision",
            timeout=15,
        )

    def action_contrast(self) -> None:
        """Before the decision: the wish, best outcome, obstacle and plan for it."""
        interview = self._selected()
        if interview is not None:
            self.app.push_screen(ContrastDialog(interview.id))

    def action_reject(self) -> None:
        interview = self._selected()
        if interview is None:
            return
        existing = rebounds.rebound_for(self.app.repo, interview.id)
        if interview.outcome == "rejected" and existing is not None:
            if not existing.is_open:
                self.notify("Already rejected; here is its rebound.", timeout=3)
            self.app.open("rebound", rebound_id=existing.id)
            return
        from rebound_tui.ui.dialogs.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._open_rebound_for(interview)

        self.app.push_screen(
            ConfirmScreen(
                f"Mark {short(interview.name, 80)} as rejected, and start a rebound for it?",
                title="A rejection",
                default=True,
            ),
            answered,
        )

    def _open_rebound_for(self, interview: Interview) -> None:
        _, rebound = interviews.mark_rejected(self.app.repo, interview)
        self.reload(select=interview.id)
        self.app.open("rebound", rebound_id=rebound.id)

    def action_delete(self) -> None:
        interview = self._selected()
        if interview is None:
            return
        from rebound_tui.ui.dialogs.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                interviews.delete_interview(self.app.repo, interview)
                self.reload()

        self.app.push_screen(
            ConfirmScreen(
                f"Delete {short(interview.name, 80)}? Its rebound and notes stay in your history.",
                title="Delete interview",
                default=False,
            ),
            answered,
        )


def _row(interview: Interview) -> tuple[str, tuple[object, ...]]:
    return interview.id, (
        line(interview.company, 60),
        line(interview.role, 60),
        line(SHORT_STAGES.get(interview.stage, interview.stage)),
        interview.applied_on.isoformat() if interview.applied_on else "",
        line(SHORT_OUTCOMES.get(interview.outcome, interview.outcome)),
    )
