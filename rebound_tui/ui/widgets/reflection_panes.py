"""Went well (left) and Tough (right): the questions from the interview, side by side."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rebound_tui.domain.models import Reflection, ReflectionKind
from rebound_tui.domain.star import check_star
from rebound_tui.ui.text import short, template

TITLES = {"went_well": "Went well — answers that landed", "tough": "Tough — questions to redo"}
EMPTY = {
    "went_well": "Nothing yet. Press a to add a question that went well.",
    "tough": "Nothing yet. Press a to add a question that was hard.",
}


def _prompt(reflection: Reflection) -> Content:
    question = short(reflection.question.strip(), 200) or "(no question yet)"
    flags = []
    if reflection.card_id:
        flags.append("in drill")
    warnings = [
        n
        for n in check_star(
            reflection.situation, reflection.task, reflection.action, reflection.result
        )
        if not n.ok
    ]
    if warnings:
        flags.append(f"STAR: {len(warnings)} to improve")
    elif reflection.action.strip():
        flags.append("STAR ✓")
    if reflection.kind == "tough" and reflection.prepared:
        flags.append(f"prepared: {reflection.prepared}")
    return template(
        "$question\n[dim]  $flags[/]", question=question, flags=" · ".join(flags) or "—"
    )


class ReflectionList(OptionList):
    """One kind of reflection (went well, or tough), one question a line."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_reflection", "Add", id="reflect.add"),
        Binding("e", "edit_reflection", "Edit", show=False, id="reflect.edit"),
        Binding("x", "delete_reflection", "Delete", show=False, id="reflect.delete"),
        Binding("s", "send_to_drill", "Send to drill", id="reflect.drill"),
        Binding("j", "cursor_down", "Down", show=False, id="reflect.down"),
        Binding("k", "cursor_up", "Up", show=False, id="reflect.up"),
    ]

    def __init__(self, kind: ReflectionKind) -> None:
        super().__init__(id=f"reflect-{kind.replace('_', '-')}")
        self.kind: ReflectionKind = kind
        self.border_title = TITLES[kind]

    def selected_id(self) -> str | None:
        if self.highlighted is None or self.option_count == 0:
            return None
        return self.get_option_at_index(self.highlighted).id

    def action_add_reflection(self) -> None:
        self.post_message(ReflectionPanes.AddRequested(self.kind))

    def action_edit_reflection(self) -> None:
        if (reflection_id := self.selected_id()) is not None:
            self.post_message(ReflectionPanes.EditRequested(self.kind, reflection_id))

    def action_delete_reflection(self) -> None:
        if (reflection_id := self.selected_id()) is not None:
            self.post_message(ReflectionPanes.DeleteRequested(self.kind, reflection_id))

    def action_send_to_drill(self) -> None:
        if (reflection_id := self.selected_id()) is not None:
            self.post_message(ReflectionPanes.DrillRequested(self.kind, reflection_id))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(ReflectionPanes.EditRequested(self.kind, event.option.id))


class ReflectionPanes(Horizontal):
    """Went well and tough side by side; what the user does in them goes up as the
    messages below, for the rebound's reflection step to act on."""

    @dataclass
    class AddRequested(Message):
        """Add a reflection of this kind."""

        kind: ReflectionKind

    @dataclass
    class EditRequested(Message):
        """Edit the reflection `reflection_id` (shown in the `kind` pane)."""

        kind: ReflectionKind
        reflection_id: str

    @dataclass
    class DrillRequested(Message):
        """Make (or refresh) a drill card from the reflection's question."""

        kind: ReflectionKind
        reflection_id: str

    @dataclass
    class DeleteRequested(Message):
        """Delete the reflection (after asking)."""

        kind: ReflectionKind
        reflection_id: str

    def compose(self) -> ComposeResult:
        yield ReflectionList("went_well")
        yield ReflectionList("tough")

    def show(self, reflections: Iterable[Reflection], select: str | None = None) -> None:
        by_kind: dict[str, list[Reflection]] = {"went_well": [], "tough": []}
        for reflection in reflections:
            by_kind.setdefault(reflection.kind, []).append(reflection)
        for kind, items in by_kind.items():
            pane = self.query_one(f"#reflect-{kind.replace('_', '-')}", ReflectionList)
            keep = select if any(r.id == select for r in items) else pane.selected_id()
            if items:
                pane.set_options(Option(_prompt(r), id=r.id) for r in items)
                ids = [r.id for r in items]
                pane.highlighted = ids.index(keep) if keep in ids else 0
            else:
                pane.set_options(
                    [Option(Content.from_markup(f"[dim]{EMPTY[kind]}[/]"), disabled=True)]
                )

    def focus_kind(self, kind: str) -> None:
        self.query_one(f"#reflect-{kind.replace('_', '-')}").focus()
