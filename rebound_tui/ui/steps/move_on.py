"""Step 6, move on: up to three lessons, one next step (a `NextStep`, listed on home and
on the Next steps screen until it is done), some perspective, and closing the rebound."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.message import Message

from rebound_tui.domain.dates import describe_day, parse_day
from rebound_tui.domain.funnel import funnel
from rebound_tui.domain.models import ReboundStep
from rebound_tui.services import interviews, next_steps, rebounds
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
        repo = self.app.repo
        by_position = {x.position: x.text for x in rebounds.lessons_of(repo, rebound.id)}
        current = next_steps.step_of_rebound(repo, rebound.id)
        panel = self.query_one(MoveOnPanel)
        panel.load(
            [by_position.get(i, "") for i in range(rebounds.MAX_LESSONS)],
            current.text if current else "",
            current.day if current else None,
            funnel(interviews.all_interviews(repo)),
        )
        done = next_steps.done_of_rebound(repo, rebound.id)
        if current is None and done:
            panel.show_error(f"✓ Done: {done[0].text}. A new next step can go here.")
        else:
            panel.show_error("")

    @on(MoveOnPanel.Changed)
    def _changed(self, event: MoveOnPanel.Changed) -> None:
        event.stop()
        self.app.autosave.schedule(f"move-on-{self.rebound_id}", self._save)

    def _save(self) -> None:
        repo = self.app.repo
        panel = self.query_one(MoveOnPanel)
        rebounds.save_lessons(repo, self.rebound, panel.lessons())
        try:
            when = parse_day(panel.next_step_on_text, next_steps.today(repo), "future")
        except ValueError as problem:
            panel.show_error(str(problem))
            current = next_steps.step_of_rebound(repo, self.rebound_id)
            when = current.day if current else None
        else:
            if when and not panel.next_step.strip():
                panel.show_error("Write the step too: a day alone is not kept.")
            else:
                panel.show_error(f"→ {describe_day(when)}" if when else "")
        next_steps.save_rebound_step(repo, self.rebound, panel.next_step, when)
        self.post_message(self.Saved())

    @on(MoveOnPanel.CloseRequested)
    def _close(self, event: MoveOnPanel.CloseRequested) -> None:
        event.stop()
        self.app.autosave.flush()

        def answered(yes: bool | None) -> None:
            if yes:
                rebounds.close_rebound(self.app.repo, self.rebound)
                self.notify("Rebound closed. It stays readable in your history.", timeout=5)
                self.post_message(self.Closed())

        self.app.push_screen(
            ConfirmScreen(
                "Close this rebound? You can still read it in your history.",
                title="Close",
                default=True,
            ),
            answered,
        )
