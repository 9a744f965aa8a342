"""Interviews: saving one, and logging its rejection (which opens its rebound)."""

from __future__ import annotations

from dataclasses import replace

from rebound_tui.domain.models import (
    Interview,
    Rebound,
)
from rebound_tui.services.clock import now, today
from rebound_tui.services.rebounds import open_rebound
from rebound_tui.services.versions import Saved, save_checked
from rebound_tui.store.repository import Repository


def save_interview(repo: Repository, interview: Interview) -> Interview:
    stamp = now(repo)
    created = interview.created_at if interview.created_at.year > 1970 else stamp
    return repo.interviews.put(replace(interview, created_at=created, updated_at=stamp))


INTERVIEW_TEXTS = ("company", "role", "contact", "notes")


def save_interview_edit(repo: Repository, edited: Interview, base: Interview) -> Saved[Interview]:
    """Save an interview as edited in the form, `base` being what the form opened with:
    changes made elsewhere since (another device) are merged, notes typed in both places
    are both kept (see `services.versions`)."""
    return save_checked(
        repo,
        repo.interviews,
        base,
        edited,
        INTERVIEW_TEXTS,
        lambda i: save_interview(repo, i),
    )


def mark_rejected(repo: Repository, interview: Interview) -> tuple[Interview, Rebound]:
    """Record the rejection and open (or reopen) the rebound for it."""
    rejected = save_interview(
        repo,
        replace(interview, outcome="rejected", decided_on=interview.decided_on or today(repo)),
    )
    return rejected, open_rebound(repo, rejected)


def interview(repo: Repository, interview_id: str) -> Interview | None:
    return repo.interviews.get(interview_id)


def all_interviews(repo: Repository) -> list[Interview]:
    return repo.interviews.all()


def active_interviews(repo: Repository) -> list[Interview]:
    """Interviews still waiting for a decision."""
    return [i for i in repo.interviews.all() if i.outcome == "active"]


def delete_interview(repo: Repository, interview: Interview) -> None:
    repo.interviews.delete(interview)
