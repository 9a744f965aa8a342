"""The floor for opening a screen: a bare Textual app (header, label, footer) that pushes a
screen with a header, a label and a footer when `n` is pressed; escape pops it."""

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, Header, Label


class Pushed(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Bare screen pushed")
        yield Footer()


class BareScreens(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("q", "quit", "Quit"), ("n", "next", "Next")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Bare Textual app ready")
        yield Footer()

    def action_next(self) -> None:
        self.push_screen(Pushed())


if __name__ == "__main__":
    BareScreens().run()
