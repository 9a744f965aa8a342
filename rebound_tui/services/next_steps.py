"""Next steps: things to do, by a day or not, from a rebound's Move-on step or added on
their own. Open until marked done; snoozing moves the day one is for; an open one whose
day has passed is overdue (and stays listed until it is done: none vanishes)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from rebound_tui.domain.codec import DATE_MAX
from rebound_tui.domain.days import effective_timezone, local_date
from rebound_tui.domain.factory import new_next_step
from rebound_tui.domain.models import NextStep, Rebound
from rebound_tui.services import clock
from rebound_tui.services.versions import merge_record
from rebound_tui.store.repository import Repository


@dataclass(frozen=True)
class OpenStep:
    """An open next step, and whether its day has passed."""

    step: NextStep
    overdue: bool


def today(repo: Repository, now: datetime | None = None) -> date:
    """The day next steps are measured against: the user's calendar date (now, or at
    `now`)."""
    if now is None:
        return clock.today(repo)
    return local_date(now, effective_timezone(repo.settings().timezone))


def _order(step: NextStep) -> tuple[date, str, str]:
    """By day (undated ones last), then oldest first."""
    return (step.day or DATE_MAX, step.created_at.isoformat(), step.id)


def open_steps(repo: Repository, on: date) -> list[OpenStep]:
    """Every next step not yet done, the soonest (so the longest overdue) first, undated
    ones last; `overdue` if its day is before `on`."""
    steps = sorted((s for s in repo.next_steps.all() if not s.is_done), key=_order)
    return [OpenStep(s, s.is_overdue(on)) for s in steps]


def done_steps(repo: Repository) -> list[NextStep]:
    """Every next step done, the most recently done first."""
    done = [s for s in repo.next_steps.all() if s.done_at is not None]
    return sorted(done, key=lambda s: (s.done_at, s.id), reverse=True)


def next_step(repo: Repository, step_id: str) -> NextStep | None:
    return repo.next_steps.get(step_id)


def add_step(
    repo: Repository, text: str, due_on: date | None = None, rebound_id: str | None = None
) -> NextStep:
    """A new open step. Raises `ValueError` for a blank text: a step is something to do."""
    text = text.strip()
    if not text:
        raise ValueError("a next step needs a few words saying what to do")
    return repo.next_steps.put(
        new_next_step(text, now=clock.now(repo), due_on=due_on, rebound_id=rebound_id)
    )


def edit_step(repo: Repository, step: NextStep, text: str, day: date | None) -> NextStep:
    """Change what the step says and the day it is for (a new day ends a snooze). Raises
    `ValueError` for a blank text."""
    text = text.strip()
    if not text:
        raise ValueError("a next step needs a few words saying what to do")
    if day == step.day:
        changed = replace(step, text=text)
    else:
        changed = replace(step, text=text, due_on=day, snoozed_until=None)
    if changed == step:
        return step
    with repo.transaction():  # merged with an edit made on another device since
        stored = repo.next_steps.get(step.id)
        if stored is not None:
            changed, conflicted = merge_record(
                step,
                changed,
                stored,
                ("text",),
                at=stored.updated_at,
                timezone=repo.settings().timezone,
            )
            if conflicted:  # both texts, on one line: "mine —— Kept from … —— theirs"
                changed = replace(changed, text=" ".join(changed.text.split()))
        return repo.next_steps.put(replace(changed, updated_at=clock.now(repo)))


def _on_stored(repo: Repository, step: NextStep, **changes: Any) -> NextStep:
    """`changes` made to the step as stored now (under the lock), not to the caller's
    copy: a text edited on another device since stays."""
    with repo.transaction():
        stored = repo.next_steps.get(step.id) or step
        return repo.next_steps.put(replace(stored, **changes))


def mark_done(repo: Repository, step: NextStep) -> NextStep:
    if step.is_done:
        return step
    stamp = clock.now(repo)
    return _on_stored(repo, step, done_at=stamp, updated_at=stamp)


def reopen(repo: Repository, step: NextStep) -> NextStep:
    """Undo `mark_done`: the step is open again, on the day it was for."""
    if not step.is_done:
        return step
    return _on_stored(repo, step, done_at=None, updated_at=clock.now(repo))


def snooze(repo: Repository, step: NextStep, days: int) -> NextStep:
    """Put the step off by `days` from its day, or from today if that has passed (or it
    has none): snoozing an overdue step a day makes it tomorrow's."""
    start = max(today(repo), step.day or date.min)
    try:
        until = min(start + timedelta(days=days), DATE_MAX)
    except OverflowError:
        until = DATE_MAX
    return _on_stored(repo, step, snoozed_until=until, updated_at=clock.now(repo))


def delete_step(repo: Repository, step: NextStep) -> None:
    """Remove a step the user no longer wants (asked first, in the ui)."""
    repo.next_steps.delete(step)


# -- a rebound's next step (its Move-on step) ---------------------------------------------
def step_of_rebound(repo: Repository, rebound_id: str) -> NextStep | None:
    """The rebound's open next step (the newest, if there are several), else None: one
    that is done is history, and Move on starts a new one."""
    mine = [s for s in repo.next_steps.where("rebound_id", rebound_id) if not s.is_done]
    return max(mine, key=lambda s: (s.created_at, s.id)) if mine else None


def done_of_rebound(repo: Repository, rebound_id: str) -> list[NextStep]:
    """The rebound's next steps already done, the most recently done first."""
    return [s for s in done_steps(repo) if s.rebound_id == rebound_id]


def save_rebound_step(
    repo: Repository, rebound: Rebound, text: str, day: date | None
) -> NextStep | None:
    """What Move on typed: the rebound's open next step says `text`, for `day`; created
    when there is none, removed when the text is cleared (nothing else is deleted)."""
    current = step_of_rebound(repo, rebound.id)
    if not text.strip():
        if current is not None:
            delete_step(repo, current)
        return None
    if current is None:
        return add_step(repo, text, day, rebound_id=rebound.id)
    return edit_step(repo, current, text, day)


def rebound_names(repo: Repository) -> dict[str, str]:
    """What each rebound is about (its interview's name), to say where a step came from."""
    interviews = {i.id: i for i in repo.interviews.all()}
    names = {}
    for rebound in repo.rebounds.all():
        interview = interviews.get(rebound.interview_id)
        names[rebound.id] = interview.name if interview else "(interview deleted)"
    return names


@dataclass(frozen=True)
class StepCounts:
    done: int
    open: int
    overdue: int


def counts(repo: Repository) -> StepCounts:
    """How many next steps are done, open, and open past their day (history's line)."""
    steps = repo.next_steps.all()
    on = today(repo)
    return StepCounts(
        done=sum(s.is_done for s in steps),
        open=sum(not s.is_done for s in steps),
        overdue=sum(s.is_overdue(on) for s in steps),
    )
