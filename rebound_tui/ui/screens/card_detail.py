"""One card: its schedule and every review it has had."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from rebound_tui.domain.days import effective_timezone
from rebound_tui.domain.scheduling import (
    RATING_NAMES,
    format_interval,
    make_scheduler,
    retrievability,
)
from rebound_tui.domain.stats import card_history
from rebound_tui.services import cards, settings
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.card_status import STATE_LABELS, card_status
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import template


class CardDetailScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Card history"
    CSS_PATH = str(STYLES / "cards.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="card_detail.back"),
    ]

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="card-detail"):
            yield Static("", id="card-detail-text")
            yield DataTable(id="card-history", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Card history"
        card = cards.card(self.app.repo, self.card_id)
        if card is None:
            self.dismiss()
            return
        stored = settings.settings(self.app.repo)
        scheduler = make_scheduler(stored, fuzz=False)
        now = self.app.clock.now()
        tz = effective_timezone(stored.timezone)
        recall = retrievability(card, now, scheduler)
        self.query_one("#card-detail-text", Static).update(
            template(
                "[b]$q[/]\n$a\n\n[dim]Status[/] $status · [dim]due[/] $due · [dim]stability[/] "
                "$s days · [dim]difficulty[/] $d/10 · [dim]recall now[/] $r · "
                "[dim]reviews[/] $reps · [dim]lapses[/] $lapses",
                q=card.question,
                a=card.answer or "(no answer yet)",
                status=card_status(card),
                due="—" if card.is_new else f"{card.due.astimezone():%Y-%m-%d %H:%M}",
                s="—" if card.stability is None else f"{card.stability:.1f}",
                d="—" if card.difficulty is None else f"{card.difficulty:.1f}",
                r="—" if card.is_new else f"{recall:.0%}",
                reps=card.reps,
                lapses=card.lapses,
            )
        )
        table = self.query_one(DataTable)
        table.add_columns("When", "Rating", "Then", "Next interval")
        from rebound_tui.domain.days import zone

        for row in card_history(card, cards.reviews_of(self.app.repo, card.id), scheduler):
            table.add_row(
                f"{row.review.reviewed_at.astimezone(zone(tz)):%Y-%m-%d %H:%M}",
                RATING_NAMES[row.review.rating],
                STATE_LABELS.get(row.state_after, "?"),
                format_interval(row.interval),
            )
        if table.row_count == 0:
            table.display = False
