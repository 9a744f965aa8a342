"""The focused drill (issue 12, item 8): "my interview is on Thursday" makes a cram session
of the cards tied to it, weakest first, with a plan up to the day, and the FSRS schedule
is exactly as it was afterwards (as Anki's filtered decks without rescheduling)."""

from __future__ import annotations

import contextlib
import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.codec import to_record
from rebound_tui.domain.focus import Focus
from rebound_tui.domain.models import Card, Interview
from rebound_tui.services import cards, feedback, interviews, reflections
from rebound_tui.services.focus import CramSession, cards_for, find_focus
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.choice_picker import ChoicePicker
from rebound_tui.ui.dialogs.practise import PractiseDayScreen
from rebound_tui.ui.screens.cram import CramScreen
from rebound_tui.ui.screens.home import HomeScreen
from rebound_tui.ui.screens.interviews import InterviewsScreen
from tests.helpers import open_repo

SIZE = (80, 24)
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 10:00 in Berlin


def everything(repo: Repository) -> tuple[list[dict[str, Any]], int]:
    """Every card as stored, and how many reviews there are."""
    stored = sorted((to_record(c) for c in repo.cards.all()), key=lambda c: str(c["id"]))
    return stored, len(repo.reviews.all())


def acme_deck(repo: Repository, clock: FixedClock) -> dict[str, str]:
    """A rejection at Acme last month (a tough question and a feedback point became cards),
    a new Acme interview coming up, a Globex one, and cards of every sort."""
    now = clock.now()
    _, rebound = interviews.mark_rejected(
        repo, Interview(id="acme-old", company="Acme", role="Software Engineer")
    )
    tough = replace(
        reflections.new_reflection(repo, rebound, "tough"),
        question="Tell me about a production incident you owned",
        situation="Checkout down",
    )
    _, from_reflection = reflections.send_to_drill(repo, reflections.save_reflection(repo, tough))
    request = feedback.feedback_request_for(repo, rebound)
    point = feedback.card_from_point(repo, request, "Explain trade-offs before the answer")
    from_feedback = cards.save_card(
        repo, replace(point, question="Which trade-offs did you weigh?")
    )
    interviews.save_interview(
        repo, Interview(id="acme", company="Acme", role="Senior Software Engineer")
    )
    interviews.save_interview(repo, Interview(id="globex", company="Globex", role="Sales"))
    reviewed = dict(
        state=2, step=None, difficulty=5.0, reps=4, last_review=now - timedelta(days=10)
    )
    repo.cards.put_many(
        [
            Card(
                id="strong",
                question="Design a URL shortener",
                kind="technical",
                created_at=now,
                stability=60.0,
                due=now + timedelta(days=50),
                **reviewed,
            ),  # type: ignore[arg-type]
            Card(
                id="weak",
                question="Explain CAP",
                kind="technical",
                created_at=now,
                stability=3.0,
                due=now - timedelta(days=7),
                **reviewed,
            ),  # type: ignore[arg-type]
            Card(id="tagged", question="Why Acme?", tags=("acme",), created_at=now, due=now),
            Card(
                id="cold-call",
                question="Pitch me this pen",
                tags=("sales",),
                created_at=now,
                due=now,
            ),
        ]
    )
    return {"reflection": from_reflection.id, "feedback": from_feedback.id}


def test_cards_tied_to_an_interview(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    tied = acme_deck(repo, clock)
    picked = {c.id for c in cards_for(repo, Focus("interview", "acme"))}
    assert picked == {tied["reflection"], tied["feedback"], "tagged", "strong", "weak"}
    assert {c.id for c in cards_for(repo, Focus("tag", "sales"))} == {"cold-call"}
    assert find_focus(repo, "acme").value == "acme"  # the open one, not the old rejection
    assert find_focus(repo, "glob").value == "globex"


def test_again_comes_back_later_in_the_session_and_nothing_is_written(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    acme_deck(repo, clock)
    before = everything(repo)
    session = CramSession(repo, Focus("interview", "acme"))
    order = list(session.queue)
    first = session.current
    assert first is not None and first.id not in ("strong", "weak")  # new cards: weakest
    assert order.index("weak") < order.index("strong")
    session.reveal()
    session.rate(1)
    assert session.queue.index(first.id) == 2  # after this card and two more
    second = session.current
    session.reveal()
    session.rate(3)
    assert session.undo() == second
    assert session.queue.index(first.id) == 2 and session.summary.answers == 1
    while session.current is not None:
        session.reveal()
        session.rate(3)
    assert session.summary.answers == 6
    assert session.summary.last[first.id] == 3
    assert everything(repo) == before


async def test_interview_thursday_from_home_is_a_cram_that_leaves_the_schedule_alone(
    data_dir: Path, clock: FixedClock
) -> None:
    clock.set(MONDAY)
    repo = open_repo(data_dir, clock)
    acme_deck(repo, clock)
    before = everything(repo)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ChoicePicker)
        await pilot.press("enter")  # Acme: open, first
        await pilot.pause()
        assert isinstance(app.screen, PractiseDayScreen)
        app.screen.query_one(Input).value = "thursday"
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CramScreen)
        assert screen.day == date(2026, 12, 3)
        plan = str(screen.query_one("#cram-plan").render())
        assert "3 days left: about 2 cards a day; today 2" in plan
        assert "Nothing here changes your drill schedule." in plan
        counts = str(screen.query_one("#drill-counts").render())
        assert "Practising for Acme — Senior Software Engineer · 2 left" in counts
        await pilot.press("space", "1")  # Again: it comes back in this session
        assert screen.session.left == 2
        await pilot.press("space", "3", "space", "3")
        await pilot.pause()
        summary = str(screen.query_one("#drill-question").render())
        assert summary.startswith("Practised 2 cards for Acme — Senior Software Engineer: 3")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert everything(repo) == before  # every due, stability and rep; no review added


