"""History: is it getting better? Mood over time, past rebounds, what helped, daydreams
against how hard a no hit, the funnel beside base rates, and how the drill is holding up."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Header,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
)
from textual.widgets.option_list import Option

from rebound_tui.domain.days import day_bounds, drill_day, effective_timezone, plural, zone
from rebound_tui.domain.funnel import funnel
from rebound_tui.domain.insights import (
    daydream_points,
    describe_daydreams,
    mood_series,
    mood_trend,
    treat_ranking,
)
from rebound_tui.domain.models import STEP_LABELS, Rebound
from rebound_tui.domain.stats import true_retention
from rebound_tui.services.checkins import (
    all_checkins,
    checkins_since,
    newest_checkins,
    rebound_checkins,
)
from rebound_tui.services.interviews import all_interviews
from rebound_tui.services.interviews import interview as interview_of
from rebound_tui.services.next_steps import counts as step_counts
from rebound_tui.services.rebounds import all_rebounds
from rebound_tui.services.review_stats import due_forecast, reviews_since
from rebound_tui.services.settings import settings as stored_settings
from rebound_tui.services.treats import all_treats, treat_log
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import line, plain, short, template
from rebound_tui.ui.widgets.charts import BarChart, LineChart, ScatterChart
from rebound_tui.ui.widgets.fast_table import FastTable
from rebound_tui.ui.widgets.footer import QuietFooter
from rebound_tui.ui.widgets.move_on_panel import perspective
from rebound_tui.ui.widgets.option_list import OptionList
from rebound_tui.ui.widgets.scale import UNSET

TREND_WORDS = {
    "brighter": "brighter than",
    "heavier": "heavier than",
    "about the same": "about the same as",
}

TITLES = {
    "mood": "Mood",
    "rebounds": "Rebounds",
    "treats": "Treats",
    "daydreams": "Daydreams",
    "funnel": "Funnel",
    "drill": "Drill",
}
TABS = tuple(TITLES)
SCREENFUL = 40
"""Rebounds listed before the list is first painted (the rest follow at once after)."""


def _views(tab: str) -> list[Widget]:
    """What a tab holds (each filled by the screen's method of the tab's name)."""
    if tab == "mood":
        table = FastTable(id="checkin-table", cursor_type="row", zebra_stripes=True)
        return [VerticalScroll(LineChart(id="mood-chart"), Static("", id="mood-summary"), table)]
    if tab == "rebounds":
        return [
            Static("enter reads a rebound as a retrospective", classes="hint"),
            Static("", id="next-steps-count", classes="hint"),
            OptionList(id="rebound-list"),
        ]
    if tab == "treats":
        table = FastTable(id="treat-table", cursor_type="row", zebra_stripes=True)
        return [Static("", id="treats-summary"), table]
    if tab == "daydreams":
        return [
            VerticalScroll(ScatterChart(id="daydream-chart"), Static("", id="daydream-summary"))
        ]
    if tab == "funnel":
        return [VerticalScroll(Static("", id="funnel-bars"), Static("", id="funnel-perspective"))]
    return [VerticalScroll(Static("", id="drill-summary"), BarChart(id="drill-forecast"))]


def bar(value: float, maximum: float, width: int = 20) -> str:
    filled = round(width * value / maximum) if maximum else 0
    return "■" * filled + "·" * (width - filled)


class HistoryScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "History"
    HELP_INTRO = "Look back: [ and ] (or ←/→ on the tab bar) move between the views."
    CSS_PATH = str(STYLES / "history.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right_square_bracket", "tab(1)", "Next view", key_display="]", id="history.next"),
        Binding(
            "left_square_bracket",
            "tab(-1)",
            "Previous view",
            key_display="[",
            id="history.previous",
        ),
        Binding("escape,q", "app.pop_screen", "Back", id="history.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._built = {TABS[0]}  # composed with the screen, filled on mount
        self._resumed = False

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="history-tabs"):
            for tab, title in TITLES.items():
                # Only the first view is built now; each other one when first shown.
                yield TabPane(title, *(_views(tab) if tab == TABS[0] else ()), id=tab)
        yield QuietFooter()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before Textual's own handler. Its first restyle of the whole screen repeats
        what mounting it has just done (about 10 ms of a first open): skipped."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        self.title = "History"
        self.settings = stored_settings(self.app.repo)
        self.tz = effective_timezone(self.settings.timezone)
        self.now = self.app.clock.now()
        self._fill(TABS[0])

    async def _build(self, tab: str) -> None:
        """Build and fill a view the first time it is shown (each reads its own records),
        painted once filled."""
        if tab in self._built or tab not in TABS:
            return
        self._built.add(tab)
        with self.app.batch_update():
            await self.query_one(f"#{tab}", TabPane).mount(*_views(tab))
            self._fill(tab)

    def _fill(self, tab: str) -> None:
        if tab == "drill":
            self._drill(self.settings.day_start_hour, self.settings.desired_retention)
        else:
            getattr(self, f"_{tab}")()

    def action_tab(self, delta: int) -> None:
        tabs = self.query_one(TabbedContent)
        index = TABS.index(tabs.active) if tabs.active in TABS else 0
        tabs.active = TABS[(index + delta) % len(TABS)]

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A tab with a list puts the cursor in it, so its keys (enter reads a rebound)
        work at once, however the tab was chosen."""
        await self._build(event.pane.id or "")
        if event.pane.id == "rebounds":
            self.query_one("#rebound-list", OptionList).focus()
        elif self.focused is not None and self.focused is not event.tabbed_content.active_pane:
            event.tabbed_content.query_one(Tabs).focus()  # off the list the tab hid

    # -- views -----------------------------------------------------------------------
    def _mood(self) -> None:
        cutoff = self.now - timedelta(days=90)
        recent = checkins_since(self.app.repo, cutoff) or all_checkins(self.app.repo)
        series = mood_series(recent, self.tz)
        chart = self.query_one("#mood-chart", LineChart)
        chart.border_title = "Mood, daily average (● pleasantness  × energy)"
        chart.plot(
            [f"{p.day:%d %b}" for p in series],
            [
                ("pleasantness", "●", [p.pleasantness for p in series]),
                ("energy", "×", [p.energy for p in series]),
            ],
            ylim=(-3.2, 3.2),
            yticks=(-3, 0, 3),
            ylabels=("low", "0", "high"),
        )
        summary = self.query_one("#mood-summary", Static)
        if not series:
            summary.update("No check-ins yet. Press c on home whenever you like.")
        else:
            days = (series[-1].day - series[0].day).days + 1
            text = f"{plural(len(recent), 'check-in')} over {plural(days, 'day')}."
            trend = mood_trend(recent)  # None: too few check-ins to compare
            if trend is not None:
                text += f" Lately it has been {TREND_WORDS[trend]} at the start."
            summary.update(plain(text))
        table = self.query_one("#checkin-table", FastTable)
        table.add_column("When", width=16)
        table.add_column("Feeling", width=28)
        table.add_column("Strength", width=8)
        table.add_column("Note", width=16)
        z = zone(self.tz)
        table.add_rows_at_once(
            (
                None,
                (
                    f"{c.at.astimezone(z):%Y-%m-%d %H:%M}",
                    line(", ".join(c.words), 60),
                    UNSET if c.intensity is None else f"{c.intensity}/10",
                    line(c.note, 40),
                ),
            )
            for c in newest_checkins(self.app.repo, 200)
        )

    def _rebounds(self) -> None:
        repo = self.app.repo
        rebounds = sorted(all_rebounds(repo), key=lambda r: r.opened_at, reverse=True)
        steps = step_counts(repo)
        self.query_one("#next-steps-count", Static).update(
            f"Next steps done: {steps.done:,} · still open: {steps.open:,}"
            + (f" ({steps.overdue:,} from an earlier day)" if steps.overdue else "")
            + " · n on home lists them"
        )
        rebound_list = self.query_one("#rebound-list", OptionList)
        if not rebounds:
            rebound_list.set_options([Option("No rebounds yet.", disabled=True)])
            return
        # A screenful first; years of rebounds are added once it is painted.
        rebound_list.set_options(self._rebound_options(rebounds[:SCREENFUL]))
        rebound_list.highlighted = 0
        if rest := rebounds[SCREENFUL:]:
            self.call_after_refresh(
                lambda: rebound_list.add_options(
                    self._rebound_options(rest, {i.id: i.name for i in all_interviews(repo)})
                )
            )

    def _rebound_options(
        self, rebounds: list[Rebound], names: dict[str, str] | None = None
    ) -> list[Option]:
        """An option a rebound; its interview's name from `names` (all of them, read once
        for years of rebounds) or, for a screenful, read one by one."""
        place = zone(self.tz)
        options = []
        for r in rebounds:
            if names is None:
                interview = interview_of(self.app.repo, r.interview_id)
                name = interview.name if interview else None
            else:
                name = names.get(r.interview_id)
            state = (
                f"closed {r.closed_at.astimezone(place):%d %b %Y}"
                if r.closed_at
                else f"open · left at: {STEP_LABELS[r.step]}"
            )
            when = f"{r.opened_at.astimezone(place):%d %b %Y}"
            label = Content.assemble(
                short(name or "(interview deleted)", 60), "  ", (f"{when} · {state}", "dim")
            )
            options.append(Option(label, id=r.id))
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "rebound-list" and event.option.id:
            self.app.open("retrospective", rebound_id=event.option.id)

    def _treats(self) -> None:
        ranking = treat_ranking(treat_log(self.app.repo), all_treats(self.app.repo))
        table = self.query_one("#treat-table", FastTable)
        table.add_column("Treat", width=44)
        table.add_column("Taken", width=5)
        table.add_column("How much it helped", width=18)
        table.add_rows_at_once(
            (
                None,
                (
                    line(score.title, 44),
                    str(score.taken),
                    f"{bar(score.mean_helped, 5, 10)} {score.mean_helped:.1f}/5"
                    if score.mean_helped is not None
                    else "not rated yet",
                ),
            )
            for score in ranking
        )
        best = next((s for s in ranking if s.mean_helped is not None), None)
        self.query_one("#treats-summary", Static).update(
            template(
                "What helped most: [b]$t[/] ($m/5). Suggestions favour it.",
                t=short(best.title, 60),
                m=f"{best.mean_helped:.1f}",
            )
            if best and best.mean_helped is not None
            else "Rate a treat after you have had it (1–5) and this fills in."
        )

    def _daydreams(self) -> None:
        repo = self.app.repo
        points = daydream_points(rebound_checkins(repo), all_rebounds(repo), all_interviews(repo))
        chart = self.query_one("#daydream-chart", ScatterChart)
        chart.border_title = "How much you had pictured life there (→), how heavy the no felt (↑)"
        chart.plot(
            [p.daydream for p in points],
            [p.hit for p in points],
            xlabel="how much you had pictured life there",
            ylabel="how heavy it felt",
            xlim=(-0.5, 10.5),
            ylim=(-0.5, 10.5),
        )
        self.query_one("#daydream-summary", Static).update(describe_daydreams(points))

    def _funnel(self) -> None:
        mine = funnel(all_interviews(self.app.repo))
        top = max(mine.applications, 1)
        rows = [
            ("Applications", mine.applications),
            ("Interviews", mine.interviews),
            ("Offers", mine.offers),
        ]
        self.query_one("#funnel-bars", Static).update(
            Content("\n").join(
                template("$label $bar $n", label=f"{label:<13}", bar=bar(n, top, 40), n=n)
                for label, n in rows
            )
        )
        self.query_one("#funnel-perspective", Static).update(perspective(mine))

    def _drill(self, day_start_hour: int, target: float) -> None:
        today = drill_day(self.now, self.tz, day_start_hour)
        # The last 30 drill days, today included: as the drill stats count them.
        since, _ = day_bounds(today - timedelta(days=29), self.tz, day_start_hour)
        retention, graded = true_retention(reviews_since(self.app.repo, since), since)
        text = (
            template(
                "True retention [b]$r[/] over $n in 30 days (target $t).",
                r=f"{retention:.0%}",
                n=plural(graded, "review"),
                t=f"{target:.0%}",
            )
            if retention is not None
            else template(
                "No reviews of mature cards in the last 30 days (target $t).", t=f"{target:.0%}"
            )
        )
        self.query_one("#drill-summary", Static).update(text)
        chart = self.query_one("#drill-forecast", BarChart)
        chart.border_title = "Cards due in the next 30 days"
        chart.plot(
            due_forecast(self.app.repo, today, self.tz, day_start_hour), first_label="today"
        )
