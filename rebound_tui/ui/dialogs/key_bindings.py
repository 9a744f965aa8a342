"""Every key of every screen, read-only, with its id: the id is what a user keymap
(`"keymap"` in settings.json) names to put the action on another key."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from rebound_tui.services import settings
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.navigation import AREAS
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import cell, plain

if TYPE_CHECKING:
    from textual.app import App

_HOME = "rebound_tui.ui.screens.home:HomeScreen"


def _screens() -> Iterator[tuple[str, list[BindingType]]]:
    """(where, bindings): home, then every area of the navigation table (once: "Theme"
    is the settings screen again). Classes are found by the table's "module:Class"
    names, as `app.open` finds them."""
    seen: set[int] = set()
    for title, path in (("Home", _HOME), *((area.title, area.screen) for area in AREAS)):
        module, _, name = path.partition(":")
        bindings = getattr(importlib.import_module(module), name).BINDINGS
        if id(bindings) not in seen:
            seen.add(id(bindings))
            yield title, list(bindings)


def binding_rows(app: App[Any], keymap: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """(where, keys, what it does, id) for every key with a description; a key the
    user's `keymap` moved is shown where it is now."""
    sources = [("Everywhere", list(type(app).BINDINGS)), *_screens()]
    rows = []
    for where, bindings in sources:
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            keys = keymap.get(binding.id or "", binding.key)
            if binding.key_display and keys == binding.key:
                shown = binding.key_display
            else:
                shown = " / ".join(
                    app.get_key_display(Binding(k.strip(), "")) for k in keys.split(",")
                )
            rows.append((where, shown, binding.description, binding.id or ""))
    return rows


class KeyBindingsScreen(ModalScreen[None]):
    """The keys, and where to change them."""

    app = rebound_app
    HELP_TITLE = "Key bindings"
    HELP_INTRO = "Every key of every screen. Remap one in settings.json's keymap."
    CSS_PATH = str(STYLES / "settings.tcss")
    AUTO_FOCUS = "#keys-table"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="keys.close"),
    ]

    def compose(self) -> ComposeResult:
        where = settings.data_dir(self.app.repo) / "settings.json"
        with Vertical(id="keys-dialog") as box:
            box.border_title = "Key bindings"
            yield Static(
                plain(
                    f'To move a key, add its id to "keymap" in {where}, e.g. '
                    '"keymap": {"home.drill": "D"}; it applies at the next start.'
                ),
                id="keys-where",
            )
            yield DataTable(id="keys-table", cursor_type="row", zebra_stripes=True)
            yield Static("↑ ↓ move · escape closes", classes="dialog-keys")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Where", "Key", "What it does", "Keymap id")
        keymap = settings.settings(self.app.repo).keymap
        for row in binding_rows(self.app, keymap):
            table.add_row(*(cell(text) for text in row))

    def action_close(self) -> None:
        self.dismiss()
