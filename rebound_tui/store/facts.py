"""Facts worked out from some data files, kept beside the state those files were in, and
read back only while every one of them is still so: "no rating was left half-done" for
the card shards and the newest month of reviews as they are now, say, so that the next
drill need not look again (`services.interrupted`).

A state is `Repository.disk_state`'s (one `stat` per file: inode, mtime, size, ctime and
device), taken *before* the files are read, so that a write meanwhile makes the fact
stale rather than wrong. Kept in the summaries folder (`summaries.SUMMARY_DIR/facts/`):
derived data, written without fsync, and a file that is missing, torn or not what we
write is no fact (it is worked out again). A read-only repository keeps nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from rebound_tui.store.storage import read_regular_file

if TYPE_CHECKING:
    from rebound_tui.store.repository import Repository

FOLDER = "facts"
FORMAT = 1


def as_json(state: tuple[Any, ...]) -> Any:
    """A `disk_state` as it reads back from JSON (tuples become lists)."""
    return orjson.loads(orjson.dumps(state))


def kept(repo: Repository, name: str, state: tuple[Any, ...]) -> Any:
    """The fact kept as `name`, if the files it was worked out from are still in `state`
    (`disk_state`); else None."""
    try:
        stored = orjson.loads(read_regular_file(_path(repo, name)))
    except (OSError, ValueError, RecursionError):
        return None
    if (
        not isinstance(stored, dict)
        or stored.get("format") != FORMAT
        or stored.get("state") != as_json(state)
    ):
        return None
    return stored.get("value")


def keep(repo: Repository, name: str, state: tuple[Any, ...], value: Any) -> None:
    """Keep `value` (JSON) as `name`, worked out from the files as `state` found them
    before they were read. Never raises for a fact that cannot be saved."""
    if repo.readonly:
        return
    payload = {"format": FORMAT, "state": as_json(state), "value": value}
    repo._summaries.write_file(_path(repo, name), payload)


def _path(repo: Repository, name: str) -> Any:
    return repo._summaries.root / FOLDER / f"{name}.json"
