"""A card list as delimited text, in the shape Anki imports and exports.

- A row is a question, its answer, and optionally its tags (space-separated, as Anki
  writes them; "::" read as "/"). Fields are quoted as spreadsheets quote them, a quote
  in a quoted field doubled: a quoted field may hold the separator and line breaks.
- The separator is the one `#separator:` names (Comma, Semicolon, Tab, Space, Pipe,
  Colon, or the character itself); else a tab for a .tsv file; else the one of comma, tab,
  semicolon and pipe that splits the first rows into the same number of fields, two or
  more (comma first when two do equally well).
- Anki's header lines at the top of the file, each `#name:value`, are read: `#columns:`
  (the column names, split by the separator), `#html:true` (fields are HTML, read as
  plain text as an Anki package is), `#tags:` (tags for every row), `#deck:` (a tag path
  for every row), `#tags column:N` and `#deck column:N` (1 is the first column). Others
  (`#notetype:`, `#guid column:`, `#if matches:`...) are accepted and have no use here.
  Any other line starting with "#" at the top is a comment. Below the first row a "#"
  is text like any other.
- Without `#columns:`, a first row naming its columns is a header line: it names the
  question (Question or Front) and the answer (Answer or Back), any case. Column names
  read: Question/Front, Answer/Back, Tags, Hint, Kind, Deck; a column of any other name is
  ignored and the summary says so. Without names: question, answer, tags, in that order.
- A blank row is skipped; a row with no question is refused, naming its line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from rebound_tui.services.anki.text import html_to_text
from rebound_tui.services.cardlists.rows import (
    CardList,
    ListedCard,
    ListError,
    anki_tags,
    deck_tag,
    kind_of,
)

SEPARATORS = {
    "comma": ",",
    "semicolon": ";",
    "tab": "\t",
    "space": " ",
    "pipe": "|",
    "colon": ":",
}
_SEPARATOR_NAMES = {char: name for name, char in SEPARATORS.items()}
_GUESSED = (",", "\t", ";", "|")
_ROLES = {
    "question": "question",
    "front": "question",
    "answer": "answer",
    "back": "answer",
    "tags": "tags",
    "tag": "tags",
    "hint": "hint",
    "kind": "kind",
    "deck": "deck",
}
_SAMPLE_CHARS = 64 * 1024
_SAMPLE_ROWS = 50


@dataclass
class _Header:
    separator: str | None = None
    columns: str | None = None
    html: bool = False
    tags: tuple[str, ...] = ()
    positions: dict[int, str] = field(default_factory=dict)
    """1-based column → role, from `#tags column:` and `#deck column:`."""
    lines: int = 0
    length: int = 0


def read_delimited(text: str, where: str, *, tab: bool = False) -> CardList:
    header = _read_header(text)
    body = text[header.length :]
    separator = header.separator or ("\t" if tab else _guess(header.columns or body))
    rows = _rows(body, separator, header.lines)
    roles: dict[int, str]
    notes: list[str] = []
    named = False
    if header.columns is not None:
        names = next(csv.reader([header.columns], delimiter=separator), [])
        roles, notes = _named(names)
        named = True
    else:
        first = next(rows, None)
        if first is not None and _is_header_line(first[1]):
            roles, notes = _named(first[1])
            named = True
        else:
            roles = {0: "question", 1: "answer", 2: "tags"}
            rows = _chain(first, rows)
    for column, role in header.positions.items():
        roles = {i: r for i, r in roles.items() if r != role}
        roles[column - 1] = role
    if "question" not in roles.values():
        raise ListError(f"line {header.lines:,}: no column is named Question or Front")
    cards, widest = _cards(rows, roles, header)
    extra = widest - max(roles) - 1
    if not named and extra > 0:
        which = f"column {widest}" if extra == 1 else f"columns {widest - extra + 1}-{widest}"
        notes.append(f"{which} ignored: a list without column names gives question, answer, tags")
    shape = f"{_SEPARATOR_NAMES.get(separator, repr(separator))}-separated"
    if named:
        shape += ", with column names"
    return CardList(where=where, shape=shape, cards=cards, notes=notes)


def _read_header(text: str) -> _Header:
    """Anki's `#name:value` lines (and comments, and blank lines) at the top."""
    header = _Header()
    for line in io.StringIO(text, newline=""):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        header.lines += 1
        header.length += len(line)
        name, colon, value = stripped[1:].partition(":")
        if not colon:
            continue
        name, value = name.strip().casefold(), value.strip()
        if name == "separator":
            char = SEPARATORS.get(value.casefold(), value if len(value) == 1 else None)
            if char is None or char in '"\r\n':
                raise ListError(
                    f"line {header.lines:,}: the separator {value[:20]!r} is not one of "
                    "Comma, Semicolon, Tab, Space, Pipe, Colon"
                )
            header.separator = char
        elif name == "html":
            header.html = value.casefold() == "true"
        elif name == "tags":
            header.tags += anki_tags(value)
        elif name == "deck":
            header.tags += deck_tag(value)
        elif name == "columns":
            header.columns = value
        elif name in ("tags column", "deck column"):
            if not value.isdigit() or not 1 <= int(value) <= 1_000:
                raise ListError(f"line {header.lines:,}: {name} {value[:20]!r} is not a column")
            header.positions[int(value)] = name.split()[0]
    return header


