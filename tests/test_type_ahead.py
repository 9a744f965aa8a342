"""Keys typed while a screen opens land where its focus starts (issue 13, item 4).

`c` on home, then tab three times and "abc", all at once: the check-in opens on its grid,
the tabs walk to the note, and the note says "abc". Each screen and dialog declares where
its focus starts (`AUTO_FOCUS`), so that focus is there as soon as the screen is built,
not set later from `on_mount` behind the keys already typed. The same for a rebound step
and for the card editor opened from the drill; a burst must give what the same keys give
typed slowly.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from rebound_tui.domain.clock import FixedClock
from rebound_tui.services import checkins, rebounds
from rebound_tui.ui.app import ReboundApp
from tests.bursts import SIZE, burst, fields_of, key_events, rejected_at, settle
from tests.factories import drill_cards
from tests.helpers import REPO_ROOT, START, open_repo
from tests.terminal import Terminal


async def _typed(app: ReboundApp, keys: str, *, at_once: bool) -> tuple[str, dict[str, str]]:
    """Type `keys` from home, all at once or one by one; the screen it ends on and the
    text of its fields."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if at_once:
            burst(app, keys)
            await settle(pilot)
        else:
            for key in key_events(keys):
                await pilot.press(key.key)
                await pilot.pause()
        return type(app.screen).__name__, fields_of(app.screen)


async def _both_ways(tmp_path: Path, clock: FixedClock, keys: str, seed: Any) -> dict[str, str]:
    """The fields after `keys` in one burst, checked against the same keys typed slowly."""
    results = []
    for way in ("slowly", "at_once"):
        repo = open_repo(tmp_path / way, clock)
        seed(repo)
        results.append(await _typed(ReboundApp(repo, clock), keys, at_once=way == "at_once"))
    slowly, at_once = results
    assert at_once == slowly
    return at_once[1]


async def test_c_then_three_tabs_and_abc_at_once_writes_the_check_in_note(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, "c<tab><tab><tab>abc")
        await settle(pilot)
        assert type(app.screen).__name__ == "CheckInScreen"
        assert fields_of(app.screen) == {"checkin-note": "abc"}
        app.autosave.flush()
    assert [c.note for c in checkins.all_checkins(repo)] == ["abc"]


async def test_the_same_keys_slowly_or_at_once_fill_the_check_in_alike(
    tmp_path: Path, clock: FixedClock
) -> None:
    fields = await _both_ways(tmp_path, clock, "c<tab><tab><tab>abc", lambda repo: None)
    assert fields["checkin-note"] == "abc"


def _at_move_on(repo: Any) -> None:
    rebound = rebounds.rebound(repo, rejected_at(repo))
    assert rebound is not None
    rebounds.move_to_step(repo, rebound, "move_on")


async def test_a_rebound_resumed_at_move_on_takes_the_lessons_typed_as_it_opens(
    tmp_path: Path, clock: FixedClock
) -> None:
    """`r`, enter (resume), then a lesson, tab, another: typed before the step is shown."""
    fields = await _both_ways(tmp_path, clock, "r<enter>Ask sooner<tab>Sleep more", _at_move_on)
    assert fields["lesson-0"] == "Ask sooner"
    assert "Sleep more" in fields.values()


async def test_the_card_editor_opened_from_the_drill_takes_what_is_typed_as_it_opens(
    tmp_path: Path, clock: FixedClock
) -> None:
    """`d`, `e` (edit the card shown), then text for the question and, two tabs on, the
    tags: all before the drill or the editor has been drawn."""

    def seed(repo: Any) -> None:
        repo.cards.put_many(drill_cards(clock.now(), 2))

    fields = await _both_ways(tmp_path, clock, "de?<tab><tab>abc", seed)
    assert fields["card-question"].endswith("?")
    assert fields["card-tags"].endswith("abc")


# Where each screen's focus starts; the declaration is what the user sees focused.
DECLARED = {
    "checkin": "checkin-grid",
    "cards": "cards-table",
    "interviews": "interviews-table",
    "next_steps": "next-steps-list",
    "settings": "settings-table",
    "starter_bank": "starter-list",
}


@pytest.mark.parametrize("area", list(DECLARED))
async def test_each_screen_is_focused_where_it_says_once_open(
    area: str, data_dir: Path, clock: FixedClock
) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        app.open(area)
        await pilot.pause()
        focused = app.screen.focused
        assert focused is not None and focused.id == DECLARED[area]
        assert f"#{DECLARED[area]}" == app.screen.AUTO_FOCUS
        assert not isinstance(focused, Input | TextArea) or area == "checkin"


@pytest.mark.slow
def test_type_ahead_into_the_check_in_through_a_real_terminal(tmp_path: Path) -> None:
    """`rebound` on a PTY; `c`, three tabs and "abc" arrive in one write."""
    open_repo(tmp_path, FixedClock(START)).close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(TERM="xterm-256color", REBOUND_FAKE_NOW=START.isoformat())
    term = Terminal(["--data-dir", str(tmp_path)], env, REPO_ROOT)
    try:
        term.wait_for("Open rebounds")
        term.burst("c", "tab", "tab", "tab", "abc")
        term.wait_for("abc")
        time.sleep(0.3)
        term.press("escape", pause=0.5)
        term.wait_for("Open rebounds")
        term.press("q")
        term.wait_exit()
    finally:
        term.close()
    saved = open_repo(tmp_path, FixedClock(START))
    assert [c.note for c in checkins.all_checkins(saved)] == ["abc"]
