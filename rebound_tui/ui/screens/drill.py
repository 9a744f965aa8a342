"""The drill: today's queue, one card at a time."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from rebound_tui.domain.card_records import Card
from rebound_tui.domain.days import plural
from rebound_tui.domain.scheduling import RATING_NAMES, format_interval
from rebound_tui.services.drill import DrillSession
from rebound_tui.services.queue import StartingQueue
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.drill_parts import PracticeScreen, answer_content, countdown
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import line, plain, short, template

PREPARE_AFTER = 0.3
"""Seconds after a card shows that what its rating writes is worked out ahead (the store's
summaries of its shard and of this month's reviews): a rating given sooner does it itself."""


class DrillScreen(PracticeScreen):
    app = rebound_app
    HELP_TITLE = "Drill"
    HELP_INTRO = (
        "Answer out loud or in your head, then reveal and rate honestly: Again if you "
        "could not, Hard if it was a struggle, Good if it came, Easy if it was effortless."
    )
    CSS_PATH = str(STYLES / "drill.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,enter", "reveal", "Show answer", id="drill.reveal"),
        Binding("1", "rate(1)", "Again", id="drill.again"),
        Binding("2", "rate(2)", "Hard", id="drill.hard"),
        Binding("3", "rate(3)", "Good", id="drill.good"),
        Binding("4", "rate(4)", "Easy", id="drill.easy"),
        Binding("u", "undo", "Undo", id="drill.undo"),
        Binding("e", "edit", "Edit", id="drill.edit"),
        Binding("s", "suspend", "Suspend", show=False, id="drill.suspend"),
        Binding("b", "bury", "Bury", show=False, id="drill.bury"),
        Binding("t", "rehearse", "Rehearse aloud", show=False, id="drill.rehearse"),
        Binding("q,escape", "leave", "Leave", id="drill.leave"),
    ]

    _prepared_for: str | None = None
    """The card whose rating's writes were last worked out ahead (`prepare_rating`)."""

    def __init__(
        self,
        *,
        limit: int | None = None,
        exit_when_done: bool = False,
        queue: StartingQueue | None = None,
    ) -> None:
        super().__init__()
        self.limit = limit
        self._queue = queue
        """Today's queue as `rebound drill` worked it out before the app opened."""
        self.exit_when_done = exit_when_done
        self._leech_open = False

    def on_mount(self) -> None:
        self.title = "Drill"
        self.session = DrillSession(self.app.repo, limit=self.limit, start=self._queue)
        self._queue = None
        self.set_interval(1.0, self._tick)
        self.render_card()
        self.call_after_refresh(self.app.start_done)  # `rebound drill`: the card is up
        # The resume that shows the screen the first time comes next: nothing to re-plan.
        self._fresh = not getattr(self, "_resumed_before_mount", False)

    def on_screen_resume(self) -> None:
        """Back from another screen (settings, the palette, an editor): re-plan with what
        may have changed there (new cards a day, the day start, the zone)."""
        if not hasattr(self, "session"):
            self._resumed_before_mount = True
        elif getattr(self, "_fresh", False):
            self._fresh = False  # just planned in on_mount
        else:
            self.session.refresh(force=True)
            self.render_card()

    def _tick(self) -> None:
        """Each second: the rehearsal timer; the counts when time alone changes them (a
        learning card falls due, a new day begins), showing that card if none is shown;
        and the countdown while waiting for one."""
        self._tick_timer()
        if self.session.refresh() or self._waiting:
            self.render_card()

    def on_key(self, event: events.Key) -> None:
        """`rebound drill` waiting for a learning card: any key leaves, but those that do
        something now (undo, help, the palette)."""
        if not (self.exit_when_done and self._waiting):
            return
        active = self.active_bindings.get(event.key)
        if active is not None and active.enabled and active.binding.action != "leave":
            return
        event.stop()
        event.prevent_default()
        self.action_leave()

    @property
    def _waiting(self) -> bool:
        """No card to show now, but this session still has learning cards coming back."""
        return self.session.current is None and bool(self.session.waiting_for)

    # -- rendering -------------------------------------------------------------------
    def render_card(self) -> None:
        session = self.session
        for note in session.drain_notes():  # another device rated this card, say
            self.notify(note, timeout=3)
        counts = session.counts  # the same reckoning as home and `rebound status`
        header = template(
            "New [b]$new[/] · Learn [b]$learn[/] · Due [b]$due[/]",
            new=counts.new,
            learn=counts.learning,
            due=counts.due,
        )
        if counts.later:
            header += template(" · Later [b]$later[/]", later=counts.later)
        if counts.held_back:  # over the daily review limit, or spread after a break
            header += template(" [dim](+$n held for later days)[/]", n=counts.held_back)
        done = f"{session.summary.reviews} rated this session"
        if self.limit:
            done += f" (limit {plural(self.limit, 'card')})"
        self.query_one("#drill-counts", Static).update(
            header + template("   [dim]$done[/]", done=done)
        )
        box = self.query_one("#drill-card")
        card = session.current
        if self.rehearsal.card_id is not None and (
            card is None or card.id != self.rehearsal.card_id
        ):
            self.rehearsal.reset()  # the timer was for a card no longer shown
            self._show_timer()
        question = self.query_one("#drill-question", Static)
        answer = self.query_one("#drill-answer", Static)
        rule = self.query_one("#drill-rule")
        ratings = self.query_one("#drill-ratings", Static)
        if card is None:
            waiting = self._waiting
            box.border_title = "Still learning" if waiting else "Done"
            box.border_subtitle = ""
            question.update(self._waiting_text() if waiting else self._summary_text())
            rule.display = False
            answer.update("")
            leave = "any key" if self.exit_when_done else "q"
            ratings.update(
                template(
                    f"[dim]waiting here · {leave} to leave[/]" if waiting else "[dim]q to leave[/]"
                )
            )
            self.refresh_bindings()
            if self.exit_when_done and not waiting and not self._leech_open:
                self.app.exit(message=self._summary_line())
            return
        if card.id != self._prepared_for:  # while it is read: what its rating writes
            self._prepared_for = card.id
            self.set_timer(PREPARE_AFTER, self.session.prepare_rating)
        box.border_title = "Question" + (" · keeps slipping" if card.leech else "")
        box.border_subtitle = line(", ".join(card.tags), 60) if card.tags else ""
        question.update(template("[b]$q[/]", q=card.question))
        if session.revealed:
            rule.display = True
            answer.update(answer_content(card))
            outcomes = session.reveal()
            ratings.update(
                Content("   ").join(
                    template(
                        "[b reverse] $n [/] $name [dim]$ivl[/]",
                        n=n,
                        name=RATING_NAMES[n],
                        ivl=format_interval(outcomes[n].interval),
                    )
                    for n in (1, 2, 3, 4)
                )
            )
        else:
            rule.display = False
            answer.update("")
            ratings.update(
                template(
                    "[b reverse] space [/] show the answer   "
                    "[dim]t rehearse aloud · s suspend · b bury[/]"
                )
            )
        self.refresh_bindings()

    def _summary_line(self) -> str:
        """What this session did and what is left today, as `rebound status` counts it:
        "Drill done" only when nothing is left to drill today, now or later."""
        summary = self.session.summary
        waiting = self.session.waiting_for
        counts = self.session.counts
        later = ""
        if waiting:
            back = format_interval(waiting[0].due - self.app.clock.now())
            later = (
                f"{plural(len(waiting), 'card')} still learning: "
                f"{'the next comes' if len(waiting) > 1 else 'it comes'} back in {back}."
            )
        if summary.reviews == 0:
            from rebound_tui.services import cards  # the rest of the start does without

            if cards.card_count(self.app.repo) == 0:
                return (
                    "No drill cards yet. Pick common questions from the starter bank (k, then "
                    "n), or send tough questions here from a rebound."
                )
            if later:
                return f"Nothing to drill right now. {later}"
            return "Nothing to drill right now. Rebound will have cards for you tomorrow."
        done = (
            f"{plural(summary.reviews, 'review')} of "
            f"{plural(len(summary.cards), 'card')} ({self._ratings_text()})."
        )
        if later:
            return f"Drill paused: {done} {later}"
        if not counts.to_drill and not counts.later:
            return f"Drill done: {done}"
        left = []
        if counts.to_drill:
            left.append(f"{plural(counts.to_drill, 'card')} still to drill today.")
        if counts.later and counts.next_at is not None:
            back = format_interval(counts.next_at - self.app.clock.now())
            left.append(
                f"{plural(counts.later, 'card')} back later today "
                f"({'the next ' if counts.later > 1 else ''}in {back})."
            )
        limit = self.session.limit
        head = (
            f"Limit reached ({plural(limit, 'card')})"
            if limit is not None and self.session.limit_reached
            else "Drill paused"
        )
        return f"{head}: {done} {' '.join(left)}"

    def _summary_text(self) -> Content:
        lines = [template("[b]$line[/]", line=self._summary_line())]
        if self.session.summary.new_leeches:
            lines.append(
                plain("Some cards keep slipping; consider rewriting them in the card list.")
            )
        lines.append(
            template(
                "[dim]Answers you can give without thinking are the ones that "
                "survive a nervous interview.[/]"
            )
        )
        return Content("\n\n").join(lines)

    def _waiting_text(self) -> Content:
        """Only learning cards are left today: when the next is back, and the offer to
        wait for it here (it shows itself) or to leave."""
        waiting = self.session.waiting_for
        left = waiting[0].due - self.app.clock.now()
        one = len(waiting) == 1
        lines = [
            template(
                "[b]$cards still learning. $which back in $left.[/]",
                cards=f"{plural(len(waiting), 'card')} {'is' if one else 'are'}",
                which="It is" if one else "The next is",
                left=countdown(left),
            ),
            plain(
                "Wait here and it will show itself when it is due, or press "
                f"{'any key' if self.exit_when_done else 'q'} to leave and come back to it "
                "later today."
            ),
        ]
        summary = self.session.summary
        if summary.reviews:
            lines.append(
                template(
                    "[dim]So far: $reviews of $cards ($counts).[/]",
                    reviews=plural(summary.reviews, "review"),
                    cards=plural(len(summary.cards), "card"),
                    counts=self._ratings_text(),
                )
            )
        return Content("\n\n").join(lines)

    def _ratings_text(self) -> str:
        ratings = self.session.summary.ratings
        return " · ".join(f"{RATING_NAMES[n]} {ratings[n]}" for n in (1, 2, 3, 4))

    # -- actions ---------------------------------------------------------------------
    def action_rate(self, rating: int) -> None:
        if not self.session.revealed:
            return
        leeches = len(self.session.summary.new_leeches)
        rated = self.session.current
        rehearsed = self.rehearsal.taken(rated.id) if rated is not None else None
        # Durable before the next card is shown.
        card = self.session.rate(rating, rehearsal_ms=rehearsed)
        self._show_timer()
        if len(self.session.summary.new_leeches) > leeches:
            from rebound_tui.ui.dialogs.leech import LeechScreen

            self._leech_open = True  # `rebound drill` leaves only once it is answered
            self.app.push_screen(LeechScreen(card), self._leech_choice)
        self.render_card()

    def action_undo(self) -> None:
        card = self.session.undo()
        if card is not None:
            self.notify(f"Undone: {short(card.question, 60)}", timeout=2)
        self.render_card()  # refused (changed on another device): its note

    def action_suspend(self) -> None:
        if self.session.current is not None:
            self.notify("Suspended: it stays in your cards, out of the drill.", timeout=3)
            self.session.suspend()
            self.render_card()

    def action_bury(self) -> None:
        if self.session.current is not None:
            self.notify("Buried until tomorrow.", timeout=2)
            self.session.bury()
            self.render_card()

    def action_edit(self, card: Card | None = None, *, note: str = "") -> None:
        card = card or self.session.current
        if card is None:
            return
        from rebound_tui.ui.dialogs.card_editor import CardEditor

        def saved(result: Card | None) -> None:
            from rebound_tui.services import cards

            if result is None:
                return
            stored = cards.save_card(self.app.repo, result)
            if self.session.current is not None and stored.id == self.session.current.id:
                self.session.replace_current(stored)
            self.render_card()

        self.app.push_screen(CardEditor(card, note=note), saved)

    def _leech_choice(self, choice: str | None) -> None:
        from rebound_tui.services import cards

        self._leech_open = False
        leech_id = self._last_leech_id()
        card = cards.card(self.app.repo, leech_id) if leech_id else None
        if card is not None and choice == "rewrite":
            self.action_edit(card, note="Make it smaller and more concrete, so it can stick.")
            return
        if card is not None and choice == "split":
            self._split(card)
            return
        if card is not None and choice == "suspend":
            self.session.suspend_card(card)  # on the undo stack: u brings it back
            self.notify("Suspended (u undoes it). Find it in your cards to rework it.")
        self.render_card()  # `rebound drill` may leave now

    def _last_leech_id(self) -> str | None:
        leeches = self.session.summary.new_leeches
        return leeches[-1] if leeches else None

    def _split(self, card: Card) -> None:
        from rebound_tui.services import cards
        from rebound_tui.ui.dialogs.card_editor import CardEditor

        second = cards.second_half(self.app.repo, card)

        def saved_second(result: Card | None) -> None:
            if result is not None:
                cards.save_card(self.app.repo, result)
                self.notify("Split: the second half is a new card.", timeout=3)
                self.action_edit(card, note="Now trim the first card to the first half.")

        self.app.push_screen(
            CardEditor(
                second,
                title="Split: the second half",
                note="Write the second half as its own question and answer.",
            ),
            saved_second,
        )

    def action_leave(self) -> None:
        if self.exit_when_done:
            self.app.exit(message=self._summary_line() if self.session.summary.reviews else None)
        else:
            self.dismiss()
