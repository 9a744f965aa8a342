"""All drill cards: search, filter by kind, add, edit, suspend, delete, reset; and the
starter bank."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from rebound_tui.domain.days import effective_timezone, local_date, plural
from rebound_tui.domain.models import CARD_KINDS, Card, CardKind
from rebound_tui.services import cards as cards_service
from rebound_tui.services import settings
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.card_status import card_status
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import line, short


class CardsScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Cards"
    HELP_INTRO = (
        "Every drill card. / searches, f shows one kind at a time (behavioural, technical, "
        "skill); the starter bank (n) has common questions."
    )
    CSS_PATH = str(STYLES / "cards.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="cards.add"),
        Binding("e", "edit", "Edit", id="cards.edit"),
        Binding("enter", "open", "History", show=False, id="cards.open"),
        Binding("s", "suspend", "Suspend", id="cards.suspend"),
        # Out of the footer so quit and help fit at 80 columns; help and the palette list
        # them, and the screen's intro names the starter bank.
        Binding("n", "starter", "Starter bank", show=False, id="cards.starter"),
        Binding("S", "stats", "Stats", show=False, id="cards.stats"),
        Binding("R", "reset", "Reset", show=False, id="cards.reset"),
        Binding("D", "delete", "Delete", show=False, id="cards.delete"),
        Binding("slash", "search", "Search", key_display="/", id="cards.search"),
        Binding("f", "filter_kind", "Filter by kind", show=False, id="cards.kind"),
        Binding("j", "cursor(1)", "Down", show=False, id="cards.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="cards.up"),
        Binding("escape", "back", "Back", id="cards.back"),
    ]

    kind_filter: CardKind | None = None
    """The one kind shown, or None for every card."""

    def compose(self) -> ComposeResult:
        yield Header()
        search = Input(
            placeholder="Search questions, answers and tags",
            id="cards-search",
            select_on_focus=False,
        )
        search.border_title = "/ search"
        yield search
        yield DataTable(id="cards-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="cards-count")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Cards"
        table = self.query_one(DataTable)
        table.add_column("Question", width=29, key="question")
        table.add_column("Kind", width=11, key="kind")
        table.add_column("Due", width=10, key="due")
        table.add_column("Status", width=12, key="status")
        table.add_column("Lapses", width=6, key="lapses")
        self.reload()
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self, select: str | None = None) -> None:
        table = self.query_one(DataTable)
        current = select or self._selected_id()
        needle = self.query_one("#cards-search", Input).value.strip().lower()
        cards = sorted(
            cards_service.all_cards(self.app.repo),
            key=lambda c: (c.created_at, c.id),
            reverse=True,
        )
        if self.kind_filter is not None:
            cards = [c for c in cards if c.kind == self.kind_filter]
        if needle:
            cards = [
                c
                for c in cards
                if needle in f"{c.question}\n{c.answer}\n{' '.join(c.tags)}".lower()
            ]
        tz = effective_timezone(settings.settings(self.app.repo).timezone)
        now = self.app.clock.now()
        table.clear()
        for card in cards:
            due = "" if card.is_new or card.suspended else local_date(card.due, tz).isoformat()
            table.add_row(
                line(card.question, 80),
                card.kind,
                due,
                card_status(card, now),
                str(card.lapses),
                key=card.id,
            )
        total = cards_service.card_count(self.app.repo)
        shown = (
            f"{len(cards)} of {plural(total, 'card')}"
            if needle or self.kind_filter
            else plural(total, "card")
        )
        if self.kind_filter is not None:
            shown += f" · {self.kind_filter} only (f: next kind)"
        self.query_one("#cards-count", Static).update(
            shown if total else "No cards yet: a adds one, n picks from the starter bank."
        )
        ids = [c.id for c in cards]
        if current in ids:
            table.move_cursor(row=ids.index(current))

    def _selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _selected(self) -> Card | None:
        selected = self._selected_id()
        return cards_service.card(self.app.repo, selected) if selected else None

    def on_input_changed(self, event: Input.Changed) -> None:
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_filter_kind(self) -> None:
        """Show one kind of card, then the next, then every card again."""
        order: list[CardKind | None] = [None, *CARD_KINDS]
        self.kind_filter = order[(order.index(self.kind_filter) + 1) % len(order)]
        self.reload()

    def action_search(self) -> None:
        self.query_one("#cards-search").focus()

    def action_back(self) -> None:
        search = self.query_one("#cards-search", Input)
        if search.has_focus:
            self.query_one(DataTable).focus()
        else:
            self.dismiss()

    def action_cursor(self, delta: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + delta)

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

    def action_suspend(self) -> None:
        card = self._selected()
        if card is not None:
            cards_service.set_suspended(self.app.repo, card, not card.suspended)
            self.reload(select=card.id)

    def _confirm(self, question: str, then: Callable[[bool | None], None]) -> None:
        from rebound_tui.ui.dialogs.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question, default=False), then)

    def action_reset(self) -> None:
        card = self._selected()
        if card is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                cards_service.reset_card(self.app.repo, card)
                self.reload(select=card.id)

        self._confirm(f"Reset “{short(card.question, 50)}” to new? Its history is kept.", answered)

    def action_delete(self) -> None:
        card = self._selected()
        if card is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                cards_service.delete_card(self.app.repo, card)
                self.reload()

        self._confirm(
            f"Delete “{short(card.question, 50)}”? Its reviews stay in your history.", answered
        )

    def action_starter(self) -> None:
        self.app.open("starter_bank")

    def action_stats(self) -> None:
        self.app.open("stats")
