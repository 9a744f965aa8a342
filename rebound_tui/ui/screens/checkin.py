"""A mood check-in on its own: `c` on home, or `rebound checkin`."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from rebound_tui.domain.models import CheckIn
from rebound_tui.services import checkins
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import short
from rebound_tui.ui.widgets.checkin_panel import CheckInPanel, apply_values


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
    ]

    def __init__(self, *, exit_when_done: bool = False) -> None:
        super().__init__()
        self.exit_when_done = exit_when_done
        self.checkin: CheckIn | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "How are you, really? No right answer, and nobody is grading this.",
            id="checkin-intro",
        )
        yield CheckInPanel(id="checkin")
        yield Footer()

    def on_check_in_panel_changed(self, event: CheckInPanel.Changed) -> None:
        self._values = event.values
        self.app.autosave.schedule("checkin", self._save)

    def _save(self) -> None:
        repo = self.app.repo
        base = self.checkin or checkins.new_checkin(repo)
        self.checkin = checkins.save_checkin(repo, apply_values(base, self._values))

    def action_done(self) -> None:
        self.app.autosave.flush()
        if self.checkin is not None:
            words = short(", ".join(self.checkin.words), 80) or "no words"
            self.notify(f"Check-in saved: {words}.", timeout=4)
        if self.exit_when_done:
            self.app.exit()
        else:
            self.dismiss()
