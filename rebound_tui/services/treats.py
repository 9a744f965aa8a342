"""Treats: the catalogue and the user's own, and the log of treats taken and rated."""

from __future__ import annotations

from dataclasses import replace

from rebound_tui.domain.models import (
    Rebound,
    Treat,
    TreatLog,
    new_id,
)
from rebound_tui.services.clock import now
from rebound_tui.store.repository import Repository


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


def treat_log_entry(repo: Repository, entry_id: str) -> TreatLog | None:
    return repo.treat_log.get(entry_id)


def treat_log(repo: Repository) -> list[TreatLog]:
    """Every treat taken, rated or not."""
    return repo.treat_log.all()
