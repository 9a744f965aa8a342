"""Schema migrations: `MIGRATIONS[n]` turns a schema-n data directory into schema n+1.

Each runs under the directory lock after a `pre-migration-vN` backup was taken.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rebound_tui.store.repository import Repository


def _stamp_unversioned(repo: Repository) -> None:
    """Schema 0 (files written before versioning) to 1: re-save every record in the
    current shape so that missing fields take their defaults on disk too."""
    for collection in repo.collections.values():
        records = collection.all()
        if records:
            collection.put_many(records)


MIGRATIONS: dict[int, Callable[[Repository], None]] = {0: _stamp_unversioned}