async def test_practise_from_the_interviews_list_with_its_own_day(
    data_dir: Path, clock: FixedClock
) -> None:
    clock.set(MONDAY)
    repo = open_repo(data_dir, clock)
    acme_deck(repo, clock)
    interviews.save_interview(
        repo,
        replace(interviews.interview(repo, "globex"), interviewed_on=date(2026, 12, 1)),  # type: ignore[arg-type]
    )
    before = everything(repo)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, InterviewsScreen)
        while app.screen._selected_id() != "globex":  # type: ignore[attr-defined]
            await pilot.press("j")
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "2026-12-01"  # its day, offered
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CramScreen)
        assert "Interview tomorrow" in str(screen.query_one("#cram-plan").render())
        assert screen.session.current is not None
        assert screen.session.current.id == "cold-call"
        await pilot.press("space", "4")
        await pilot.pause()
        assert "Practised 1 card for Globex — Sales" in str(
            screen.query_one("#drill-question").render()
        )
    assert everything(repo) == before


def run(argv: list[str], clock: FixedClock) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with (
        pytest.MonkeyPatch.context() as patch,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        patch.setenv("REBOUND_FAKE_NOW", clock.now().isoformat())
        try:
            code = main(argv)
        except SystemExit as stop:
            code = int(stop.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_rebound_drill_tag_and_for(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rebound_tui.cli import app as cli_app

    clock.set(MONDAY)
    repo = open_repo(data_dir, clock)
    acme_deck(repo, clock)
    repo.close()
    launched: list[tuple[str, dict[str, object]]] = []
    monkeypatch.setattr(
        cli_app, "launch", lambda args, *, start, **options: launched.append((start, options))
    )
    where = ["--data-dir", str(data_dir)]
    assert run(["drill", "--for", "ACME", "--until", "thursday", *where], clock)[0] == 0
    assert run(["drill", "--tag", "sales", *where], clock)[0] == 0
    assert run(["drill", "--role", "engineering", "--limit", "3", *where], clock)[0] == 0
    assert launched == [
        (
            "cram",
            {
                "focus": Focus("interview", "acme", "Acme — Senior Software Engineer"),
                "day": date(2026, 12, 3),
                "limit": None,
            },
        ),
        ("cram", {"focus": Focus("tag", "sales", "tag sales"), "day": None, "limit": None}),
        (
            "cram",
            {
                "focus": Focus("family", "engineering", "engineering roles"),
                "day": None,
                "limit": 3,
            },
        ),
    ]
    code, out, _ = run(["drill", "--tag", "nothing-here", *where], clock)
    assert code == 0 and out.startswith("Nothing to practise for tag nothing-here")
    for argv, said in [
        (["--for", "Initech"], "no interview or company called 'Initech' (yours: Acme, Globex)"),
        (
            ["--for", "acme", "--until", "last friday"],
            "--until: Friday 27 November 2026 has passed",
        ),
        (["--until", "thursday"], "--until goes with --tag, --for or --role"),
    ]:
        code, _, err = run(["drill", *argv, *where], clock)
        assert code == 2 and said in err, err
    code, _, err = run(["drill", "--tag", "a", "--for", "b", *where], clock)
    assert code == 2 and "not allowed with argument" in err
    code, _, err = run(["drill", "--role", "astronaut", *where], clock)
    assert code == 2 and "invalid choice" in err


class Cram(ReboundApp):
    """`rebound drill --tag …`, keeping the line it prints once the terminal is back."""

    said = ""

    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None:
        self.said = str(message or "")
        super().exit(result, return_code, message)


async def test_rebound_drill_tag_exits_with_what_was_practised(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    acme_deck(repo, clock)
    before = everything(repo)
    app = Cram(repo, clock, start="cram", focus=Focus("tag", "sales", "tag sales"), limit=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Pitch me this pen" in str(app.screen.query_one("#drill-question").render())
        await pilot.press("space", "3")
        await pilot.pause()
    assert app.return_code == 0
    assert app.said == (
        "Practised 1 card for tag sales: 1 answer (Again 0 · Hard 0 · Good 1 · Easy 0). "
        "Your drill schedule is unchanged."
    )
    assert everything(repo) == before
