"""Check-ins: how the user feels, on its own or as a rebound's first step."""

from __future__ import annotations

from dataclasses import replace

from rebound_tui.domain.days import effective_timezone
from rebound_tui.domain.models import (
    CheckIn,
    new_id,
)
from rebound_tui.services.clock import now
from rebound_tui.store.repository import Repository


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


def checkin(repo: Repository, checkin_id: str) -> CheckIn | None:
    return repo.checkins.get(checkin_id)


def all_checkins(repo: Repository) -> list[CheckIn]:
    return repo.checkins.all()
