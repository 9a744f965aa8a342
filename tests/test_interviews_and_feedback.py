"""The interviews list and the feedback step's received points, by keyboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Interview, new_id
from rebound_tui.services import interviews
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.card_editor import CardEditor
from rebound_tui.ui.dialogs.interview_form import InterviewForm
from rebound_tui.ui.screens.interviews import InterviewsScreen
from rebound_tui.ui.screens.rebound import ReboundScreen
from tests.helpers import open_repo
from tests.test_rebound_story import type_text

SIZE = (80, 24)


def rows(app: ReboundApp) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_add_edit_and_mark_rejected(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, InterviewsScreen)
        await pilot.press("a")
        assert isinstance(app.screen, InterviewForm)
        await type_text(pilot, "Globex")
        await pilot.press("tab")
        await type_text(pilot, "SRE")
        for _ in range(4):  # contact, stage, outcome, applied on
            await pilot.press("tab")
        await type_text(pilot, "not a date")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, InterviewForm), "a bad date keeps the form open"
        assert "not a date' is not a date I can read" in str(
            app.screen.query_one("#interview-error").render()
        )
        app.screen.query_one("#interview-applied").value = "20 Nov"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert rows(app)[0][:4] == ["Globex", "SRE", "Applied", "2026-11-20"]
        (interview,) = repo.interviews.all()
        assert interview.applied_on == date(2026, 11, 20)

        await pilot.press("e")
        await pilot.press("tab")
        app.screen.query_one("#interview-role").value = "Site reliability engineer"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert repo.interviews.get(interview.id).role == "Site reliability engineer"  # type: ignore[union-attr]

        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")  # yes, it was a rejection
        await pilot.pause()
        assert isinstance(app.screen, ReboundScreen), app.screen_stack
        assert repo.interviews.get(interview.id).outcome == "rejected"  # type: ignore[union-attr]
        (rebound,) = repo.rebounds.all()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InterviewsScreen)
        await pilot.press("enter")  # open: its rebound
        await pilot.pause()
        assert isinstance(app.screen, ReboundScreen) and app.screen.rebound_id == rebound.id


async def test_feedback_points_become_cards_and_skills(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    interview = interviews.save_interview(repo, Interview(id=new_id(), company="Hooli"))
    _, rebound = interviews.mark_rejected(repo, interview)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReboundScreen(rebound.id))
        await app.screen.go_to("feedback")  # type: ignore[attr-defined]
        await pilot.pause()
        app.screen.query_one("#feedback-point").focus()
        await type_text(pilot, "Go deeper on system design trade-offs")
        await pilot.press("enter")
        await type_text(pilot, "Quantify impact")
        await pilot.press("enter")
        await pilot.press("tab")  # to the list of points
        await pilot.press("c")  # first point: a drill card, written in the card editor
        await pilot.pause()
        assert isinstance(app.screen, CardEditor)
        await type_text(pilot, "Design a URL shortener: which trade-offs?")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("down", "k")  # second point: a skill
        await pilot.pause()
    (request,) = repo.feedback_requests.all()
    assert request.points == ("Go deeper on system design trade-offs", "Quantify impact")
    (card,) = repo.cards.all()
    assert (card.question, card.hint, card.kind, card.source, card.source_id) == (
        "Design a URL shortener: which trade-offs?",
        "Go deeper on system design trade-offs",
        "skill",
        "feedback",
        request.id,
    )
    (skill,) = [x for x in repo.lessons.all() if x.kind == "skill"]
    assert skill.text == "Quantify impact"
