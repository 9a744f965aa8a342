"""Where the .tcss files are. Screens take their `CSS_PATH` from here, so none of them
imports the app module (which imports them back)."""

from __future__ import annotations

from pathlib import Path


def styles_dir() -> Path:
    """Inside the installed package, or the repository's styles/."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "styles", package.parent / "styles"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Rebound's styles/ directory is missing from this installation")


STYLES = styles_dir()
