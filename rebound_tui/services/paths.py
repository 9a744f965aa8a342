"""Where Rebound keeps its data: --data-dir, else $REBOUND_HOME, else the platform's
user data directory."""

from __future__ import annotations

import os
from pathlib import Path


def resolve_data_dir(cli_value: str | None) -> Path:
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get("REBOUND_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("rebound", appauthor=False))


CONFINE_ENV = "REBOUND_CONFINE_FILES_TO"
"""Set by `rebound serve`: files a session writes (saved letters) must stay in this folder."""


def letters_dir() -> Path:
    """Where a saved feedback letter goes by default."""
    confined = os.environ.get(CONFINE_ENV)
    return Path(confined) if confined else Path.home()


def writable_path(path: Path) -> Path | None:
    """`path`, resolved, if a session may write it; None if it lies outside the folder a
    hosted session is confined to (another user's data, the server's files...)."""
    confined = os.environ.get(CONFINE_ENV)
    resolved = path.expanduser().resolve()
    if not confined:
        return resolved
    root = Path(confined).resolve()
    return resolved if root in resolved.parents else None
