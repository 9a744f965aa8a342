"""The data directory a command names, and the repository it opens there (closed by
`main` whatever happens)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rebound_tui.cli.output import UsageError, warn
from rebound_tui.domain.safe_text import echo

if TYPE_CHECKING:
    import argparse

    from rebound_tui.domain.clock import Clock
    from rebound_tui.store.repository import Repository


def data_dir_from(args: argparse.Namespace) -> Path:
    """The data directory `--data-dir` names (or the default); a bad one is a `UsageError`."""
    from rebound_tui.services.paths import resolve_data_dir

    given = getattr(args, "data_dir", None)
    if given is not None and not given.strip():
        raise UsageError("--data-dir is empty: give a directory, or leave the option out")
    path = resolve_data_dir(given)
    if "\x00" in str(path):
        raise UsageError(f"{echo(str(path))} is not a usable path")
    if path.exists() and not path.is_dir():
        raise UsageError(f"the data directory {path} is not a directory")
    return path


def clock() -> Clock:
    """The system clock, or the one REBOUND_FAKE_NOW pins."""
    from rebound_tui.domain.clock import clock_from_environment

    return clock_from_environment()


def open_repository(
    args: argparse.Namespace,
    *,
    readonly: bool = False,
    check_files: bool = True,
    keep_backup: str | None = None,
) -> Repository:
    """Open the repository in the data directory; its notices go to stderr."""
    from rebound_tui.store.repository import Repository

    repo = Repository.open(
        data_dir_from(args),
        clock(),
        readonly=readonly,
        check_files=check_files,
        keep_backup=keep_backup,
    )
    OPENED.append(repo)
    print_notices(repo)
    return repo


OPENED: list[Repository] = []
"""Repositories this command opened; `main` closes them whatever happens."""


def print_notices(repo: Repository) -> None:
    """What the repository has to tell the user, one line each on stderr."""
    for notice in repo.drain_notices():
        warn(f"rebound: {notice}")


def close_opened() -> None:
    """Close every repository this command opened."""
    while OPENED:  # in-process callers (tests, scripts) must not inherit open files
        OPENED.pop().close()
