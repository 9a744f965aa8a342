"""Step 6, move on: up to three lessons, one dated next step, some perspective, and
closing the rebound."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.message import Message

from rebound_tui.domain.days import parse_day
from rebound_tui.domain.funnel import funnel
from rebound_tui.domain.models import ReboundStep
from rebound_tui.services import clock, interviews, rebounds
from rebound_tui.ui.dialogs.confirm import ConfirmScreen
from rebound_tui.ui.steps.step import Step
from rebound_tui.ui.widgets.move_on_panel import MoveOnPanel


class MoveOnStep(Step):
    PANEL_ID = "step-move-on"
    STEPS = ("move_on",)
    INTROS: ClassVar[dict[ReboundStep, str]] = {
        "move_on": "Take what's useful and leave the rest."
    }
    FOCUS: ClassVar[dict[ReboundStep, str]] = {"move_on": "#lesson-0"}

    class Closed(Message):
        """The user closed the rebound: there is nothing left to do on its screen."""

    def compose(self) -> ComposeResult:
        yield MoveOnPanel(id="move-on-panel")

    def show(self, step: ReboundStep) -> None:
        rebound = self.rebound
        by_position = {x.position: x.text for x in rebounds.lessons_of(self.app.repo, rebound.id)}
        self.query_one(MoveOnPanel).load(
            [by_position.get(i, "") for i in range(rebounds.MAX_LESSONS)],
            rebound.next_step,
            rebound.next_step_on,
            funnel(interviews.all_interviews(self.app.repo)),
        )

    @on(MoveOnPanel.Changed)
    def _changed(self, event: MoveOnPanel.Changed) -> None:
        event.stop()
        self.app.autosave.schedule(f"move-on-{self.rebound_id}", self._save)

    def _save(self) -> None:
        panel = self.query_one(MoveOnPanel)
        rebounds.save_lessons(self.app.repo, self.rebound, panel.lessons())
        try:
            when = parse_day(panel.next_step_on_text, clock.today(self.app.repo))
        except ValueError as problem:
            panel.show_error(str(problem))
            when = self.rebound.next_step_on
        else:
            panel.show_error(f"→ {when:%A %d %B %Y}" if when else "")
        rebounds.save_next_step(self.app.repo, self.rebound, panel.next_step, when)
        self.post_message(self.Saved())

    @on(MoveOnPanel.CloseRequested)
    def _close(self, event: MoveOnPanel.CloseRequested) -> None:
        event.stop()
        self.app.autosave.flush()

        def answered(yes: bool | None) -> None:
            if yes:
                rebounds.close_rebound(self.app.repo, self.rebound)
                self.notify(
                    "Rebound closed. It stays readable in your history. Well done.", timeout=5
                )
                self.post_message(self.Closed())

        self.app.push_screen(
            ConfirmScreen(
                "Close this rebound? You can still read it in your history.",
                title="Close",
                default=True,
            ),
            answered,
        )
