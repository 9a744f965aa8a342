"""The user's settings, and what the store has to tell them (a damaged file set aside,
a migration done)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rebound_tui.domain.models import Settings
from rebound_tui.store.repository import Repository


def settings(repo: Repository) -> Settings:
    return repo.settings()


def save_theme(repo: Repository, theme: str) -> None:
    """Remember the theme the user chose (nothing is written if it is already the one)."""
    current = repo.settings()
    if current.theme != theme:
        repo.save_settings(replace(current, theme=theme))


def take_notices(repo: Repository) -> list[str]:
    """One-line messages for the user that the store has collected since last asked."""
    return repo.drain_notices()


def data_dir(repo: Repository) -> Path:
    return repo.data_dir
