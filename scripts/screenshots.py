"""Regenerate the SVG screenshots in screenshots/ from `small` demo data at 80×24.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]

Deterministic: a fixed clock and the demo's fixed seed. The test suite runs this into a
temporary directory, so the screenshots cannot rot unnoticed.
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rebound_tui.domain.clock import FixedClock  # noqa: E402
from rebound_tui.services.demo import generate  # noqa: E402
from rebound_tui.store.repository import Repository  # noqa: E402

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
SIZE = (80, 24)

Steps = Callable[[object], Awaitable[None]]


async def _rebound(pilot: object, step: str) -> None:
    from rebound_tui.ui.screens.rebound import ReboundScreen

    app = pilot.app  # type: ignore[attr-defined]
    (rebound,) = [r for r in app.repo.rebounds.all() if r.is_open]
    await app.push_screen(ReboundScreen(rebound.id))
    await app.screen.go_to(step)
    await pilot.pause()  # type: ignore[attr-defined]


def _keys(*keys: str) -> Steps:
    async def run(pilot: object) -> None:
        await pilot.press(*keys)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]

    return run


def _step(step: str) -> Steps:
    async def run(pilot: object) -> None:
        await _rebound(pilot, step)

    return run


SHOTS: dict[str, Steps] = {
    "home": _keys("x"),  # the demo's low days raise the care card; shown put away
    "rebound-feel": _step("feel"),
    "rebound-treat": _step("treat"),
    "rebound-went-well-tough": _step("tough"),
    "rebound-feedback": _step("feedback"),
    "rebound-move-on": _step("move_on"),
    "drill-question": _keys("d"),
    "drill-answer": _keys("d", "space"),
    "cards": _keys("k"),
    "drill-stats": _keys("k", "S"),
    "history-mood": _keys("h"),
    "history-daydreams": _keys(
        "h", "right_square_bracket", "right_square_bracket", "right_square_bracket"
    ),
    "history-funnel": _keys("h", *["right_square_bracket"] * 4),
    "interviews": _keys("i"),
    "help": _keys("question_mark"),
}


async def shoot(name: str, steps: Steps, data_dir: Path, out_dir: Path) -> Path:
    from textual.widgets import Input, TextArea

    from rebound_tui.ui.app import ReboundApp

    Input.cursor_blink = False  # type: ignore[assignment]
    TextArea.cursor_blink = False  # type: ignore[assignment]
    random.seed(2026)  # fsrs fuzzes intervals with the global random
    clock = FixedClock(NOW)
    app = ReboundApp(Repository.open(data_dir, clock), clock, theme="textual-dark")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await steps(pilot)
        await pilot.pause()
        path = out_dir / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(out_dir))
    return path


def main(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="rebound-shots-"))
    written = []
    for name, steps in SHOTS.items():
        data_dir = work / name  # a fresh copy each time: shots never see each other's edits
        repo = Repository.open(data_dir, FixedClock(NOW))
        generate(repo, "small")
        repo.close()
        written.append(asyncio.run(shoot(name, steps, data_dir, out_dir)))
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "screenshots"
    for path in main(target):
        print(path)
