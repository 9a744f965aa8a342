"""The help screen (`?`): every key the screen underneath answers to, and each key's id
for a user keymap."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import cell
from rebound_tui.ui.widgets.footer import QuietFooter

GENERAL_KEYS = (
    ("↑ ↓ / j k", "Move in lists and tables"),
    ("enter", "Open or confirm the selected item"),
    ("escape", "Go back (nothing typed is lost)"),
)


def _key_label(screen: Screen[object], binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    return " / ".join(screen.app.get_key_display(Binding(k, "")) for k in binding.key.split(","))


class HelpScreen(ModalScreen[None]):
    """Lists the keys of `target` (the screen the user asked about)."""

    CSS_PATH = str(STYLES / "help.tcss")
    AUTO_FOCUS = "#help-keys"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", key_display="esc", id="help.close"),
        # The keys the table's own list promises (GENERAL_KEYS), and less's top and bottom.
        Binding("j", "move('cursor_down')", show=False, id="help.down"),
        Binding("k", "move('cursor_up')", show=False, id="help.up"),
        Binding("g", "move('scroll_top')", show=False, id="help.top"),
        Binding("G", "move('scroll_bottom')", show=False, id="help.bottom"),
    ]

    def __init__(self, target: Screen[object]) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        title = getattr(self.target, "HELP_TITLE", None) or self.target.__class__.__name__
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = f"Keys — {title}"
            yield Static(getattr(self.target, "HELP_INTRO", ""), id="help-intro", markup=False)
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
        yield QuietFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "What it does", "Keymap id")
        seen: set[tuple[str, str]] = set()
        app = self.target.app

        def order(active: object) -> int:
            node = getattr(active, "node", None)
            return 0 if node is self.target else 1 if node is app else 2

        for active in sorted(self.target.active_bindings.values(), key=order):
            binding = active.binding
            if not binding.description or binding.key.startswith("super+"):
                continue
            row = (_key_label(self.target, binding), binding.description)
            if row in seen:
                continue
            seen.add(row)
            # Keys can come from the user's keymap: cells are literal, never markup.
            table.add_row(*(cell(text) for text in (*row, binding.id or "")))
        for key, description in GENERAL_KEYS:
            if (key, description) not in seen:
                table.add_row(cell(key), cell(description), "")

    def action_move(self, action: str) -> None:
        table = self.query_one(DataTable)
        getattr(table, f"action_{action}")()

    def action_close(self) -> None:
        self.dismiss()
