"""User text is shown as text: never parsed as markup, control sequences removed."""

from __future__ import annotations

from textual.content import Content


def plain(text: str) -> Content:
    """`text` exactly as typed, minus terminal control codes; `[bold]` stays literal."""
    return Content.assemble(text)


def template(markup: str, **values: object) -> Content:
    """Our own markup with user values substituted as plain text ($name placeholders)."""
    return Content.from_markup(markup, **{k: str(v) for k, v in values.items()})
