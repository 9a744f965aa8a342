"""Pick one of a list (a theme, a treat budget), or, with a search line, one of hundreds
(a time zone): typing narrows the list, ↑ ↓ move, enter picks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import plain
from rebound_tui.ui.widgets.option_list import OptionList


def matches(label: str, query: str) -> bool:
    """Every word of `query` is in `label`, ignoring case; a space also matches "_" and
    "/" ("los angeles", "america los" find "America/Los_Angeles")."""
    text = label.lower().replace("_", " ").replace("/", " ")
    return all(word in text or word in label.lower() for word in query.lower().split())


class ChoicePicker(ModalScreen[str | None]):
    """Dismissed with the chosen value (None if cancelled). `choices` are (value, label)
    pairs in the order shown; `current` is highlighted first. `hint` is said above the
    list, or in the search line when there is one."""

    CSS_PATH = str(STYLES / "settings.tcss")
    AUTO_FOCUS = "#choice-search, #choice-list"  # the search box when there is one
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel"),
        Binding("down", "move('cursor_down')", "Down", show=False, id="choice.down"),
        Binding("up", "move('cursor_up')", "Up", show=False, id="choice.up"),
        Binding("pagedown", "move('page_down')", "Page down", show=False, id="choice.pagedown"),
        Binding("pageup", "move('page_up')", "Page up", show=False, id="choice.pageup"),
    ]

    def __init__(
        self,
        title: str,
        choices: Sequence[tuple[str, str]],
        current: str | None = None,
        *,
        hint: str = "",
        search: bool = False,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.current = current
        self.hint = hint
        self.search = search

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="choice-dialog") as box:
            box.border_title = self.title_text
            if self.hint and not self.search:
                yield Static(plain(self.hint), classes="dialog-text")
            if self.search:
                search = Input(placeholder=self.hint, id="choice-search", max_length=100)
                search.border_title = "Search"
                yield search
            yield OptionList(id="choice-list")
            yield Static(
                "↑ ↓ move · enter picks · escape leaves it as it was", classes="dialog-keys"
            )

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        shown = [(v, label) for v, label in self.choices if matches(label, query)]
        options.add_options([Option(plain(label), id=value) for value, label in shown])
        values = [value for value, _ in shown]
        if values:
            options.highlighted = values.index(self.current) if self.current in values else 0
            self.call_after_refresh(options.scroll_to_highlight, top=True)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_move(self, how: str) -> None:
        options = self.query_one(OptionList)
        getattr(options, f"action_{how}")()

    def action_cancel(self) -> None:
        self.dismiss(None)
