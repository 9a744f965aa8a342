"""What the user does, as repository calls: log a rejection, check in, take a treat,
reflect, ask for feedback, move on. Screens call these; these know nothing of screens.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from rebound_tui.domain.days import effective_timezone, local_date
from rebound_tui.domain.feedback import feedback_letter, follow_up_date
from rebound_tui.domain.models import (
    REBOUND_STEPS,
    Card,
    CheckIn,
    FeedbackRequest,
    Interview,
    Lesson,
    Rebound,
    ReboundStep,
    Reflection,
    ReflectionKind,
    Treat,
    TreatLog,
    new_id,
)
from rebound_tui.domain.star import star_text
from rebound_tui.store.repository import Repository

MAX_LESSONS = 3


def now(repo: Repository) -> datetime:
    return repo.clock.now()


def today(repo: Repository) -> date:
    """The user's local calendar date."""
    return local_date(now(repo), effective_timezone(repo.settings().timezone))


# -- interviews -----------------------------------------------------------------------
def save_interview(repo: Repository, interview: Interview) -> Interview:
    stamp = now(repo)
    created = interview.created_at if interview.created_at.year > 1970 else stamp
    return repo.interviews.put(replace(interview, created_at=created, updated_at=stamp))


def mark_rejected(repo: Repository, interview: Interview) -> tuple[Interview, Rebound]:
    """Record the rejection and open (or reopen) the rebound for it."""
    rejected = save_interview(
        repo,
        replace(interview, outcome="rejected", decided_on=interview.decided_on or today(repo)),
    )
    return rejected, open_rebound(repo, rejected)


def rebound_for(repo: Repository, interview_id: str) -> Rebound | None:
    """The interview's open rebound, else its most recent closed one."""
    mine = [r for r in repo.rebounds.all() if r.interview_id == interview_id]
    if not mine:
        return None
    open_ones = [r for r in mine if r.is_open]
    return max(open_ones or mine, key=lambda r: r.opened_at)


def open_rebound(repo: Repository, interview: Interview) -> Rebound:
    existing = rebound_for(repo, interview.id)
    if existing is not None and existing.is_open:
        return existing
    stamp = now(repo)
    return repo.rebounds.put(
        Rebound(id=new_id(), interview_id=interview.id, opened_at=stamp, updated_at=stamp)
    )


def open_rebounds(repo: Repository) -> list[tuple[Rebound, Interview | None]]:
    interviews = {i.id: i for i in repo.interviews.all()}
    rebounds = sorted((r for r in repo.rebounds.all() if r.is_open), key=lambda r: r.opened_at)
    return [(r, interviews.get(r.interview_id)) for r in reversed(rebounds)]


def move_to_step(repo: Repository, rebound: Rebound, step: ReboundStep) -> Rebound:
    visited = (
        rebound.visited if rebound.step in rebound.visited else (*rebound.visited, rebound.step)
    )
    return repo.rebounds.put(replace(rebound, step=step, visited=visited, updated_at=now(repo)))


def close_rebound(repo: Repository, rebound: Rebound) -> Rebound:
    stamp = now(repo)
    return repo.rebounds.put(replace(rebound, closed_at=stamp, updated_at=stamp))


def step_status(repo: Repository, rebound: Rebound) -> dict[str, str]:
    """Each step as 'done' (has content), 'skipped' (passed without content) or 'todo'."""
    reflections = [r for r in repo.reflections.all() if r.rebound_id == rebound.id]
    requests = [f for f in repo.feedback_requests.all() if f.rebound_id == rebound.id]
    lessons = [x for x in repo.lessons.all() if x.rebound_id == rebound.id and x.text.strip()]
    done = {
        "feel": rebound.checkin_id is not None,
        "treat": rebound.treat_log_id is not None,
        "went_well": any(r.kind == "went_well" and r.question.strip() for r in reflections),
        "tough": any(r.kind == "tough" and r.question.strip() for r in reflections),
        "feedback": any(f.status != "draft" for f in requests),
        "move_on": bool(lessons or rebound.next_step.strip()),
    }
    out: dict[str, str] = {}
    for step in REBOUND_STEPS:
        if done[step]:
            out[step] = "done"
        elif step in rebound.visited:
            out[step] = "skipped"
        else:
            out[step] = "todo"
    return out


