"""How each step of a rebound looks at 80×24 (and one in 16 colours)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import CheckIn, Interview, new_id
from rebound_tui.domain.treats import CATALOGUE
from rebound_tui.services import checkins, feedback, interviews, rebounds, reflections, treats
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.rebound import ReboundScreen
from tests.helpers import open_repo


def seeded_app(data_dir: Path, clock: FixedClock) -> tuple[ReboundApp, str]:
    """A rebound part-way through, with something in every step."""
    repo = open_repo(data_dir, clock)
    for company, stage, outcome in (
        ("Globex", "applied", "ghosted"),
        ("Initech", "screen", "rejected"),
        ("Umbrella", "final", "offer"),
    ):
        interviews.save_interview(
            repo, Interview(id=new_id(), company=company, stage=stage, outcome=outcome)
        )
    interview = interviews.save_interview(
        repo,
        Interview(
            id="acme", company="Acme", role="Backend engineer", stage="onsite", contact="Priya"
        ),
    )
    interview, _ = interviews.mark_rejected(repo, interview)
    # A fixed id: the treat suggestion is seeded by the rebound, and snapshots must not vary.
    (generated,) = repo.rebounds.all()
    repo.rebounds.delete(generated)
    rebound = repo.rebounds.put(replace(generated, id="rebound-1"))
    checkins.save_checkin(
        repo,
        CheckIn(
            id="c1",
            at=clock.now(),
            pleasantness=-2,
            energy=-2,
            words=("disappointed", "tired"),
            intensity=7,
            rebound_id=rebound.id,
        ),
    )
    treats.accept_treat(repo, CATALOGUE[0], repo.rebounds.get(rebound.id), "c1")
    good = reflections.new_reflection(repo, rebound, "went_well")
    reflections.save_reflection(
        repo,
        replace(
            good,
            question="Tell me about a conflict with a colleague",
            note="Calm, specific",
            situation="A launch at risk",
            task="Keep the date",
            action="I laid out two options with numbers and asked for a decision by Friday",
            result="We shipped on time",
        ),
    )
    tough = reflections.new_reflection(repo, rebound, "tough")
    tough = reflections.save_reflection(
        repo,
        replace(
            tough,
            question="Why are you leaving your current job?",
            note="I rambled",
            prepared="partly",
            situation="We reorganised",
            action="We talked",
        ),
    )
    reflections.send_to_drill(repo, tough)
    request = feedback.feedback_request_for(repo, repo.rebounds.get(rebound.id))  # type: ignore[arg-type]
    feedback.set_feedback_status(repo, request, "sent")
    rebounds.save_lessons(repo, repo.rebounds.get(rebound.id), ["Prepare a calm leaving story"])  # type: ignore[arg-type]
    rebounds.save_next_step(
        repo,
        repo.rebounds.get(rebound.id),
        "Apply to two roles",  # type: ignore[arg-type]
        date(2026, 12, 1),
    )
    return ReboundApp(repo, clock), rebound.id


@pytest.mark.parametrize("step", ["feel", "treat", "went_well", "tough", "feedback", "move_on"])
def test_rebound_step(step: str, snap_compare, data_dir: Path, clock: FixedClock) -> None:
    app, rebound_id = seeded_app(data_dir, clock)

    async def open_step(pilot: Pilot[object]) -> None:
        await app.push_screen(ReboundScreen(rebound_id))
        assert isinstance(app.screen, ReboundScreen)
        await app.screen.go_to(step)
        await pilot.pause()

    assert snap_compare(app, run_before=open_step, terminal_size=(80, 24))


def test_rebound_step_in_16_colours(
    snap_compare, data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM")
    app, rebound_id = seeded_app(data_dir, clock)

    async def open_step(pilot: Pilot[object]) -> None:
        await app.push_screen(ReboundScreen(rebound_id))
        await app.screen.go_to("feel")  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(app, run_before=open_step, terminal_size=(80, 24))
    assert app.theme == "ansi-dark"


def test_reflection_editor(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    app, rebound_id = seeded_app(data_dir, clock)

    async def open_editor(pilot: Pilot[object]) -> None:
        await app.push_screen(ReboundScreen(rebound_id))
        await app.screen.go_to("tough")  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        for _ in range(5):
            await pilot.press("tab")
        await pilot.pause()

    assert snap_compare(app, run_before=open_editor, terminal_size=(80, 24))


def test_interviews_list(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    app, _ = seeded_app(data_dir, clock)
    assert snap_compare(app, press=["i"], terminal_size=(80, 24))
