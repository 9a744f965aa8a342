"""Commands run in-process (tests, scripts) leave no data files open behind them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rebound_tui.cli import main


def _open_files_under(root: Path) -> list[str]:
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(root)):
            out.append(target)
    return out


@pytest.mark.parametrize(
    "command",
    [["status"], ["status", "--json"], ["export", "--format", "json"], ["backups"]],
)
def test_a_command_closes_every_file_it_opened(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    assert main(["demo", "--size", "small", "--data-dir", str(data_dir), "--no-launch"]) == 0
    for _ in range(3):
        assert main(["--data-dir", str(data_dir), *command]) == 0
    capsys.readouterr()
    assert _open_files_under(data_dir) == []


def test_a_failing_command_closes_its_files_too(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert main(["demo", "--size", "small", "--data-dir", str(data_dir), "--no-launch"]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "rebound-export", "schema_version": 1, "cards": [{}]}')
    assert main(["--data-dir", str(data_dir), "import", str(bad)]) == 2
    assert main(["--data-dir", str(data_dir), "restore", "nope"]) == 2
    assert _open_files_under(data_dir) == []
