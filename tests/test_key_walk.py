"""Every key a screen shows works at its first press (issue 11, item 1).

The walk opens every screen and every rebound step on demo data, the way a user reaches
it, and presses each key that its footer or its help screen lists. Each press must reach
that key's own action: a key swallowed by a text field (`c` typed into the feedback
letter instead of copying it), or one that goes nowhere, fails here. Actions are recorded
instead of run, so every key is pressed on the screen as it first opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, TextArea

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import REBOUND_STEPS, Interview
from rebound_tui.services import cards, interviews
from rebound_tui.services.demo import generate
from rebound_tui.ui.app import ReboundApp
from tests.helpers import open_repo

SIZE = (80, 24)


def _shown_bindings(screen: Screen[Any]) -> dict[str, Binding]:
    """Key → binding, for every key the help screen lists (a description, enabled)."""
    shown = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or not active.enabled or key.startswith("super+"):
            continue
        shown[key] = binding
    return shown


class Recorder:
    """Stands in for `app.run_action` while keys are walked: records, runs nothing."""

    def __init__(self) -> None:
        self.actions: list[str] = []

    async def __call__(self, action: str, default_namespace: object = None) -> bool:
        self.actions.append(action)
        return True


async def _walk(app: ReboundApp, pilot: Any, where: str) -> list[str]:
    """Press every shown key of the current screen; the keys whose action did not run."""
    await pilot.pause()  # the screen's focus settles (a step focuses its first field)
    screen = app.screen
    failures = []
    focused = app.focused
    if isinstance(focused, Input | TextArea):
        # A field may have the cursor only if no key of the screen is a letter it eats.
        letters = [
            f"{binding.key} ({binding.description})"
            for node in focused.ancestors_with_self
            if node is not app
            for binding in getattr(type(node), "BINDINGS", [])
            if isinstance(binding, Binding)
            and any(len(key) == 1 for key in binding.key.split(","))
        ]
        if letters:
            failures.append(f"{where}: opens typing into {focused!r}, which eats {letters}")
    for key in list(_shown_bindings(screen)):
        binding = _shown_bindings(screen).get(key)
        if binding is None:
            continue  # an earlier key changed what is shown (nothing is run, so rarely)
        recorder = Recorder()
        app.run_action = recorder  # type: ignore[method-assign]
        try:
            await pilot.press(key)
            await pilot.pause()
        finally:
            del app.run_action
        if app.screen is not screen:
            failures.append(f"{where}: {key} left the screen without its action")
            break
        if binding.action not in recorder.actions:
            failures.append(f"{where}: {key} ({binding.description}) did not run {binding.action}")
    return failures


@pytest.fixture
def demo_app(data_dir: Path, clock: FixedClock) -> tuple[ReboundApp, dict[str, str]]:
    repo = open_repo(data_dir, clock)
    generate(repo, "small")
    _, rebound = interviews.mark_rejected(repo, Interview(id="walk", company="Walkthrough Ltd"))
    card = cards.all_cards(repo)[0]
    return ReboundApp(repo, clock), {"rebound": rebound.id, "card": card.id}


async def test_every_key_shown_works_at_its_first_press(
    demo_app: tuple[ReboundApp, dict[str, str]],
) -> None:
    from rebound_tui.ui.navigation import AREAS

    app, ids = demo_app
    arguments = {
        "rebound": {"rebound_id": ids["rebound"]},
        "retrospective": {"rebound_id": ids["rebound"]},
        "card": {"card_id": ids["card"]},
    }
    failures: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        failures += await _walk(app, pilot, "home")
        for area in AREAS:
            if area.id == "rebound":
                continue  # below, step by step
            app.open(area.id, **arguments.get(area.id, {}))
            await pilot.pause()
            failures += await _walk(app, pilot, area.id)
            app.action_go_home()
            await pilot.pause()
        for step in REBOUND_STEPS:
            app.open("rebound", rebound_id=ids["rebound"], step=step)
            await pilot.pause()
            failures += await _walk(app, pilot, f"rebound step {step}")
            app.action_go_home()
            await pilot.pause()
    assert not failures, "\n".join(failures)


async def test_enter_reads_a_rebound_as_soon_as_its_tab_shows(
    demo_app: tuple[ReboundApp, dict[str, str]],
) -> None:
    """History → Rebounds said "enter reads a rebound" and enter did nothing until tab."""
    app, _ = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "right_square_bracket")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "RetrospectiveScreen"
