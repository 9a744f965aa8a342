"""Optimize: fit FSRS parameters to the user's reviews, then choose how to take them —
keep the current ones, use the new ones for future reviews only, or use them and
reschedule every card now — seeing the workload each choice implies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.widgets.option_list import Option

from rebound_tui.domain.days import plural
from rebound_tui.domain.forecast import FORECAST_DAYS, Workload
from rebound_tui.domain.optimize import FitResult
from rebound_tui.services.optimizing import (
    ChoiceKind,
    fit,
    forecast_keeping_due_dates,
    forecast_rescheduling,
)
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import template
from rebound_tui.ui.widgets.option_list import OptionList

Chosen = tuple[ChoiceKind, tuple[float, ...]]
"""The choice and the fitted parameters it applies to."""

CHOICES: tuple[tuple[ChoiceKind, str, str], ...] = (
    ("keep", "k", "Keep current parameters"),
    ("future", "f", "New, for future reviews"),
    ("reschedule", "r", "New, reschedule now"),
)
BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int], top: int) -> str:
    """One bar character per value, scaled so that `top` is the tallest bar."""
    if top <= 0:
        return BARS[0] * len(values)
    return "".join(BARS[min(len(BARS) - 1, v * len(BARS) // (top + 1))] for v in values)


class OptimizeDialog(ModalScreen[Chosen | None]):
    """Works in a thread: the fit and the two forecasts that keep due dates (a second or
    two on the heavy demo) show first, then the forecast of rescheduling, which replays
    every review (a few seconds more). Dismissed with the choice and the parameters, or
    None when escaped; the caller applies it."""

    app = rebound_app
    CSS_PATH = str(STYLES / "optimize.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "choose('keep')", "Keep", id="optimize.keep"),
        Binding("f", "choose('future')", "Future only", id="optimize.future"),
        Binding("r", "choose('reschedule')", "Reschedule", id="optimize.reschedule"),
        Binding("escape", "cancel", "Cancel", id="optimize.cancel"),
    ]

    def __init__(self, reviews: int) -> None:
        super().__init__()
        self.reviews = reviews
        self.fit: FitResult | None = None
        self.workloads: dict[ChoiceKind, Workload] = {}
        self.moved: int | None = None
        """Cards whose due date rescheduling now changes (None until forecast)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="optimize-dialog") as box:
            box.border_title = "Optimize"
            yield Static(
                template(
                    "Fitting parameters to your $n: working…", n=plural(self.reviews, "review")
                ),
                id="optimize-fit",
            )
            yield Static("", id="optimize-header")
            yield OptionList(id="optimize-choices")
            yield Static("", id="optimize-moved")
            yield Static("escape leaves everything as it is", classes="dialog-keys")

    def on_mount(self) -> None:
        for selector in ("#optimize-header", "#optimize-choices", "#optimize-moved"):
            self.query_one(selector).display = False
        self._compute()

    @work(thread=True, exclusive=True)
    def _compute(self) -> None:
        repo = self.app.repo
        try:
            result = fit(repo)
        except ValueError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        keep, future = forecast_keeping_due_dates(repo, result.after)
        self.app.call_from_thread(self._show_fit, result, keep, future)
        reschedule, moved = forecast_rescheduling(repo, result.after)
        self.app.call_from_thread(self._show_rescheduling, reschedule, moved)

    def _failed(self, problem: str) -> None:
        if self.is_attached:
            self.query_one("#optimize-fit", Static).update(
                template("Could not fit: $p. Nothing was changed.", p=problem)
            )

    def _show_fit(self, result: FitResult, keep: Workload, future: Workload) -> None:
        if not self.is_attached:
            return  # escaped while working
        self.fit = result
        self.workloads = {"keep": keep, "future": future}
        better = result.log_loss_after <= result.log_loss_before
        self.query_one("#optimize-fit", Static).update(
            template(
                "Fitted on $items review intervals.\n"
                "Prediction error (log loss): $lb → $la\n"
                "Calibration error (RMSE):    $rb → $ra\n"
                "$verdict\n\n"
                "[b]Cards due a day[/] if each is reviewed when due (simulated):",
                items=f"{result.items:,}",
                lb=f"{result.log_loss_before:.4f}",
                la=f"{result.log_loss_after:.4f}",
                rb=f"{result.rmse_before:.4f}",
                ra=f"{result.rmse_after:.4f}",
                verdict=(
                    "The new parameters predict your recall better."
                    if better
                    else "The fit is not better than what you use now."
                ),
            )
        )
        self.query_one("#optimize-header", Static).update(
            template(
                "[dim]$label$today  $avg  then day by day → +$last[/]",
                label=" " * 28,
                today=f"{'today':>5}",
                avg=f"{'avg/day':>7}",
                last=f"{FORECAST_DAYS - 1}d",
            )
        )
        self.query_one("#optimize-moved", Static).update(
            "Working out what rescheduling now would do…"
        )
        self.query_one(".dialog-keys", Static).update(
            "↑ ↓ enter or k f r to choose · escape leaves everything as it is"
        )
        self._fill_rows()
        for selector in ("#optimize-header", "#optimize-choices", "#optimize-moved"):
            self.query_one(selector).display = True
        choices = self.query_one(OptionList)
        choices.highlighted = 1 if better else 0
        choices.focus()

    def _show_rescheduling(self, reschedule: Workload, moved: int) -> None:
        if not self.is_attached:
            return
        self.workloads["reschedule"] = reschedule
        self.moved = moved
        self.query_one("#optimize-moved", Static).update(
            template(
                "Rescheduling now changes the due date of $moved; future only keeps every "
                "due date.",
                moved=plural(moved, "card"),
            )
        )
        self._fill_rows()

    def _fill_rows(self) -> None:
        """One row a choice; the bars share one scale (today, often a pile of overdue
        cards, has its own column so it does not flatten the rest)."""
        top = max((max(w.per_day[1:], default=0) for w in self.workloads.values()), default=0)
        choices = self.query_one(OptionList)
        highlighted = choices.highlighted
        choices.clear_options()
        for kind, key, label in CHOICES:
            workload = self.workloads.get(kind)
            row = template(
                "[b]$key[/]  $label $figures",
                key=key,
                label=f"{label:<24}",
                figures=(
                    f"{workload.today:>5,}  {workload.average:>7.1f}  "
                    f"{sparkline(workload.per_day[1:], top)}"
                    if workload is not None
                    else f"{'…':>5}  {'…':>7}  working…"
                ),
            )
            choices.add_option(Option(row, id=kind))
        choices.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.action_choose(event.option.id)

    def action_choose(self, kind: str) -> None:
        if self.fit is None:
            return  # still fitting
        self.dismiss((cast(ChoiceKind, kind), self.fit.after))

    def action_cancel(self) -> None:
        self.dismiss(None)
