"""User text is shown as text: never parsed as markup, and never able to talk to the terminal.

Everything a user typed or imported reaches the screen through this module:

- `plain(text)`: a `Content` that shows `text` exactly (`[/bold]`, `$var` and `:smile:` stay
  literal); `line(text, n)` the same on one line, cut to `n` characters.
- `cell(text)`: a literal `DataTable` cell that looks like a plain `str` cell.
- `template(markup, **values)`: our own markup, with user values substituted as plain text.
- `clean(text)` / `one_line(text)` / `short(text, n)` as `str`, for the places Textual takes
  a string (`Input` and `TextArea` values, dialog questions).

Notifications and the header are literal app-wide: `ReboundApp.notify` and
`ReboundApp.format_title` clean what they are given and never parse markup.

Control characters are shown, not obeyed and not silently dropped, so a record that carries
one can be seen and fixed: C0 controls (other than newline and tab) and DEL become their
Unicode control pictures (ESC is ␛, BEL ␇, NUL ␀, DEL ␡); CR LF is a newline, a lone CR ␍.
C1 controls (U+0080–U+009F, which some terminals obey as 8-bit CSI/OSC), the bidi
embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, which can make text read
backwards) and lone surrogates (which cannot be written to a terminal at all) become U+FFFD.

As a second line of defence `ControlCodeFilter`, installed on the app, drops any such
character that still reaches a rendered line (from a widget that does not go through this
module): they are all zero cells wide, so dropping them never moves anything.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text
from textual.content import Content, Span
from textual.filter import LineFilter

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from rich.segment import Segment
    from textual.color import Color

# Everything the terminal might obey, or that changes how the text around it reads.
_UNSAFE = re.compile(r"\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_REPLACEMENT = "\ufffd"


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\r\n":
        return "\n"
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟: the Control Pictures block
    if code == 0x7F:
        return "\u2421"  # ␡
    return _REPLACEMENT


def clean(text: str) -> str:
    """`text` with every terminal control character made visible (see the module doc)."""
    return _UNSAFE.sub(_visible, text)


def one_line(text: str) -> str:
    """`clean(text)` on one line: newlines and tabs become spaces."""
    return clean(text).replace("\n", " ").replace("\t", " ")


def short(text: str, limit: int = 60) -> str:
    """`one_line(text)`, cut to `limit` characters with an ellipsis if it is longer."""
    flat = one_line(text if len(text) <= limit * 4 else text[: limit * 4])
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def plain(text: str) -> Content:
    """`text` exactly as typed, control characters made visible; `[bold]` stays literal."""
    return Content(clean(text))


def line(text: str, limit: int | None = None) -> Content:
    """`plain` on one line (table cells, list entries), cut to `limit` characters."""
    return Content(one_line(text) if limit is None else short(text, limit))


def cell(text: str) -> Text:
    """A `DataTable` cell shown literally, on one line, styled as a plain `str` cell would
    be (a `str` cell is read as Rich markup, emoji codes included)."""
    return Text(one_line(text), end="")


def template(markup: str, **values: object) -> Content:
    """Our own markup with user values substituted as plain text ($name placeholders)."""
    return Content.from_markup(markup, **{k: clean(str(v)) for k, v in values.items()})


KEPT_STYLES = frozenset({"b", "dim"})
"""The styles of our own markup that `from_kept` shows again (home's panels use these)."""


def to_kept(content: Content) -> list[object] | None:
    """`content` as JSON values (its text and spans) for `from_kept`; None if a span has
    a style that `from_kept` would not take."""
    spans: list[object] = []
    for span in content.spans:
        if not isinstance(span.style, str) or span.style not in KEPT_STYLES:
            return None
        spans.append([span.start, span.end, span.style])
    return [content.plain, spans]


def from_kept(value: object) -> Content | None:
    """The `Content` that `to_kept` made `value` from; None unless `value` is exactly
    such (text with no control character, spans within it, styles of `KEPT_STYLES`), so
    that a file changed by anyone else shows nothing it could not have held."""
    if not isinstance(value, list) or len(value) != 2:
        return None
    text, spans = value
    if not isinstance(text, str) or clean(text) != text or not isinstance(spans, list):
        return None
    out = []
    for span in spans:
        if not (isinstance(span, list) and len(span) == 3):
            return None
        start, end, style = span
        if type(start) is not int or type(end) is not int or not 0 <= start <= end <= len(text):
            return None
        if not isinstance(style, str) or style not in KEPT_STYLES:
            return None
        out.append(Span(start, end, style))
    return Content(text, spans=out)


def literal_markdown() -> MarkdownIt:
    """A Markdown parser for documents that hold user text (the retrospective): the journal
    escapes Markdown syntax in user text, and this parser makes no links, images, HTML or
    character references of its own accord, so a bare URL or `&copy;` reads as typed."""
    from markdown_it import MarkdownIt

    return MarkdownIt("gfm-like", {"linkify": False, "html": False}).disable(
        ["linkify", "autolink", "html_inline", "html_block", "entity", "image", "link"],
        ignoreInvalid=True,
    )


class ControlCodeFilter(LineFilter):
    """Drops any terminal control character left in a rendered line (a last resort: text
    that went through `clean` has none). Segments Textual marks as control are its own."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(_UNSAFE.search(segment.text) for segment in segments):
            return segments
        return [
            segment if segment.control else segment._replace(text=_UNSAFE.sub("", segment.text))
            for segment in segments
        ]
