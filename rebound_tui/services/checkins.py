"""Check-ins: how the user feels, on its own or as a rebound's first step."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

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


def rebound_checkins(repo: Repository) -> list[CheckIn]:
    """The check-ins made in a rebound's Feel step: only they are built, not years of
    everyday ones."""
    return repo.checkins.select(lambda doc: bool(doc.get("rebound_id")))


def _newest(repo: Repository) -> tuple[bool, list[CheckIn]]:
    """The store's newest check-ins (`store.indexes.NEWEST_CHECKINS`), in the file's order,
    and whether they are all there are."""
    from rebound_tui.domain.codec import RecordError, from_record
    from rebound_tui.store.indexes import NEWEST_CHECKINS
    from rebound_tui.store.summaries import summaries

    (value,) = summaries(repo, NEWEST_CHECKINS).values()
    out = []
    for doc in value["docs"]:
        try:
            out.append(from_record(CheckIn, doc))
        except RecordError:
            continue  # an unreadable check-in is skipped, as everywhere else
    return value["complete"], out


def checkins_since(repo: Repository, since: datetime) -> list[CheckIn]:
    """The check-ins at `since` or later, in the file's order (as `all_checkins` has them):
    from the newest the store keeps when they reach back before `since`."""
    complete, newest = _newest(repo)
    if complete or any(c.at < since for c in newest):  # none left out is that recent
        return [c for c in newest if c.at >= since]
    return [c for c in repo.checkins.all() if c.at >= since]


def newest_checkins(repo: Repository, count: int) -> list[CheckIn]:
    """The newest `count` check-ins, newest first (as every one sorted by time)."""
    complete, newest = _newest(repo)
    if not complete and len(newest) < count:
        newest = repo.checkins.all()
    return sorted(newest, key=lambda c: c.at, reverse=True)[:count]
