"""What every rebound step panel shares: the rebound it belongs to, what it shows when
the user arrives, where focus goes, and what it tells the screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.containers import Vertical
from textual.message import Message

from rebound_tui.domain.models import Rebound, ReboundStep
from rebound_tui.services import rebounds
from rebound_tui.ui.access import rebound_app


class Step(Vertical):
    """A panel in the rebound screen's switcher for the steps in `STEPS`. The screen calls
    `show(step)` when the user arrives and `focus_step(step)` once it is painted."""

    app = rebound_app
    PANEL_ID: ClassVar[str]
    STEPS: ClassVar[tuple[ReboundStep, ...]]
    INTROS: ClassVar[dict[ReboundStep, str]]
    """One line above the panel, per step."""
    FOCUS: ClassVar[dict[ReboundStep, str]]
    """The selector of the widget to focus on arrival, per step."""

    class Saved(Message):
        """Something in the step was stored: the step bar's ticks may have changed."""

    class EnoughForToday(Message):
        """The user said "that's enough for today": the screen pauses the rebound and
        goes home."""

    @dataclass
    class Entered(Message):
        """The user moved to another step within this panel (went well and tough)."""

        step: ReboundStep

    def __init__(self, rebound_id: str) -> None:
        super().__init__(id=self.PANEL_ID)
        self.rebound_id = rebound_id

    @property
    def rebound(self) -> Rebound:
        """The rebound as stored now."""
        rebound = rebounds.rebound(self.app.repo, self.rebound_id)
        assert rebound is not None, "rebound vanished"
        return rebound

    def show(self, step: ReboundStep) -> None:
        """Fill the panel from the store as the user arrives at `step`."""

    def focus_step(self, step: ReboundStep) -> None:
        self.query_one(self.FOCUS[step]).focus()
