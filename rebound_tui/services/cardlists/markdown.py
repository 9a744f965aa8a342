"""A card list in Markdown, in one of two forms (the first that the file uses):

1. `Q:` and `A:` lines. A line starting with "Q:" starts a question (the lines after it,
   up to its "A:", continue it); "A:" starts its answer, which runs over every line up to
   the next "Q:" or "# " heading, blank lines and lists included. A question with no
   "A:" has an empty answer; an "A:" with no question before it is refused.
2. Headings and bodies. A "## " heading is a question and everything under it, up to the
   next "## " or "# " heading, is its answer (deeper headings, "### ", are part of it).

In both forms a "# " heading names a section: its text is a tag on every question under
it (until the next "# "). Text before the first question is left out (a title, an
introduction). Lines inside a fenced code block (``` or ~~~) are never read as a
question, an answer or a heading. The text is kept as it is written, Markdown and all.
"""

from __future__ import annotations

import re

from rebound_tui.services.cardlists.rows import CardList, ListedCard, ListError

_QUESTION = re.compile(r"^ {0,3}Q:[ \t]?(.*)$", re.IGNORECASE)
_ANSWER = re.compile(r"^ {0,3}A:[ \t]?(.*)$", re.IGNORECASE)
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")

QA_SHAPE = "Markdown, Q: and A: lines"
HEADING_SHAPE = "Markdown, ## headings"


def read_markdown(text: str, where: str) -> CardList:
    lines = _outside_fences(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if any(inside is False and _QUESTION.match(line) for line, inside in lines):
        return CardList(where=where, shape=QA_SHAPE, cards=_qa(lines))
    if any(inside is False and _level(line) == 2 for line, inside in lines):
        return CardList(where=where, shape=HEADING_SHAPE, cards=_headings(lines))
    raise ListError(
        "no questions found: a Markdown card list has Q: and A: lines, or ## headings "
        "with the answer under each"
    )


def _outside_fences(lines: list[str]) -> list[tuple[str, bool]]:
    """Each line, and whether it is inside a fenced code block (fences count as inside)."""
    out = []
    fence = ""
    for line in lines:
        found = _FENCE.match(line)
        if fence:
            out.append((line, True))
            if found and found.group(1) == fence:
                fence = ""
        elif found:
            fence = found.group(1)
            out.append((line, True))
        else:
            out.append((line, False))
    return out


def _level(line: str) -> int:
    found = _HEADING.match(line)
    return len(found.group(1)) if found else 0


def _section(line: str) -> str:
    found = _HEADING.match(line)
    return found.group(2).strip() if found else ""


def _qa(lines: list[tuple[str, bool]]) -> list[ListedCard]:
    cards: list[ListedCard] = []
    section = ""
    question: list[str] = []
    answer: list[str] = []
    start = 0
    answering = False

    def close() -> None:
        if start:
            text = "\n".join(question).strip()
            if not text:
                raise ListError(f"line {start:,}: Q: with no question after it")
            tags = (section,) if section else ()
            cards.append(ListedCard(start, text, "\n".join(answer).strip(), tags=tags))

    for number, (line, inside) in enumerate(lines, 1):
        if not inside and _level(line) == 1:
            close()
            start, answering, section = 0, False, _section(line)
            continue
        found_q = None if inside else _QUESTION.match(line)
        found_a = None if inside else _ANSWER.match(line)
        if found_q:
            close()
            start, answering, question, answer = number, False, [found_q.group(1)], []
        elif found_a and not answering:
            if not start:
                raise ListError(f"line {number:,}: A: with no Q: question before it")
            answering, answer = True, [found_a.group(1)]
        elif start:
            (answer if answering else question).append(line)
    close()
    return cards


def _headings(lines: list[tuple[str, bool]]) -> list[ListedCard]:
    cards: list[ListedCard] = []
    section = ""
    question = ""
    body: list[str] = []
    start = 0

    def close() -> None:
        if start:
            tags = (section,) if section else ()
            cards.append(ListedCard(start, question, "\n".join(body).strip(), tags=tags))

    for number, (line, inside) in enumerate(lines, 1):
        level = 0 if inside else _level(line)
        if level in (1, 2):
            close()
            start, body = 0, []
            if level == 1:
                section = _section(line)
                continue
            question, start = _section(line), number
            if not question:
                raise ListError(f"line {number:,}: a ## heading with no question")
        elif start:
            body.append(line)
    close()
    return cards
