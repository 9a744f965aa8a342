"""Edit one value on one line; a value refused is said in one line and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import clean, plain


class ValueEditor(ModalScreen[bool]):
    """`apply(text)` saves the typed value, or raises `ValueError` (its `problem`, or its
    text, is the one line shown): then nothing is saved and the editor stays open for a
    better value. Dismissed with True once saved; escape leaves the value as it was."""

    CSS_PATH = str(STYLES / "settings.tcss")
    AUTO_FOCUS = "#value-input"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="value.cancel"),
    ]

    def __init__(
        self,
        title: str,
        value: str,
        hint: str,
        apply: Callable[[str], object],
        *,
        max_length: int = 200,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint
        self.apply = apply
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="value-dialog") as box:
            box.border_title = self.title_text
            yield Static(plain(self.hint), classes="dialog-text")
            yield Input(clean(self.value), id="value-input", max_length=self.max_length)
            yield Static("", id="value-problem")
            yield Static("enter saves · escape leaves it as it was", classes="dialog-keys")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#value-problem", Static).update("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            self.apply(event.value)
        except ValueError as error:
            problem = str(getattr(error, "problem", error))
            self.query_one("#value-problem", Static).update(plain(f"Not saved: {problem}."))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
