"""Step 1, feel it: a check-in, what you would tell a friend with the same news, and a
nudge to tell one person. After a very low check-in the care card shows above it."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button

from rebound_tui.domain.models import CheckIn, ReboundStep
from rebound_tui.services import care, checkins
from rebound_tui.ui.steps.step import Step
from rebound_tui.ui.widgets.care_card import CareCard
from rebound_tui.ui.widgets.checkin_panel import CheckInPanel, CheckInValues, apply_values


class FeelStep(Step):
    PANEL_ID = "step-feel"
    STEPS = ("feel",)
    INTROS: ClassVar[dict[ReboundStep, str]] = {
        "feel": "Whatever you feel is allowed. Name it as precisely as you can."
    }
    FOCUS: ClassVar[dict[ReboundStep, str]] = {"feel": "#checkin-grid"}

    def compose(self) -> ComposeResult:
        card = CareCard(id="feel-care")
        card.display = False
        yield card
        yield CheckInPanel(daydream=True, friend=True, id="rebound-checkin")
        yield Button(
            "Write it out: a private page, about 15 minutes", id="feel-write", compact=True
        )

    def on_mount(self) -> None:
        self.query_one(CheckInPanel).load(self._checkin())

    def show(self, step: ReboundStep) -> None:
        if self._checkin() is not None:
            self._show_care()

    def _checkin(self) -> CheckIn | None:
        checkin_id = self.rebound.checkin_id
        return checkins.checkin(self.app.repo, checkin_id) if checkin_id else None

    def _show_care(self) -> None:
        """The care card, while a very low check-in calls for it (and until put away)."""
        due = care.care_card(self.app.repo, self.app.clock.now()) is not None
        for card in self.query(CareCard):
            card.display = due

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
        self._show_care()
        self.post_message(self.Saved())

    @on(Button.Pressed, "#feel-write")
    def _write(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.autosave.flush()
        self.app.open("journal", rebound_id=self.rebound_id)

    @on(CareCard.Dismissed)
    def _care_put_away(self, event: CareCard.Dismissed) -> None:
        event.stop()
        self.query_one("#checkin-grid").focus()
