"""Mental contrasting before a decision (Oettingen): the wish, the best outcome, what in
you might get in the way, and an if-then plan for it; with how much of life there has been
pictured. Kept on the interview, asked when it is logged and while waiting, never on the
day of the no."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rebound_tui.domain.models import Interview
from rebound_tui.services.interviews import save_interview
from rebound_tui.services.versions import Saved, save_checked
from rebound_tui.store.repository import Repository

CONTRAST_TEXTS = ("wish", "best_outcome", "obstacle", "plan")


@dataclass(frozen=True)
class Contrast:
    """What the dialog shows and saves."""

    wish: str = ""
    best_outcome: str = ""
    obstacle: str = ""
    plan: str = ""
    pictured: int | None = None

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name).strip() for name in CONTRAST_TEXTS) and (
            self.pictured is None
        )


def contrast_of(interview: Interview) -> Contrast:
    return Contrast(
        wish=interview.wish,
        best_outcome=interview.best_outcome,
        obstacle=interview.obstacle,
        plan=interview.plan,
        pictured=interview.pictured,
    )


def has_contrast(interview: Interview) -> bool:
    """Whether anything of the wish, outcome, obstacle, plan or picturing is written."""
    return not contrast_of(interview).empty


def offer_contrast(interview: Interview) -> bool:
    """Whether to offer the prompt now: an interview (not only an application: a phone
    screen or later, or a day it is set for) whose decision is pending, nothing written."""
    interviewed = interview.reached_interview or interview.interviewed_on is not None
    return interviewed and interview.outcome == "active" and not has_contrast(interview)


def plan_lead(obstacle: str) -> str:
    """The plan's opening words: "If <obstacle>, then I will …" (the obstacle as typed,
    its first letter lowered and its end trimmed, so it reads as one sentence)."""
    text = " ".join(obstacle.split()).rstrip(".!?;:, ")
    if not text:
        return "If that gets in the way, then I will …"
    if len(text) > 1 and text[0].isupper() and not text[1].isupper() and text[:2] != "I ":
        text = text[0].lower() + text[1:]
    return f"If {text}, then I will …"


def save_contrast(repo: Repository, base: Interview, contrast: Contrast) -> Saved[Interview]:
    """Save `contrast` on the interview `base` (as the dialog opened it); what was changed
    elsewhere since is merged, text typed in both places is kept (`services.versions`)."""
    edited = replace(
        base,
        wish=contrast.wish,
        best_outcome=contrast.best_outcome,
        obstacle=contrast.obstacle,
        plan=contrast.plan,
        pictured=contrast.pictured,
    )
    return save_checked(
        repo, repo.interviews, base, edited, CONTRAST_TEXTS, lambda i: save_interview(repo, i)
    )
