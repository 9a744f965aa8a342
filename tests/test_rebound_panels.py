"""A rebound opens with the panel of the step it opens at; the other steps' panels are
built after it is painted, and a step moved to before its panel is built gets the keys
typed after the move all the same."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Input

from rebound_tui.domain.clock import FixedClock
from rebound_tui.services import rebounds
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.rebound import PANELS, ReboundScreen
from rebound_tui.ui.steps.move_on import MoveOnStep
from rebound_tui.ui.steps.reflect import ReflectStep
from rebound_tui.ui.steps.step import Step
from tests.test_rebound_steps import rejected

SIZE = (80, 24)


async def test_it_opens_with_one_panel_and_builds_the_rest_once_painted(
    data_dir: Path, clock: FixedClock
) -> None:
    repo, rebound = rejected(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReboundScreen(rebound.id, step="tough"))
        screen = app.screen
        assert [type(panel) for panel in screen.query(Step)] == [ReflectStep]
        for _ in range(50):
            await pilot.pause(0.02)
            if len(screen.query(Step)) == len(PANELS):
                break
        assert sorted(type(p).__name__ for p in screen.query(Step)) == sorted(
            p.__name__ for p in PANELS
        )
        shown = [p for p in screen.query(Step) if p.display]
        assert [type(p) for p in shown] == [ReflectStep]  # the rest built hidden


async def test_keys_typed_right_after_a_move_land_in_the_step_moved_to(
    data_dir: Path, clock: FixedClock
) -> None:
    repo, rebound = rejected(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReboundScreen(rebound.id, step="tough"))
        assert len(app.screen.query(Step)) == 1  # neither Feedback nor Move on built yet
        await pilot.press("ctrl+n", "ctrl+n", *"Ask sooner")
        await app.keys_handled()
        await pilot.pause()
        lesson = app.screen.query_one(MoveOnStep).query_one("#lesson-0", Input)
        assert lesson.value == "Ask sooner"
        assert app.screen.focused is lesson
        found = rebounds.rebound(repo, rebound.id)
        assert found is not None and found.step == "move_on"


async def test_leaving_before_the_rest_are_built_is_quiet(
    data_dir: Path, clock: FixedClock
) -> None:
    repo, rebound = rejected(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReboundScreen(rebound.id))
        await pilot.press("escape")
        await asyncio.sleep(0.2)
        await pilot.pause()
        assert not isinstance(app.screen, ReboundScreen)
