"""Affect labelling: a pleasantness × energy grid and words for each corner of it.

Our own word list, weighted toward what a rejection tends to feel like. Naming a feeling
precisely ("deflated", not just "bad") is the point of the exercise, so the lists are long.
Every entry is a feeling ("insecure"), never a verdict on the person ("not good enough").
"""

from __future__ import annotations

GRID_MIN = -3
GRID_MAX = 3  # a 7 × 7 grid; 0 is the neutral line on either axis

HIGH_UNPLEASANT = "high-unpleasant"
LOW_UNPLEASANT = "low-unpleasant"
HIGH_PLEASANT = "high-pleasant"
LOW_PLEASANT = "low-pleasant"

QUADRANT_LABELS = {
    HIGH_UNPLEASANT: "unpleasant · high energy",
    LOW_UNPLEASANT: "unpleasant · low energy",
    HIGH_PLEASANT: "pleasant · high energy",
    LOW_PLEASANT: "pleasant · low energy",
}

WORDS: dict[str, tuple[str, ...]] = {
    HIGH_UNPLEASANT: (
        "angry", "frustrated", "anxious", "restless", "panicky", "jealous", "resentful",
        "humiliated", "indignant", "on edge", "stressed", "wound up", "bitter", "betrayed",
        "agitated", "irritated", "worried", "rattled", "defensive", "overwhelmed",
    ),
    LOW_UNPLEASANT: (
        "disappointed", "sad", "numb", "ashamed", "embarrassed", "discouraged", "deflated",
        "hopeless", "drained", "tired", "lonely", "rejected", "hurt", "gutted", "flat",
        "empty", "stuck", "insecure", "invisible", "defeated", "heavy", "low",
    ),
    HIGH_PLEASANT: (
        "hopeful", "determined", "motivated", "curious", "energised", "proud", "optimistic",
        "fired up", "eager", "confident", "inspired", "playful",
    ),
    LOW_PLEASANT: (
        "relieved", "calm", "accepting", "grateful", "content", "at ease", "reflective",
        "peaceful", "settled", "light", "comforted", "patient",
    ),
}  # fmt: skip

ALL_WORDS: tuple[str, ...] = tuple(w for words in WORDS.values() for w in words)


def clamp(value: int) -> int:
    return max(GRID_MIN, min(GRID_MAX, value))


def quadrants(pleasantness: int, energy: int) -> tuple[str, ...]:
    """The quadrants a grid cell touches: one inside a quadrant, two on an axis, all four
    at the centre (where any word may fit)."""
    pleasant = (False, True) if pleasantness == 0 else (pleasantness > 0,)
    high = (True, False) if energy == 0 else (energy > 0,)
    out = []
    for is_high in high:
        for is_pleasant in pleasant:
            if is_high:
                out.append(HIGH_PLEASANT if is_pleasant else HIGH_UNPLEASANT)
            else:
                out.append(LOW_PLEASANT if is_pleasant else LOW_UNPLEASANT)
    return tuple(out)


def words_for(pleasantness: int, energy: int) -> tuple[str, ...]:
    """Emotion words that fit a grid cell, in list order."""
    return tuple(w for q in quadrants(pleasantness, energy) for w in WORDS[q])


def energy_level(energy: int) -> str:
    """'low', 'high' or 'any' (on the neutral line), for choosing a treat."""
    if energy > 0:
        return "high"
    if energy < 0:
        return "low"
    return "any"
