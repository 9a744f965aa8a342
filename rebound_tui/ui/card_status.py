"""How a card's state reads in the card list and the card's own page, in plain words:
a card the drill flags as a "leech" (its stored tag, Anki's name) reads "keeps slipping"."""

from __future__ import annotations

from datetime import datetime

from rebound_tui.domain.models import Card

STATE_LABELS = {1: "learning", 2: "review", 3: "relearning"}
SLIPPING = "keeps slipping"
"""What users read for a card the scheduler calls a leech (forgotten again and again)."""
LEECH_TAG = "leech"
"""The stored tag stays "leech": it is Anki's name for it, so decks going to Anki and
back, and data written before, keep their meaning; only what users read changes."""


def tag_label(tag: str) -> str:
    """A tag as users read it: 'leech (keeps slipping)' for the drill's own tag, so
    either name finds it in a list."""
    return f"{tag} ({SLIPPING})" if tag == LEECH_TAG else tag


def card_status(card: Card, now: datetime | None = None, *, short: bool = False) -> str:
    """The card's state in a word or two; `short` (a table column of 10): "slipping",
    "buried"."""
    if card.suspended:
        return "suspended"
    if now is not None and card.buried_until is not None and card.buried_until > now:
        return "buried" if short else "buried today"
    if card.is_new:
        return "new"
    label = STATE_LABELS.get(card.state, "?")
    if card.leech:
        return "slipping" if short else SLIPPING
    return label
