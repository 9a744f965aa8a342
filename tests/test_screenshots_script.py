"""The screenshot script runs, and writes a real picture of every main screen."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tests.helpers import REPO_ROOT

EXPECTED_TEXT = {
    "home": "Today's drill",
    "rebound-feel": "Where are you?",
    "rebound-treat": "How about",
    "rebound-went-well-tough": "Tough",
    "rebound-feedback": "Your letter",
    "rebound-move-on": "Lesson",
    "drill-question": "Question",
    "drill-answer": "Again",
    "cards": "Question",
    "drill-stats": "Reviews a day, last",
    "history-mood": "Mood, daily average",
    "history-daydreams": "how heavy the no felt",
    "history-funnel": "Applications",
    "interviews": "Outcome",
    "help": "Keys",
}


def test_screenshot_script_writes_every_screen(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "screenshots", REPO_ROOT / "scripts" / "screenshots.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.main(tmp_path)
    assert sorted(p.stem for p in written) == sorted(EXPECTED_TEXT)
    for path in written:
        svg = path.read_text()
        assert svg.startswith("<svg"), path
        needle = EXPECTED_TEXT[path.stem].replace("'", "&#x27;").replace(" ", "&#160;")
        assert needle in svg, f"{path.name} does not show {EXPECTED_TEXT[path.stem]!r}"
    committed = {p.stem for p in (REPO_ROOT / "screenshots").glob("*.svg")}
    assert committed == set(EXPECTED_TEXT), "run scripts/screenshots.py and commit the result"
