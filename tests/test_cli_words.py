"""The command line's words (issue 11, item 10): `rebound checkin` says what it saved,
`rebound restore` of an unknown backup is one line and exit 2, counts are plural only when
they are more than one."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from tests.helpers import REPO_ROOT, START, open_repo, tree_digest
from tests.terminal import Terminal


def checkin_terminal(data_dir: Path) -> Terminal:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(TERM="xterm-256color", REBOUND_FAKE_NOW=START.isoformat())
    return Terminal(["checkin", "--data-dir", str(data_dir)], env, REPO_ROOT)


def test_checkin_says_what_it_saved_when_it_exits(data_dir: Path, clock: FixedClock) -> None:
    open_repo(data_dir, clock).close()  # Berlin: 15:00 UTC is 16:00 there
    term = checkin_terminal(data_dir)
    try:
        term.wait_for("How are you, really?")
        term.press("l", "l", "k", "tab", "space")  # a place on the grid, and a word
        term.press("escape")
        status = term.wait_exit()
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        term.wait_for("Check-in saved at 16:00: ", timeout=5)
    finally:
        term.close()
    (checkin,) = open_repo(data_dir, clock).checkins.all()
    assert checkin.words and f"16:00: {', '.join(checkin.words)}." in term.text()


def test_checkin_left_untouched_says_nothing_was_saved(data_dir: Path, clock: FixedClock) -> None:
    open_repo(data_dir, clock).close()
    term = checkin_terminal(data_dir)
    try:
        term.wait_for("How are you, really?")
        term.press("escape")
        term.wait_exit()
        term.wait_for("No check-in saved: nothing was picked.", timeout=5)
    finally:
        term.close()


def test_restore_of_an_unknown_backup_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FixedClock
) -> None:
    open_repo(data_dir, clock).close()  # opening takes the day's backup
    assert main(["backups", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.startswith("2026-11-26")
    before = tree_digest(data_dir)
    where = str(data_dir)
    for args in (
        ["restore", "nope", "--data-dir", where],
        ["--data-dir", where, "restore", "nope"],
    ):
        assert main(args) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert err.splitlines() == [
            "rebound: error: there is no backup named 'nope'; `rebound backups` lists them"
        ]
    assert tree_digest(data_dir) == before


def test_demo_and_backups_count_in_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "demo"
    monkeypatch.setenv("REBOUND_FAKE_NOW", START.isoformat())
    assert main(["demo", "--no-launch", "--data-dir", str(target)]) == 0
    line = capsys.readouterr().out
    assert "check-ins" in line and "checkins" not in line
    assert " 1 interviews" not in line

    clock = FixedClock(START + timedelta(days=1))
    repo = open_repo(tmp_path / "one", clock)
    repo.close()
    (tmp_path / "one" / "backups" / "single").mkdir(parents=True)
    (tmp_path / "one" / "backups" / "single" / "settings.json").write_text("{}")
    assert main(["backups", "--data-dir", str(tmp_path / "one")]) == 0
    (row,) = [r for r in capsys.readouterr().out.splitlines() if r.startswith("single")]
    assert "   1 file " in row and "1 files" not in row
