"""House rules that the suite enforces: layering, lint, formatting, types, module size,
packaging."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.helpers import REPO_ROOT

BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO_ROOT, capture_output=True, text=True, check=False)


CONTRACTS = (
    "The domain and the store know nothing of Textual",
    "The domain knows nothing of storage",
    "Layers: entry points, then ui, services, store, domain (each imports only below)",
    "The ui reaches the store only through services",
    "Screens are independent: one opens another through the navigation table",
)


def test_the_import_contracts_hold() -> None:
    result = _run(str(BIN / "lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
    kept = " ".join(result.stdout.split())
    for contract in CONTRACTS:
        assert f"{contract} KEPT" in kept or f"{contract}KEPT" in kept, contract
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in kept


def _package_files() -> list[Path]:
    return sorted((REPO_ROOT / "rebound_tui").rglob("*.py"))


def test_the_ui_never_calls_the_store() -> None:
    """Screens and widgets hand `app.repo` to services; they never call it, so every read
    and write goes screen → service → store."""
    calls = []
    for path in _package_files():
        if "ui" not in path.relative_to(REPO_ROOT / "rebound_tui").parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Attribute):
                continue
            owner = node.value
            on_repo = (isinstance(owner, ast.Name) and owner.id == "repo") or (
                isinstance(owner, ast.Attribute) and owner.attr == "repo"
            )
            if on_repo:
                calls.append(f"{path.relative_to(REPO_ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert calls == []


# Content tables read best one entry per line, however long the table.
CONTENT_TABLES = {"rebound_tui/domain/treats.py", "rebound_tui/domain/questions.py"}
MAX_MODULE_LINES = 420


def test_no_module_is_over_about_400_lines() -> None:
    long = {}
    for path in _package_files():
        name = str(path.relative_to(REPO_ROOT))
        lines = len(path.read_text().splitlines())
        if name not in CONTENT_TABLES and lines > MAX_MODULE_LINES:
            long[name] = lines
    assert long == {}


def test_every_type_ignore_says_why_and_they_are_few() -> None:
    """A `type: ignore` carries a reason: a comment on its own line or the one before."""
    ignores = []
    for path in _package_files():
        lines = path.read_text().splitlines()
        for index, text in enumerate(lines):
            match = re.search(r"#\s*type:\s*ignore\[[\w-]+(?:,\s*[\w-]+)*\](.*)$", text)
            if match is None:
                continue
            where = f"{path.relative_to(REPO_ROOT)}:{index + 1}"
            said = match.group(1).strip().startswith("#")
            said = said or (index > 0 and lines[index - 1].strip().startswith("#"))
            assert said, f"{where}: a type: ignore without a reason"
            ignores.append(where)
    assert len(ignores) <= 6, ignores


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
    for module in (REPO_ROOT / "rebound_tui").rglob("*.py"):  # every package is listed
        assert str(module.relative_to(REPO_ROOT)) in names, module


def test_mypy_is_clean() -> None:
    result = _run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr
