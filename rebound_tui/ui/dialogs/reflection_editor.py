"""Edit one reflection: the question, what happened or why it worked, and a STAR answer."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, Select, Static, TextArea

from rebound_tui.domain.models import PREPARED as PREPARED_VALUES
from rebound_tui.domain.models import Prepared, Reflection
from rebound_tui.domain.star import check_star, star_applies
from rebound_tui.services import cards, reflections
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import clean, template
from rebound_tui.ui.widgets.footer import QuietFooter

STAR_FIELDS = (
    ("situation", "Situation — where and when"),
    ("task", "Task — what was yours to do"),
    ("action", "Action — what you did, step by step (the longest part)"),
    ("result", "Result — how it ended; a number if you have one"),
)
PREPARED = (("Yes, I was ready for it", "yes"), ("Partly", "partly"), ("Not at all", "no"))


class ReflectionEditor(Screen[Reflection | None]):
    """Dismisses with the saved reflection (or None if nothing was ever written)."""

    app = rebound_app

    HELP_TITLE = "Reflection"
    HELP_INTRO = (
        "Tab between fields; everything is saved as you type. STAR: Situation, Task, "
        "Action, Result. Escape goes back."
    )
    CSS_PATH = str(STYLES / "reflection.tcss")
    AUTO_FOCUS = "#field-question"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "done", "Back (saved)", id="reflection.done"),
        Binding("ctrl+t", "drill", "Send to drill", id="reflection.drill"),
    ]

    def __init__(self, reflection: Reflection) -> None:
        super().__init__()
        self.reflection = reflection
        self._asked_about_drill = False
        # The fields show control characters as visible pictures (ui/text.py); what is
        # stored changes only once the user edits something.
        self._shown = replace(
            reflection,
            question=clean(reflection.question),
            note=clean(reflection.note),
            situation=clean(reflection.situation),
            task=clean(reflection.task),
            action=clean(reflection.action),
            result=clean(reflection.result),
        )
        self._edited = False
        self._star_checked = True

    @property
    def tough(self) -> bool:
        return self.reflection.kind == "tough"

    def compose(self) -> ComposeResult:
        r = self.reflection
        yield Header()
        with VerticalScroll(id="reflection-form"):
            question = Input(
                clean(r.question),
                placeholder="The question, as they asked it",
                id="field-question",
                max_length=500,
                select_on_focus=False,
            )
            question.border_title = "Question"
            yield question
            note = TextArea(clean(r.note), id="field-note", soft_wrap=True)
            note.border_title = (
                "What happened" if self.tough else "What you said or did that worked"
            )
            yield note
            if self.tough:
                prepared = Select(
                    PREPARED,
                    value=r.prepared or Select.NULL,
                    prompt="Were you prepared for it?",
                    id="field-prepared",
                )
                yield prepared
            yield Static(
                "A better answer, in STAR form:"
                if self.tough
                else "The answer you gave, in STAR form:",
                classes="star-heading",
            )
            for name, label in STAR_FIELDS:
                area = TextArea(clean(getattr(r, name)), id=f"field-{name}", soft_wrap=True)
                area.border_title = label
                yield area
            yield Static("", id="star-notes")
        yield QuietFooter()

    def on_mount(self) -> None:
        kind = "Tough question" if self.tough else "Went well"
        self.sub_title = kind
        self._star_checked = self._drills_as_behavioural()
        self._show_notes()

    def _current(self) -> Reflection:
        def text(name: str) -> str:
            return self.query_one(f"#field-{name}", TextArea).text

        prepared: Prepared = ""
        if self.tough:
            value = self.query_one("#field-prepared", Select).value
            prepared = next((p for p in PREPARED_VALUES if p == value), "")
        return replace(
            self.reflection,
            question=self.query_one("#field-question", Input).value,
            note=self.query_one("#field-note", TextArea).text,
            prepared=prepared,
            situation=text("situation"),
            task=text("task"),
            action=text("action"),
            result=text("result"),
        )

    def _changed(self) -> None:
        self._show_notes()
        if not self._edited and self._current() == self._shown:
            return  # the fields being filled in on opening: nothing typed yet
        self._edited = True
        self.app.autosave.schedule(f"reflection-{self.reflection.id}", self._save)

    def _save(self) -> None:
        # Checked against the stored reflection: text edited on another device too is
        # merged, both kept (services/versions.py); the fields show what was saved.
        edited = self._current()
        saved = reflections.save_reflection_edit(self.app.repo, edited, self.reflection)
        self.reflection = saved.record
        if saved.record != replace(edited, updated_at=saved.record.updated_at):
            self._show_saved(saved.record)
        if saved.note:
            self.app.notify(saved.note, timeout=6)

    def _show_saved(self, saved: Reflection) -> None:
        """Put what was saved (merged with another device's edits) in the fields."""
        if not self.is_attached:
            return
        question = self.query_one("#field-question", Input)
        if question.value != clean(saved.question):
            question.value = clean(saved.question)
        if self.tough:
            self.query_one("#field-prepared", Select).value = saved.prepared or Select.NULL
        for name in ("note", "situation", "task", "action", "result"):
            area = self.query_one(f"#field-{name}", TextArea)
            if area.text != clean(getattr(saved, name)):
                area.load_text(clean(getattr(saved, name)))

    def _drills_as_behavioural(self) -> bool:
        """STAR checks are for behavioural questions. A reflection is one, unless the user
        made its drill card technical or a skill in the card editor."""
        card_id = self.reflection.card_id
        card = cards.card(self.app.repo, card_id) if card_id else None
        return card is None or star_applies(card.kind)

    def _show_notes(self) -> None:
        if not self._star_checked:
            self.query_one("#star-notes", Static).update(
                Content.from_markup("[dim]Its drill card is not behavioural: no STAR checks.[/]")
            )
            return
        r = self._current()
        notes = check_star(r.situation, r.task, r.action, r.result)
        if not notes:
            text = Content.from_markup("[dim]Checks appear here as you write the answer.[/]")
        else:
            text = Content("\n").join(
                template("✓ $t" if n.ok else "[b]![/] $t", t=n.text) for n in notes
            )
        self.query_one("#star-notes", Static).update(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._changed()

    def action_drill(self) -> None:
        self.app.autosave.flush()
        if not self.reflection.question.strip():
            self.notify("Write the question first.", severity="warning")
            return
        self.reflection, _ = reflections.send_to_drill(self.app.repo, self.reflection)
        self._show_saved(self.reflection)  # as saved on another device since, if it was
        self._asked_about_drill = True
        self.notify("In your drill. It will come up in today's queue.", timeout=4)

    def action_done(self) -> None:
        self.app.autosave.flush()
        r = self.reflection
        if self.tough and r.question.strip() and not r.card_id and not self._asked_about_drill:
            self._asked_about_drill = True
            from rebound_tui.ui.dialogs.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self.action_drill()
                self.dismiss(self.reflection)

            self.app.push_screen(
                ConfirmScreen(
                    "Add this tough question to your daily drill, so the better answer "
                    "becomes second nature?",
                    title="Drill it?",
                    default=True,
                ),
                answered,
            )
            return
        self.dismiss(self.reflection)
