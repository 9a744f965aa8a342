"""Step 1, feel it: a check-in, with how vividly you had pictured life there."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult

from rebound_tui.domain.models import CheckIn, ReboundStep
from rebound_tui.services import checkins
from rebound_tui.ui.steps.step import Step
from rebound_tui.ui.widgets.checkin_panel import CheckInPanel, CheckInValues, apply_values


class FeelStep(Step):
    PANEL_ID = "step-feel"
    STEPS = ("feel",)
    INTROS: ClassVar[dict[ReboundStep, str]] = {
        "feel": "Whatever you feel is allowed. Name it as precisely as you can."
    }
    FOCUS: ClassVar[dict[ReboundStep, str]] = {"feel": "#checkin-grid"}

    def compose(self) -> ComposeResult:
        yield CheckInPanel(daydream=True, id="rebound-checkin")

    def on_mount(self) -> None:
        self.query_one(CheckInPanel).load(self._checkin())

    def _checkin(self) -> CheckIn | None:
        checkin_id = self.rebound.checkin_id
        return checkins.checkin(self.app.repo, checkin_id) if checkin_id else None

    @on(CheckInPanel.Changed)
    def _changed(self, event: CheckInPanel.Changed) -> None:
        event.stop()
        values = event.values
        self.app.autosave.schedule(
            f"rebound-checkin-{self.rebound_id}", lambda: self._save(values)
        )

    def _save(self, values: CheckInValues) -> None:
        base = self._checkin() or checkins.new_checkin(self.app.repo, rebound_id=self.rebound_id)
        checkins.save_checkin(self.app.repo, apply_values(base, values))
        self.post_message(self.Saved())