# -- check-ins ------------------------------------------------------------------------
def save_checkin(repo: Repository, checkin: CheckIn) -> CheckIn:
    saved = repo.checkins.put(checkin)
    if checkin.rebound_id:
        rebound = repo.rebounds.get(checkin.rebound_id)
        if rebound is not None and rebound.checkin_id != checkin.id:
            repo.rebounds.put(replace(rebound, checkin_id=checkin.id, updated_at=now(repo)))
    return saved


def new_checkin(repo: Repository, rebound_id: str | None = None) -> CheckIn:
    return CheckIn(
        id=new_id(),
        at=now(repo),
        tz=effective_timezone(repo.settings().timezone),
        rebound_id=rebound_id,
    )


# -- treats ---------------------------------------------------------------------------
def all_treats(repo: Repository) -> list[Treat]:
    from rebound_tui.domain.treats import CATALOGUE

    return [*CATALOGUE, *repo.treats.all()]


def treat_by_id(repo: Repository, treat_id: str) -> Treat | None:
    return next((t for t in all_treats(repo) if t.id == treat_id), None)


def add_own_treat(repo: Repository, treat: Treat) -> Treat:
    return repo.treats.put(replace(treat, id=treat.id or new_id(), created_at=now(repo)))


def accept_treat(
    repo: Repository, treat: Treat, rebound: Rebound | None, checkin_id: str | None
) -> TreatLog:
    entry = repo.treat_log.put(
        TreatLog(
            id=new_id(),
            treat_id=treat.id,
            accepted_at=now(repo),
            rebound_id=rebound.id if rebound else None,
            checkin_id=checkin_id,
        )
    )
    if rebound is not None:
        repo.rebounds.put(replace(rebound, treat_log_id=entry.id, updated_at=now(repo)))
    return entry


def rate_treat(repo: Repository, entry: TreatLog, helped: int) -> TreatLog:
    if not 1 <= helped <= 5:
        raise ValueError("helped is 1 (not at all) to 5 (a lot)")
    return repo.treat_log.put(replace(entry, helped=helped, done_at=entry.done_at or now(repo)))


def mark_treat_done(repo: Repository, entry: TreatLog) -> TreatLog:
    return repo.treat_log.put(replace(entry, done_at=entry.done_at or now(repo)))


# -- reflections ----------------------------------------------------------------------
def new_reflection(repo: Repository, rebound: Rebound, kind: ReflectionKind) -> Reflection:
    stamp = now(repo)
    return Reflection(
        id=new_id(),
        rebound_id=rebound.id,
        interview_id=rebound.interview_id,
        kind=kind,
        created_at=stamp,
        updated_at=stamp,
    )


def save_reflection(repo: Repository, reflection: Reflection) -> Reflection:
    saved = repo.reflections.put(replace(reflection, updated_at=now(repo)))
    if saved.card_id:
        card = repo.cards.get(saved.card_id)
        if card is not None:
            question, answer = _card_sides(saved)
            if (card.question, card.answer) != (question, answer):
                repo.cards.put(
                    replace(card, question=question, answer=answer, updated_at=now(repo))
                )
    return saved


def reflections_of(repo: Repository, rebound_id: str) -> list[Reflection]:
    return sorted(
        (r for r in repo.reflections.all() if r.rebound_id == rebound_id),
        key=lambda r: (r.created_at, r.id),
    )


def delete_reflection(repo: Repository, reflection: Reflection) -> None:
    repo.reflections.delete(reflection)


def _card_sides(reflection: Reflection) -> tuple[str, str]:
    answer = star_text(reflection.situation, reflection.task, reflection.action, reflection.result)
    if reflection.kind == "went_well" and reflection.note.strip():
        answer = f"{answer}\n\nWhy it worked: {reflection.note.strip()}".strip()
    return reflection.question.strip(), answer


