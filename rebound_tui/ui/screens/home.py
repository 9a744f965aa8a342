"""The home screen: what is due today, how you have been, and what is still open."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from rebound_tui.domain.days import ago, plural
from rebound_tui.domain.models import STEP_LABELS
from rebound_tui.overview import Overview, build_overview
from rebound_tui.ui.app import STYLES
from rebound_tui.ui.text import plain, template


class HomeScreen(Screen[None]):
    HELP_TITLE = "Home"
    HELP_INTRO = "Rebound's front door: today's drill, your last check-in, open rebounds."
    CSS_PATH: ClassVar[list[str]] = [str(STYLES / "home.tcss")]
    BINDINGS: ClassVar[list[BindingType]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            with Horizontal(id="home-top"):
                yield Static(id="home-drill", classes="panel")
                yield Static(id="home-mood", classes="panel")
            yield Static(id="home-rebounds", classes="panel")
            yield Static(id="home-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#home-drill").border_title = "Today's drill"
        self.query_one("#home-mood").border_title = "How you've been"
        self.query_one("#home-rebounds").border_title = "Open rebounds"
        self.refresh_figures()

    def on_screen_resume(self) -> None:
        self.refresh_figures()

    def refresh_figures(self) -> None:
        app = self.app
        now = app.clock.now()  # type: ignore[attr-defined]
        overview = build_overview(app.repo, now)  # type: ignore[attr-defined]
        self.overview = overview
        self.query_one("#home-drill", Static).update(self._drill_text(overview))
        self.query_one("#home-mood", Static).update(self._mood_text(overview, now))
        self.query_one("#home-rebounds", Static).update(self._rebounds_text(overview))
        self.query_one("#home-hint", Static).update(self._hint_text(overview))

    @staticmethod
    def _drill_text(overview: Overview) -> object:
        todo = overview.cards_due + overview.new_available
        if overview.card_count == 0:
            return template(
                "[dim]No drill cards yet.[/]\nTough questions you reflect on become cards."
            )
        if todo == 0:
            line = "[b]All done for today.[/]"
        else:
            line = f"[b]{plural(todo, 'card')}[/] to drill"
        streak = f"{overview.streak_days}-day streak" if overview.streak_days else "no streak yet"
        return template(
            f"{line}\n$due due · $new new · $streak",
            due=overview.cards_due,
            new=overview.new_available,
            streak=streak,
        )

    @staticmethod
    def _mood_text(overview: Overview, now: object) -> object:
        last = overview.last_checkin
        if last is None:
            return template("[dim]No check-ins yet.[/]\nHow you feel is worth a minute.")
        words = ", ".join(last.words) or "no words picked"
        return template(
            "Last check-in [b]$when[/]\n$words",
            when=ago(last.at, now),
            words=words,  # type: ignore[arg-type]
        )

    @staticmethod
    def _rebounds_text(overview: Overview) -> object:
        if not overview.open_rebounds:
            return template(
                "[dim]None open. When a rejection lands, a rebound walks you through it.[/]"
            )
        lines = []
        for rebound, interview in overview.open_rebounds[:4]:
            name = f"{interview.company} — {interview.role}" if interview else "(interview gone)"
            lines.append(
                template("• $name  [dim]next:[/] $step", name=name, step=STEP_LABELS[rebound.step])
            )
        if len(overview.open_rebounds) > 4:
            lines.append(plain(f"… and {len(overview.open_rebounds) - 4} more"))
        from textual.content import Content

        return Content("\n").join(lines)

    @staticmethod
    def _hint_text(overview: Overview) -> object:
        if overview.interview_count == 0 and overview.card_count == 0:
            return template(
                "[dim]Welcome. Everything you type is saved as you type it. "
                "Press [b]?[/b] for keys, [b]ctrl+p[/b] for every action.[/]"
            )
        return ""
