"""Move on: up to three lessons, the next concrete step, and some perspective."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Static

from rebound_tui.domain.days import plural
from rebound_tui.domain.funnel import (
    BASE_RATES,
    DISAGREEMENT,
    HOW_COUNTED,
    NORMAL_REMINDER,
    OFFICETEAM,
    Funnel,
    chance_alone,
)
from rebound_tui.services.rebounds import MAX_LESSONS
from rebound_tui.ui.text import clean, plain, template


def perspective(mine: Funnel) -> Content:
    """Your funnel, then the published figures as context (each with its year,
    population and what it counts) and where they disagree; your own numbers only as
    what chance alone makes likely, never as a rate set against theirs."""
    lines = [
        template(
            "[b]Your funnel[/]  $apps → $interviews → $offers",
            apps=plural(mine.applications, "application"),
            interviews=plural(mine.interviews, "interview"),
            offers=plural(mine.offers, "offer"),
        )
    ]
    if mine.later_rounds:
        lines.append(
            template(
                "$how: $later$nos.",
                how=HOW_COUNTED,
                later=plural(mine.later_rounds, "application"),
                nos=f", {mine.later_nos:,} without an offer" if mine.later_nos else "",
            )
        )
    if (chance := chance_alone(mine)) is not None:
        lines.append(template("$text", text=chance))
    lines.append(template("[b]Published figures, for context, not a bar to clear:[/]"))
    for rate in BASE_RATES:
        lines.append(
            template(
                "[b]$figure[/] $meaning [dim]· $source, $year, $population[/]",
                figure=rate.figure,
                meaning=rate.meaning,
                source=rate.source,
                year=rate.year,
                population=rate.population,
            )
        )
        if rate is OFFICETEAM:
            lines.append(template("[dim]$text[/]", text=DISAGREEMENT))
    lines.append(template("[i]$text[/]", text=NORMAL_REMINDER))
    return Content("\n").join(lines)


class MoveOnPanel(VerticalScroll):
    """Lessons, the next step and its day, and some perspective; edits and the close
    button go up as the messages below, for the rebound's move-on step to act on."""

    class Changed(Message):
        """Lessons or the next step were edited (read them from the panel)."""

    class CloseRequested(Message):
        """The user wants to close the rebound (after being asked)."""

    def compose(self) -> ComposeResult:
        for index in range(MAX_LESSONS):
            lesson = Input(
                select_on_focus=False,
                placeholder="What will you do differently, or keep doing?",
                id=f"lesson-{index}",
                max_length=300,
            )
            lesson.border_title = f"Lesson {index + 1}"
            yield lesson
        with Horizontal(id="next-step-row"):
            step = Input(
                select_on_focus=False,
                placeholder="One concrete next step",
                id="next-step",
                max_length=300,
            )
            step.border_title = "Next step"
            yield step
            when = Input(
                placeholder="friday, in 3 days",
                id="next-step-on",
                max_length=100,
                select_on_focus=False,
            )
            when.border_title = "By"
            yield when
        yield Static("", id="next-step-error")
        yield Static("", id="perspective")
        yield Button(
            "Close this rebound (it stays in your history)", id="close-rebound", compact=True
        )

    def load(
        self, lessons: list[str], next_step: str, next_step_on: date | None, funnel: Funnel
    ) -> None:
        with self.prevent(Input.Changed):
            for index in range(MAX_LESSONS):
                self.query_one(f"#lesson-{index}", Input).value = (
                    clean(lessons[index]) if index < len(lessons) else ""
                )
            self.query_one("#next-step", Input).value = clean(next_step)
            self.query_one("#next-step-on", Input).value = (
                next_step_on.isoformat() if next_step_on else ""
            )
        self.query_one("#perspective", Static).update(perspective(funnel))

    def lessons(self) -> list[str]:
        return [self.query_one(f"#lesson-{i}", Input).value for i in range(MAX_LESSONS)]

    @property
    def next_step(self) -> str:
        return self.query_one("#next-step", Input).value

    @property
    def next_step_on_text(self) -> str:
        return self.query_one("#next-step-on", Input).value

    def show_error(self, message: str) -> None:
        self.query_one("#next-step-error", Static).update(plain(message))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.CloseRequested())
