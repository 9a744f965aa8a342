"""A rebound read back as a retrospective (also how it appears in the Markdown journal)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Markdown

from rebound_tui.services.export.markdown import retrospective
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import clean, literal_markdown
from rebound_tui.ui.widgets.footer import QuietFooter


class RetrospectiveScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Retrospective"
    HELP_INTRO = "A past rebound, read back. ↑↓ (or j k) and page keys scroll; o opens it."
    CSS_PATH = str(STYLES / "history.tcss")
    AUTO_FOCUS = "#retrospective-scroll"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "open", "Open the rebound", id="retro.open"),
        Binding("j", "scroll(1)", "Down", show=False, id="retro.down"),
        Binding("k", "scroll(-1)", "Up", show=False, id="retro.up"),
        Binding("escape,q", "app.pop_screen", "Back", id="retro.back"),
    ]

    def __init__(self, rebound_id: str) -> None:
        super().__init__()
        self.rebound_id = rebound_id

    def compose(self) -> ComposeResult:
        yield Header()
        text = retrospective(self.app.repo, self.rebound_id) or "Not found."
        with VerticalScroll(id="retrospective-scroll"):
            yield Markdown(
                clean(text), id="retrospective", parser_factory=literal_markdown, open_links=False
            )
        yield QuietFooter()

    def on_mount(self) -> None:
        self.title = "Retrospective"

    def action_scroll(self, lines: int) -> None:
        self.query_one("#retrospective-scroll", VerticalScroll).scroll_relative(y=lines)

    def action_open(self) -> None:
        self.app.open("rebound", rebound_id=self.rebound_id)
