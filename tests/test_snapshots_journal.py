"""How "Write it out" looks at 80×24 and 60×20 (snapshots: `pytest --snapshot-update`
after a look): the privacy line, the gentle timer, the page and the past pages."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import JournalEntry
from rebound_tui.ui.app import ReboundApp
from tests.helpers import open_repo

OLDER = (
    "The email came at 4pm, two lines long. I read it on the bus and then read it again.",
    "I had already planned the walk to their office. That is the part that stings.",
)


def journal_app(data_dir: Path, clock: FixedClock) -> ReboundApp:
    repo = open_repo(data_dir, clock)
    for number, text in enumerate(OLDER):
        written = clock.now() - timedelta(days=3 * (number + 1))
        repo.journal.put(JournalEntry(id=f"p{number}", written_at=written, text=text))
    return ReboundApp(repo, clock)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_journal_page(
    snap_compare, data_dir: Path, clock: FixedClock, size: tuple[int, int]
) -> None:
    app = journal_app(data_dir, clock)

    async def write(pilot: Pilot[object]) -> None:
        app.open("journal")
        await pilot.pause()
        await pilot.press(*"I keep going back over the second round.")
        clock.advance(minutes=6)
        await pilot.press("enter", *"[b]Not[/b] bold.")
        await pilot.pause()

    assert snap_compare(app, run_before=write, terminal_size=size)
