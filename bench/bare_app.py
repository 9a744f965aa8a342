"""The baseline for start-up: a bare Textual app with a header, a label and a footer."""

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Footer, Header, Label


class Bare(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Bare Textual app ready")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
