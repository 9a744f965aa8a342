"""What a card list is read into, shared by the readers (delimited.py, markdown.py) and
the package that picks one (__init__.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rebound_tui.domain.days import plural
from rebound_tui.domain.models import CARD_KINDS, CardKind
from rebound_tui.store.errors import ImportFileError


@dataclass
class ListedCard:
    """One question of a list, as the file gives it; None = the file has no such column."""

    line: int
    question: str
    answer: str = ""
    hint: str | None = None
    kind: CardKind | None = None
    tags: tuple[str, ...] = ()


@dataclass
class CardList:
    where: str
    shape: str
    """How the file was read: "comma-separated, with a header line"."""
    cards: list[ListedCard] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What was left out or merged, and why, one sentence each."""

    def describe(self) -> str:
        """What was read, and what was left out and why."""
        text = f"Read {plural(len(self.cards), 'question')} from {self.where} ({self.shape})."
        if self.notes:
            text += " " + "; ".join(self.notes) + "."
        return text


class ListError(ImportFileError):
    """A card list that cannot be used: one line naming the place."""


def kind_of(value: str, line: int) -> CardKind | None:
    """A Kind cell: behavioural (or behavioral), technical, skill, any case; empty = None."""
    word = value.strip().casefold()
    if not word:
        return None
    if word == "behavioral":
        word = "behavioural"
    for kind in CARD_KINDS:
        if word == kind:
            return kind
    raise ListError(
        f"line {line}: the kind {value.strip()[:40]!r} is not one of {', '.join(CARD_KINDS)}"
    )


def anki_tags(text: str) -> tuple[str, ...]:
    """Space-separated tags, as Anki writes them; "::" becomes "/" as in an Anki package."""
    return tuple(t.replace("::", "/") for t in text.split() if t.replace("::", ""))


def deck_tag(deck: str) -> tuple[str, ...]:
    """A deck as a tag path ("Interviews::Behavioural" → "Interviews/Behavioural"), as
    the Anki package importer makes it; Anki's "Default" deck gives no tag."""
    deck = deck.strip()
    if not deck or deck == "Default":
        return ()
    return ("/".join(part.strip() for part in deck.split("::")),)
