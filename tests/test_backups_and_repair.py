"""Backups, restores and repairs: a restore never prunes the backup it restores, files that
are not Rebound data are left alone, damaged settings and unreadable records are mended
from a backup instead of ending in a traceback."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import CheckIn, Interview
from rebound_tui.store.backups import list_backups, restore_backup, take_backup
from rebound_tui.store.repository import Repository
from tests.helpers import open_repo


def test_restore_never_prunes_its_own_source(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.interviews.put(Interview(id="first", company="First"))
    oldest = take_backup(repo, "pre-import-0").name
    for i in range(1, 5):
        clock.advance(minutes=1)
        take_backup(repo, f"pre-import-{i}")
    repo.interviews.put(Interview(id="second", company="Second"))
    message = restore_backup(repo, oldest)
    assert message.startswith(f"Restored backup {oldest}.")
    assert [i.id for i in repo.interviews.all()] == ["first"]
    assert oldest in {b.name for b in list_backups(data_dir)}


def test_files_that_are_not_rebound_data_are_left_alone(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.interviews.put(Interview(id="mine", company="Mine"))
    take_backup(repo, "before")
    foreign = data_dir / "serve" / "alice" / "data" / "checkins.json"
    foreign.parent.mkdir(parents=True)
    foreign.write_text('{"checkins": {}}')
    notes = data_dir / "notes.json"
    notes.write_text("{}")
    assert "serve/alice/data/checkins.json" not in repo.data_files()
    restore_backup(repo, "before")
    assert foreign.read_text() == '{"checkins": {}}' and notes.exists()


def test_damaged_settings_are_mended_not_a_traceback(data_dir: Path, clock: FixedClock) -> None:
    from rebound_tui.store.errors import StoreError

    repo = open_repo(data_dir, clock)
    repo.close()
    clock.advance(days=1)
    Repository.open(data_dir, clock).close()  # a backup with good settings
    (data_dir / "settings.json").write_text("{broken")
    with pytest.raises(StoreError, match=r"settings\.json is damaged"):
        Repository.open(data_dir, clock, readonly=True)
    repo = Repository.open(data_dir, clock)
    assert repo.settings().timezone == "Europe/Berlin"
    assert any("settings.json could not be read" in n for n in repo.drain_notices())


def test_an_unreadable_checkin_time_does_not_break_status(
    data_dir: Path, clock: FixedClock
) -> None:
    from rebound_tui.services.overview import build_overview
    from rebound_tui.store.backups import take_backup

    repo = open_repo(data_dir, clock)
    repo.checkins.put(CheckIn(id="ok", at=clock.now() - timedelta(days=1)))
    take_backup(repo, "good")
    path = data_dir / "checkins.json"
    document = json.loads(path.read_text())
    document["checkins"]["99"] = {"id": "naive", "at": "2026-11-25T10:00:00"}
    path.write_text(json.dumps(document))
    repo = Repository.open(data_dir, clock)
    overview = build_overview(repo, clock.now())
    # A record that cannot be read makes the file damaged (issue 9): it is set aside and
    # the newest good backup is used.
    assert overview.last_checkin is not None and overview.last_checkin.id == "ok"
    assert any("set aside" in n and "backup good" in n for n in repo.drain_notices())
