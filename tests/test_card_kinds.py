"""Cards fit what they drill: a behavioural question gets STAR checks, a technical one
("write a SQL join") and a skill to practise get none; a feedback point becomes a card
whose question the user writes, with the point as its hint."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, TextArea

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.codec import RecordError, from_record
from rebound_tui.domain.factory import new_card
from rebound_tui.domain.models import CARD_KINDS, Card, CardKind, Interview, Reflection, new_id
from rebound_tui.domain.questions import STARTER_BANK
from rebound_tui.domain.star import (
    check_card_answer,
    check_star,
    star_applies,
    star_parts,
    star_text,
)
from rebound_tui.services import cards, feedback, interviews, reflections
from rebound_tui.services.export.json import export_document, validate_document
from rebound_tui.services.importing import import_document
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.card_editor import CardEditor
from rebound_tui.ui.dialogs.reflection_editor import ReflectionEditor
from rebound_tui.ui.screens.cards import CardsScreen
from rebound_tui.ui.screens.rebound import ReboundScreen
from rebound_tui.ui.widgets.feedback_composer import FeedbackComposer
from tests.helpers import open_repo
from tests.test_literal_text import screen_text
from tests.test_rebound_story import type_text

SIZE = (80, 24)
STAR_ANSWER = "S: two teams wanted one slot\nA: we talked and we agreed and we shipped\nR: "
SQL_ANSWER = "SELECT * FROM a JOIN b ON a.id = b.a_id"


def one_card(data_dir: Path, clock: FixedClock, kind: CardKind, answer: str) -> Repository:
    repo = open_repo(data_dir, clock)
    question = "Write a SQL join" if kind == "technical" else "Tell me about a conflict"
    repo.cards.put(new_card(question, now=clock.now(), source="typed", kind=kind, answer=answer))
    return repo


def star_notes(editor: CardEditor) -> str | None:
    """The STAR checks the editor shows, or None when it shows none."""
    notes = editor.query_one("#card-star", Static)
    return str(notes.render()) if notes.display else None


async def edit_in_drill(pilot: Pilot[Any]) -> CardEditor:
    """Home → drill, reveal the answer, then edit the card."""
    await pilot.press("d")
    await pilot.pause()
    await pilot.press("space")
    await pilot.pause()
    app = pilot.app
    assert isinstance(app, ReboundApp)
    assert "STAR" not in screen_text(app)
    await pilot.press("e")
    await pilot.pause()
    editor = pilot.app.screen
    assert isinstance(editor, CardEditor)
    return editor


async def test_a_technical_card_gets_no_star_checks(data_dir: Path, clock: FixedClock) -> None:
    repo = one_card(data_dir, clock, "technical", SQL_ANSWER)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await edit_in_drill(pilot)
        assert star_notes(editor) is None
        assert "STAR" not in screen_text(app) and "Action" not in screen_text(app)
        editor.query_one("#card-answer", TextArea).text = STAR_ANSWER  # even STAR-like text
        await pilot.pause()
        assert star_notes(editor) is None


async def test_a_behavioural_card_gets_star_checks(data_dir: Path, clock: FixedClock) -> None:
    repo = one_card(data_dir, clock, "behavioural", STAR_ANSWER)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await edit_in_drill(pilot)
        notes = star_notes(editor)
        assert notes is not None
        assert "No Result yet" in notes and '"we" 3× against "I" 0×' in notes
        assert "No Result yet" in screen_text(app)  # and it fits on the 80×24 screen

        # The kind, chosen by keyboard: tab to it, open it, one down, pick.
        assert editor.focused is editor.query_one("#card-question")
        await pilot.press("tab", "enter", "down", "enter")
        await pilot.pause()
        assert editor.query_one("#card-kind", Select).value == "technical"
        assert star_notes(editor) is None  # a technical answer: no STAR demands
        await pilot.press("ctrl+s")
        await pilot.pause()
    (card,) = cards.all_cards(repo)
    assert card.kind == "technical"


async def test_the_cards_screen_shows_and_filters_kinds(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    deck: tuple[tuple[str, CardKind], ...] = (
        ("Tell me about a conflict", "behavioural"),
        ("Big-O of a hash map", "technical"),
    )
    for question, kind in deck:
        repo.cards.put(new_card(question, now=clock.now(), source="typed", kind=kind))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.open("cards")
        await pilot.pause()
        assert isinstance(app.screen, CardsScreen)
        table = app.screen.query_one(DataTable)
        kinds = sorted(str(table.get_row_at(i)[1]) for i in range(table.row_count))
        assert kinds == ["behavioural", "technical"]

        await pilot.press("f")  # behavioural only
        await pilot.pause()
        assert table.row_count == 1 and "behavioural only" in screen_text(app)
        await pilot.press("f")  # technical only
        await pilot.pause()
        assert [str(table.get_row_at(0)[0])] == ["Big-O of a hash map"]
        await pilot.press("f", "f")  # skills (none), then every card again
        await pilot.pause()
        assert table.row_count == 2

        # A new card starts behavioural; the user makes it technical.
        await pilot.press("a")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, CardEditor)
        assert editor.query_one("#card-kind", Select).value == "behavioural"
        await type_text(pilot, "Write a SQL join")
        await pilot.press("tab", "enter", "down", "enter", "ctrl+s")
        await pilot.pause()
    added = next(c for c in cards.all_cards(repo) if c.question == "Write a SQL join")
    assert added.kind == "technical"


async def open_point_as_card(pilot: Pilot[Any], repo: Repository, rebound_id: str) -> CardEditor:
    """At the feedback step with one point come back, press c on it."""
    app = pilot.app
    await app.push_screen(ReboundScreen(rebound_id))
    assert isinstance(app.screen, ReboundScreen)
    await app.screen.go_to("feedback")
    await pilot.pause()
    app.screen.query_one(FeedbackComposer).post_message(
        FeedbackComposer.PointAdded("Go deeper on system design trade-offs")
    )
    await pilot.pause()
    app.screen.query_one("#feedback-points").focus()
    await pilot.press("c")
    await pilot.pause()
    editor = app.screen
    assert isinstance(editor, CardEditor)
    return editor


async def test_a_feedback_point_becomes_the_hint_of_the_users_question(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    interview = interviews.save_interview(repo, Interview(id=new_id(), company="Hooli"))
    _, rebound = interviews.mark_rejected(repo, interview)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_point_as_card(pilot, repo, rebound.id)
        # The point is the hint; the question is empty, for the user to write.
        assert editor.query_one("#card-question", Input).value == ""
        assert editor.query_one("#card-hint", Input).value == (
            "Go deeper on system design trade-offs"
        )
        assert editor.query_one("#card-kind", Select).value == "skill"
        assert star_notes(editor) is None
        assert editor.focused is editor.query_one("#card-question")

        await pilot.press("ctrl+s")  # no question yet: not saved, still open
        await pilot.pause()
        assert app.screen is editor and cards.all_cards(repo) == []
        await type_text(pilot, "Design a URL shortener: which trade-offs would you make?")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReboundScreen)
    (request,) = repo.feedback_requests.all()
    (card,) = cards.all_cards(repo)
    assert (card.question, card.hint, card.answer, card.kind) == (
        "Design a URL shortener: which trade-offs would you make?",
        "Go deeper on system design trade-offs",
        "",
        "skill",
    )
    assert (card.source, card.source_id, card.tags) == ("feedback", request.id, ("feedback",))
    assert card.is_new and card.due == clock.now()


async def test_cancelling_the_card_of_a_point_stores_nothing(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    interview = interviews.save_interview(repo, Interview(id=new_id(), company="Hooli"))
    _, rebound = interviews.mark_rejected(repo, interview)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_point_as_card(pilot, repo, rebound.id)
        await type_text(pilot, "A question I then think better of")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReboundScreen)
    assert cards.all_cards(repo) == []
    (request,) = repo.feedback_requests.all()
    assert request.points == ("Go deeper on system design trade-offs",)  # the point stays
    assert feedback.skills_from(repo, request) == []


async def test_a_reflection_drilled_as_technical_gets_no_star_checks(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    interview = interviews.save_interview(repo, Interview(id=new_id(), company="Hooli"))
    _, rebound = interviews.mark_rejected(repo, interview)
    tough = reflections.save_reflection(
        repo,
        Reflection(
            id=new_id(),
            rebound_id=rebound.id,
            kind="tough",
            question="Write a SQL join",
            action="we joined",
        ),
    )
    tough, card = reflections.send_to_drill(repo, tough)
    assert card.kind == "behavioural"  # a reflection's question drills as behavioural
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReflectionEditor(tough))
        await pilot.pause()
        assert "No Result yet" in str(app.screen.query_one("#star-notes", Static).render())
        app.pop_screen()
        cards.save_card(repo, replace(card, kind="technical"))
        await app.push_screen(ReflectionEditor(tough))
        await pilot.pause()
        notes = str(app.screen.query_one("#star-notes", Static).render())
        assert "No Result" not in notes and "no STAR checks" in notes


# -- the domain: what a kind means, and what old data becomes ----------------------------

OLD_CARD = {  # a card as Rebound wrote it before cards had a kind
    "id": "c1",
    "question": "Tell me about a conflict",
    "answer": "S: …",
    "created_at": "2026-10-01T10:00:00+00:00",
    "due": "2026-10-01T10:00:00+00:00",
}


def test_a_card_kept_before_kinds_existed_is_behavioural() -> None:
    assert from_record(Card, OLD_CARD).kind == "behavioural"
    assert from_record(Card, {**OLD_CARD, "kind": "technical"}).kind == "technical"
    with pytest.raises(RecordError, match="kind"):
        from_record(Card, {**OLD_CARD, "kind": "trivia"})


def test_an_old_export_imports_as_behavioural_and_exports_its_kind(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    old = {"format": "rebound-export", "schema_version": 1, "cards": [OLD_CARD]}
    import_document(repo, validate_document(old))
    (card,) = cards.all_cards(repo)
    assert card.kind == "behavioural"

    repo.cards.put(new_card("Write a SQL join", now=clock.now(), source="typed", kind="technical"))
    exported = {c["question"]: c["kind"] for c in export_document(repo, clock.now())["cards"]}
    assert exported == {"Tell me about a conflict": "behavioural", "Write a SQL join": "technical"}


def test_where_cards_come_from_decides_their_kind(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    assert new_card("Q", now=clock.now(), source="typed").kind == "behavioural"
    assert cards.blank_card(repo).kind == "behavioural"  # the editor lets the user change it
    starters = cards.add_starter_questions(repo, [q.id for q in STARTER_BANK[:3]])
    assert {c.kind for c in starters} == {"behavioural"}
    skill = new_card("Practise whiteboarding", now=clock.now(), source="typed", kind="skill")
    assert cards.second_half(repo, skill).kind == "skill"  # a split keeps the kind


def test_star_checks_are_for_behavioural_answers_only() -> None:
    assert [k for k in CARD_KINDS if star_applies(k)] == ["behavioural"]
    assert check_card_answer("technical", STAR_ANSWER) == []
    assert check_card_answer("skill", STAR_ANSWER) == []
    assert check_card_answer("behavioural", "") == []
    labelled = check_card_answer("behavioural", STAR_ANSWER)
    assert labelled == check_star(
        "two teams wanted one slot", "", "we talked and we agreed and we shipped", ""
    )
    (nudge,) = check_card_answer("behavioural", "I listened, then I proposed a rota.")
    assert not nudge.ok and "S: … T: … A: … R: …" in nudge.text


def test_an_answer_splits_into_its_star_parts() -> None:
    assert star_parts(SQL_ANSWER) is None
    assert star_parts(
        "Situation: a launch\nTask: mine\nA: I cut scope\nand told them\nR: on time"
    ) == (
        "a launch",
        "mine",
        "I cut scope\nand told them",
        "on time",
    )
    parts = ("the team", "fix it", "I paired", "it shipped")
    assert star_parts(star_text(*parts)) == parts  # what a reflection's card holds
