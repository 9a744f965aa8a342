"""User text is shown as text: never parsed as markup, terminal control codes removed."""

from __future__ import annotations

import re

from textual.content import Content

# C0 and C1 control characters except tab and newline: ESC sequences, bells, backspaces.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """`text` without terminal control characters."""
    return _CONTROL.sub("", text)


def plain(text: str) -> Content:
    """`text` exactly as typed, minus control codes; `[bold]` stays literal."""
    return Content(clean(text))


def template(markup: str, **values: object) -> Content:
    """Our own markup with user values substituted as plain text ($name placeholders)."""
    return Content.from_markup(markup, **{k: clean(str(v)) for k, v in values.items()})
