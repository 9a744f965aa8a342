"""Schema migrations: `MIGRATIONS[n]` turns a schema-n data directory into schema n+1.

Each runs under the directory lock after a `pre-migration-vN` backup was taken.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from rebound_tui.domain.factory import next_step_kept_on

if TYPE_CHECKING:
    from rebound_tui.store.repository import Repository


def _stamp_unversioned(repo: Repository) -> None:
    """Schema 0 (files written before versioning) to 1: re-save every record in the
    current shape so that missing fields take their defaults on disk too."""
    for collection in repo.collections.values():
        records = collection.all()
        if records:
            collection.put_many(records)


def _next_steps_of_their_own(repo: Repository) -> None:
    """Schema 1 to 2: the next step a rebound kept on itself (`Rebound.next_step` and
    `next_step_on`) becomes a `NextStep`, open, and the rebound's fields are emptied. Both
    live in rebounds.json, so this is one atomic write."""
    moved = []
    emptied = []
    for rebound in repo.rebounds.all():
        if not rebound.next_step and rebound.next_step_on is None:
            continue
        step = next_step_kept_on(rebound)
        if step is not None and repo.next_steps.get(step.id) is None:
            moved.append(step)
        emptied.append(replace(rebound, next_step="", next_step_on=None))
    if not emptied:
        return
    with repo.batch():
        repo.next_steps.put_many(moved)
        repo.rebounds.put_many(emptied)


MIGRATIONS: dict[int, Callable[[Repository], None]] = {
    0: _stamp_unversioned,
    1: _next_steps_of_their_own,
}