def _guess(text: str) -> str:
    """The separator that splits the first rows most evenly into two or more fields."""
    sample = text[:_SAMPLE_CHARS]
    if len(text) > _SAMPLE_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", (0, 0)
    for separator in _GUESSED:
        counts = []
        for row in csv.reader(io.StringIO(sample, newline=""), delimiter=separator):
            if any(cell.strip() for cell in row):
                counts.append(len(row))
            if len(counts) == _SAMPLE_ROWS:
                break
        split = [n for n in counts if n >= 2]
        modal = max((split.count(n) for n in set(split)), default=0)
        score = (len(split), modal)
        if score > best_score:
            best, best_score = separator, score
    return best


def _rows(body: str, separator: str, first_line: int) -> Iterator[tuple[int, list[str]]]:
    """(line the row starts on, its fields) for each row, blank rows left out."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator)
    before = 0
    last_start = 0  # the last row, when it runs over several lines
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ListError(f"line {first_line + reader.line_num:,}: {error}") from None
        last_start = before if reader.line_num - before > 1 else -1
        start = first_line + before + 1
        before = reader.line_num
        if any(cell.strip() for cell in row):
            yield start, row
    if last_start >= 0 and before:
        _closed(body, last_start, separator, first_line)


def _closed(body: str, skip: int, separator: str, first_line: int) -> None:
    """The last row runs over several lines: refuse it if a quoted field in it is never
    closed (the rest of the file would otherwise become one answer)."""
    lines = io.StringIO(body, newline="")
    for _ in range(skip):
        next(lines)
    try:
        next(csv.reader(lines, strict=True, delimiter=separator))
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise ListError(
                f"line {first_line + skip + 1:,}: a quoted field starts here and never ends"
            ) from None


def _chain(
    first: tuple[int, list[str]] | None, rest: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, list[str]]]:
    if first is not None:
        yield first
    yield from rest


def _is_header_line(cells: list[str]) -> bool:
    roles = [_ROLES.get(cell.strip().casefold()) for cell in cells]
    return "question" in roles and "answer" in roles


def _named(names: list[str]) -> tuple[dict[int, str], list[str]]:
    roles: dict[int, str] = {}
    ignored = []
    for index, name in enumerate(names):
        role = _ROLES.get(name.strip().casefold())
        if role is None or role in roles.values():
            if name.strip():
                ignored.append(repr(name.strip()[:40]))
            continue
        roles[index] = role
    notes = []
    if ignored:
        what = "column" if len(ignored) == 1 else "columns"
        notes.append(f"{what} {', '.join(ignored)} ignored: not a column Rebound reads")
    return roles, notes


def _cards(
    rows: Iterator[tuple[int, list[str]]], roles: dict[int, str], header: _Header
) -> tuple[list[ListedCard], int]:
    cards = []
    widest = 0
    for line, row in rows:
        widest = max(widest, max((i + 1 for i, c in enumerate(row) if c.strip()), default=0))
        cell = {role: row[i] if i < len(row) else "" for i, role in roles.items()}
        question = _field(cell.get("question", ""), header.html)
        if not question:
            raise ListError(f"line {line:,}: a row with no question")
        tags = (*anki_tags(cell.get("tags", "")), *header.tags, *deck_tag(cell.get("deck", "")))
        cards.append(
            ListedCard(
                line=line,
                question=question,
                answer=_field(cell.get("answer", ""), header.html),
                hint=_field(cell["hint"], header.html) if "hint" in cell else None,
                kind=kind_of(cell.get("kind", ""), line),
                tags=tags,
            )
        )
    return cards, widest


def _field(value: str, html: bool) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return (html_to_text(value) if html else value).strip()
