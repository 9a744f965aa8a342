"""Write it out: private pages of free writing (expressive writing, about 15 minutes on
what happened and how it feels), optionally from a rebound. Kept in the user's own data
only; nothing here is sent anywhere."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from rebound_tui.domain.models import JournalEntry, new_id
from rebound_tui.services.clock import now
from rebound_tui.services.versions import Saved, save_checked
from rebound_tui.store.repository import Repository

SUGGESTED_MINUTES = 15
"""Expressive writing is usually about 15 minutes (Pennebaker): a suggestion, never a limit."""

JOURNAL_TEXTS = ("text",)


def new_entry(repo: Repository, rebound_id: str | None = None) -> JournalEntry:
    """A blank page, written now (not stored until `save_entry`)."""
    stamp = now(repo)
    return JournalEntry(id=new_id(), written_at=stamp, rebound_id=rebound_id, updated_at=stamp)


def save_entry(repo: Repository, entry: JournalEntry) -> JournalEntry:
    """Store `entry` as it is (its `updated_at` set to now)."""
    return repo.journal.put(replace(entry, updated_at=now(repo)))


def save_entry_edit(
    repo: Repository, edited: JournalEntry, base: JournalEntry
) -> Saved[JournalEntry]:
    """Save a page as edited here, `base` being what the page loaded (or last saved). Text
    written on another device since is merged, never lost: see `services.versions`."""
    return save_checked(
        repo, repo.journal, base, edited, JOURNAL_TEXTS, lambda e: save_entry(repo, e)
    )


def entry(repo: Repository, entry_id: str) -> JournalEntry | None:
    return repo.journal.get(entry_id)


def entries(repo: Repository, rebound_id: str | None = None) -> list[JournalEntry]:
    """Every page, newest first; only a rebound's pages if `rebound_id` is given."""
    pages = repo.journal.all()
    if rebound_id is not None:
        pages = [p for p in pages if p.rebound_id == rebound_id]
    return sorted(pages, key=lambda p: (p.written_at, p.id), reverse=True)


def delete_entry(repo: Repository, page: JournalEntry) -> None:
    repo.journal.delete(page)


def minutes_written(started: datetime, at: datetime) -> int:
    """Whole minutes between `started` and `at` (never below zero)."""
    return max(0, int((at - started).total_seconds() // 60))


def timer_line(minutes: int) -> str:
    """The gentle timer: how long this sitting has been, never an alarm."""
    if minutes >= SUGGESTED_MINUTES:
        return (
            f"{minutes} minutes written. That is the usual length; it is fine to stop here,"
            " or to keep going."
        )
    return f"{minutes} of about {SUGGESTED_MINUTES} minutes"
