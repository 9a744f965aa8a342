"""The "talk to someone" card: a gentle, never-blocking panel after a very low check-in.

Usage: yield `CareCard()` where it belongs, and show it (`card.display = True`) when
`services.care.care_card(repo, now)` says it is due. `x` (while the card or its button
has focus; screens bind `x` to `put_away` too) or the button puts it away: the card
saves that itself (`services.care.dismiss_care`), hides, and posts `CareCard.Dismissed`.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import Button, Static

from rebound_tui.ui.access import rebound_app

HELPLINES = "findahelpline.com"
HELPLINES_URL = "https://findahelpline.com"

CARE_TITLE = "You don't have to carry this alone"
CARE_TEXT = "It might help to talk to someone you trust today: a friend, family, anyone kind."
CARE_URGENT = (
    "If you might hurt yourself, contact your local emergency services or a free "
    "helpline now: {helplines} lists them by country."
)


def care_text() -> Content:
    """The card's words, one paragraph, with the helpline site as plain text that is also
    a link."""
    before, after = CARE_URGENT.split("{helplines}")
    link = Content(HELPLINES).stylize(Style(link=HELPLINES_URL, underline=True))
    return Content.assemble(CARE_TEXT, " ", before, link, after)


class CareCard(Vertical, can_focus=False):
    """Shown on top of home and after a check-in that calls for it; never blocks."""

    app = rebound_app

    DEFAULT_CSS = """
    CareCard {
        height: auto;
        border: round $accent;
        border-title-color: $accent;
        padding: 0 1;
    }
    CareCard #care-text {
        height: auto;
    }
    CareCard #care-put-away {
        margin: 0;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # The button says so; the footer keeps room for the screen's own keys.
        Binding("x", "put_away", "Put this away", show=False, id="care.put_away"),
    ]

    class Dismissed(Message):
        """The user put the card away (already saved for the day)."""

        def __init__(self, card: CareCard) -> None:
            super().__init__()
            self.card = card

        @property
        def control(self) -> CareCard:
            return self.card

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.border_title = CARE_TITLE

    def compose(self) -> ComposeResult:
        yield Static(care_text(), id="care-text")
        yield Button("Put this away (x)", id="care-put-away", compact=True)

    @on(Button.Pressed, "#care-put-away")
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.put_away()

    focus_when_mounted = False
    """Give the button focus once mounted (a card mounted into a screen already shown,
    as Textual's auto focus does for one there from the start)."""

    def on_mount(self) -> None:
        if self.focus_when_mounted:
            self.query_one("#care-put-away", Button).focus()

    def action_put_away(self) -> None:
        self.put_away()

    def put_away(self) -> None:
        """Save that the card was put away (not shown again today), hide it, tell the
        screen."""
        from rebound_tui.services.care import dismiss_care

        if not self.display:
            return
        dismiss_care(self.app.repo, self.app.clock.now())
        self.display = False
        self.post_message(self.Dismissed(self))
