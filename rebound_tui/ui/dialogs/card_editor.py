"""Add or edit a drill card: question, what kind of card it is, best answer, a hint, tags.

A behavioural card's answer gets STAR checks as it is written; a technical card (question
→ answer) and a skill to practise get none. ctrl+o opens the card in the user's own editor
($EDITOR) and brings the text back into the fields."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static, TextArea

from rebound_tui.domain.codec import problem_with
from rebound_tui.domain.models import CARD_KINDS, Card, CardKind
from rebound_tui.domain.star import check_card_answer, star_applies
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import clean, plain, template
from rebound_tui.ui.widgets.footer import QuietFooter

KIND_LABELS: dict[CardKind, str] = {
    "behavioural": "Behavioural (STAR)",
    "technical": "Technical: Q → A",
    "skill": "Skill to practise",
}
ANSWER_TITLES: dict[CardKind, str] = {
    "behavioural": "Your best answer: S: … T: … A: … R: …, a part a line",
    "technical": "The answer",
    "skill": "What doing it well looks like, and how you practise it",
}


class CardEditor(ModalScreen[Card | None]):
    """Returns the edited card (not yet saved), or None if cancelled."""

    HELP_TITLE = "Card"
    HELP_INTRO = (
        "The question as an interviewer would ask it, and your best answer. Kind: "
        "behavioural answers get STAR checks; technical ones and skills do not. ctrl+o "
        "edits the card in your own editor ($VISUAL or $EDITOR)."
    )
    CSS_PATH = str(STYLES / "cards.tcss")
    AUTO_FOCUS = "#card-question"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="card.save"),
        Binding("escape", "cancel", "Cancel", id="card.cancel"),
        # ctrl+e is "end of line" in the fields; ctrl+o is free everywhere in the app.
        Binding("ctrl+o", "external_editor", "Edit in $EDITOR", id="card.external_editor"),
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
            with Horizontal(id="card-meta"):
                kind = Select(
                    [(KIND_LABELS[k], k) for k in CARD_KINDS],
                    value=c.kind,
                    allow_blank=False,
                    id="card-kind",
                )
                kind.border_title = "Kind"
                yield kind
                tags = Input(
                    clean(", ".join(t for t in c.tags if t != "leech")),
                    id="card-tags",
                    max_length=1_000,
                    select_on_focus=False,
                )
                tags.border_title = "Tags, separated by commas"
                yield tags
            answer = TextArea(clean(c.answer), id="card-answer", soft_wrap=True)
            answer.border_title = ANSWER_TITLES[c.kind]
            yield answer
            yield Static("", id="card-star")
            # A hint longer than the usual cap (a feedback point pasted in) is kept whole.
            hint = Input(
                clean(c.hint),
                id="card-hint",
                max_length=max(300, len(c.hint)),
                select_on_focus=False,
            )
            hint.border_title = "What a strong answer covers (shown after you answer)"
            yield hint
            yield Static("", id="card-error")
        yield QuietFooter()

    def on_mount(self) -> None:
        self._show_star_notes()

    @property
    def kind(self) -> CardKind:
        value = self.query_one("#card-kind", Select).value
        return next((k for k in CARD_KINDS if k == value), self.card.kind)

    def _show_star_notes(self) -> None:
        """STAR checks under the answer, for a behavioural card only."""
        kind = self.kind
        self.query_one("#card-answer", TextArea).border_title = ANSWER_TITLES[kind]
        notes_widget = self.query_one("#card-star", Static)
        notes_widget.display = star_applies(kind)
        if not star_applies(kind):
            return
        notes = check_card_answer(kind, self.query_one("#card-answer", TextArea).text)
        if notes:
            text = Content("\n").join(
                template("✓ $t" if n.ok else "[b]![/] $t", t=n.text) for n in notes
            )
        else:
            text = Content.from_markup("[dim]STAR checks appear here as you write the answer.[/]")
        notes_widget.update(text)

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
            kind=self.kind,
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

    def action_external_editor(self) -> None:
        """Write the fields as they are now to a file, open it in $EDITOR, and put what
        comes back into the fields (saved only when the user saves the dialog)."""
        from rebound_tui.ui.external_editor import CardText, edit_in_editor

        question = self.query_one("#card-question", Input)
        tags = self.query_one("#card-tags", Input)
        answer = self.query_one("#card-answer", TextArea)
        hint = self.query_one("#card-hint", Input)
        now = CardText(
            question=question.value.strip(),
            answer=answer.text.strip(),
            hint=hint.value.strip(),
            tags=tuple(t.strip() for t in tags.value.split(",") if t.strip()),
        )
        edited = edit_in_editor(self.app, now)
        if edited.card is None:
            self.notify(edited.problem, severity="warning")
            return
        card = edited.card
        question.value = clean(card.question)
        answer.text = clean(card.answer)
        hint.max_length = max(300, len(card.hint))
        hint.value = clean(card.hint)
        tags.value = clean(", ".join(card.tags))
        self.notify("Back from the editor: ctrl+s saves the card, escape drops it.")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#card-error", Static).update("")  # no stale complaints

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._show_star_notes()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._show_star_notes()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()
