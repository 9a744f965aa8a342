"""Feedback requests: the letter, its status (draft, sent, replied, no reply), the
follow-up a week after sending, and points that become cards or skills."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from rebound_tui.domain.factory import new_card
from rebound_tui.domain.feedback import feedback_letter, follow_up_date, nudge_due, nudge_letter
from rebound_tui.domain.models import (
    Card,
    FeedbackRequest,
    Interview,
    Lesson,
    Rebound,
    new_id,
)
from rebound_tui.services.clock import now
from rebound_tui.services.clock import today as clock_today
from rebound_tui.services.export.files import write_private
from rebound_tui.services.versions import Saved, save_checked
from rebound_tui.store.repository import Repository


def feedback_request_for(repo: Repository, rebound: Rebound) -> FeedbackRequest:
    """The rebound's feedback request, drafting one from the template the first time."""
    mine = repo.feedback_requests.where("rebound_id", rebound.id)
    if mine:
        return max(mine, key=lambda f: f.created_at)
    interview = repo.interviews.get(rebound.interview_id) or Interview(id="", company="")
    stamp = now(repo)
    return repo.feedback_requests.put(
        FeedbackRequest(
            id=new_id(),
            rebound_id=rebound.id,
            interview_id=rebound.interview_id,
            body=feedback_letter(interview, repo.settings().your_name),
            created_at=stamp,
            updated_at=stamp,
        )
    )


def save_feedback_request(repo: Repository, request: FeedbackRequest) -> FeedbackRequest:
    return repo.feedback_requests.put(replace(request, updated_at=now(repo)))


def save_letter_body(repo: Repository, base: FeedbackRequest, body: str) -> Saved[FeedbackRequest]:
    """Save the letter as typed here, `base` being the request the editor loaded (or last
    saved). If the letter was edited elsewhere since (another device, another terminal),
    nothing is lost: see `services.versions`. Status and points changed elsewhere stay."""
    return save_checked(
        repo,
        repo.feedback_requests,
        base,
        replace(base, body=body),
        ("body",),
        lambda r: repo.feedback_requests.put(replace(r, updated_at=now(repo))),
    )


def set_feedback_status(
    repo: Repository, request: FeedbackRequest, status: str
) -> FeedbackRequest:
    """draft → sent (follow-up a week later) → replied / no_reply."""
    day = clock_today(repo)
    if status == "sent":
        sent_on = request.sent_on or day
        request = replace(
            request, status="sent", sent_on=sent_on, follow_up_on=follow_up_date(sent_on)
        )
    elif status == "replied":
        request = replace(request, status="replied", replied_on=day, follow_up_on=None)
    elif status == "no_reply":
        request = replace(request, status="no_reply", follow_up_on=None)
    elif status == "draft":
        request = replace(request, status="draft", sent_on=None, follow_up_on=None)
    else:
        raise ValueError(f"unknown feedback status {status!r}")
    return save_feedback_request(repo, request)


def follow_ups_due(
    repo: Repository, today: date | None = None
) -> list[tuple[FeedbackRequest, Interview | None]]:
    """Sent requests whose follow-up day has come (on or before `today`, the user's
    today if not given), not yet nudged and with no reply, the earliest first, each with
    its interview. One nudge closes a request for the user (`mark_nudged`): what the
    employer does after that is theirs, so it is never listed as owed."""
    day = today if today is not None else clock_today(repo)
    due = [
        f
        for f in repo.feedback_requests.select(lambda doc: doc.get("status") == "sent")
        if nudge_due(f, day)
    ]
    due.sort(key=lambda f: (f.follow_up_on or day, f.id))
    return [(f, repo.interviews.get(f.interview_id or "")) for f in due]


def mark_nudged(repo: Repository, request_id: str, today: date | None = None) -> FeedbackRequest:
    """The one follow-up was sent (or let go) on `today`: from then on the request is
    closed for the user (NUDGED, "You asked; that part was yours."). Marking it again
    keeps the first day. KeyError if there is no such request."""
    request = repo.feedback_requests.get(request_id)
    if request is None:
        raise KeyError(request_id)
    if request.nudged_on is not None:
        return request
    day = today if today is not None else clock_today(repo)
    return save_feedback_request(repo, replace(request, nudged_on=day))


def nudge_for(repo: Repository, request: FeedbackRequest) -> str:
    """The one short follow-up for `request`, addressed from its interview."""
    interview = repo.interviews.get(request.interview_id or "") or Interview(id="", company="")
    return nudge_letter(interview, repo.settings().your_name)


def is_closed(request: FeedbackRequest) -> bool:
    """Nothing left for the user to do: replied, no reply, or nudged once."""
    return request.status in ("replied", "no_reply") or request.nudged_on is not None


def card_from_point(repo: Repository, request: FeedbackRequest, point: str) -> Card:
    """A card drafted from a point of feedback, for the user to finish in the card
    editor (not stored until saved): the point is its hint, the question is the user's to
    write, and it drills a skill unless they choose otherwise."""
    return new_card(
        "",
        now=now(repo),
        hint=point.strip(),
        kind="skill",
        source="feedback",
        source_id=request.id,
        tags=("feedback",),
    )


def point_to_skill(repo: Repository, request: FeedbackRequest, point: str) -> Lesson:
    return repo.lessons.put(
        Lesson(
            id=new_id(),
            text=point.strip(),
            kind="skill",
            rebound_id=request.rebound_id,
            source_id=request.id,
            created_at=now(repo),
        )
    )


def save_letter(path: Path, body: str) -> None:
    """Write the letter to `path` (0600, never half-written; its folder is made 0700 if
    missing). OSError if the disk refuses."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_private(path, body.encode("utf-8"))


def skills_from(repo: Repository, request: FeedbackRequest) -> list[Lesson]:
    """The skills to work on that were kept from the request's points, oldest first."""
    return sorted(
        (x for x in repo.lessons.all() if x.kind == "skill" and x.source_id == request.id),
        key=lambda x: (x.created_at, x.id),
    )
