"""The warm parent's own state in a forked session: Textual's settings are read again only
when the session's differ from the ones the warm parent imported Textual with (reading
them again runs `textual.constants` anew, pages every session would copy for itself).
Real forks of a real warm-up, in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SCRIPT = """
import json, os, sys
from rebound_tui.serve import warm
warm.warm_app = lambda: None  # the imports and the freeze; not the headless run
warm.warm_up()
import textual.constants as constants
import textual.screen as screen
first = constants._get_environ_int
for settings in json.loads(sys.argv[1]):
    read, write = os.pipe()
    if os.fork() == 0:
        os.close(read)
        os.environ.clear()
        os.environ.update(settings)
        warm.fresh_state()
        seen = {
            "read_again": constants._get_environ_int is not first,
            "fps": constants.MAX_FPS,
            "period": screen.UPDATE_PERIOD,
            "escape": constants.ESCAPE_DELAY,
        }
        os.write(write, json.dumps(seen).encode())
        os._exit(0)
    os.close(write)
    print(os.read(read, 1000).decode())
    os.wait()
"""

WARM = {"PATH": "/usr/bin:/bin", "ESCDELAY": "50", "TEXTUAL_FPS": "30"}


def forked_sessions(*settings: dict[str, str]) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-I", "-c", SCRIPT, json.dumps(settings)],
        capture_output=True,
        text=True,
        cwd="/",
        env=WARM,
        timeout=120,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_textual_settings_are_read_again_only_when_a_session_has_its_own() -> None:
    same, faster, slower_escape, debug = forked_sessions(
        {**WARM, "TERM": "xterm-256color", "HOME": "/home/alice"},
        {**WARM, "TEXTUAL_FPS": "12"},
        {**WARM, "ESCDELAY": "250"},
        {**WARM, "TEXTUAL_DEBUG": "1"},
    )
    assert same == {"read_again": False, "fps": 30, "period": 1 / 30, "escape": 0.05}
    assert faster == {"read_again": True, "fps": 12, "period": 1 / 12, "escape": 0.05}
    assert slower_escape["read_again"] and slower_escape["escape"] == 0.25
    assert debug["read_again"] and debug["fps"] == 30


def test_the_warm_parent_remembers_the_settings_it_imported_textual_with() -> None:
    from rebound_tui.serve.warm import textual_settings

    env = {"ESCDELAY": "50", "TEXTUAL_FPS": "30", "TERM": "xterm", "TEXTUALLY": "x"}
    assert textual_settings(env) == {"ESCDELAY": "50", "TEXTUAL_FPS": "30"}


def test_a_start_that_fails_to_warm_leaves_the_others_warmed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import rebound_tui.ui.app as app_module
    from rebound_tui.serve import warm

    tried: list[str] = []

    class Failing:
        def __init__(self, *, start: str, **_: object) -> None:
            tried.append(start)
            raise RuntimeError(f"{start} broke")

    monkeypatch.setattr(app_module, "ReboundApp", Failing)
    warm.warm_app()
    assert tried == [start for start, _ in warm.WARM_STARTS] == ["home", "checkin", "drill"]
