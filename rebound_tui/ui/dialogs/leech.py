"""A card that keeps slipping, met in the drill: rewrite, split, suspend, or keep going."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from rebound_tui.domain.models import Card
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import short, template


class LeechScreen(ModalScreen[str | None]):
    """A card that keeps slipping: rewrite, split, suspend, or keep going."""

    CSS_PATH = str(STYLES / "dialogs.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "choose('rewrite')", "Rewrite", id="leech.rewrite"),
        Binding("p", "choose('split')", "Split", id="leech.split"),
        Binding("s", "choose('suspend')", "Suspend", id="leech.suspend"),
        Binding("k,escape", "choose('keep')", "Keep going", id="leech.keep"),
    ]

    def __init__(self, card: Card) -> None:
        super().__init__()
        self.card = card

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = "This one keeps slipping"
            yield Static(
                template(
                    "“$q” has slipped $n times. Cards that keep slipping are usually too "
                    "big or too vague, not a sign of you.",
                    q=short(self.card.question, 200),
                    n=self.card.lapses,
                ),
                classes="dialog-text",
            )
            yield Static(
                template(
                    "[b]e[/] rewrite it · [b]p[/] split it in two · "
                    "[b]s[/] suspend it · [b]k[/] keep going"
                ),
                classes="dialog-keys",
            )

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
