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
from rebound_tui.domain.forecast import FORECAST_DAYS
from rebound_tui.services.optimizing import ChoiceKind, Offer, fit_and_forecast
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
    """Fits in a worker (seconds on a big log: the fit, then a simulated month for each
    choice), then offers the choices. Dismissed with the choice and the parameters, or
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
        self.offer: Offer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="optimize-dialog") as box:
            box.border_title = "Optimize"
            yield Static(
                template(
                    "Fitting parameters to your $n and simulating the next $d days for "
                    "each choice: working…",
                    n=plural(self.reviews, "review"),
                    d=FORECAST_DAYS,
                ),
                id="optimize-fit",
            )
            yield Static("", id="optimize-header")
            yield OptionList(id="optimize-choices")
            yield Static("escape leaves everything as it is", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#optimize-header").display = False
        self.query_one("#optimize-choices").display = False
        self._compute()

    @work(thread=True, exclusive=True)
    def _compute(self) -> None:
        try:
            offer = fit_and_forecast(self.app.repo)
        except ValueError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._show, offer)

    def _failed(self, problem: str) -> None:
        if self.is_attached:
            self.query_one("#optimize-fit", Static).update(
                template("Could not fit: $p. Nothing was changed.", p=problem)
            )

    def _show(self, offer: Offer) -> None:
        if not self.is_attached:
            return  # escaped while working
        self.offer = offer
        fit, forecasts = offer.fit, offer.forecasts
        better = fit.log_loss_after <= fit.log_loss_before
        self.query_one("#optimize-fit", Static).update(
            template(
                "Fitted on $items review intervals.\n"
                "Prediction error (log loss): $lb → $la\n"
                "Calibration error (RMSE):    $rb → $ra\n"
                "$verdict\n\n"
                "[b]Cards due a day[/] if each is reviewed when due (simulated):",
                items=f"{fit.items:,}",
                lb=f"{fit.log_loss_before:.4f}",
                la=f"{fit.log_loss_after:.4f}",
                rb=f"{fit.rmse_before:.4f}",
                ra=f"{fit.rmse_after:.4f}",
                verdict=(
                    "The new parameters predict your recall better."
                    if better
                    else "The fit is not better than what you use now."
                ),
            )
        )
        header = self.query_one("#optimize-header", Static)
        header.update(
            template(
                "[dim]$label$today  $avg  then day by day → +$last[/]",
                label=" " * 28,
                today=f"{'today':>5}",
                avg=f"{'avg/day':>7}",
                last=f"{FORECAST_DAYS - 1}d",
            )
        )
        workloads = [forecasts.of(kind) for kind, _, _ in CHOICES]
        top = max((max(w.per_day[1:], default=0) for w in workloads), default=0)
        choices = self.query_one(OptionList)
        choices.clear_options()
        for (kind, key, label), workload in zip(CHOICES, workloads, strict=True):
            row = template(
                "[b]$key[/]  $label $today  $avg  $spark",
                key=key,
                label=f"{label:<24}",
                today=f"{workload.today:>5,}",
                avg=f"{workload.average:>7.1f}",
                spark=sparkline(workload.per_day[1:], top),
            )
            choices.add_option(Option(row, id=kind))
        self.query_one(".dialog-keys", Static).update(
            template(
                "Rescheduling now changes the due date of $moved; future only keeps every "
                "due date.\n↑ ↓ enter or k f r to choose · escape leaves everything as it is",
                moved=plural(forecasts.moved, "card"),
            )
        )
        header.display = True
        choices.display = True
        choices.highlighted = 1 if better else 0
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.action_choose(event.option.id)

    def action_choose(self, kind: str) -> None:
        if self.offer is None:
            return  # still working
        self.dismiss((cast(ChoiceKind, kind), self.offer.fit.after))

    def action_cancel(self) -> None:
        self.dismiss(None)
