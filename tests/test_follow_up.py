"""Follow-ups close after one nudge: someone else's silence is never the user's task."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.feedback import NUDGED, nudge_letter
from rebound_tui.domain.models import FeedbackRequest, Interview, new_id
from rebound_tui.services import feedback, interviews
from rebound_tui.store.repository import Repository
from tests.helpers import open_repo

TODAY = date(2026, 11, 26)


def sent_request(repo: Repository, company: str = "Hooli") -> FeedbackRequest:
    interview = interviews.save_interview(repo, Interview(id=new_id(), company=company))
    _, rebound = interviews.mark_rejected(repo, interview)
    request = feedback.feedback_request_for(repo, rebound)
    return feedback.set_feedback_status(repo, request, "sent")


def test_due_from_the_follow_up_day_until_nudged(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    request = sent_request(repo)
    assert request.follow_up_on == TODAY + timedelta(weeks=1)
    assert feedback.follow_ups_due(repo, TODAY) == []
    assert feedback.follow_ups_due(repo, TODAY + timedelta(days=6)) == []
    later = TODAY + timedelta(days=7)
    ((due, interview),) = feedback.follow_ups_due(repo, later)
    assert due.id == request.id and interview is not None and interview.company == "Hooli"
    # Still due (never "overdue") a month on, until the one nudge.
    assert len(feedback.follow_ups_due(repo, TODAY + timedelta(days=40))) == 1

    nudged = feedback.mark_nudged(repo, request.id, later)
    assert nudged.nudged_on == later
    assert repo.feedback_requests.get(request.id).nudged_on == later  # type: ignore[union-attr]
    assert feedback.is_closed(nudged)
    assert feedback.follow_ups_due(repo, later) == []
    assert feedback.follow_ups_due(repo, TODAY + timedelta(days=400)) == []
    # Marking again keeps the first day.
    again = feedback.mark_nudged(repo, request.id, later + timedelta(days=3))
    assert again.nudged_on == later


def test_replied_or_no_reply_or_draft_is_never_due(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    later = TODAY + timedelta(days=10)
    replied = sent_request(repo, "Initech")
    feedback.set_feedback_status(repo, replied, "replied")
    silent = sent_request(repo, "Globex")
    feedback.set_feedback_status(repo, silent, "no_reply")
    draft = sent_request(repo, "Umbrella")
    feedback.set_feedback_status(repo, draft, "draft")
    open_one = sent_request(repo, "Hooli")
    assert [f.id for f, _ in feedback.follow_ups_due(repo, later)] == [open_one.id]


def test_default_day_is_the_users_today(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    request = sent_request(repo)
    assert feedback.follow_ups_due(repo) == []
    clock.advance(timedelta(days=8))
    assert [f.id for f, _ in feedback.follow_ups_due(repo)] == [request.id]
    assert feedback.mark_nudged(repo, request.id).nudged_on == TODAY + timedelta(days=8)
    assert feedback.follow_ups_due(repo) == []


def test_unknown_request(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    with pytest.raises(KeyError):
        feedback.mark_nudged(repo, "nope", TODAY)


def test_words() -> None:
    assert NUDGED == "You asked; that part was yours."
    letter = nudge_letter(Interview(id="i", company="Hooli", role="SRE", contact="Ana"), "Sam")
    assert letter.startswith("Hi Ana,") and "SRE role" in letter
    assert letter.rstrip().endswith("Sam")
    assert "!" not in letter and "overdue" not in letter.lower()


async def test_feedback_step_offers_one_nudge_then_closes(
    data_dir: Path, clock: FixedClock
) -> None:
    from rebound_tui.ui.app import ReboundApp
    from rebound_tui.ui.screens.rebound import ReboundScreen

    repo = open_repo(data_dir, clock)
    request = sent_request(repo)
    clock.advance(timedelta(days=9))
    copied: list[str] = []
    app = ReboundApp(repo, clock)
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign,assignment]  # no terminal here
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ReboundScreen(request.rebound_id or ""))
        await app.screen.go_to("feedback")  # type: ignore[attr-defined]
        await pilot.pause()
        status = str(app.screen.query_one("#feedback-status").render())
        honest = str(app.screen.query_one("#feedback-honest").render())
        assert "no reply yet" in status and "overdue" not in status.lower()
        assert "One short nudge is fine: u copies it" in honest
        await pilot.press("u")
        await pilot.pause()
        assert copied and copied[0].startswith("Hi there,")
        stored = repo.feedback_requests.get(request.id)
        assert stored is not None and stored.nudged_on == TODAY + timedelta(days=9)
        status = str(app.screen.query_one("#feedback-status").render())
        assert "nudged 2026-12-05 · closed" in status
        assert str(app.screen.query_one("#feedback-honest").render()) == NUDGED
        await pilot.press("u")  # only once
        await pilot.pause()
        assert len(copied) == 1
    assert feedback.follow_ups_due(repo) == []
