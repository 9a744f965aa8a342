"""Small modal dialogs: yes/no questions and one-line prompts."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import clean, plain


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; enter takes the default."""

    CSS_PATH = str(STYLES / "dialogs.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("enter", "default", "Default", show=False, id="confirm.default"),
        Binding("escape", "answer(False)", "Cancel", show=False, id="confirm.cancel"),
    ]

    def __init__(self, question: str, *, title: str = "", default: bool = True) -> None:
        super().__init__()
        self.question = question
        self.title_text = title
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.title_text
            yield Static(plain(self.question), classes="dialog-text")
            choices = "[b]Y[/]es / [b]n[/]o" if self.default else "[b]y[/]es / [b]N[/]o"
            yield Static(
                f"{choices}  (enter = {'yes' if self.default else 'no'})", classes="dialog-keys"
            )

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_default(self) -> None:
        self.dismiss(self.default)


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; escape cancels."""

    CSS_PATH = str(STYLES / "dialogs.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]

    def __init__(self, question: str, *, value: str = "", title: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as box:
            box.border_title = self.title_text
            yield Static(plain(self.question), classes="dialog-text")
            yield Input(
                value=clean(self.value),
                id="prompt-input",
                max_length=4_000,  # a path or a treat's name; records cap text far above
                select_on_focus=False,
            )
            yield Static("enter to confirm · escape to cancel", classes="dialog-keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
