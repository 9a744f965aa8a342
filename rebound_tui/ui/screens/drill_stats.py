"""How the drill is going: true retention against the target, the next 30 days, the
days practised this week; and fitting personal FSRS parameters once there is enough history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from rebound_tui.domain.days import drill_day, effective_timezone, plural
from rebound_tui.domain.optimize import MIN_REVIEWS
from rebound_tui.domain.stats import (
    ANSWER_CAP_MS,
    Retention,
    Trend,
    clock_text,
    daily_counts,
    heatmap,
    minutes_text,
)
from rebound_tui.services.review_stats import DrillFigures, drill_figures
from rebound_tui.services.settings import settings as stored_settings
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import template
from rebound_tui.ui.widgets.charts import BarChart
from rebound_tui.ui.widgets.footer import QuietFooter
from rebound_tui.ui.widgets.review_charts import DailyBars, heatmap_content

if TYPE_CHECKING:
    from rebound_tui.ui.dialogs.optimize import Chosen

HEATMAP_WEEKS = 26  # at most; fewer on a terminal narrower than 80 columns
HEATMAP_FRAME = 16  # the screen's padding, the border, its padding, the scrollbar, labels
PERIODS = ((7, "7 days"), (30, "30 days"), (365, "1 year"), (None, "all time"))


class DrillStatsScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Drill stats"
    HELP_INTRO = (
        "True retention is how often you actually recalled review cards: young ones had an "
        "interval under 21 days, mature ones 21 or more (as Anki counts). Days are drill "
        "days in your zone. Time spent counts each review up to 5 minutes, so a card left "
        "open is not an hour of practice. ↑/↓ scroll."
    )
    CSS_PATH = str(STYLES / "stats.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "optimize", "Optimize", id="stats.optimize"),
        Binding("escape,q", "app.pop_screen", "Back", id="stats.back"),
    ]

    _counts: Mapping[date, int] = MappingProxyType({})  # reviews a drill day, for redraws
    _today: date | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats-body"):
            yield Static("", id="stats-summary")
            yield Static("", id="stats-heatmap")
            yield Static("", id="stats-retention")
            yield Static("", id="stats-time")
            yield DailyBars(id="stats-daily")
            yield BarChart(id="stats-forecast")
            yield Static("", id="stats-optimize")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.title = "Drill stats"
        self.refresh_stats()

    def refresh_stats(self) -> None:
        repo = self.app.repo
        settings = stored_settings(repo)
        tz = effective_timezone(settings.timezone)
        now = self.app.clock.now()
        today = drill_day(now, tz, settings.day_start_hour)
        figures = drill_figures(
            repo, today, tz, settings.day_start_hour, [p for p, _ in PERIODS], 30
        )
        by_period = figures.by_period
        month = by_period[1]
        retention = Retention.share(month.recalled, month.total)
        graded = month.total
        # The optimizer learns only from reviews of cards that still exist.
        self.review_count = figures.training_reviews
        suspended = figures.suspended
        leeches = figures.slipping
        practised = sum(1 for back in range(7) if figures.counts.get(today - timedelta(days=back)))
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
            "[b]Practised[/] $practised of 7 days · [b]$cards cards[/] ($suspended suspended, "
            "$leeches slipping) · [b]$reviews reviews[/]",
            practised=str(practised),
            cards=f"{figures.cards:,}",
            suspended=suspended,
            leeches=f"{leeches:,}",
            reviews=f"{figures.reviews:,}",
        )
        self.query_one("#stats-summary", Static).update(
            Content("\n").join([retention_line, totals])
        )
        self._show_practice(figures, today)
        chart = self.query_one(BarChart)
        chart.border_title = "Due in the next 30 days"
        chart.plot(figures.due_forecast, first_label="today")
        params = "your own" if settings.fsrs_parameters else "the defaults"
        if self.review_count < MIN_REVIEWS:
            text = template(
                "[b]Optimize[/] fits FSRS to your own memory once you have $min reviews "
                "($n so far). Scheduling uses $p.",
                min=MIN_REVIEWS,
                n=self.review_count,
                p=params,
            )
        else:
            text = template(
                "[b]o Optimize[/]: fit FSRS parameters to your $n (now using $p).",
                n=plural(self.review_count, "review"),
                p=params,
            )
        self.query_one("#stats-optimize", Static).update(text)

    def _show_practice(self, figures: DrillFigures, today: date) -> None:
        """The heatmap, young and mature retention, time spent, timings, daily counts."""
        counts = figures.counts
        self._counts, self._today = counts, today
        self._draw_heatmap()
        self.query_one("#stats-retention", Static).update(_retention_table(figures.by_period))
        spent = figures.spent
        timings = [("answering", figures.answering), ("rehearsed aloud", figures.rehearsing)]
        self.query_one("#stats-time", Static).update(
            Content("\n").join(
                [
                    template(
                        "[b]Time spent[/] today $today · this week $week · last week $last",
                        today=minutes_text(spent.today_ms),
                        week=minutes_text(spent.this_week_ms),
                        last=minutes_text(spent.last_week_ms),
                    ),
                    template(
                        "$month in 30 days, $day a day drilled [dim](a review counts "
                        "up to $cap)[/]",
                        month=minutes_text(spent.last_30_ms),
                        day=minutes_text(spent.per_drill_day_ms),
                        cap=minutes_text(ANSWER_CAP_MS),
                    ),
                    Content(""),
                    template(
                        "[b]$label[/]$recent$before",
                        label=f"{'Per answer':<17}",
                        recent=f"{'last 30 days':<14}",
                        before="30 days before",
                    ),
                    *(_trend_line(label, trend) for label, trend in timings),
                ]
            )
        )
        daily = self.query_one(DailyBars)
        daily.border_title = "Reviews a day, last 30 days"
        daily.plot(daily_counts(counts, today, 30))

    def _draw_heatmap(self) -> None:
        """As many weeks as fit (two columns each), up to `HEATMAP_WEEKS`."""
        if self._today is None:
            return
        weeks = max(4, min(HEATMAP_WEEKS, (self.app.size.width - HEATMAP_FRAME) // 2))
        calendar = self.query_one("#stats-heatmap", Static)
        calendar.border_title = f"Reviews a day, last {weeks} weeks"
        calendar.update(heatmap_content(heatmap(self._counts, self._today, weeks)))

    def on_resize(self) -> None:
        self._draw_heatmap()

    def action_optimize(self) -> None:
        # Only reviews of cards that still exist count, as only they are fitted.
        from rebound_tui.services.optimizing import optimizer_review_count
        from rebound_tui.ui.dialogs.optimize import OptimizeDialog

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
        from rebound_tui.services.optimizing import apply_choice

        if chosen is None:
            return
        kind, parameters = chosen
        if kind == "keep":
            self.notify("Kept the parameters you use now; nothing changed.")
            return
        if kind == "future":
            apply_choice(self.app.repo, kind, parameters)
            self.notify("Your own parameters apply from each card's next review.")
            self.refresh_stats()
            return
        # Replaying every review takes seconds on a big log: not on the event loop.
        self.notify("Rescheduling every card with your own parameters…", timeout=3)
        self._reschedule(parameters)

    @work(thread=True, exclusive=True, group="optimize")
    def _reschedule(self, parameters: tuple[float, ...]) -> None:
        from rebound_tui.services.optimizing import apply_choice

        changed = apply_choice(self.app.repo, "reschedule", parameters)
        self.app.call_from_thread(self._rescheduled, changed)

    def _rescheduled(self, changed: int) -> None:
        self.notify(f"Rescheduled {plural(changed, 'card')} with your own parameters.")
        if self.is_attached:
            self.refresh_stats()


def _share(recalled: int, total: int) -> str:
    share = Retention.share(recalled, total)
    return "—" if share is None else f"{share:.0%} of {total:,}"


def _retention_table(by_period: list[Retention]) -> Content:
    """Young and mature retention over each period, as Anki's true retention table."""
    head = template(
        "[b]$a[/]$b$c$d",
        a=f"{'Retention':<10}",
        b=f"{'young':<15}",
        c=f"{'mature':<15}",
        d="all",
    )
    lines = [head]
    for (_, label), split in zip(PERIODS, by_period, strict=True):
        lines.append(
            Content(
                f"{label:<10}{_share(split.young_recalled, split.young):<15}"
                f"{_share(split.mature_recalled, split.mature):<15}"
                f"{_share(split.recalled, split.total)}"
            )
        )
    lines.append(
        template("[dim]Young: an interval under 21 days before the review; mature: 21 or more.[/]")
    )
    return Content("\n").join(lines)


def _trend_line(label: str, trend: Trend) -> Content:
    def average(ms: int | None, count: int) -> str:
        return "—" if ms is None else f"{clock_text(ms)} ({count:,})"

    change = trend.change
    if change is None:
        word = "" if trend.recent or trend.before else "none yet (t in the drill)"
    elif abs(change) < 0.05:
        word = "about the same"
    else:
        word = f"{abs(change):.0%} {'quicker' if change < 0 else 'slower'}"
    return Content(
        f"{label:<17}{average(trend.recent_ms, trend.recent):<14}"
        f"{average(trend.before_ms, trend.before):<16}{word}"
    )
