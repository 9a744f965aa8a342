"""How the drill is going: true retention against the target, the next 30 days, the
streak; and fitting personal FSRS parameters once there is enough history."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from rebound_tui.domain.days import drill_day, effective_timezone, plural
from rebound_tui.domain.optimize import MIN_REVIEWS
from rebound_tui.domain.stats import due_forecast, true_retention
from rebound_tui.services.cards import all_cards
from rebound_tui.services.optimizing import all_reviews, apply_choice, optimizer_review_count
from rebound_tui.services.overview import current_streak
from rebound_tui.services.settings import settings as stored_settings
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.dialogs.optimize import Chosen, OptimizeDialog
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
        # Only reviews of cards that still exist count, as only they are fitted.
        reviews = optimizer_review_count(self.app.repo)
        if reviews < MIN_REVIEWS:
            self.notify(
                f"Optimizing needs {plural(MIN_REVIEWS, 'review')} of cards you have; "
                f"you have {reviews:,}.",
                severity="warning",
            )
            return
        self.app.push_screen(OptimizeDialog(reviews), self._optimized)

    def _optimized(self, chosen: Chosen | None) -> None:
        if chosen is None:
            return
        kind, parameters = chosen
        if kind == "keep":
            self.notify("Kept the parameters you use now; nothing changed.")
            return
        changed = apply_choice(self.app.repo, kind, parameters)
        if kind == "reschedule":
            self.notify(f"Rescheduled {plural(changed, 'card')} with your own parameters.")
        else:
            self.notify("Your own parameters apply from each card's next review.")
        self.refresh_stats()
