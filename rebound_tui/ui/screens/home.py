"""The home screen: what is due today, how you have been, and what is still open."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from rebound_tui.domain.days import ago, plural
from rebound_tui.domain.models import STEP_LABELS
from rebound_tui.ui.access import rebound_app

if TYPE_CHECKING:
    from rebound_tui.services.overview import Overview
from rebound_tui.ui.navigation import AREA
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import plain, short, template
from rebound_tui.ui.widgets.care_card import CareCard
from rebound_tui.ui.widgets.footer import QuietFooter


class HomeScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Home"
    HELP_INTRO = "Rebound's front door: today's drill, your last check-in, open rebounds."
    CSS_PATH = str(STYLES / "home.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        AREA["checkin"].home_binding(),
        Binding("r", "rejection", "Rebound", id="home.rebound"),
        *(
            AREA[name].home_binding()
            for name in ("drill", "interviews", "cards", "history", "next_steps", "settings")
        ),
        Binding("f", "follow_up", "Follow up", show=False, id="home.follow_up"),
        Binding("p", "practise", "Practise for an interview", show=False, id="home.practise"),
        AREA["journal"].home_binding(),
        Binding("o", "plan", "A minute of planning", show=False, id="home.plan"),
        Binding("x", "put_away_care", "Put the card away", show=False, id="home.care"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            care = CareCard(id="home-care")
            care.display = False  # until the figures say it is due
            yield care
            with Horizontal(id="home-top"):
                yield Static("…", id="home-drill", classes="panel")
                yield Static("…", id="home-mood", classes="panel")
            yield Static("…", id="home-rebounds", classes="panel")
            yield Static(id="home-hint")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.query_one("#home-drill").border_title = "Today's drill"
        self.query_one("#home-mood").border_title = "How you've been"
        self.query_one("#home-rebounds").border_title = "Open rebounds, follow-ups, next steps"
        self.set_interval(5.0, self._refresh_when_time_changed_the_counts)

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown.
        self._reload()

    def _refresh_when_time_changed_the_counts(self) -> None:
        """The drill counts change with time alone (a learning card falls due, a new drill
        day begins): read them again then, so home agrees with the drill at every moment."""
        overview: Overview | None = getattr(self, "overview", None)
        expired = overview is not None and self.app.clock.now() >= overview.queue.changes_at
        if expired and self.is_current:
            self._reload()

    def _reload(self) -> None:
        # Started from the command line, the figures are read on a worker thread, so the
        # screen paints at once and fills in a moment later; otherwise (tests, embedding)
        # they are read right after the next refresh.
        if getattr(self.app, "load_in_background", False):
            # After the screen is painted: reading holds the interpreter for long
            # stretches (parsing a file), which would hold back the first paint.
            self.call_after_refresh(self._load_figures)
        else:
            self.call_after_refresh(self.refresh_figures)

    @work(thread=True, exclusive=True, group="home-figures")
    def _load_figures(self) -> None:
        from rebound_tui.services.overview import build_overview_kept

        now = self.app.clock.now()
        overview = build_overview_kept(self.app.repo, now)
        self.app.call_from_thread(self.show_figures, overview, now)

    def refresh_figures(self) -> None:
        from rebound_tui.services.overview import build_overview_kept

        now = self.app.clock.now()
        self.show_figures(build_overview_kept(self.app.repo, now), now)

    def show_figures(self, overview: Overview, now: datetime) -> None:
        self.overview = overview
        drill = self.query_one("#home-drill", Static)
        drill.update(self._drill_text(overview))
        # Days practised, not a streak that can break; in the border, so it costs no row.
        days = overview.days_practised_7
        drill.border_subtitle = f"practised {days} of 7 days" if days else ""
        self.query_one("#home-mood", Static).update(self._mood_text(overview, now))
        self.query_one("#home-rebounds", Static).update(self._rebounds_text(overview))
        self.query_one("#home-hint", Static).update(self._hint_text(overview))
        self.query_one(CareCard).display = overview.care is not None
        self.app.show_notices()
        self.app.start_done()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        overview: Overview | None = getattr(self, "overview", None)
        if action == "put_away_care":
            return overview is not None and self.query_one(CareCard).display
        if action == "plan":
            return overview is not None and overview.awaiting_decision is not None
        return True

    # -- actions ---------------------------------------------------------------------
    def action_put_away_care(self) -> None:
        self.query_one(CareCard).put_away()

    @on(CareCard.Dismissed)
    def _care_put_away(self) -> None:
        self.refresh_bindings()

    def action_plan(self) -> None:
        """A minute of planning for the interview waiting for a decision."""
        from rebound_tui.ui.dialogs.contrast import ContrastDialog

        waiting = self.overview.awaiting_decision
        if waiting is not None:
            self.app.push_screen(ContrastDialog(interview_id=waiting.id))

    def action_follow_up(self) -> None:
        """Open the feedback step of the follow-up that has waited longest."""
        follow_ups = getattr(self, "overview", None) and self.overview.follow_ups
        if not follow_ups:
            self.notify("No feedback follow-ups are due.", timeout=3)
            return
        request, _ = follow_ups[0]
        self.app.open("rebound", rebound_id=request.rebound_id, step="feedback")

    def action_practise(self) -> None:
        """Pick an interview and its day: a focused drill of its cards (no schedule change)."""
        from rebound_tui.ui.dialogs.practise import pick_interview

        pick_interview(self.app)

    def action_rejection(self) -> None:
        from rebound_tui.services import interviews, rebounds
        from rebound_tui.ui.dialogs.rejection import LogRejectionScreen

        repo = self.app.repo
        open_ones = rebounds.open_rebounds(repo)
        active = sorted(
            iter(interviews.active_interviews(repo)),
            key=lambda i: i.created_at,
            reverse=True,
        )
        if not open_ones and not active:
            self._new_rejected_interview()
            return
        self.app.push_screen(LogRejectionScreen(open_ones, active), self._rejection_chosen)

    def _rejection_chosen(self, choice: str | None) -> None:
        from rebound_tui.services import interviews

        repo = self.app.repo
        if choice is None:
            return
        if choice == "new":
            self._new_rejected_interview()
        elif choice.startswith("resume:"):
            self._open_rebound(choice.removeprefix("resume:"))
        elif choice.startswith("reject:"):
            interview = interviews.interview(repo, choice.removeprefix("reject:"))
            if interview is not None:
                self._open_rebound(interviews.mark_rejected(repo, interview)[1].id)

    def _new_rejected_interview(self) -> None:
        from rebound_tui.domain.models import Interview, new_id
        from rebound_tui.services import clock, interviews
        from rebound_tui.ui.dialogs.interview_form import InterviewForm

        repo = self.app.repo
        today = clock.today(repo)
        draft = Interview(
            id=new_id(), company="", stage="screen", outcome="rejected", decided_on=today
        )

        def saved(result: Interview | None) -> None:
            if result is not None:
                interview = interviews.save_interview(repo, result)
                self._open_rebound(interviews.mark_rejected(repo, interview)[1].id)

        self.app.push_screen(InterviewForm(draft, today, title="Which interview was it?"), saved)

    def _open_rebound(self, rebound_id: str) -> None:
        self.app.open("rebound", rebound_id=rebound_id)

    @staticmethod
    def _drill_text(overview: Overview) -> Content:
        if overview.card_count == 0:
            return template(
                "[dim]No drill cards yet.[/]\nTough questions you reflect on become cards."
            )
        counts = overview.counts  # the drill header's counts, at the same moment
        if counts.to_drill:
            line = f"[b]{plural(counts.to_drill, 'card')}[/] to drill"
        elif counts.later:
            line = "[b]Nothing to drill right now.[/]"
        else:
            line = "[b]All done for today.[/]"
        text = template(f"{line}\n$due due · $new new", due=counts.due_now, new=counts.new)
        if counts.held_back:  # the daily review limit, or a backlog spread over days
            held = template("[dim]+$n held for later days[/]", n=f"{counts.held_back:,}")
            text = Content("\n").join([text, held])
        if not counts.later:
            return text
        later = template(
            "[dim]$n back later today, $next$at[/]",
            n=counts.later,
            next="next " if counts.later > 1 else "",
            at=f"at {overview.next_back_at}",
        )
        return Content("\n").join([text, later])

    @staticmethod
    def _mood_text(overview: Overview, now: datetime) -> Content:
        last = overview.last_checkin
        if last is None:
            return template("[dim]No check-ins yet.[/]\nHow you feel is worth a minute.")
        words = ", ".join(last.words) or "no words picked"
        return template(
            "Last check-in [b]$when[/]\n$words",
            when=ago(last.at, now),
            words=short(words, 120),
        )

    @staticmethod
    def _rebounds_text(overview: Overview) -> Content:
        """Open rebounds first (what the panel is for), then a decision pending, the
        feedback nudges and the next steps, each kept short so that 80×24 shows them all."""
        lines = []
        for rebound, interview in overview.open_rebounds[:3]:
            name = short(interview.name, 60) if interview else "(interview gone)"
            rested = overview.today is not None and rebound.paused_on == overview.today
            lines.append(
                template(
                    "• $name  [dim]$left[/] $step",
                    name=name,
                    left="enough for today; next:" if rested else "left at:",
                    step=STEP_LABELS[rebound.step],
                )
            )
        if len(overview.open_rebounds) > 3:
            lines.append(plain(f"  … and {len(overview.open_rebounds) - 3} more rebounds"))
        lines.extend(HomeScreen._waiting_lines(overview))
        lines.extend(HomeScreen._follow_up_lines(overview))
        # Three next steps when little else is listed, two when the panel is busier.
        lines.extend(HomeScreen._next_steps_lines(overview, shown=3 if len(lines) <= 2 else 2))
        if not lines:
            return template(
                "[dim]None open. When a rejection lands, a rebound walks you through it.[/]"
            )
        return Content("\n").join(lines)

    @staticmethod
    def _follow_up_lines(overview: Overview) -> list[Content]:
        """One short nudge each, never owed: the first by name (f opens it), the rest
        named together."""
        if not overview.follow_ups:
            return []
        names = [short(i.company, 40) if i else "them" for _, i in overview.follow_ups]
        lines = [
            template(
                "✉ One short nudge to $name about feedback [dim](f opens it)[/]", name=names[0]
            )
        ]
        if len(names) > 1:
            lines.append(
                template("[dim]  and one each to[/] $names", names=short(", ".join(names[1:]), 60))
            )
        return lines

    @staticmethod
    def _waiting_lines(overview: Overview) -> list[Content]:
        """While a decision is pending: a minute of planning (o), never required."""
        interview = overview.awaiting_decision
        if interview is None:
            return []
        return [
            template(
                "◇ Waiting to hear from $name? A minute of planning [dim](o)[/]",
                name=short(interview.company, 60) or "them",
            )
        ]

    @staticmethod
    def _next_steps_lines(overview: Overview, shown: int = 3) -> list[Content]:
        """The open next steps, soonest first; one whose day has passed says which day
        it was from (never "overdue"); n opens them all."""
        lines = []
        for index, item in enumerate(overview.next_steps[:shown]):
            day = item.step.day
            when = ""
            if day:
                when = f", from {day:%a %d %b}" if item.overdue else f", by {day:%a %d %b}"
            lines.append(
                template(
                    "→ $step [dim](next step$when$key)[/]",
                    step=short(item.step.text, 120),
                    when=when,
                    key="; n opens them" if index == 0 else "",
                )
            )
        if len(overview.next_steps) > shown:
            more = len(overview.next_steps) - shown
            lines.append(template("[dim]  … and $n more next steps[/]", n=more))
        return lines

    @staticmethod
    def _hint_text(overview: Overview) -> Content:
        areas = template(
            "[b]c[/] check in · [b]r[/] a rejection or rebound · [b]d[/] drill · "
            "[b]k[/] cards · [b]p[/] practise for an interview · [b]i[/] interviews · "
            "[b]h[/] history · [b]n[/] next steps · [b]w[/] write it out · [b],[/] settings · "
            "[b]?[/] keys"
        )
        if overview.interview_count == 0 and overview.card_count == 0:
            welcome = template(
                "[dim]Welcome. Everything you type is saved as you type it. Press r when a "
                "rejection lands; k adds questions to drill.[/]"
            )
            return Content("\n\n").join([welcome, areas])
        return areas
