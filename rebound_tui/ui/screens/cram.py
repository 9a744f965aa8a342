"""The focused drill: practise the cards tied to an interview (or a tag, a company, a role
family), weakest first, with a plan up to the interview day. Nothing here is written: a
rating changes no card and adds no review, so the daily drill is exactly as it was."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from rebound_tui.domain.days import plural
from rebound_tui.domain.focus import Focus
from rebound_tui.domain.models import Card
from rebound_tui.domain.scheduling import RATING_NAMES
from rebound_tui.services import cards
from rebound_tui.services.focus import CramSession
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.drill_parts import PracticeScreen, answer_content
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import line, plain, short, template

UNCHANGED = "Nothing here changes your drill schedule."
RATING_NOTES = {1: "comes back soon", 2: "", 3: "", 4: ""}


class CramScreen(PracticeScreen):
    app = rebound_app
    HELP_TITLE = "Practise"
    HELP_INTRO = (
        "Practice for one interview (or a tag), weakest cards first. Ratings here only "
        "steer this session: Again brings the card back a few cards later. Nothing is "
        "written, so your daily drill and its schedule stay exactly as they were."
    )
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        str(STYLES / "drill.tcss"),
        str(STYLES / "cram.tcss"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "reveal", "Show answer", id="cram.reveal"),
        Binding("1", "rate(1)", "Again", id="cram.again"),
        Binding("2", "rate(2)", "Hard", id="cram.hard"),
        Binding("3", "rate(3)", "Good", id="cram.good"),
        Binding("4", "rate(4)", "Easy", id="cram.easy"),
        Binding("u", "undo", "Undo", id="cram.undo"),
        Binding("e", "edit", "Edit", show=False, id="cram.edit"),
        Binding("t", "rehearse", "Rehearse aloud", show=False, id="cram.rehearse"),
        Binding("q,escape", "leave", "Leave", id="cram.leave"),
    ]

    def __init__(
        self,
        *,
        focus: Focus | None = None,
        day: date | None = None,
        limit: int | None = None,
        exit_when_done: bool = False,
    ) -> None:
        super().__init__()
        self.practised = focus or Focus("all")
        self.day = day
        self.limit = limit
        self.exit_when_done = exit_when_done

    def compose_above_card(self) -> ComposeResult:
        yield Static("", id="cram-plan")

    def on_mount(self) -> None:
        self.title = "Practise"
        self.session = CramSession(self.app.repo, self.practised, day=self.day, limit=self.limit)
        self.set_interval(1.0, self._tick_timer)
        self.render_card()

    # -- rendering -------------------------------------------------------------------
    def render_card(self) -> None:
        session = self.session
        self.query_one("#drill-counts", Static).update(
            template(
                "Practising for [b]$what[/] · $left left   [dim]$done answered[/]",
                what=short(self.practised.title, 40),
                left=session.left,
                done=session.summary.answers,
            )
        )
        self.query_one("#cram-plan", Static).update(
            template("[dim]$plan. $unchanged[/]", plan=session.plan.text, unchanged=UNCHANGED)
        )
        box = self.query_one("#drill-card")
        card = session.current
        if self.rehearsal.card_id is not None and (
            card is None or card.id != self.rehearsal.card_id
        ):
            self.rehearsal.reset()
            self._show_timer()
        question = self.query_one("#drill-question", Static)
        answer = self.query_one("#drill-answer", Static)
        rule = self.query_one("#drill-rule")
        ratings = self.query_one("#drill-ratings", Static)
        if card is None:
            box.border_title = "Done"
            box.border_subtitle = ""
            question.update(self._summary_text())
            rule.display = False
            answer.update("")
            ratings.update(template("[dim]q to leave[/]"))
            self.refresh_bindings()
            if self.exit_when_done:
                self.app.exit(message=self.summary_line())
            return
        box.border_title = "Question" + (" · keeps slipping" if card.leech else "")
        box.border_subtitle = line(", ".join(card.tags), 60) if card.tags else ""
        question.update(template("[b]$q[/]", q=card.question))
        if session.revealed:
            rule.display = True
            answer.update(answer_content(card))
            ratings.update(
                Content("   ").join(
                    template(
                        "[b reverse] $n [/] $name [dim]$note[/]",
                        n=n,
                        name=RATING_NAMES[n],
                        note=RATING_NOTES[n],
                    )
                    for n in (1, 2, 3, 4)
                )
            )
        else:
            rule.display = False
            answer.update("")
            ratings.update(
                template("[b reverse] space [/] show the answer   [dim]t rehearse aloud[/]")
            )
        self.refresh_bindings()

    def summary_line(self) -> str:
        """One line on what was practised (and that the schedule is untouched)."""
        summary = self.session.summary
        what = self.practised.title
        if not self.session.plan.total:
            return (
                f"Nothing to practise for {what}: no cards are tied to it yet. Tag cards "
                "with its name, send tough questions to the drill from its rebound, or add "
                "starter questions (k, then n)."
            )
        if not summary.answers:
            return f"Nothing practised for {what}. Your drill schedule is unchanged."
        ratings = " · ".join(f"{RATING_NAMES[n]} {summary.ratings[n]}" for n in (1, 2, 3, 4))
        return (
            f"Practised {plural(len(summary.last), 'card')} for {what}: "
            f"{plural(summary.answers, 'answer')} ({ratings}). Your drill schedule is unchanged."
        )

    def _summary_text(self) -> Content:
        lines = [template("[b]$line[/]", line=self.summary_line())]
        shaky = self.session.summary.shaky
        if shaky:
            lines.append(plain("Still shaky (Again or Hard the last time):"))
            lines.extend(
                plain(f"• {short(self.session.question_of(card_id), 70)}") for card_id in shaky[:5]
            )
            if len(shaky) > 5:
                lines.append(plain(f"  … and {len(shaky) - 5} more"))
        return Content("\n").join(lines)

    # -- actions ---------------------------------------------------------------------
    def action_rate(self, rating: int) -> None:
        if self.session.revealed and self.session.current is not None:
            self.rehearsal.reset()  # practice only: nothing is saved, the timer included
            self._show_timer()
            self.session.rate(rating)
            self.render_card()

    def action_undo(self) -> None:
        card = self.session.undo()
        if card is not None:
            self.notify(f"Undone: {short(card.question, 60)}", timeout=2)
            self.render_card()

    def action_edit(self) -> None:
        card = self.session.current
        if card is None:
            return
        from rebound_tui.ui.dialogs.card_editor import CardEditor

        def saved(result: Card | None) -> None:
            if result is not None:
                self.session.replace_current(cards.save_card(self.app.repo, result))
                self.render_card()

        self.app.push_screen(CardEditor(card), saved)

    def action_leave(self) -> None:
        if self.exit_when_done:
            answered = self.session.summary.answers
            self.app.exit(message=self.summary_line() if answered else None)
        else:
            self.dismiss()
