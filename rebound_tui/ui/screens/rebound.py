"""A rebound: six steps after a rejection, each skippable, resumable where you left off.

The screen shows one panel per step (rebound_tui/ui/steps; went well and tough share
one), moves between them and keeps the step bar current; each panel reads and writes
its own step. It opens with the panel of the step it opens at; the others are built
after it is painted, one a repaint (a step moved to before then is built as it is
shown, and keys typed meanwhile wait for it: `ui.keys`)."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Header, Static

from rebound_tui.domain.models import REBOUND_STEPS, Rebound, ReboundStep
from rebound_tui.services import interviews, rebounds
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.steps.feedback import FeedbackStep
from rebound_tui.ui.steps.feel import FeelStep
from rebound_tui.ui.steps.move_on import MoveOnStep
from rebound_tui.ui.steps.reflect import ReflectStep
from rebound_tui.ui.steps.step import Step
from rebound_tui.ui.steps.treat import TreatStep
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import short
from rebound_tui.ui.widgets.footer import QuietFooter
from rebound_tui.ui.widgets.step_bar import StepBar

PANELS: tuple[type[Step], ...] = (FeelStep, TreatStep, ReflectStep, FeedbackStep, MoveOnStep)
ARRIVING = "-arriving-{}"
"""The switcher's class while the screen is built, for the step it opens at."""


class ReboundScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Rebound"
    HELP_INTRO = (
        "Six steps, in any order: ctrl+n next, ctrl+r back, escape home. Nothing is lost: "
        "everything is saved as you type, and you come back to where you were. On the day"
        " of the no, the treat step can end the day: w to write it out, t for that's enough"
        " for today (it opens at Went well next time)."
    )
    CSS_PATH = str(STYLES / "rebound.tcss")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]  # noqa: RUF012
    # Focused as the screen is built, on the step it opens at, so keys typed while it
    # opens land there (a focus set once mounted would come after them).
    AUTO_FOCUS = ", ".join(
        f"#steps.{ARRIVING.format(step)} {selector}"
        for panel in PANELS
        for step, selector in panel.FOCUS.items()
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "step(1)", "Next", priority=True, id="rebound.next"),
        # Not ctrl+b or ctrl+a: tmux's and screen's prefix keys never reach the app.
        Binding("ctrl+r", "step(-1)", "Back", priority=True, id="rebound.back"),
        Binding("escape", "leave", "Home", id="rebound.home"),
    ]

    def __init__(self, rebound_id: str, *, step: ReboundStep | None = None) -> None:
        super().__init__()
        self.rebound_id = rebound_id
        self.start_step = step

    @property
    def rebound(self) -> Rebound:
        rebound = rebounds.rebound(self.app.repo, self.rebound_id)
        assert rebound is not None, "rebound vanished"
        return rebound

    def compose(self) -> ComposeResult:
        yield Header()
        yield StepBar()
        yield Static("", id="step-intro")
        step = self.start_step or self.rebound.step
        first = self._panel_class(step)
        with ContentSwitcher(id="steps", initial=first.PANEL_ID, classes=ARRIVING.format(step)):
            yield first(self.rebound_id)
        yield QuietFooter()

    async def on_mount(self) -> None:
        rebound = self.rebound
        interview = interviews.interview(self.app.repo, rebound.interview_id)
        self.title = "Rebound"
        self.sub_title = short(interview.name, 60) if interview else ""
        switcher = self.query_one(ContentSwitcher)
        # No style names these classes: dropping them restyles nothing (update=False).
        switcher.remove_class(*(ARRIVING.format(step) for step in REBOUND_STEPS), update=False)
        # AUTO_FOCUS has focused the step's widget, unless it could not take focus then.
        await self._show(self.start_step or rebound.step, focus=self.focused is None)
        self.call_after_refresh(self._build_next_panel)

    async def _build_next_panel(self) -> None:
        """Build one more step's panel, hidden, and the next one after a repaint."""
        if not self.is_attached or self.app.screen is not self:
            return  # left, or covered by a dialog: the rest are built when shown
        missing = next((panel for panel in PANELS if not self._built(panel)), None)
        if missing is not None:
            await self._build(missing)
            self.call_after_refresh(self._build_next_panel)

    @staticmethod
    def _panel_class(step: ReboundStep) -> type[Step]:
        return next(panel for panel in PANELS if step in panel.STEPS)

    def _built(self, panel: type[Step]) -> bool:
        return any(isinstance(child, panel) for child in self.query_one(ContentSwitcher).children)

    async def _build(self, panel: type[Step]) -> None:
        await self.query_one(ContentSwitcher).add_content(panel(self.rebound_id))

    async def _panel(self, step: ReboundStep) -> Step:
        """The step's panel, built now if it was not yet."""
        wanted = self._panel_class(step)
        if not self._built(wanted):
            await self._build(wanted)
        return next(panel for panel in self.query(wanted))

    async def _show(self, step: ReboundStep, *, focus: bool = True) -> None:
        rebound = self.rebound
        if rebounds.needs_move(rebound, step):
            # Shown at once, stored once the step is painted (rewriting every rebound
            # takes longer than drawing it): a save pending in the autosave, flushed
            # right after the next refresh, or on leaving, quitting or a hang-up.
            rebound = rebounds.moved_to_step(self.app.repo, rebound, step)
            self.app.autosave.schedule(
                f"rebound-step:{self.rebound_id}",
                partial(rebounds.store_step, self.app.repo, self.rebound_id, step),
            )
            self.call_after_refresh(self.app.autosave.flush)
        panel = await self._panel(step)
        self.query_one(ContentSwitcher).current = panel.id
        bar = self.query_one(StepBar)
        bar.current = step
        bar.statuses = rebounds.step_status(self.app.repo, rebound)
        self.query_one("#step-intro", Static).update(panel.INTROS[step])
        panel.show(step)
        if focus:
            self.call_after_refresh(panel.focus_step, step)

    def _refresh_bar(self) -> None:
        # A save run while the screen is being left finds no bar (NoMatches, found by
        # tests/test_monkey.py): what was typed is saved all the same.
        for bar in self.query(StepBar):
            bar.statuses = rebounds.step_status(self.app.repo, self.rebound)

    # -- navigation ------------------------------------------------------------------
    async def action_step(self, delta: int) -> None:
        self.app.autosave.flush()
        index = REBOUND_STEPS.index(self.rebound.step)
        target = max(0, min(len(REBOUND_STEPS) - 1, index + delta))
        if target != index:
            await self._show(REBOUND_STEPS[target])

    async def go_to(self, step: ReboundStep) -> None:
        """Jump straight to a step (for tests and scripts: await it)."""
        self.app.autosave.flush()
        await self._show(step)

    def action_leave(self) -> None:
        self.app.autosave.flush()
        self.dismiss()

    # -- what the panels tell it -----------------------------------------------------
    @on(Step.Saved)
    def _saved(self, event: Step.Saved) -> None:
        event.stop()
        self._refresh_bar()

    @on(Step.Entered)
    def _entered(self, event: Step.Entered) -> None:
        """Working in the tough pane is being at the tough step (and so for went well)."""
        event.stop()
        if self.query_one(ContentSwitcher).current != self._panel_class(event.step).PANEL_ID:
            return  # focus left a pane being hidden (the user moved on): not a visit
        if self.rebound.step != event.step:
            rebounds.move_to_step(self.app.repo, self.rebound, event.step)
            for bar in self.query(StepBar):
                bar.current = event.step
            self._refresh_bar()

    @on(Step.EnoughForToday)
    def _enough_for_today(self, event: Step.EnoughForToday) -> None:
        """The day of the no can end after feeling it and a treat: the rest keeps, and
        the rebound opens at Went well next time."""
        event.stop()
        self.app.autosave.flush()
        rebounds.pause_for_today(self.app.repo, self.rebound)
        self.notify("Saved. Next time, this opens at Went well, whenever you are ready.")
        self.dismiss()

    @on(MoveOnStep.Closed)
    def _rebound_closed(self, event: MoveOnStep.Closed) -> None:
        event.stop()
        self.dismiss()
