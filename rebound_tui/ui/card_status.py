"""How a card's state reads in the card list and the card's own page."""

from __future__ import annotations

from datetime import datetime

from rebound_tui.domain.models import Card

STATE_LABELS = {1: "learning", 2: "review", 3: "relearning"}


def card_status(card: Card, now: datetime | None = None) -> str:
    if card.suspended:
        return "suspended"
    if now is not None and card.buried_until is not None and card.buried_until > now:
        return "buried today"
    if card.is_new:
        return "new"
    label = STATE_LABELS.get(card.state, "?")
    return f"{label}, leech" if card.leech else label
