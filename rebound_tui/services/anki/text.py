"""Anki's fields are HTML; Rebound's cards are plain text. The rules:

- `<br>` is a line break; `<div>`, `<p>`, headings, `<ul>`/`<ol>`, `<blockquote>`, `<pre>`,
  `<table>` rows and `<hr>` start a new line (no blank lines piling up);
- a list item is a line starting with "- " (in an ordered list, "1. ", "2. "...);
- a table cell is followed by " | " when another cell follows;
- entities (`&amp;`, `&nbsp;`, `&#8212;`) become their characters (the standard library's
  `html` module), and a no-break space a plain space;
- `<img src="x.png">` becomes "[image: x.png]" and `[sound:x.mp3]` "[sound: x.mp3]": the
  media is not in Rebound, but what was there is said, not lost silently;
- `<script>` and `<style>` are left out; every other tag (b, i, span, font...) keeps only
  its text.

Cloze deletions (`{{c1::Paris}}`, `{{c2::France::a country}}`) are read from that text: a
card shows its own deletion as "[…]" (or "[a country]", its hint) and every other one as
its text; the answer is its deletion.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset(
    {
        "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre",
        "table", "tr", "hr", "section", "article", "header", "footer", "dl", "dt", "dd",
    }
)  # fmt: skip
_HIDDEN = frozenset({"script", "style", "head", "title"})
_SOUND = re.compile(r"\[sound:([^\]]*)\]")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [is ordered, items so far]
        self.hidden = 0
        self.cells = 0

    def _newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "img":
            source = dict(attrs).get("src") or ""
            self.parts.append(f"[image: {source.strip()}]" if source.strip() else "[image]")
        elif tag == "li":
            self._newline()
            if self.lists and self.lists[-1][0]:
                self.lists[-1][1] += 1
                self.parts.append(f"{'  ' * (len(self.lists) - 1)}{self.lists[-1][1]}. ")
            else:
                self.parts.append(f"{'  ' * max(0, len(self.lists) - 1)}- ")
        elif tag in ("td", "th"):
            if self.cells:
                self.parts.append(" | ")
            self.cells += 1
        elif tag in _BLOCKS:
            self._newline()
            if tag in ("ul", "ol"):
                self.lists.append([tag == "ol", 0])
            if tag == "tr":
                self.cells = 0

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _HIDDEN:
            self.hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._newline()
        elif tag in _BLOCKS or tag == "li":
            self._newline()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """An Anki field's HTML as plain text (see the module's rules)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ").replace("\r\n", "\n")
    text = _SOUND.sub(lambda m: f"[sound: {m.group(1).strip()}]", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)


def cloze_numbers(text: str) -> list[int]:
    """The deletion numbers in `text`, each once, in order."""
    return sorted({int(m.group(1)) for m in _CLOZE.finditer(text)})


def cloze_card(text: str, number: int) -> tuple[str, str]:
    """(question, answer) of deletion `number`: the question shows it as "[…]" (or its
    hint in brackets) and every other deletion as its text; the answer is the text of each
    part of that deletion, joined by "; " when it has several."""
    answers: list[str] = []

    def hide(match: re.Match[str]) -> str:
        if int(match.group(1)) != number:
            return match.group(2)
        answers.append(match.group(2).strip())
        hint = (match.group(3) or "").strip()
        return f"[{hint}]" if hint else "[…]"

    question = _CLOZE.sub(hide, text)
    return question.strip(), "; ".join(a for a in answers if a)


_REFERENCE = re.compile(r"\{\{\s*([#^/]?)\s*([^{}]*?)\s*\}\}")
_SPECIAL = frozenset({"FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag"})


def template_fields(template: str) -> tuple[list[str], list[str]]:
    """The fields a card template shows: (plain `{{Field}}` and filtered `{{text:Field}}`
    references, `{{type:Field}}` typing boxes), conditionals and Anki's own names left out.
    `{{cloze:Text}}` counts as a plain reference to Text."""
    shown: list[str] = []
    typed: list[str] = []
    for prefix, body in _REFERENCE.findall(template):
        if prefix:
            continue
        *filters, name = body.split(":")
        name = name.strip()
        if not name or name in _SPECIAL:
            continue
        target = typed if "type" in (f.strip() for f in filters) else shown
        if name not in target:
            target.append(name)
    return shown, typed
