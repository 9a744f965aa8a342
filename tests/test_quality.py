"""House rules that the suite enforces: layering, lint, formatting, packaging."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.helpers import REPO_ROOT

BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO_ROOT, capture_output=True, text=True, check=False)


def test_domain_and_store_import_no_textual() -> None:
    result = _run(str(BIN / "lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_ruff_lint_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_wheel_carries_the_styles(tmp_path: Path) -> None:
    """A plain `pip install .` must run the app, so every .tcss travels in the wheel."""
    result = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--quiet",
        "-w",
        str(tmp_path),
        ".",
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("rebound_tui-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for style in (REPO_ROOT / "styles").glob("*.tcss"):
        assert f"rebound_tui/styles/{style.name}" in names
    assert "rebound_tui/ui/app.py" in names


def test_mypy_is_clean() -> None:
    result = _run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr
