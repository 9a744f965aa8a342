"""Backups, as the app shows them: the ones kept (with their time in the user's zone) and
one taken now. Restoring stays on the command line (`rebound restore NAME`): it replaces
every file under a running app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rebound_tui.domain.days import effective_timezone, zone
from rebound_tui.store import backups as kept
from rebound_tui.store.errors import disk_errors
from rebound_tui.store.repository import Repository

DAILY_KEPT = kept.DAILY_KEPT
"""How many daily backups are kept (one a day Rebound is opened)."""
OTHERS_KEPT = kept.SPECIAL_KEPT
"""How many other backups are kept (taken by hand, before an import or a restore)."""


@dataclass(frozen=True)
class Backup:
    name: str
    """What `rebound restore NAME` takes."""
    taken_at: datetime
    """In the user's time zone."""
    files: int
    size_bytes: int


def backups(repo: Repository) -> list[Backup]:
    """The backups kept for this data directory, newest first."""
    here = zone(effective_timezone(repo.settings().timezone))
    return [
        Backup(b.name, b.taken_at.astimezone(here), b.files, b.size_bytes)
        for b in kept.list_backups(repo.data_dir)
    ]


def take_backup_now(repo: Repository) -> str | None:
    """Take a backup of everything now; its name, or None when there is nothing to back up
    yet. A disk that refuses raises `StoreError` (one line), with no half backup left."""
    if not repo.data_files():
        return None
    with disk_errors("take a backup in", repo.data_dir):
        taken = kept.take_backup(repo, f"taken-{kept.time_stamp(repo)}")
    return taken.name
