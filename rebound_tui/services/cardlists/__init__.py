"""Importing plain card lists: `rebound import questions.csv` (or .tsv, .txt, .md).

Two shapes (docs/card-lists.md says them for users):

- a delimited text file in the shape Anki imports and exports (delimited.py): a question
  and its answer a row, optional tags, a header line or Anki's `#separator:`/`#columns:`
  lines;
- Markdown question and answer pairs (markdown.py): `Q:`/`A:` lines, or a `## Question`
  heading with its answer under it.

Each card's id is "list-" and the start of the sha256 of its question, spaces collapsed
and case folded: importing the same file again adds nothing, and a question already
imported whose answer has changed in the file is updated, not added twice. The rule for a
card already here: the file gives its question and answer (and its hint, kind, when the
file has those columns); its tags are added to the card's; everything else the card has
(its schedule and reviews, created date, suspension, a hint or kind the file does not
give) stays as it is. The merge itself is a Rebound JSON import's (services/importing.py):
all of it or nothing, a backup first, one summary."""

from __future__ import annotations

import hashlib
import typing
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from rebound_tui.domain.days import plural
from rebound_tui.domain.factory import new_card
from rebound_tui.domain.models import Card, Prompt, Word
from rebound_tui.domain.record_rules import MaxLen
from rebound_tui.services.cardlists.rows import CardList, ListedCard, ListError
from rebound_tui.services.export.json import ParsedImport
from rebound_tui.store.errors import ImportFileError

DELIMITED_SUFFIXES = (".csv", ".tsv", ".txt")
MARKDOWN_SUFFIXES = (".md", ".markdown")
MAX_LIST_BYTES = 50 * 1024 * 1024
"""The largest card list read (50 MiB; 50,000 questions with long answers is about 25)."""

ANKI_HEADERS = ("#separator:", "#columns:", "#html:", "#tags:", "#deck:", "#notetype:")


def card_id(question: str) -> str:
    """The id a question has in every list: "list-" and 16 hex digits of the sha256 of
    its text, spaces collapsed and case folded."""
    basis = " ".join(question.split()).casefold()
    return "list-" + hashlib.sha256(basis.encode()).hexdigest()[:16]


def looks_like_card_list(path: Path) -> bool:
    """A card list by its name (.csv, .tsv, .txt, .md, .markdown), unless it holds a JSON
    object (a Rebound export saved under another name); or, whatever its name, a text
    file that starts with one of Anki's header lines (`#separator:`...)."""
    try:
        if not path.is_file():
            return path.suffix.lower() in DELIMITED_SUFFIXES + MARKDOWN_SUFFIXES
        with path.open("rb") as handle:
            start = handle.read(512)
    except (OSError, ValueError):
        return path.suffix.lower() in DELIMITED_SUFFIXES + MARKDOWN_SUFFIXES
    start = start.removeprefix(b"\xef\xbb\xbf")
    if path.suffix.lower() in DELIMITED_SUFFIXES + MARKDOWN_SUFFIXES:
        return not start.lstrip().startswith(b"{")
    return start.lower().startswith(tuple(h.encode() for h in ANKI_HEADERS))


def read_card_list(path: Path) -> CardList:
    """Read a card list completely; `ImportFileError` (one line naming the line, ending
    "nothing was imported") for anything that cannot be used, before anything is written."""
    from rebound_tui.services.export.json import _read_bytes, _shown_path

    where = _shown_path(path)
    try:
        text = _text(_read_bytes(path, where), where)
        if path.suffix.lower() in MARKDOWN_SUFFIXES:
            from rebound_tui.services.cardlists.markdown import read_markdown

            listing = read_markdown(text, where)
        else:
            from rebound_tui.services.cardlists.delimited import read_delimited

            listing = read_delimited(text, where, tab=path.suffix.lower() == ".tsv")
    except ImportFileError as error:
        message = str(error)
        if isinstance(error, ListError):
            message = f"{where}, {message}"
        if not message.endswith("nothing was imported"):
            message += "; nothing was imported"
        raise ImportFileError(message) from None
    if not listing.cards:
        raise ImportFileError(
            f"{where} holds no questions ({listing.shape}); nothing was imported"
        )
    return listing


def _text(data: bytes, where: str) -> str:
    """The file as text: UTF-8 (a byte-order mark is dropped), or UTF-16 with its mark (as
    a spreadsheet saves "Unicode text"). A NUL byte elsewhere means it is not text."""
    if len(data) > MAX_LIST_BYTES:
        raise ImportFileError(
            f"{where} is {len(data) / 2**20:,.0f} MiB; a card list can be at most "
            f"{MAX_LIST_BYTES // 2**20} MiB"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(f"{where} is not UTF-16 text as its first bytes say") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise ImportFileError(f"{where} is not a text file (a NUL byte on line {line:,})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportFileError(
            f"{where} is not UTF-8 text (line {line:,} cannot be read; save it as UTF-8)"
        ) from None


def card_list_import(
    listing: CardList, existing: Callable[[str], Card | None], now: datetime
) -> ParsedImport:
    """The list as an import: a new card for a new question, and for a question already
    here its card with what the file gives (see the module's rule). A question given twice
    in the file: the later row is kept, and the listing's notes say so."""
    by_id: dict[str, ListedCard] = {}
    repeated = 0
    for listed in listing.cards:
        key = card_id(listed.question)
        repeated += key in by_id
        by_id.pop(key, None)  # the later row, in its own place
        by_id[key] = listed
    if repeated:
        listing.notes.append(
            f"{plural(repeated, 'question')} given again further down: the later one kept"
        )
    cards: list[Card] = []
    kept: set[str] = set()
    for key, listed in by_id.items():
        old = existing(key)
        if old is None:
            card = new_card(
                listed.question,
                now=now,
                source="import",
                answer=listed.answer,
                hint=listed.hint or "",
                kind=listed.kind or "behavioural",
                tags=tuple(dict.fromkeys(listed.tags)),
                card_id=key,
            )
        else:
            kept.add(key)  # its schedule stays: import_document does not rebuild it
            card = replace(
                old,
                question=listed.question,
                answer=listed.answer,
                hint=old.hint if listed.hint is None else listed.hint,
                kind=listed.kind or old.kind,
                tags=tuple(dict.fromkeys((*old.tags, *listed.tags))),
            )
            if card != old:
                card = replace(card, updated_at=now)
        cards.append(_checked(card, f"{listing.where}, line {listed.line:,}"))
    return ParsedImport(records={"cards": cards}, cards_with_schedule=kept)


def _checked(card: Card, where: str) -> Card:
    """What the file gave held to the limits every stored card obeys (a question, answer
    or hint of at most 100,000 characters, a tag of at most 1,000); the rest of the card
    is made here and needs no check."""
    for name in ("question", "answer", "hint"):
        if len(getattr(card, name)) > _PROMPT_MAX:
            raise ImportFileError(
                f"{where}: the {name} is longer than {_PROMPT_MAX:,} characters; "
                "nothing was imported"
            )
    for tag in card.tags:
        if len(tag) > _WORD_MAX:
            raise ImportFileError(
                f"{where}: a tag is longer than {_WORD_MAX:,} characters; nothing was imported"
            )
    return card


def _limit(annotated: object) -> int:
    return next(m.limit for m in typing.get_args(annotated) if isinstance(m, MaxLen))


_PROMPT_MAX = _limit(Prompt)
_WORD_MAX = _limit(Word)
