"""The home screen: what is due today, how you have been, and what is still open."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Static

from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.home_panels import HomeTexts, kept_form, kept_texts, texts

if TYPE_CHECKING:
    from rebound_tui.services.overview import Overview
    from rebound_tui.ui.widgets.care_card import CareCard
from rebound_tui.ui.navigation import AREA
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.widgets.footer import QuietFooter

CONFIRM_AFTER = 0.1
"""Seconds after the first frame of a start that showed the kept panels before the store
is read to confirm them (its reading would hold back the frame on its way to the
terminal)."""


PREPARE_SOON = 0.05
"""Seconds after a first frame of kept panels before the other screens are prepared (the
frame is on its way to the terminal)."""


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
        # The panels this home showed last, while nothing they depend on has changed:
        # the first frame has the figures, and the store's reading only confirms them.
        kept = self._kept_texts()
        yield Header()
        with Vertical(id="home-body"):
            if kept is not None and kept.care:  # else mounted once the figures say so
                from rebound_tui.ui.widgets.care_card import CareCard

                yield CareCard(id="home-care")
            with Horizontal(id="home-top"):
                yield Static(kept.drill if kept else "…", id="home-drill", classes="panel")
                yield Static(kept.mood if kept else "…", id="home-mood", classes="panel")
            yield Static(kept.rebounds if kept else "…", id="home-rebounds", classes="panel")
            yield Static(kept.hint if kept else "", id="home-hint")
        yield QuietFooter()
        self._practised = kept.practised if kept else ""
        self._kept_shown = kept is not None

    def _kept_texts(self) -> HomeTexts | None:
        """Home's panels as kept beside `rebound status`'s figures, if they still hold
        (read only when started from the command line, as the figures are)."""
        if not getattr(self.app, "load_in_background", False):
            return None
        from rebound_tui.services.status_snapshot import remembered_home

        now = self.app.clock.now()
        take = getattr(self.app.repo, "take_kept_home", None)  # found holding by the command
        kept = take() if take is not None else None
        return kept_texts(kept if kept is not None else remembered_home(self.app.repo, now), now)

    def on_mount(self) -> None:
        self.query_one("#home-drill").border_title = "Today's drill"
        self.query_one("#home-drill").border_subtitle = self._practised
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
            # stretches (parsing a file), which would hold back the first paint. When
            # the kept panels are shown, the paint is let out to the terminal first.
            if self._kept_shown:
                self._kept_shown = False
                self.call_after_refresh(self._painted_from_kept)
            else:
                self.call_after_refresh(self._load_figures)
        else:
            self.call_after_refresh(self.refresh_figures)

    def _painted_from_kept(self) -> None:
        """The first frame, of kept panels, is out: the store is read a moment later, and
        the other screens prepared (nothing else is waited for: the content is up)."""
        self.set_timer(CONFIRM_AFTER, self._load_figures)
        self.app.start_done(PREPARE_SOON)

    @work(thread=True, exclusive=True, group="home-figures")
    def _load_figures(self) -> None:
        from rebound_tui.services.overview import build_overview_kept

        now = self.app.clock.now()
        overview = build_overview_kept(self.app.repo, now, kept_form)
        self.app.call_from_thread(self.show_figures, overview, now)

    def refresh_figures(self) -> None:
        from rebound_tui.services.overview import build_overview_kept

        now = self.app.clock.now()
        self.show_figures(build_overview_kept(self.app.repo, now, kept_form), now)

    def show_figures(self, overview: Overview, now: datetime) -> None:
        self.overview = overview
        panels = texts(overview, now)
        drill = self.query_one("#home-drill", Static)
        drill.update(panels.drill)
        drill.border_subtitle = panels.practised
        self.query_one("#home-mood", Static).update(panels.mood)
        self.query_one("#home-rebounds", Static).update(panels.rebounds)
        self.query_one("#home-hint", Static).update(panels.hint)
        self._show_care(panels.care)
        self.app.show_notices()
        self.app.start_done()

    def _care(self) -> CareCard | None:
        """The care card, if mounted (its module is imported only then: most homes never
        show it)."""
        found = self.query("CareCard")
        return cast("CareCard", found.first()) if found else None

    def _show_care(self, due: bool) -> None:
        """The care card is mounted the first time it is due: most homes never show it,
        and its button's styles (Textual's largest) are then not read as home opens."""
        care = self._care()
        if care is not None:
            care.display = due
        elif due:
            from rebound_tui.ui.widgets.care_card import CareCard

            care = CareCard(id="home-care")
            care.focus_when_mounted = self.focused is None  # as if there from the start
            self.query_one("#home-body").mount(care, before=0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        overview: Overview | None = getattr(self, "overview", None)
        if action == "put_away_care":
            care = self._care()
            return overview is not None and care is not None and care.display
        if action == "plan":
            return overview is not None and overview.awaiting_decision is not None
        return True

    # -- actions ---------------------------------------------------------------------
    def action_put_away_care(self) -> None:
        care = self._care()
        if care is not None:
            care.put_away()

    def on_care_card_dismissed(self) -> None:  # CareCard.Dismissed
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
