"""A rebound's life: opened for a rejection, moved through its six steps, closed, with
the lessons and the next step (a `NextStep`, see `next_steps`) it ends with."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from rebound_tui.domain.days import drill_day, effective_timezone
from rebound_tui.domain.models import (
    REBOUND_STEPS,
    Interview,
    Lesson,
    NextStep,
    Rebound,
    ReboundStep,
    new_id,
)
from rebound_tui.services import next_steps
from rebound_tui.services.clock import now
from rebound_tui.store.repository import Repository

MAX_LESSONS = 3


def rebound_for(repo: Repository, interview_id: str) -> Rebound | None:
    """The interview's open rebound, else its most recent closed one."""
    mine = repo.rebounds.where("interview_id", interview_id)
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


def moved_to_step(repo: Repository, rebound: Rebound, step: ReboundStep) -> Rebound:
    """The rebound as `move_to_step` stores it, not stored (a screen shows it first)."""
    visited = (
        rebound.visited if rebound.step in rebound.visited else (*rebound.visited, rebound.step)
    )
    return replace(rebound, step=step, visited=visited, updated_at=now(repo))


def move_to_step(repo: Repository, rebound: Rebound, step: ReboundStep) -> Rebound:
    return repo.rebounds.put(moved_to_step(repo, rebound, step))


def needs_move(rebound: Rebound, step: ReboundStep) -> bool:
    """Whether arriving at `step` changes the stored rebound (its step, or a first visit)."""
    return step != rebound.step or step not in rebound.visited


def store_step(repo: Repository, rebound_id: str, step: ReboundStep) -> None:
    """Move the stored rebound to `step`, as it is stored now (nothing if it is gone or
    already there)."""
    stored = repo.rebounds.get(rebound_id)
    if stored is not None and needs_move(stored, step):
        move_to_step(repo, stored, step)


# -- pacing: the day of the no is for feeling it, a treat and (if you like) writing ----
RESUME_STEP: ReboundStep = "went_well"
"""Where a rebound paused for the day opens next time."""


def _local_day(repo: Repository, instant: datetime) -> date:
    """The user's day for `instant`: their time zone, their day start (as the drill's)."""
    settings = repo.settings()
    return drill_day(instant, effective_timezone(settings.timezone), settings.day_start_hour)


def opened_today(repo: Repository, rebound: Rebound) -> bool:
    """Whether today is the day the rebound opened (the day of the no, as logged)."""
    return _local_day(repo, rebound.opened_at) == _local_day(repo, now(repo))


def paused_today(repo: Repository, rebound: Rebound) -> bool:
    """Whether the user said "that's enough for today" today."""
    return rebound.paused_on is not None and rebound.paused_on == _local_day(repo, now(repo))


def pause_for_today(repo: Repository, rebound: Rebound) -> Rebound:
    """ "That's enough for today": the rest keeps. The rebound remembers the day and opens
    at Went well next time (the steps before it stay as they are; nothing is skipped)."""
    stamp = now(repo)
    visited = (
        rebound.visited if rebound.step in rebound.visited else (*rebound.visited, rebound.step)
    )
    step = rebound.step if REBOUND_STEPS.index(rebound.step) > 1 else RESUME_STEP
    return repo.rebounds.put(
        replace(
            rebound,
            paused_on=_local_day(repo, stamp),
            step=step,
            visited=visited,
            updated_at=stamp,
        )
    )


def close_rebound(repo: Repository, rebound: Rebound) -> Rebound:
    stamp = now(repo)
    return repo.rebounds.put(replace(rebound, closed_at=stamp, updated_at=stamp))


def step_status(repo: Repository, rebound: Rebound) -> dict[str, str]:
    """Each step as 'done' (has content), 'skipped' (passed without content) or 'todo'."""
    reflections = repo.reflections.where("rebound_id", rebound.id)
    requests = repo.feedback_requests.where("rebound_id", rebound.id)
    lessons = [x for x in repo.lessons.where("rebound_id", rebound.id) if x.text.strip()]
    done = {
        "feel": rebound.checkin_id is not None,
        "treat": rebound.treat_log_id is not None,
        "went_well": any(r.kind == "went_well" and r.question.strip() for r in reflections),
        "tough": any(r.kind == "tough" and r.question.strip() for r in reflections),
        "feedback": any(f.status != "draft" for f in requests),
        "move_on": bool(lessons or repo.next_steps.where("rebound_id", rebound.id)),
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


def lessons_of(repo: Repository, rebound_id: str) -> list[Lesson]:
    return sorted(
        (x for x in repo.lessons.where("rebound_id", rebound_id) if x.kind == "lesson"),
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


def next_step_of(repo: Repository, rebound_id: str) -> NextStep | None:
    """The rebound's open next step, the one its Move-on step shows and edits."""
    return next_steps.step_of_rebound(repo, rebound_id)


def save_next_step(
    repo: Repository, rebound: Rebound, text: str, when: date | None
) -> NextStep | None:
    """The rebound's next step, as typed in Move on: a `NextStep` record (created,
    changed, or removed when the text is cleared); see `services.next_steps`."""
    return next_steps.save_rebound_step(repo, rebound, text, when)


def rebound(repo: Repository, rebound_id: str) -> Rebound | None:
    return repo.rebounds.get(rebound_id)


def all_rebounds(repo: Repository) -> list[Rebound]:
    return repo.rebounds.all()