def send_to_drill(repo: Repository, reflection: Reflection) -> tuple[Reflection, Card]:
    """Make (or refresh) the drill card for a reflection's question."""
    question, answer = _card_sides(reflection)
    stamp = now(repo)
    existing = repo.cards.get(reflection.card_id) if reflection.card_id else None
    if existing is not None:
        card = repo.cards.put(
            replace(existing, question=question, answer=answer, updated_at=stamp)
        )
    else:
        card = repo.cards.put(
            Card(
                id=new_id(),
                question=question,
                answer=answer,
                source="reflection",
                source_id=reflection.id,
                tags=(reflection.kind.replace("_", "-"),),
                created_at=stamp,
                updated_at=stamp,
                due=stamp,
            )
        )
    linked = repo.reflections.put(replace(reflection, card_id=card.id, updated_at=stamp))
    return linked, card


# -- feedback -------------------------------------------------------------------------
def feedback_request_for(repo: Repository, rebound: Rebound) -> FeedbackRequest:
    """The rebound's feedback request, drafting one from the template the first time."""
    mine = [f for f in repo.feedback_requests.all() if f.rebound_id == rebound.id]
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


def set_feedback_status(
    repo: Repository, request: FeedbackRequest, status: str
) -> FeedbackRequest:
    """draft → sent (follow-up a week later) → replied / no_reply."""
    day = today(repo)
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


def follow_ups_due(repo: Repository) -> list[tuple[FeedbackRequest, Interview | None]]:
    day = today(repo)
    due = [
        f
        for f in repo.feedback_requests.select(lambda doc: doc.get("status") == "sent")
        if f.follow_up_on is not None and f.follow_up_on <= day
    ]
    due.sort(key=lambda f: f.follow_up_on or day)
    return [(f, repo.interviews.get(f.interview_id or "")) for f in due]


def point_to_card(repo: Repository, request: FeedbackRequest, point: str) -> Card:
    stamp = now(repo)
    return repo.cards.put(
        Card(
            id=new_id(),
            question=point.strip(),
            answer="",
            source="feedback",
            source_id=request.id,
            tags=("feedback",),
            created_at=stamp,
            updated_at=stamp,
            due=stamp,
        )
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


# -- moving on ------------------------------------------------------------------------
def lessons_of(repo: Repository, rebound_id: str) -> list[Lesson]:
    return sorted(
        (x for x in repo.lessons.all() if x.rebound_id == rebound_id and x.kind == "lesson"),
        key=lambda x: (x.position, x.created_at, x.id),
    )


def save_lessons(repo: Repository, rebound: Rebound, texts: list[str]) -> list[Lesson]:
    """Make the rebound's lessons `texts`, in order (up to three; a blank one is removed)."""
    existing = {x.position: x for x in lessons_of(repo, rebound.id)}
    keep: list[Lesson] = []
    remove: list[Lesson] = []
    stamp = now(repo)
    for position, raw in enumerate(texts[:MAX_LESSONS]):
        text = raw.strip()
        current = existing.pop(position, None)
        if not text:
            if current is not None:
                remove.append(current)
        elif current is None:
            keep.append(
                Lesson(
                    id=new_id(),
                    text=text,
                    rebound_id=rebound.id,
                    position=position,
                    created_at=stamp,
                )
            )
        else:
            keep.append(replace(current, text=text))
    remove.extend(existing.values())  # beyond what was given
    with repo.transaction():
        changed = [x for x in keep if repo.lessons.get(x.id) != x]
        if changed:
            repo.lessons.put_many(changed)
        for lesson in remove:
            repo.lessons.delete(lesson)
    return keep


def save_next_step(repo: Repository, rebound: Rebound, text: str, when: date | None) -> Rebound:
    return repo.rebounds.put(
        replace(rebound, next_step=text, next_step_on=when, updated_at=now(repo))
    )
