"""Checks of particular records that `models` declares (`Card.CHECKS`, a `Check` on a
field): kept apart so that the models module stays a list of records."""

from __future__ import annotations

from typing import Any


def card_schedule(card: Any) -> str | None:
    """What fsrs needs of a card to review it without failing."""
    if (card.stability is None) != (card.difficulty is None):
        return "stability and difficulty must both be numbers or both be null"
    if card.stability is None and card.state != 1:
        return f"a card in state {card.state} needs a stability and a difficulty"
    if card.step is None and card.state != 2:
        return f"a card in state {card.state} (learning or relearning) needs a step"
    return None


def fsrs_parameters(values: tuple[float, ...]) -> str | None:
    """FSRS-6 weights: 21 numbers, each within the bounds fsrs itself enforces."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    if len(values) != len(LOWER_BOUNDS_PARAMETERS):
        return f"must be {len(LOWER_BOUNDS_PARAMETERS)} numbers, got {len(values)}"
    for index, (value, low, high) in enumerate(
        zip(values, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True)
    ):
        if not low <= value <= high:
            return f"[{index}] must be between {low:g} and {high:g}, got {value:g}"
    return None
