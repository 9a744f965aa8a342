"""How the search screen looks at 80×24 (snapshots: `pytest --snapshot-update` after a look)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from rebound_tui.domain.clock import FixedClock
from rebound_tui.ui.app import ReboundApp
from tests.helpers import open_repo
from tests.test_search_service import seed_everything


def _typing(words: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Press `/`, type `words`, and let the list catch up."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("slash")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*words)
        await pilot.pause(0.3)

    return run_before


def test_search_with_results(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    seed_everything(repo, clock)
    app = ReboundApp(repo, clock)
    assert snap_compare(app, run_before=_typing("a"), terminal_size=(80, 24))


def test_search_nothing_found(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    seed_everything(repo, clock)
    app = ReboundApp(repo, clock)
    assert snap_compare(app, run_before=_typing("xylophone"), terminal_size=(80, 24))


def test_search_before_typing(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    assert snap_compare(app, run_before=_typing(""), terminal_size=(80, 24))
