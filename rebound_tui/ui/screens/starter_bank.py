"""Pick interview questions for the drill, by role; nothing is added until you choose.

The tab bar filters the bank (All, Behavioural, Situational, Motivation and seven role
families): [ and ] move between them with the cursor staying in the list, or click a tab.
Questions picked under one tab stay picked under another, and ctrl+s adds them all."""

from __future__ import annotations

from pathlib import PurePath
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static, Tab, Tabs
from textual.widgets.option_list import Option

from rebound_tui.domain.days import plural
from rebound_tui.domain.questions import FAMILIES, StarterQuestion, in_family
from rebound_tui.services.cards import add_starter_questions, starter_ids_in_deck
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import template
from rebound_tui.ui.widgets.footer import QuietFooter
from rebound_tui.ui.widgets.option_list import OptionList

FAMILY_KEYS = tuple(key for key, _ in FAMILIES)
LABELS = dict(FAMILIES)


class StarterBankScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Starter bank"
    HELP_INTRO = (
        "Choose a kind of question or a role with [ and ]; space picks a question, "
        "enter adds the picked ones to your drill."
    )
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        str(STYLES / "cards.tcss"),
        str(STYLES / "starter_bank.tcss"),
    ]
    AUTO_FOCUS = "#starter-list"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pick", "Pick", id="starter.pick"),
        Binding("ctrl+s", "add", "Add picked", id="starter.add"),
        Binding(
            "right_square_bracket", "family(1)", "Next tab", key_display="]", id="starter.next"
        ),
        Binding(
            "left_square_bracket",
            "family(-1)",
            "Previous role",
            key_display="[",
            show=False,
            id="starter.previous",
        ),
        Binding("j", "cursor(1)", "Down", show=False, id="starter.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="starter.up"),
        Binding("escape", "app.pop_screen", "Back", id="starter.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.picked: set[str] = set()
        self.family = "all"
        self.shown: tuple[StarterQuestion, ...] = in_family("all")

    def compose(self) -> ComposeResult:
        yield Header()
        tabs = Tabs(*(Tab(label, id=f"family-{key}") for key, label in FAMILIES))
        tabs.id = "starter-families"
        tabs.can_focus = False  # [ and ] choose; the cursor stays in the list
        yield tabs
        yield OptionList(id="starter-list")
        yield Static("", id="starter-hint")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.title = "Starter bank"
        self.in_deck = starter_ids_in_deck(self.app.repo)
        self._rebuild()

    def _prompt(self, q: StarterQuestion) -> Content:
        mark = "[✓]" if q.id in self.in_deck else "[x]" if q.id in self.picked else "[ ]"
        topic = "" if q.topic == LABELS[self.family] else q.topic  # the tab says it
        markup = "$mark $q [dim]$topic[/]" if topic else "$mark $q"
        return template(markup, mark=mark, q=q.question, topic=topic)

    def _rebuild(self) -> None:
        options = self.query_one(OptionList)
        options.set_options(Option(self._prompt(q), id=q.id) for q in self.shown)
        options.highlighted = 0
        in_drill = sum(q.id in self.in_deck for q in self.shown)
        options.border_title = f"{LABELS[self.family]} · {plural(len(self.shown), 'question')}" + (
            f" · {in_drill} in your drill" if in_drill else ""
        )
        self._show_hint()

    def _show_hint(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.shown:
            return
        q = self.shown[options.highlighted]
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

    def action_family(self, delta: int) -> None:
        index = (FAMILY_KEYS.index(self.family) + delta) % len(FAMILY_KEYS)
        self.query_one(Tabs).active = f"family-{FAMILY_KEYS[index]}"

    def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        family = (event.tab.id or "").removeprefix("family-")
        if family not in LABELS or family == self.family:
            return
        self.family = family
        self.shown = in_family(family)
        self._rebuild()

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
        q = self.shown[options.highlighted]
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
