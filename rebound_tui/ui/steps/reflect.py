"""Steps 3 and 4, went well and tough: the interview's questions side by side, each a
STAR answer that can go to the drill."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult

from rebound_tui.domain.models import ReboundStep, Reflection, ReflectionKind
from rebound_tui.services import reflections
from rebound_tui.ui.dialogs.confirm import ConfirmScreen
from rebound_tui.ui.dialogs.reflection_editor import ReflectionEditor
from rebound_tui.ui.steps.step import Step
from rebound_tui.ui.text import short
from rebound_tui.ui.widgets.reflection_panes import ReflectionList, ReflectionPanes


class ReflectStep(Step):
    PANEL_ID = "step-reflect"
    STEPS = ("went_well", "tough")
    INTROS: ClassVar[dict[ReboundStep, str]] = {
        "went_well": "Some of it went well. Which question went well, and what did you say?",
        "tough": "Which questions were hard? Write the answer you'd give next time.",
    }
    FOCUS: ClassVar[dict[ReboundStep, str]] = {
        "went_well": "#reflect-went-well",
        "tough": "#reflect-tough",
    }

    def compose(self) -> ComposeResult:
        yield ReflectionPanes(id="reflection-panes")

    def show(self, step: ReboundStep) -> None:
        self._load()

    def _load(self, select: str | None = None) -> None:
        self.query_one(ReflectionPanes).show(
            reflections.reflections_of(self.app.repo, self.rebound_id), select=select
        )

    def _enter(self, kind: ReflectionKind) -> None:
        """Working in a pane is being at its step."""
        self.post_message(self.Entered(kind))

    @on(events.DescendantFocus)
    def _pane_focused(self, event: events.DescendantFocus) -> None:
        """Moving between the panes moves the step bar between went well and tough."""
        if isinstance(event.widget, ReflectionList):
            self._enter(event.widget.kind)

    # -- what the user asked for -----------------------------------------------------
    @on(ReflectionPanes.AddRequested)
    def _add(self, event: ReflectionPanes.AddRequested) -> None:
        event.stop()
        self._enter(event.kind)
        self._edit(reflections.new_reflection(self.app.repo, self.rebound, event.kind))

    @on(ReflectionPanes.EditRequested)
    def _edit_requested(self, event: ReflectionPanes.EditRequested) -> None:
        event.stop()
        self._enter(event.kind)
        if (reflection := reflections.reflection(self.app.repo, event.reflection_id)) is not None:
            self._edit(reflection)

    @on(ReflectionPanes.DrillRequested)
    def _drill(self, event: ReflectionPanes.DrillRequested) -> None:
        event.stop()
        self._enter(event.kind)
        reflection = reflections.reflection(self.app.repo, event.reflection_id)
        if reflection is None:
            return
        if not reflection.question.strip():
            self.notify("Write the question first (enter to edit).", severity="warning")
            return
        reflections.send_to_drill(self.app.repo, reflection)
        self.notify("In your drill.", timeout=3)
        self._load(select=reflection.id)

    @on(ReflectionPanes.DeleteRequested)
    def _delete(self, event: ReflectionPanes.DeleteRequested) -> None:
        event.stop()
        self._enter(event.kind)
        if (reflection := reflections.reflection(self.app.repo, event.reflection_id)) is not None:
            self._confirm_delete(reflection)

    def _confirm_delete(self, reflection: Reflection) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                reflections.delete_reflection(self.app.repo, reflection)
                self._load()
                self.post_message(self.Saved())

        question = reflection.question or "this reflection"
        self.app.push_screen(
            ConfirmScreen(
                f"Delete “{short(question, 80)}”? Its drill card, if any, stays.",
                title="Delete",
                default=False,
            ),
            answered,
        )

    def _edit(self, reflection: Reflection) -> None:
        def back(result: Reflection | None) -> None:
            self._load(select=result.id if result else None)
            self.post_message(self.Saved())

        self.app.push_screen(ReflectionEditor(reflection), back)
