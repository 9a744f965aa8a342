"""Finding what you wrote: every word of a query, in any case and with or without accents.

A query is split into words; a record matches when each word appears somewhere in its
text (AND), as part of a word or whole: "interv" finds "interview". Matching folds case
(`casefold`, so "STRASSE" finds "straße") and drops accents ("cafe" finds "café" and the
other way round). The snippet is one line of the first text that holds a word, around
that word, with where each word is in it so a screen can mark them.

Pure functions, no Textual: the command line uses them on its fast start path. The
snippet is the user's own text on one line (newlines and tabs become spaces); whoever
shows it makes it safe for where it goes (`domain.safe_text` on a terminal,
`ui.text` on a screen).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

SNIPPET_WIDTH = 60
"""Characters of text a snippet shows (ellipses aside)."""
MAX_QUERY_WORDS = 20


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


def fold(text: str) -> str:
    """`text` as it is compared: case folded, accents dropped (ASCII text only lowered)."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(char) for char in text)


def _fold_with_positions(text: str) -> tuple[str, list[int]]:
    """`fold(text)`, and for each folded character the index of the character of `text`
    it came from (so a match found in the folded text can be shown in the original)."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        parts.append(folded)
        origin.extend([index] * len(folded))
    return "".join(parts), origin


def query_words(text: str) -> tuple[str, ...]:
    """The words of a query, folded, each once, in the order typed (at most 20)."""
    words: list[str] = []
    for word in fold(text).split():
        if word not in words:
            words.append(word)
    return tuple(words[:MAX_QUERY_WORDS])


def matches(words: Sequence[str], texts: Sequence[str]) -> bool:
    """Whether every word appears in one of `texts` (no words: nothing matches)."""
    if not words:
        return False
    folded = [fold(text) for text in texts if text]
    return all(any(word in text for text in folded) for word in words)


def matches_folded(words: Sequence[str], folded: str) -> bool:
    """`matches` against text folded once beforehand (the fields joined by newlines)."""
    return bool(words) and all(word in folded for word in words)


@dataclass(frozen=True)
class Snippet:
    """One line of a record's text around the first word found in it."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()
    """(start, end) of each word found in `text`, in order, not overlapping."""
    field: int = 0
    """Which of the texts searched it comes from (their index)."""


def snippet(words: Sequence[str], texts: Sequence[str], width: int = SNIPPET_WIDTH) -> Snippet:
    """The first of `texts` that holds one of `words`, cut to about `width` characters
    around the first word in it, on one line. Empty if no text holds a word."""
    for field, text in enumerate(texts):
        if not text:
            continue
        folded, origin = _fold_with_positions(text)
        found = [at for at in (folded.find(word) for word in words) if at >= 0]
        if found:
            return _cut(text, origin[min(found)], width, words, field)
    return Snippet("")


def _cut(text: str, first: int, width: int, words: Sequence[str], field: int) -> Snippet:
    """`text` around index `first`: a little before it, the rest after, on one line."""
    lead = width // 4
    start = max(0, first - lead)
    if len(text) - start < width:  # near the end: show a full width if there is one
        start = max(0, len(text) - width)
    # Start at a word's beginning rather than mid-word.
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start + width // 2, end)
        end = space if space > 0 else end
    piece = " ".join(text[start:end].split())
    before = "…" if start > 0 and text[:start].strip() else ""
    after = "…" if end < len(text) and text[end:].strip() else ""
    shown = f"{before}{piece}{after}"
    return Snippet(shown, _marks(shown, words), field)


def _marks(shown: str, words: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Where each word is in `shown` (every occurrence), merged where they overlap."""
    folded, origin = _fold_with_positions(shown)
    spans: list[tuple[int, int]] = []
    for word in words:
        at = folded.find(word)
        while at >= 0:
            last = at + len(word) - 1
            spans.append((origin[at], origin[last] + 1))
            at = folded.find(word, at + max(1, len(word)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
