"""What the drill and the focused drill (cram) show alike: a card's answer side, the
rehearse-aloud timer, and a countdown. Not a screen: both screens use it."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Protocol

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Rule, Static

from rebound_tui.domain.card_records import Card
from rebound_tui.ui.text import plain, template
from rebound_tui.ui.widgets.footer import QuietFooter

REHEARSE_TARGET_SECONDS = 120


def monotonic() -> float:
    """The timer's clock (a function of its own, so tests can move it)."""
    return time.monotonic()


def answer_content(card: Card) -> Content:
    """The answer, and the hint if there is one."""
    text = card.answer.strip() or "(No answer written yet: press e to write one.)"
    parts = [plain(text)]
    if card.hint:
        parts.append(template("\n[dim]Hint: $hint[/]", hint=card.hint))
    return Content("\n").join(parts)


class RehearsalTimer:
    """The `t` timer: started and stopped as often as the user likes for one card, it
    adds up how long that card was rehearsed aloud."""

    def __init__(self) -> None:
        self.card_id: str | None = None
        self.started: float | None = None
        self.banked = 0.0

    @property
    def running(self) -> bool:
        return self.started is not None

    def toggle(self, card_id: str) -> None:
        if self.card_id != card_id:
            self.reset(card_id)
        if self.started is None:
            self.started = monotonic()
        else:
            self.banked += monotonic() - self.started
            self.started = None

    def reset(self, card_id: str | None = None) -> None:
        self.card_id = card_id
        self.started = None
        self.banked = 0.0

    def seconds(self) -> float:
        running = monotonic() - self.started if self.started is not None else 0.0
        return self.banked + running

    def taken(self, card_id: str) -> int | None:
        """Milliseconds rehearsed for `card_id` (None if the timer never ran for it), and
        the timer cleared for the next card."""
        ran = self.card_id == card_id and (self.started is not None or self.banked > 0)
        milliseconds = round(self.seconds() * 1000) if ran else None
        self.reset()
        return milliseconds

    def line(self) -> Content:
        """'⏱ 1:05  say it out loud…' while it runs; empty when stopped."""
        if self.started is None:
            return Content("")
        elapsed = int(self.seconds())
        over = elapsed > REHEARSE_TARGET_SECONDS
        return template(
            "⏱ [b]$t[/]  $advice  [dim](t to stop)[/]",
            t=f"{elapsed // 60}:{elapsed % 60:02d}",
            advice="past two minutes: wrap it up with the result"
            if over
            else "say it out loud; aim for about two minutes",
        )


def countdown(left: timedelta) -> str:
    """Time left as a ticking clock: 9:05, or 1:02:05 for an hour or more."""
    seconds = max(0, math.ceil(left.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class Practice(Protocol):
    """What a drill session and a focused-drill session both offer the screen."""

    @property
    def current(self) -> Card | None: ...
    @property
    def revealed(self) -> bool: ...
    @property
    def undo_stack(self) -> Sequence[object]: ...
    def reveal(self) -> object: ...


class PracticeScreen(Screen[None]):
    """What the drill and the focused drill share: the `t` timer for rehearsing an answer
    aloud, shown in `#drill-timer`. A subclass says which card is on screen."""

    def __init__(self) -> None:
        super().__init__()
        self.rehearsal = RehearsalTimer()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="drill-counts")
        yield from self.compose_above_card()
        with VerticalScroll(id="drill-card"):
            yield Static("", id="drill-question")
            yield Rule(id="drill-rule")
            yield Static("", id="drill-answer")
        yield Static("", id="drill-ratings")
        yield Static("", id="drill-timer")
        yield QuietFooter()

    def compose_above_card(self) -> ComposeResult:
        """Lines between the counts and the card (the focused drill's plan)."""
        yield from ()

    def practice(self) -> Practice | None:
        """The session on screen (made on mount: None before)."""
        session: Practice | None = getattr(self, "session", None)
        return session

    def render_card(self) -> None:
        raise NotImplementedError

    def card_on_screen(self) -> Card | None:
        session = self.practice()
        return session.current if session is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.practice()
        if session is None:
            return True
        if action == "rate":
            return session.revealed
        if action == "reveal":
            return session.current is not None and not session.revealed
        if action in ("edit", "suspend", "bury", "rehearse"):
            return session.current is not None
        if action == "undo":
            return bool(session.undo_stack)
        return True

    def action_reveal(self) -> None:
        session = self.practice()
        if session is not None and session.current is not None and not session.revealed:
            session.reveal()
            self.render_card()

    def action_rehearse(self) -> None:
        card = self.card_on_screen()
        if card is not None:
            self.rehearsal.toggle(card.id)
            self._show_timer()

    def _tick_timer(self) -> None:
        if self.rehearsal.running:
            self._show_timer()

    def _show_timer(self) -> None:
        self.query_one("#drill-timer", Static).update(self.rehearsal.line())
