"""A mood check-in on its own: `c` on home, or `rebound checkin`.

Done (Esc) after a low check-in does not leave at once: the screen offers one small
pleasant or useful thing to plan for today and a lighter drill, and, after a check-in
that calls for it, the "talk to someone" card. Esc again leaves."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from rebound_tui.domain.care import SMALL_THINGS, is_low
from rebound_tui.domain.models import CheckIn
from rebound_tui.services import care, checkins, next_steps
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import short
from rebound_tui.ui.widgets.care_card import CareCard
from rebound_tui.ui.widgets.checkin_panel import CheckInPanel, apply_values
from rebound_tui.ui.widgets.footer import QuietFooter

LIGHTER_DRILL = 5
"""Cards in the lighter drill offered after a low check-in."""
LOW_DAY_TEXT = (
    "A low day. One small thing planned for today can help a little: something "
    "pleasant, or something you can finish."
)
LOW_DAY_HINT = (
    f"Enter adds it to today's next steps · l a lighter drill ({LIGHTER_DRILL} cards) · Esc done"
)


class CheckInScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Check-in"
    HELP_INTRO = (
        "Where are you right now? Place yourself on the grid, pick the words that fit, "
        "say how strong it is. Saved as you go."
    )
    CSS_PATH = str(STYLES / "checkin.tcss")
    AUTO_FOCUS = "#checkin-grid"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "done", "Done (saved)", id="checkin.done"),
        Binding("ctrl+s", "done", "Done", show=False, id="checkin.save"),
        Binding("x", "put_away_care", "Put the card away", id="checkin.care"),
        Binding("l", "lighter_drill", "Lighter drill", id="checkin.lighter_drill"),
    ]

    def __init__(self, *, exit_when_done: bool = False) -> None:
        super().__init__()
        self.exit_when_done = exit_when_done
        self.checkin: CheckIn | None = None
        self.after = False
        """The check-in is done and the screen offers what comes after a low one."""
        self.planned: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "How are you, really? No right answer, and nobody is grading this.",
            id="checkin-intro",
        )
        yield CheckInPanel(id="checkin")
        with Vertical(id="checkin-after"):
            yield CareCard(id="checkin-care")
            with Vertical(id="checkin-low"):
                yield Static(LOW_DAY_TEXT, id="checkin-low-text")
                yield OptionList(
                    *(Option(thing, id=f"small-{i}") for i, thing in enumerate(SMALL_THINGS)),
                    id="checkin-small-things",
                )
                yield Static(LOW_DAY_HINT, id="checkin-low-hint", classes="hint")
        yield QuietFooter()

    def on_check_in_panel_changed(self, event: CheckInPanel.Changed) -> None:
        self._values = event.values
        self.app.autosave.schedule("checkin", self._save)

    def _save(self) -> None:
        repo = self.app.repo
        base = self.checkin or checkins.new_checkin(repo)
        self.checkin = checkins.save_checkin(repo, apply_values(base, self._values))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "put_away_care":
            return self.after and self.query_one(CareCard).display
        if action == "lighter_drill":
            return self.after and self.query_one("#checkin-low").display
        return True

    def action_done(self) -> None:
        self.app.autosave.flush()
        if self.checkin is not None and not self.after:
            words = short(", ".join(self.checkin.words), 80) or "no words"
            self.notify(f"Check-in saved: {words}.", timeout=4)
            if self._show_after(self.checkin):
                return
        self._leave()

    def _show_after(self, checkin: CheckIn) -> bool:
        """After a low check-in, or one that calls for the care card: offer what helps.
        True if there is something to show (the screen stays)."""
        due = care.care_card(self.app.repo, self.app.clock.now())
        low = is_low(checkin)
        if due is None and not low:
            return False
        self.after = True
        self.add_class("-after")
        self.query_one(CareCard).display = due is not None
        self.query_one("#checkin-low").display = low
        if low:
            self.query_one("#checkin-small-things", OptionList).focus()
        else:
            self.set_focus(None)
        self.refresh_bindings()
        return True

    def _leave(self) -> None:
        if self.exit_when_done:
            self.app.exit()
        else:
            self.dismiss()

    def action_put_away_care(self) -> None:
        self.query_one(CareCard).put_away()

    @on(CareCard.Dismissed)
    def _care_put_away(self) -> None:
        self.refresh_bindings()
        if not self.query_one("#checkin-low").display:
            self._leave()  # nothing else to offer: the check-in is done

    @on(OptionList.OptionSelected, "#checkin-small-things")
    def _plan_small_thing(self, event: OptionList.OptionSelected) -> None:
        repo = self.app.repo
        text = str(event.option.prompt)
        if text in self.planned:
            self.notify("That one is in today's next steps already.", timeout=3)
            return
        self.planned.add(text)
        next_steps.add_step(repo, text, due_on=next_steps.today(repo, self.app.clock.now()))
        self.notify(f"Added to today's next steps: {text}.", timeout=4)

    def action_lighter_drill(self) -> None:
        if self.exit_when_done:
            self.app.open("drill", limit=LIGHTER_DRILL)  # on top: Esc comes back here
            return
        self.dismiss()
        self.app.open("drill", limit=LIGHTER_DRILL)
