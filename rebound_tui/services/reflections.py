"""Reflections: what went well and what was tough, each a STAR answer that can become a
drill card."""

from __future__ import annotations

from dataclasses import replace

from rebound_tui.domain.factory import new_card
from rebound_tui.domain.models import (
    Card,
    Rebound,
    Reflection,
    ReflectionKind,
    new_id,
)
from rebound_tui.domain.star import star_text
from rebound_tui.services.clock import now
from rebound_tui.services.versions import Saved, save_checked
from rebound_tui.store.repository import Repository


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


REFLECTION_TEXTS = ("question", "situation", "task", "action", "result", "note")


def save_reflection_edit(
    repo: Repository, edited: Reflection, base: Reflection
) -> Saved[Reflection]:
    """Save a reflection as edited here, `base` being what the editor loaded (or last
    saved). Text changed elsewhere since is merged, never lost: see `services.versions`."""
    return save_checked(
        repo,
        repo.reflections,
        base,
        edited,
        REFLECTION_TEXTS,
        lambda r: save_reflection(repo, r),
    )


def reflections_of(repo: Repository, rebound_id: str) -> list[Reflection]:
    return sorted(
        repo.reflections.where("rebound_id", rebound_id),
        key=lambda r: (r.created_at, r.id),
    )


def delete_reflection(repo: Repository, reflection: Reflection) -> None:
    repo.reflections.delete(reflection)


def _card_sides(reflection: Reflection) -> tuple[str, str]:
    answer = star_text(reflection.situation, reflection.task, reflection.action, reflection.result)
    if reflection.kind == "went_well" and reflection.note.strip():
        answer = f"{answer}\n\nWhat worked: {reflection.note.strip()}".strip()
    return reflection.question.strip(), answer


def send_to_drill(repo: Repository, reflection: Reflection) -> tuple[Reflection, Card]:
    """Make (or refresh) the drill card for a reflection's question.

    If the stored reflection was saved since `reflection` was read (its `updated_at`, the
    record's revision, differs: another device saved it), the stored one is sent and
    linked: the caller's copy is stale, and linking it would put its old text back."""
    with repo.transaction():
        stored = repo.reflections.get(reflection.id)
        if stored is not None and stored.updated_at != reflection.updated_at:
            reflection = stored
        return _send_to_drill(repo, reflection)


def _send_to_drill(repo: Repository, reflection: Reflection) -> tuple[Reflection, Card]:
    question, answer = _card_sides(reflection)
    stamp = now(repo)
    existing = repo.cards.get(reflection.card_id) if reflection.card_id else None
    if existing is not None:
        card = repo.cards.put(
            replace(existing, question=question, answer=answer, updated_at=stamp)
        )
    else:
        card = repo.cards.put(
            new_card(
                question,
                answer=answer,
                now=stamp,
                source="reflection",
                source_id=reflection.id,
                tags=(reflection.kind.replace("_", "-"),),
            )
        )
    linked = repo.reflections.put(replace(reflection, card_id=card.id, updated_at=stamp))
    return linked, card


def reflection(repo: Repository, reflection_id: str) -> Reflection | None:
    return repo.reflections.get(reflection_id)
