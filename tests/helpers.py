"""Helpers shared by tests (fixtures live in conftest.py)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rebound_tui.domain.clock import FixedClock
from rebound_tui.store.repository import Repository

if TYPE_CHECKING:
    from textual.app import App

REPO_ROOT = Path(__file__).resolve().parent.parent
# The project's shared data when it is beside the clone; the copy in tests/data otherwise.
SHARED_DATA = next(
    (
        d
        for d in (REPO_ROOT.parent / "shared" / "data", REPO_ROOT / "tests" / "data")
        if (d / "fsrs-review-logs.csv").is_file()
    ),
    REPO_ROOT / "tests" / "data",
)
TEST_ZONE = "Europe/Berlin"
START = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # 16:00 in Berlin, a Thursday


def fresh_python(code: str, *args: str) -> list[str]:
    """The lines `code` prints, run in a fresh interpreter (as a start is) with `args` as
    its arguments and the clock at START (so that today's backup is taken then)."""
    run = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "REBOUND_FAKE_NOW": START.isoformat()},
    )
    return run.stdout.split("\n")


def open_repo(data_dir: Path, clock: FixedClock, zone: str = TEST_ZONE) -> Repository:
    """Open a repository pinned to a known time zone (not the tester's)."""
    repo = Repository.open(data_dir, clock)
    settings = repo.settings()
    if settings.timezone != zone:
        repo.save_settings(replace(settings, timezone=zone))
    return repo


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under `root` (relative path -> sha256), to prove nothing changed; the
    store's summaries (derived data a screen may work out and keep as it reads) aside."""
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).as_posix().startswith(".rebound-summaries/")
    }


def toasts(app: App[object]) -> list[str]:
    """The text of the notifications on screen now (Textual's Toast widgets), as the user
    reads them."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]
