"""What the app writes it can always read back: a record the reader would refuse (a paste
far over a field's cap, a value out of range) is not written, and says so in one line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Interview, new_id
from rebound_tui.store.errors import RecordRejected, StoreError
from tests.helpers import open_repo, tree_digest


def test_an_over_long_paste_is_refused_and_the_file_stays_whole(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    kept = repo.interviews.put(Interview(id=new_id(), company="Initech"))
    before = tree_digest(data_dir)
    with pytest.raises(RecordRejected) as refused:
        repo.interviews.put(Interview(id=new_id(), company="x" * 2_000_000))
    assert isinstance(refused.value, StoreError)
    message = str(refused.value)
    assert "company" in message and "\n" not in message and len(message) < 200
    assert tree_digest(data_dir) == before
    reopened = open_repo(data_dir, clock)
    assert reopened.interviews.all() == [kept]
    assert reopened.drain_notices() == []  # nothing was set aside


def test_settings_out_of_range_are_not_written(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    good = repo.settings()
    with pytest.raises(RecordRejected):
        repo.save_settings(replace(good, day_start_hour=99))
    assert open_repo(data_dir, clock).settings() == good


@pytest.mark.slow
async def test_a_form_says_what_is_too_long_and_keeps_it(
    data_dir: Path, clock: FixedClock
) -> None:
    from textual.widgets import Static, TextArea

    from rebound_tui.ui.app import ReboundApp
    from rebound_tui.ui.dialogs.card_editor import CardEditor

    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    results: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        from rebound_tui.domain.models import Card

        editor = CardEditor(Card(id=new_id(), question="Tell me about a conflict"))
        await app.push_screen(editor, results.append)
        await pilot.pause()
        editor.query_one("#card-answer", TextArea).text = "y" * 1_000_001
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is editor and results == []  # still open, nothing lost
        error = str(editor.query_one("#card-error", Static).render())
        assert error.startswith("Not saved: answer:")
