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
