"""Pick common interview questions for the drill; nothing is added until you choose."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.widgets.option_list import Option

from rebound_tui.domain.days import plural
from rebound_tui.domain.questions import STARTER_BANK, StarterQuestion
from rebound_tui.services.cards import add_starter_questions, starter_ids_in_deck
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import template
from rebound_tui.ui.widgets.option_list import OptionList


class StarterBankScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Starter bank"
    HELP_INTRO = "Space picks a question, enter adds the picked ones to your drill."
    CSS_PATH = str(STYLES / "cards.tcss")
    AUTO_FOCUS = "#starter-list"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pick", "Pick", id="starter.pick"),
        Binding("ctrl+s", "add", "Add picked", id="starter.add"),
        Binding("j", "cursor(1)", "Down", show=False, id="starter.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="starter.up"),
        Binding("escape", "app.pop_screen", "Back", id="starter.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.picked: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(id="starter-list")
        yield Static("", id="starter-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Starter bank"
        self.in_deck = starter_ids_in_deck(self.app.repo)
        self._rebuild()

    def _prompt(self, q: StarterQuestion) -> Content:
        mark = "[✓]" if q.id in self.in_deck else "[x]" if q.id in self.picked else "[ ]"
        return template("$mark $q [dim]$topic[/]", mark=mark, q=q.question, topic=q.topic)

    def _rebuild(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.set_options(Option(self._prompt(q), id=q.id) for q in STARTER_BANK)
        options.highlighted = highlighted or 0
        self._show_hint()

    def _show_hint(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        q = STARTER_BANK[options.highlighted]
        state = (
            "Already in your drill."
            if q.id in self.in_deck
            else (f"{len(self.picked)} picked · enter or ctrl+s adds them")
        )
        self.query_one("#starter-hint", Static).update(
            template(
                "[b]What a strong answer covers:[/] $hint\n[dim]$state[/]",
                hint=q.hint,
                state=state,
            )
        )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_hint()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_add() if self.picked else self.action_pick()

    def action_cursor(self, delta: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def action_pick(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        q = STARTER_BANK[options.highlighted]
        if q.id in self.in_deck:
            return
        self.picked.symmetric_difference_update({q.id})
        options.replace_option_prompt(q.id, self._prompt(q))
        self._show_hint()

    def action_add(self) -> None:
        if not self.picked:
            self.notify("Pick questions with space first.", severity="warning")
            return
        cards = add_starter_questions(self.app.repo, self.picked)
        self.notify(
            f"Added {plural(len(cards), 'question')}. Write your answers as you drill (e).",
            timeout=4,
        )
        self.dismiss()
