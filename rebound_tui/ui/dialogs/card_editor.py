"""Add or edit a drill card: question, best answer, a hint, tags."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static, TextArea

from rebound_tui.domain.codec import problem_with
from rebound_tui.domain.models import Card
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import clean, plain


class CardEditor(ModalScreen[Card | None]):
    """Returns the edited card (not yet saved), or None if cancelled."""

    HELP_TITLE = "Card"
    HELP_INTRO = "The question as an interviewer would ask it, and your best answer."
    CSS_PATH = str(STYLES / "cards.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="card.save"),
        Binding("escape", "cancel", "Cancel", id="card.cancel"),
    ]

    def __init__(self, card: Card, *, title: str = "Edit card", note: str = "") -> None:
        super().__init__()
        self.card = card
        self.title_text = title
        self.note = note

    def compose(self) -> ComposeResult:
        c = self.card
        with VerticalScroll(id="card-form") as form:
            form.border_title = self.title_text
            if self.note:
                yield Static(self.note, id="card-note")
            question = Input(
                clean(c.question), id="card-question", max_length=500, select_on_focus=False
            )
            question.border_title = "Question"
            yield question
            answer = TextArea(clean(c.answer), id="card-answer", soft_wrap=True)
            answer.border_title = "Your best answer"
            yield answer
            hint = Input(clean(c.hint), id="card-hint", max_length=300, select_on_focus=False)
            hint.border_title = "What a strong answer covers (shown after you answer)"
            yield hint
            tags = Input(
                clean(", ".join(t for t in c.tags if t != "leech")),
                id="card-tags",
                max_length=1_000,
                select_on_focus=False,
            )
            tags.border_title = "Tags, separated by commas"
            yield tags
            yield Static("", id="card-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#card-question").focus()

    def action_save(self) -> None:
        question = self.query_one("#card-question", Input).value.strip()
        if not question:
            self.query_one("#card-error", Static).update("A card needs a question.")
            return
        tags = tuple(
            t.strip() for t in self.query_one("#card-tags", Input).value.split(",") if t.strip()
        )
        if self.card.leech and "leech" not in tags:
            tags = (*tags, "leech")
        card = replace(
            self.card,
            question=question,
            answer=self.query_one("#card-answer", TextArea).text.strip(),
            hint=self.query_one("#card-hint", Input).value.strip(),
            tags=tags,
        )
        problem = problem_with(card)
        if problem:
            self.query_one("#card-error", Static).update(plain(f"Not saved: {problem}."))
            return
        self.dismiss(card)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#card-error", Static).update("")  # no stale complaints

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()
