"""A failing disk never silently eats typing: leaving or quitting while saves fail asks
(retry, keep editing, write it to a file), and what is written there imports back."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
from pathlib import Path

import pytest
from textual.widgets import Input

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.store import storage
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.unsaved import UnsavedScreen
from rebound_tui.ui.screens.checkin import CheckInScreen
from rebound_tui.ui.screens.home import HomeScreen
from tests.helpers import open_repo

SIZE = (80, 24)


class FullDisk:
    """Every durable write fails with ENOSPC while `full` is set."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.full = False
        real = storage.atomic_write_bytes

        def write(path: Path, payload: bytes) -> int:
            if self.full:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            return real(path, payload)

        monkeypatch.setattr(storage, "atomic_write_bytes", write)


async def _check_in_with_a_full_disk(pilot, disk: FullDisk) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CheckInScreen)
    disk.full = True
    await pilot.press("l", "l", "k", "tab", "space")  # a place on the grid and a word
    await pilot.pause()
    assert not pilot.app.autosave.flush()
    assert pilot.app.autosave.pending


async def test_leaving_with_unsaved_input_asks_and_keep_editing_stays(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = FullDisk(monkeypatch)
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await _check_in_with_a_full_disk(pilot, disk)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        text = str(app.screen.query_one("#unsaved-text").render())
        assert "disk is full" in text.lower() or "no space left" in text.lower()
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)  # still there, still editable
        assert app.autosave.pending
        assert repo.checkins.all() == []


async def test_retry_after_the_disk_has_room_saves_and_leaves(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = FullDisk(monkeypatch)
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await _check_in_with_a_full_disk(pilot, disk)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r")  # still full: the dialog stays and says so
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        assert "Still not saved" in str(app.screen.query_one("#unsaved-status").render())
        disk.full = False
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert not app.autosave.pending
        (checkin,) = repo.checkins.all()
        assert (checkin.pleasantness, checkin.energy) == (2, 1)


async def test_quitting_never_exits_zero_with_unsaved_input(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    disk = FullDisk(monkeypatch)
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    rescue = tmp_path / "elsewhere" / "my-check-in.json"
    rescue.parent.mkdir()
    async with app.run_test(size=SIZE) as pilot:
        await _check_in_with_a_full_disk(pilot, disk)
        app.exit()  # what `q` and ctrl+q do
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, UnsavedScreen)
        await pilot.press("w")
        field = app.screen.query_one("#unsaved-path", Input)
        assert field.has_focus
        field.value = str(rescue)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
    assert not app.is_running and app.return_code == 0
    assert stat.S_IMODE(rescue.stat().st_mode) == 0o600
    document = json.loads(rescue.read_text())
    (saved,) = document["checkins"]
    assert saved["words"] == ["hopeful"]
    # Once the disk has room again, the rescued check-in imports back.
    disk.full = False
    repo.close()
    assert main(["--data-dir", str(data_dir), "import", str(rescue)]) == 0
    again = open_repo(data_dir, clock)
    (checkin,) = again.checkins.all()
    assert (checkin.pleasantness, checkin.energy, checkin.words) == (2, 1, ("hopeful",))


async def test_writing_over_an_existing_file_is_refused(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    disk = FullDisk(monkeypatch)
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    async with app.run_test(size=SIZE) as pilot:
        await _check_in_with_a_full_disk(pilot, disk)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("w")
        app.screen.query_one("#unsaved-path", Input).value = str(precious)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedScreen)
        assert "already there" in str(app.screen.query_one("#unsaved-status").render())
        assert app.autosave.pending
    assert precious.read_text() == "keep me"


async def test_a_hang_up_with_a_full_disk_rescues_what_was_typed(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = FullDisk(monkeypatch)
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await _check_in_with_a_full_disk(pilot, disk)
        monkeypatch.setattr(os, "_exit", lambda code: None)  # the watchdog must not fire
        os.kill(os.getpid(), signal.SIGHUP)  # what a dropped SSH link sends
        await pilot.pause()
    assert app.return_code == 129
    (rescued,) = data_dir.parent.glob("rebound-unsaved-*.json")
    assert json.loads(rescued.read_text())["checkins"][0]["words"] == ["hopeful"]


async def test_a_rescue_keeps_a_save_that_also_deletes(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Clearing a lesson deletes it: the rest of that save (a new lesson, the next step)
    must still reach the rescue file."""
    from datetime import UTC, datetime

    from rebound_tui.domain.models import Interview, Rebound, new_id
    from rebound_tui.services import rebounds

    disk = FullDisk(monkeypatch)
    repo = open_repo(data_dir, clock)
    interview = repo.interviews.put(Interview(id=new_id(), company="Acme"))
    rebound = repo.rebounds.put(
        Rebound(
            id=new_id(), interview_id=interview.id, opened_at=datetime(2026, 11, 20, tzinfo=UTC)
        )
    )
    rebounds.save_lessons(repo, rebound, ["old lesson", "", ""])
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE):
        disk.full = True

        def save_move_on() -> None:
            current = repo.rebounds.get(rebound.id)
            assert current is not None
            rebounds.save_lessons(repo, current, ["", "new lesson typed", ""])
            current = repo.rebounds.get(rebound.id)
            assert current is not None
            rebounds.save_next_step(repo, current, "call Bob on Monday", None)

        app.autosave.schedule("move-on", save_move_on)
        assert not app.autosave.flush()
        written = app.autosave.rescue(tmp_path / "rescued.json")
        assert not app.autosave.pending
    text = written.read_text()
    assert "new lesson typed" in text and "call Bob on Monday" in text


async def test_nothing_is_called_rescued_when_a_save_cannot_be_gathered(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from rebound_tui.ui.autosave import CannotGather

    disk = FullDisk(monkeypatch)
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE):
        disk.full = True
        calls: list[str] = []

        def save() -> None:
            calls.append("save")
            if len(calls) > 1:  # the gathering run fails in a way the disk did not
                raise RuntimeError("the form is gone")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        app.autosave.schedule("broken", save)
        assert not app.autosave.flush()
        with pytest.raises(CannotGather):
            app.autosave.rescue(tmp_path / "rescued.json")
        assert app.autosave.pending
        assert not (tmp_path / "rescued.json").exists()
