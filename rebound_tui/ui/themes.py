"""Theme choice: the user's saved theme, a --theme for one session, and a 16-colour-safe
default when the terminal cannot show more."""

from __future__ import annotations

import os

DEFAULT_THEME = "textual-dark"
SIXTEEN_COLOUR_THEME = "ansi-dark"


class UnknownThemeError(ValueError):
    pass


def theme_names() -> list[str]:
    from textual.theme import BUILTIN_THEMES

    return sorted(BUILTIN_THEMES)


def resolve_theme(name: str | None) -> str | None:
    """Validate a --theme value (None stays None: use the saved or default theme)."""
    if name is None:
        return None
    names = theme_names()
    if name not in names:
        raise UnknownThemeError(f"unknown theme {name!r}; choose one of: {', '.join(names)}")
    return name


def terminal_has_few_colours(environ: dict[str, str] | None = None) -> bool:
    """True for terminals that promise 16 colours or fewer (TERM=xterm, linux, vt100...)."""
    env = os.environ if environ is None else environ
    if env.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return False
    term = env.get("TERM", "").lower()
    if not term:
        return False
    return not any(mark in term for mark in ("256", "direct", "truecolor", "kitty", "ghostty"))


def startup_theme(saved: str | None, requested: str | None) -> str:
    if requested:
        return requested
    if saved and saved in theme_names():
        return saved
    return SIXTEEN_COLOUR_THEME if terminal_has_few_colours() else DEFAULT_THEME
