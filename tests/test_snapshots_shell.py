"""How the shell looks at 80×24 (snapshots: `pytest --snapshot-update` after a look)."""

from __future__ import annotations

from pathlib import Path

from rebound_tui.domain.clock import FixedClock
from rebound_tui.ui.app import ReboundApp
from tests.helpers import open_repo
from tests.test_app_shell import seed


def test_home_empty(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    assert snap_compare(ReboundApp(open_repo(data_dir, clock), clock), terminal_size=(80, 24))


def test_home_with_data(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    seed(repo, clock)
    assert snap_compare(ReboundApp(repo, clock), terminal_size=(80, 24))


def test_help(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    assert snap_compare(app, press=["question_mark"], terminal_size=(80, 24))
