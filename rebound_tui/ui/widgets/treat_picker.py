"""Treat yourself: one suggestion at a time, accept or skip, add your own, rate it later."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Select, Static

from rebound_tui.domain.models import Treat, TreatLog
from rebound_tui.domain.treats import BUDGET_LABELS, describe
from rebound_tui.ui.text import short, template

MINUTE_CHOICES = (10, 20, 30, 60, 120)
# Kind to someone low, and safe when high energy is anger or panic rather than zest: no
# "don't go too crazy", no "energy to burn".
CONTEXT = {
    "low": "Something small and restful.",
    "high": "Something small that uses up some of the restlessness, gently.",
    "any": "Something small: nothing that costs much or takes long.",
}
HELPED_LABELS = {1: "not at all", 2: "a little", 3: "somewhat", 4: "a lot", 5: "hugely"}


class SuggestionCard(Static, can_focus=True):
    """The suggested treat; focusable so the picker's keys work from it."""


class TreatPicker(Vertical):
    """Shows one suggestion and the treat taken; what the user chooses goes up as the
    messages below, for the rebound's treat step to act on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # The step's own hint line lists these keys, so the footer keeps its room for
        # the keys every step needs (next, back, home, help, quit); help lists them all.
        Binding("a", "accept", "Accept", show=False, id="treat.accept"),
        Binding("n", "another", "Another", show=False, id="treat.next"),
        Binding("o", "add_own", "Add my own", show=False, id="treat.own"),
        Binding("d", "mark_done", "Done it", show=False, id="treat.done"),
        *(
            Binding(
                str(n),
                f"rate({n})",
                f"Helped: {HELPED_LABELS[n]}",
                show=False,
                id=f"treat.rate{n}",
            )
            for n in range(1, 6)
        ),
    ]

    class Accepted(Message):
        """The user takes the treat on show."""

    class NextRequested(Message):
        """The user wants another suggestion instead of the one on show."""

    class OwnRequested(Message):
        """The user wants to name a treat of their own."""

    class MarkedDone(Message):
        """The user has done the treat they took."""

    @dataclass
    class Rated(Message):
        """How much the treat taken helped."""

        helped: int
        """1 (not at all) to 5 (hugely)."""

    class ConstraintsChanged(Message):
        """The time or the budget changed (read them from `minutes` and `budget`)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="treat-context")
        with Horizontal(id="treat-constraints"):
            minutes = Select(
                [(f"up to {m} min", m) for m in MINUTE_CHOICES],
                value=30,
                allow_blank=False,
                id="treat-minutes",
            )
            yield minutes
            yield Select(
                [(label, cost) for cost, label in BUDGET_LABELS.items()],
                value=1,
                allow_blank=False,
                id="treat-budget",
            )
        card = SuggestionCard("", id="treat-card")
        card.border_title = "How about"
        yield card
        yield Static("", id="treat-taken")
        yield Static(
            "a accept · n another · o add your own · d done · 1–5 how much it helped",
            classes="hint",
        )

    def set_constraints(self, minutes: int, budget: int) -> None:
        with self.prevent(Select.Changed):
            self.query_one("#treat-minutes", Select).value = (
                minutes if minutes in MINUTE_CHOICES else 30
            )
            self.query_one("#treat-budget", Select).value = (
                budget if budget in BUDGET_LABELS else 1
            )

    @property
    def minutes(self) -> int:
        # A Select not settled yet reads BLANK (a key typed ahead of its mount: a
        # TypeError found by tests/test_monkey.py); the default applies then.
        value = self.query_one("#treat-minutes", Select).value
        return value if isinstance(value, int) else 30

    @property
    def budget(self) -> int:
        value = self.query_one("#treat-budget", Select).value
        return value if isinstance(value, int) else 1

    def show(
        self, suggestion: Treat | None, energy: str, taken: tuple[Treat, TreatLog] | None
    ) -> None:
        self.query_one("#treat-context", Static).update(CONTEXT.get(energy, CONTEXT["any"]))
        card = self.query_one("#treat-card", Static)
        if suggestion is None:
            card.update(
                "Nothing in the list fits that time and budget. Try a longer time, or add your "
                "own with o."
            )
        else:
            mine = "" if suggestion.id.startswith("builtin-") else "  (one of yours)"
            card.update(
                template(
                    "[b]$title[/]\n[dim]$tags$mine[/]",
                    title=short(suggestion.title, 200),
                    tags=describe(suggestion),
                    mine=mine,
                )
            )
        taken_line = self.query_one("#treat-taken", Static)
        if taken is None:
            taken_line.update("")
            return
        treat, entry = taken
        if entry.helped is not None:
            state = f"done — it helped {HELPED_LABELS[entry.helped]} ({entry.helped}/5)"
        elif entry.done_at is not None:
            state = "done — how much did it help? press 1–5"
        else:
            state = "not done yet — press d when you have, then 1–5"
        taken_line.update(
            template("✓ Taken: [b]$title[/] · $state", title=short(treat.title, 80), state=state)
        )

    def action_accept(self) -> None:
        self.post_message(self.Accepted())

    def action_another(self) -> None:
        self.post_message(self.NextRequested())

    def action_add_own(self) -> None:
        self.post_message(self.OwnRequested())

    def action_mark_done(self) -> None:
        self.post_message(self.MarkedDone())

    def action_rate(self, helped: int) -> None:
        self.post_message(self.Rated(helped))

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.ConstraintsChanged())
