"""One card: its schedule and every review it has had, with the interval each rating
actually gave (as stored), the card's reset, and the time each answer took. Times are in
the user's zone (settings), not the machine's."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from rebound_tui.domain.days import effective_timezone, plural, zone
from rebound_tui.domain.models import Card
from rebound_tui.domain.scheduling import (
    RATING_NAMES,
    format_interval,
    make_scheduler,
    retrievability,
)
from rebound_tui.domain.stats import Given, HistoryRow, capped_ms, card_history, clock_text
from rebound_tui.services import cards, settings
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.card_status import card_status
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import template
from rebound_tui.ui.widgets.footer import QuietFooter

# What kind of review it was, from the card's state before it (Anki's "Type").
REVIEW_KINDS = {None: "Learn", 1: "Learn", 2: "Review", 3: "Relearn"}
COLUMNS = (("When", 18), ("Type", 9), ("Rating", 8), ("Interval", 10), ("Answer", 9), ("Aloud", 0))


def interval_text(interval: Given | None) -> str:
    """'—' when the review stored no due date; '10m' for a step; '3d', '2.1mo' for days."""
    if interval is None:
        return "—"
    if isinstance(interval, int):
        return format_interval(timedelta(days=interval))
    return format_interval(interval)


class CardDetailScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Card history"
    HELP_INTRO = (
        "Each review with the interval it gave (— for reviews kept before Rebound stored "
        "it), how long the answer took and how long it was rehearsed aloud."
    )
    CSS_PATH = str(STYLES / "card_detail.tcss")
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
            yield Static("", id="card-history")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.title = "Card history"
        card = cards.card(self.app.repo, self.card_id)
        if card is None:
            self.dismiss()
            return
        stored = settings.settings(self.app.repo)
        tz = effective_timezone(stored.timezone)
        rows = card_history(
            card, cards.reviews_of(self.app.repo, card.id), tz, stored.day_start_hour
        )
        self.query_one("#card-detail-text", Static).update(self._summary(card, rows, tz))
        history = self.query_one("#card-history", Static)
        history.update(_history_table(rows, tz))
        history.display = bool(rows)

    def _summary(self, card: Card, rows: list[HistoryRow], tz: str) -> Content:
        stored = settings.settings(self.app.repo)
        recall = retrievability(card, self.app.clock.now(), make_scheduler(stored, fuzz=False))
        reviews = [row.review for row in rows if row.review is not None]
        # Averages count each timing up to 5 minutes, as the stats do; the rows show all.
        answered = [capped_ms(r.duration_ms) for r in reviews if r.duration_ms is not None]
        aloud = [capped_ms(r.rehearsal_ms) for r in reviews if r.rehearsal_ms is not None]
        timings = ""
        if answered:
            timings = f"{clock_text(sum(answered) // len(answered))} per answer on average"
        if aloud:
            timings += (" · " if timings else "") + (
                f"rehearsed aloud {plural(len(aloud), 'time')}, "
                f"{clock_text(sum(aloud) // len(aloud))} each"
            )
        reset = (
            ""
            if card.reset_at is None
            else f" · reset {_local(card.reset_at, tz)} (earlier reviews kept below)"
        )
        text = template(
            "[b]$q[/]\n$a\n\n[dim]Status[/] $status · [dim]due[/] $due · [dim]stability[/] "
            "$s days · [dim]difficulty[/] $d/10 · [dim]recall now[/] $r · "
            "[dim]reviews[/] $reps · [dim]times forgotten[/] $lapses$reset",
            q=card.question,
            a=card.answer or "(no answer yet)",
            status=card_status(card),
            due="—" if card.is_new else _local(card.due, tz),
            s="—" if card.stability is None else f"{card.stability:.1f}",
            d="—" if card.difficulty is None else f"{card.difficulty:.1f}",
            r="—" if card.is_new else f"{recall:.0%}",
            reps=card.reps,
            lapses=card.lapses,
            reset=reset,
        )
        if timings:
            text = Content("\n").join([text, template("[dim]Time[/] $t", t=timings)])
        return text


def _local(instant: datetime, tz: str) -> str:
    return f"{instant.astimezone(zone(tz)):%Y-%m-%d %H:%M}"


def _history_table(rows: list[HistoryRow], tz: str) -> Content:
    """One line a review (and one for the reset), in time order, in the user's zone."""
    head = "".join(f"{name:<{width}}" for name, width in COLUMNS)
    lines = [Content.styled(head.rstrip(), "bold")]
    for row in rows:
        when = f"{_local(row.when, tz):<18}"
        review = row.review
        if review is None:
            lines.append(Content.assemble(when, ("reset — schedule started again", "$warning")))
            continue
        cells = (
            when,
            REVIEW_KINDS.get(review.state_before, "?"),
            RATING_NAMES[review.rating],
            interval_text(row.interval),
            "—" if review.duration_ms is None else clock_text(review.duration_ms),
            "—" if review.rehearsal_ms is None else clock_text(review.rehearsal_ms),
        )
        lines.append(
            Content(
                "".join(
                    f"{cell:<{width}}" for cell, (_, width) in zip(cells, COLUMNS, strict=True)
                ).rstrip()
            )
        )
    return Content("\n").join(lines)
