"""How the app ends when something goes wrong: one escaped line, and typing kept."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.store import storage
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.autosave import Autosaver
from rebound_tui.ui.screens.rebound import ReboundScreen
from tests.helpers import open_repo

SIZE = (80, 24)


def _refuse_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    def write(path: Path, payload: bytes) -> int:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr(storage, "atomic_write_bytes", write)


SCRIPT = """
import errno, os, sys
from pathlib import Path
from rebound_tui.domain.clock import SystemClock
from rebound_tui.domain.models import Interview, new_id
from rebound_tui.store import storage
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp

repo = Repository.open(Path(sys.argv[1]), SystemClock())
app = ReboundApp(repo, SystemClock())

def refuse(path, payload):
    raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

async def auto(pilot):
    await pilot.pause()
    storage.atomic_write_bytes = refuse
    app.call_later(lambda: repo.interviews.put(Interview(id=new_id(), company="x")))

app.run(headless=True, auto_pilot=auto, size=(200, 24))
if app.failure:  # as `rebound` prints it once the terminal is restored
    from rebound_tui.cli.output import warn
    warn("rebound: " + app.failure)
sys.exit(app.return_code)
"""


def test_a_store_error_ends_with_one_escaped_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "x\x1b]0;PWNED\x07y"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data_dir)], capture_output=True, timeout=60
    )
    assert done.returncode == 1
    assert b"\x1b" not in done.stderr and b"\x07" not in done.stderr
    (line,) = [x for x in done.stderr.decode().splitlines() if x.strip()]
    assert line.startswith("rebound: could not save:")
    assert "\\x1b]0;PWNED\\x07" in line


async def test_a_bug_still_keeps_what_was_typed(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    app.autosave = Autosaver(app, delay=60.0)  # no timed save, even on a loaded machine
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("c")
            await pilot.press("l", "l", "k", "tab", "space")  # typed, not yet saved
            assert app.autosave.pending

            def bug() -> None:
                raise ZeroDivisionError

            app.call_later(bug)
            await pilot.pause()
    (checkin,) = open_repo(data_dir, clock).checkins.all()
    assert (checkin.pleasantness, checkin.energy) == (2, 1)


async def test_a_check_in_that_repeats_a_word_opens(
    data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    from rebound_tui.cli import main

    document = {
        "format": "rebound-export",
        "schema_version": 1,
        "interviews": [{"id": "iv1", "company": "Acme", "outcome": "rejected"}],
        "checkins": [{"id": "ck1", "at": "2026-11-25T10:00:00+00:00", "words": ["sad", "sad"]}],
        "rebounds": [
            {
                "id": "rb1",
                "interview_id": "iv1",
                "opened_at": "2026-11-25T10:00:00+00:00",
                "checkin_id": "ck1",
            }
        ],
    }
    source = tmp_path / "repeats.json"
    source.write_text(json.dumps(document))
    assert main(["--data-dir", str(data_dir), "import", str(source)]) == 0
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReboundScreen("rb1"))
        await pilot.pause()
        assert isinstance(app.screen, ReboundScreen)
    assert app.return_code in (None, 0)
