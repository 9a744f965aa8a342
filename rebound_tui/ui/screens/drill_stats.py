"""How the drill is going: true retention against the target, the next 30 days, the
streak; and fitting personal FSRS parameters once there is enough history."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from rebound_tui.domain.days import drill_day, effective_timezone, plural
from rebound_tui.domain.optimize import MIN_REVIEWS, FitResult, fit_parameters
from rebound_tui.domain.stats import due_forecast, true_retention
from rebound_tui.services.cards import all_cards
from rebound_tui.services.optimizing import all_reviews, reschedule_all
from rebound_tui.services.overview import current_streak
from rebound_tui.services.settings import settings as stored_settings
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import template
from rebound_tui.ui.widgets.charts import BarChart


class DrillStatsScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Drill stats"
    HELP_INTRO = "True retention is how often you actually recalled review cards."
    CSS_PATH = str(STYLES / "stats.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "optimize", "Optimize", id="stats.optimize"),
        Binding("escape,q", "app.pop_screen", "Back", id="stats.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats-body"):
            yield Static("", id="stats-summary")
            yield BarChart(id="stats-forecast")
            yield Static("", id="stats-optimize")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Drill stats"
        self.refresh_stats()

    def refresh_stats(self) -> None:
        repo = self.app.repo
        settings = stored_settings(repo)
        tz = effective_timezone(settings.timezone)
        now = self.app.clock.now()
        today = drill_day(now, tz, settings.day_start_hour)
        reviews = all_reviews(repo)
        self.review_count = len(reviews)
        retention, graded = true_retention(reviews, now - timedelta(days=30))
        cards = all_cards(repo)
        suspended = sum(c.suspended for c in cards)
        leeches = sum(c.leech for c in cards)
        streak = current_streak(repo, today, tz, settings.day_start_hour)
        target = settings.desired_retention
        if retention is None:
            retention_line = template(
                "[b]True retention[/] not measured yet [dim](it needs reviews of cards you "
                "already know, in the last 30 days; target $t)[/]",
                t=f"{target:.0%}",
            )
        else:
            on_target = retention >= target - 0.02
            retention_line = template(
                "[b]True retention[/] $r over $n in 30 days · target $t · $v",
                r=f"{retention:.0%}",
                n=plural(graded, "review"),
                t=f"{target:.0%}",
                v="on target" if on_target else "below target: cards may be too big to recall",
            )
        totals = template(
            "[b]Streak[/] $streak · [b]cards[/] $cards ($suspended suspended, $leeches) · "
            "[b]reviews[/] $reviews",
            streak=plural(streak, "day"),
            cards=f"{len(cards):,}",
            suspended=suspended,
            leeches=plural(leeches, "leech", "leeches"),
            reviews=f"{len(reviews):,}",
        )
        self.query_one("#stats-summary", Static).update(
            Content("\n").join([retention_line, totals])
        )
        chart = self.query_one(BarChart)
        chart.border_title = "Due in the next 30 days"
        chart.plot(
            due_forecast(cards, today, tz, settings.day_start_hour, 30), first_label="today"
        )
        params = "your own" if settings.fsrs_parameters else "the defaults"
        if len(reviews) < MIN_REVIEWS:
            text = template(
                "[b]Optimize[/] fits FSRS to your own memory once you have $min reviews "
                "($n so far). Scheduling uses $p.",
                min=MIN_REVIEWS,
                n=len(reviews),
                p=params,
            )
        else:
            text = template(
                "[b]o Optimize[/]: fit FSRS parameters to your $n (now using $p).",
                n=plural(len(reviews), "review"),
                p=params,
            )
        self.query_one("#stats-optimize", Static).update(text)

    def action_optimize(self) -> None:
        if self.review_count < MIN_REVIEWS:
            self.notify(
                f"Optimizing needs {plural(MIN_REVIEWS, 'review')}; "
                f"you have {self.review_count:,}.",
                severity="warning",
            )
            return
        self.notify("Fitting parameters to your history…", timeout=3)
        self._fit()

    @work(thread=True, exclusive=True)
    def _fit(self) -> None:
        settings = stored_settings(self.app.repo)
        try:
            result = fit_parameters(
                all_reviews(self.app.repo),
                effective_timezone(settings.timezone),
                settings.day_start_hour,
                settings.fsrs_parameters,
            )
        except ValueError as error:
            self.app.call_from_thread(self.notify, f"Could not fit: {error}", severity="error")
            return
        self.app.call_from_thread(self._offer, result)

    def _offer(self, result: FitResult) -> None:
        from rebound_tui.ui.dialogs.confirm import ConfirmScreen

        better = result.log_loss_after <= result.log_loss_before
        question = (
            f"Fitted on {result.items:,} review intervals.\n"
            "Prediction error (log loss): "
            f"{result.log_loss_before:.4f} → {result.log_loss_after:.4f}\n"
            f"Calibration error (RMSE): {result.rmse_before:.4f} → {result.rmse_after:.4f}\n\n"
            + (
                "Use the new parameters and reschedule every card?"
                if better
                else "The fit is not better than what you use now. Use it anyway?"
            )
        )

        def answered(yes: bool | None) -> None:
            if yes:
                changed = reschedule_all(self.app.repo, result.after)
                self.notify(f"Rescheduled {plural(changed, 'card')} with your own parameters.")
                self.refresh_stats()

        self.app.push_screen(ConfirmScreen(question, title="Optimize", default=better), answered)
