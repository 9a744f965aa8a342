"""The calendar file kept up to date (Settings.calendar_file): a path, e.g. in a synced
folder a calendar app subscribes to, that Rebound rewrites with the .ics export
(services/export/ics.py) when something on it may have changed.

The store has no hook after a write (and must not know of exports), so the app calls
`keep_calendar_file` every few seconds while it runs and once when it closes, and the
commands that write (`rebound import`) once after. It is cheap when nothing changed:
a few `stat`s of the files the calendar is made from (interviews, feedback requests,
next steps, settings) decide, and a new day counts as a change (the interviews shown
start today). The file is written atomically (a temporary file renamed over it), so a
calendar app never reads half of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rebound_tui.services.clock import now, today
from rebound_tui.store.repository import Repository

_SOURCES = ("interviews", "feedback_requests", "next_steps")
_written: dict[tuple[str, str], tuple[Any, ...]] = {}
"""(data dir, calendar file) -> what the sources were when it was last written."""


def calendar_path(repo: Repository) -> Path | None:
    """The file to keep, if the user set one."""
    value = repo.settings().calendar_file.strip()
    return Path(value).expanduser() if value else None


def keep_calendar_file(repo: Repository, *, force: bool = False) -> str | None:
    """Rewrite the calendar file if one is set and its sources changed since it was last
    written (or `force`). Returns None, or one line saying why it could not be written
    (the app shows it; nothing else fails)."""
    path = calendar_path(repo)
    if path is None:
        return None
    key = (str(repo.data_dir), str(path))
    state = (today(repo), repo.disk_state(*_SOURCES))
    if not force and _written.get(key) == state and path.exists():
        return None
    from rebound_tui.services.export.files import write_private
    from rebound_tui.services.export.ics import export_ics

    try:
        write_private(path, export_ics(repo, now(repo)))
    except OSError as error:
        return f"The calendar file {path} could not be written: {error.strerror or error}"
    _written[key] = state
    return None
