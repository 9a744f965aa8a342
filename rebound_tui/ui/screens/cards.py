"""All drill cards: search, filter (by state, a tag, a kind), sort; add, edit, open; and, on
one card or every marked one, tag, suspend, unbury, reset or delete, each undone by u."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from rebound_tui.domain.days import effective_timezone, local_date, plural
from rebound_tui.domain.models import CARD_KINDS, Card, CardKind
from rebound_tui.services import cards as cards_service
from rebound_tui.services import settings
from rebound_tui.services.cards import ORDER_LABELS, CardChange, CardView
from rebound_tui.ui import data_actions
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.card_status import LEECH_TAG, card_status, tag_label
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import line, short
from rebound_tui.ui.widgets.fast_table import FastTable
from rebound_tui.ui.widgets.footer import QuietFooter

MARK = "● "
MANY_TAGS = 12
"""With more choices than this, the filter list gets a search line."""


class CardsScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Cards"
    HELP_INTRO = (
        "Every drill card. / searches; F filters (due today, new, learning, keeps slipping, "
        "suspended, buried, a tag, a kind) and f steps through the kinds; o sorts. Space "
        "marks a card, * marks every card shown, c clears the marks: s, t, T, b, R and D "
        "then act on the marked cards (else on the one under the cursor), and u undoes. "
        "The starter bank (n) has common questions. i imports cards (an Anki deck, a "
        "list of questions); x exports them all as an Anki package."
    )
    CSS_PATH = str(STYLES / "cards.tcss")
    AUTO_FOCUS = "#cards-table"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="cards.add"),
        Binding("e", "edit", "Edit", id="cards.edit"),
        Binding("enter", "open", "History", show=False, id="cards.open"),
        Binding("s", "suspend", "Suspend", id="cards.suspend"),
        # Out of the footer so quit and help fit at 80 columns; help and the palette list
        # them, and the screen's intro names them.
        Binding("n", "starter", "Starter bank", show=False, id="cards.starter"),
        Binding("S", "stats", "Stats", show=False, id="cards.stats"),
        Binding("i", "import_cards", "Import", show=False, id="cards.import"),
        Binding("x", "export_anki", "Export for Anki", show=False, id="cards.export_anki"),
        Binding("R", "reset", "Reset", show=False, id="cards.reset"),
        Binding("D", "delete", "Delete", show=False, id="cards.delete"),
        Binding("slash", "search", "Search", key_display="/", id="cards.search"),
        Binding("f", "filter_kind", "Filter by kind", show=False, id="cards.kind"),
        Binding("F", "filter", "Filter", show=False, id="cards.filter"),
        Binding("o", "sort", "Sort", show=False, id="cards.sort"),
        Binding("space", "mark", "Mark", show=False, id="cards.mark"),
        Binding(
            "asterisk",
            "mark_all",
            "Mark all shown",
            key_display="*",
            show=False,
            id="cards.mark_all",
        ),
        Binding("c", "clear_marks", "Clear marks", show=False, id="cards.clear_marks"),
        Binding("t", "tag", "Tag", show=False, id="cards.tag"),
        Binding("T", "untag", "Untag", show=False, id="cards.untag"),
        Binding("b", "unbury", "Unbury", show=False, id="cards.unbury"),
        Binding("u", "undo", "Undo", show=False, id="cards.undo"),
        Binding("j", "cursor(1)", "Down", show=False, id="cards.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="cards.up"),
        Binding("escape", "back", "Back", id="cards.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = CardView()
        self.marked: set[str] = set()
        self.shown: list[Card] = []
        self.undo_stack: list[CardChange] = []
        self.counted = ""
        """The count line, without the marks."""

    def compose(self) -> ComposeResult:
        yield Header()
        search = Input(
            placeholder="Search questions, answers and tags",
            id="cards-search",
            select_on_focus=False,
        )
        search.border_title = "/ search"
        yield search
        yield FastTable(id="cards-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="cards-count")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.title = "Cards"
        table = self.query_one(DataTable)
        table.add_column("Question", width=24, key="question")
        table.add_column("Kind", width=11, key="kind")
        table.add_column("Due", width=10, key="due")
        table.add_column("Status", width=10, key="status")
        table.add_column("Forgotten", width=9, key="lapses")
        self.reload()

    _stale = False

    def on_screen_suspend(self) -> None:
        self._stale = True  # what the screen on top does may show here

    def on_screen_resume(self) -> None:
        if self._stale:  # not on the first showing: on_mount has just read the cards
            self.reload()

    def reload(self, select: str | None = None) -> None:
        self._stale = self._stale and not self.is_current  # read now: not again on resume
        table = self.query_one(FastTable)
        current = select or self._selected_id()
        search = self.query_one("#cards-search", Input).value
        self.view = replace(self.view, search=search)
        cards = self.shown = cards_service.browse(self.app.repo, self.view)
        ids = [c.id for c in cards]
        self.marked &= set(ids)  # a mark on a card no longer shown would act unseen
        tz = effective_timezone(settings.settings(self.app.repo).timezone)
        now = self.app.clock.now()
        at = ids.index(current) if current in ids else None
        table.fill(cards, lambda card: self._row(card, tz, now), at or 0)
        table.border_title = line(self.view.describe())
        total = cards_service.card_count(self.app.repo)
        if not total:
            self.counted = "No cards yet: a adds one, n picks from the starter bank."
        elif search.strip() or self.view.filtered:
            self.counted = f"{len(cards):,} of {plural(total, 'card')}"
        else:
            self.counted = plural(total, "card")
        self._show_count()
        if at is not None:
            table.move_cursor(row=at)

    def _row(self, card: Card, tz: str, now: datetime) -> tuple[str, tuple[object, ...]]:
        due = "" if card.is_new or card.suspended else local_date(card.due, tz).isoformat()
        status = card_status(card, now, short=True)
        return card.id, (self._question_cell(card), card.kind, due, status, str(card.lapses))

    def _question_cell(self, card: Card) -> Content:
        return line((MARK if card.id in self.marked else "") + card.question, 80)

    def _show_count(self) -> None:
        marked = f" · {len(self.marked)} marked (c clears)" if self.marked else ""
        self.query_one("#cards-count", Static).update(self.counted + marked)

    def _show_marks(self, cards: list[Card]) -> None:
        """Redraw the question cells of `cards` (their mark changed) and the count."""
        table = self.query_one(DataTable)
        for card in cards:
            if card.id in table.rows:  # else not added yet: it is drawn with its mark
                table.update_cell(card.id, "question", self._question_cell(card))
        self._show_count()

    def _selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _selected(self) -> Card | None:
        selected = self._selected_id()
        return cards_service.card(self.app.repo, selected) if selected else None

    def _targets(self) -> list[Card]:
        """The marked cards (in the order shown), else the one under the cursor."""
        if self.marked:
            return [c for c in self.shown if c.id in self.marked]
        selected = self._selected_id()
        return [c for c in self.shown if c.id == selected]

    def _described(self, targets: list[Card]) -> str:
        if len(targets) == 1:
            return f"“{short(targets[0].question, 50)}”"
        return plural(len(targets), "marked card")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    # -- what is shown ---------------------------------------------------------------
    def action_filter_kind(self) -> None:
        """Show one kind of card, then the next, then every kind again."""
        order: list[CardKind | None] = [None, *CARD_KINDS]
        kind = order[(order.index(self.view.kind) + 1) % len(order)]
        self.view = replace(self.view, kind=kind)
        self.reload()

    def action_filter(self) -> None:
        from rebound_tui.ui.dialogs.choice_picker import ChoicePicker

        choices = [
            (value, f"Tag: {tag_label(LEECH_TAG)}" if value == f"tag:{LEECH_TAG}" else label)
            for value, label in cards_service.filter_choices(self.app.repo, self.view)
        ]

        def picked(choice: str | None) -> None:
            if choice is not None:
                self.view = self.view.with_choice(choice)
                self.reload()

        picker = ChoicePicker(
            "Show",
            choices,
            f"status:{self.view.status}",
            hint="Filter: a status, a kind or a tag",
            search=len(choices) > MANY_TAGS,
        )
        self.app.push_screen(picker, picked)

    def action_sort(self) -> None:
        from rebound_tui.ui.dialogs.choice_picker import ChoicePicker

        def picked(choice: str | None) -> None:
            order = next((o for o in ORDER_LABELS if o == choice), None)
            if order is not None:
                self.view = replace(self.view, order=order)
                self.reload()

        choices = [(key, label.capitalize()) for key, label in ORDER_LABELS.items()]
        self.app.push_screen(ChoicePicker("Sort", choices, self.view.order), picked)

    def action_search(self) -> None:
        self.query_one("#cards-search").focus()

    def action_back(self) -> None:
        search = self.query_one("#cards-search", Input)
        if search.has_focus:
            self.query_one(DataTable).focus()
        elif self.marked:
            self.action_clear_marks()
        else:
            self.dismiss()

    def action_cursor(self, delta: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + delta)

    # -- marks -----------------------------------------------------------------------
    def action_mark(self) -> None:
        """Mark the card under the cursor (or take its mark off), then move down."""
        selected = self._selected_id()
        if selected is None:
            return
        self.marked ^= {selected}
        self._show_marks([c for c in self.shown if c.id == selected])
        self.action_cursor(1)

    def action_mark_all(self) -> None:
        unmarked = [c for c in self.shown if c.id not in self.marked]
        self.marked |= {c.id for c in unmarked}
        self._show_marks(unmarked)

    def action_clear_marks(self) -> None:
        marked = [c for c in self.shown if c.id in self.marked]
        self.marked.clear()
        self._show_marks(marked)

    # -- one card --------------------------------------------------------------------
    def _edit(self, card: Card, title: str) -> None:
        from rebound_tui.ui.dialogs.card_editor import CardEditor

        def saved(result: Card | None) -> None:
            if result is not None:
                cards_service.save_card(self.app.repo, result)
                self.reload(select=result.id)

        self.app.push_screen(CardEditor(card, title=title), saved)

    def action_add(self) -> None:
        self._edit(cards_service.blank_card(self.app.repo), "New card")

    def action_edit(self) -> None:
        card = self._selected()
        if card is not None:
            self._edit(card, "Edit card")

    def action_open(self) -> None:
        card = self._selected()
        if card is not None:
            self.app.open("card", card_id=card.id)

    def action_starter(self) -> None:
        self.app.open("starter_bank")

    def action_stats(self) -> None:
        self.app.open("stats")

    def action_import_cards(self) -> None:
        data_actions.ask_import(self.app)  # as the palette's import; reloads on return

    def action_export_anki(self) -> None:
        data_actions.export(self.app, "apkg")  # as the palette's "Export: Anki package"

    # -- the marked cards (or the one under the cursor), each change undoable ----------
    def _done(self, change: CardChange, nothing: str) -> None:
        if not change.changed:
            self.notify(nothing)
            return
        self.undo_stack.append(change)
        self.reload()
        self.notify(f"{change.done}. u undoes it.")

    def _confirm(self, question: str, then: Callable[[], None]) -> None:
        from rebound_tui.ui.dialogs.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmScreen(question, default=False), answered)

    def action_suspend(self) -> None:
        """Suspend the cards; if every one of them is suspended already, unsuspend them."""
        targets = self._targets()
        if targets:
            suspend = not all(c.suspended for c in targets)
            ids = [c.id for c in targets]
            self._done(cards_service.suspend_cards(self.app.repo, ids, suspend), "")

    def action_unbury(self) -> None:
        ids = [c.id for c in self._targets()]
        if ids:
            self._done(cards_service.unbury_cards(self.app.repo, ids), "Nothing buried there.")

    def action_tag(self) -> None:
        from rebound_tui.ui.dialogs.confirm import PromptScreen

        targets = self._targets()
        if not targets:
            return

        def typed(text: str | None) -> None:
            tag = (text or "").strip()
            if not tag:
                return
            if "," in tag or len(tag) > 1_000:
                self.notify("One tag at a time, without commas.", severity="warning")
                return
            ids = [c.id for c in targets]
            self._done(cards_service.tag_cards(self.app.repo, ids, tag), "Tagged already.")

        prompt = PromptScreen(f"Tag {self._described(targets)} with:", title="Tag")
        self.app.push_screen(prompt, typed)

    def action_untag(self) -> None:
        from rebound_tui.ui.dialogs.choice_picker import ChoicePicker

        targets = self._targets()
        tags = sorted({t for c in targets for t in c.tags}, key=str.casefold)
        if not tags:
            if targets:
                self.notify(f"No tags on {self._described(targets)}.")
            return

        def picked(tag: str | None) -> None:
            if tag is not None:
                ids = [c.id for c in targets]
                self._done(cards_service.untag_cards(self.app.repo, ids, tag), "")

        picker = ChoicePicker(
            f"Untag {self._described(targets)}", [(t, tag_label(t)) for t in tags]
        )
        self.app.push_screen(picker, picked)

    def action_reset(self) -> None:
        targets = self._targets()
        if not targets:
            return
        ids = [c.id for c in targets]
        their = "Its" if len(targets) == 1 else "Their"
        self._confirm(
            f"Reset {self._described(targets)} to new? {their} history is kept.",
            lambda: self._done(cards_service.reset_cards(self.app.repo, ids), ""),
        )

    def action_delete(self) -> None:
        targets = self._targets()
        if not targets:
            return
        ids = [c.id for c in targets]
        their = "Its reviews stay" if len(targets) == 1 else "Their reviews stay"
        self._confirm(
            f"Delete {self._described(targets)}? {their} in your history; u undoes it.",
            lambda: self._done(cards_service.delete_cards(self.app.repo, ids), ""),
        )

    def action_undo(self) -> None:
        """Put back the cards the last change on this screen changed, as they were."""
        if not self.undo_stack:
            self.notify("Nothing to undo.")
            return
        change = self.undo_stack.pop()
        problem = cards_service.undo_change(self.app.repo, change)
        if problem:
            self.notify(problem, severity="warning")
            return
        self.reload(select=change.before[0].id)
        self.notify(f"Undone: {change.done[0].lower()}{change.done[1:]}.")
