"""Keys that live with tmux and screen (issue 13, item 8).

tmux takes `ctrl+b` and GNU screen `ctrl+a` as their prefix keys: a binding on either
never reaches the app inside them. No binding of Rebound uses them; a rebound's back is
`ctrl+r` (free in tmux, screen and zellij, and in Textual's text fields), and the user's
keymap can move it like any other key.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from rebound_tui.domain.clock import FixedClock
from rebound_tui.services import rebounds, settings
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.key_bindings import binding_rows
from rebound_tui.ui.screens.rebound import ReboundScreen
from tests.bursts import SIZE, rejected_at
from tests.helpers import REPO_ROOT, open_repo

PREFIXES = re.compile(r"\bctrl\+[ab]\b")


def test_no_binding_in_the_source_uses_a_multiplexer_prefix() -> None:
    hits = [
        f"{path.relative_to(REPO_ROOT)}:{number}"
        for path in sorted((REPO_ROOT / "rebound_tui").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PREFIXES.search(line) and not line.lstrip().startswith("#")
    ]
    assert hits == []


async def test_no_key_of_any_screen_is_a_multiplexer_prefix(
    data_dir: Path, clock: FixedClock
) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE):
        rows = binding_rows(app, {})
    assert rows
    assert [row for row in rows if PREFIXES.search(row[1].lower())] == []
    back = next(
        b for b in ReboundScreen.BINDINGS if isinstance(b, Binding) and b.id == "rebound.back"
    )
    assert back.key == "ctrl+r" and back.show


async def _steps_after(data_dir: Path, clock: FixedClock, *keys: str) -> str:
    repo = open_repo(data_dir, clock)
    rebound_id = rejected_at(repo)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.open("rebound", rebound_id=rebound_id, step="tough")
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        footer = " ".join(str(w.render()) for w in app.screen.query("FooterKey"))
    rebound = rebounds.rebound(repo, rebound_id)
    assert rebound is not None
    return f"{rebound.step} | {footer}"


async def test_ctrl_r_goes_back_a_step_and_the_footer_says_so(
    data_dir: Path, clock: FixedClock
) -> None:
    after = await _steps_after(data_dir, clock, "ctrl+r")
    assert after.startswith("went_well |")
    assert "^r" in after and "Back" in after


async def test_the_keymap_moves_back_a_step(data_dir: Path, clock: FixedClock) -> None:
    settings.update_settings(open_repo(data_dir, clock), keymap={"rebound.back": "f8"})
    assert (await _steps_after(data_dir, clock, "ctrl+r")).startswith("tough |")
    assert (await _steps_after(data_dir, clock, "f8")).startswith("went_well |")
