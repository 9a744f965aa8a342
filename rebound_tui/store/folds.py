"""A fold of a summary over a collection's shards, in order, kept as of all but the
newest shard: a reader of ten years of monthly summaries (the drill stats put every
month's days and cards together, in order) reads one file and folds in the month that
changes, instead of reading and folding every month again.

    DRILL = FoldSpec(REVIEW_MONTH, "drill-fold", 1, start, step, check)
    state = folded(repo, DRILL.with_params(tz, hour))

`start()` is the state of no shards (JSON-native), `step(state, value)` folds one shard's
summary value into it, in place, and `check(state)` says whether a state read from a file
has the shape `step` gives.

How it stays right. The kept state is beside the list of shards it folded, each with the
signature of its file (as a summary is, see `summaries`). A reader takes it only if those
shards are, in order, the first shards of the collection now, every one with that same
signature; else it folds every shard again from its summary (what it did before a state
was kept) and keeps the new state. So a write to an old month (an import, an edit, a
restore, another device's sync, a kill between a shard's rename and anything after) is
never folded over: the state is always the fold of the files as they are. The newest shard
is folded in by every reader and never kept: a rating changes it. Derived data like every
summary file (in `.rebound-summaries/<name>/fold.json`): written without fsync, rebuilt
when unreadable or not what we write; a read-only store (`rebound status`) writes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import orjson

from rebound_tui.store.storage import read_regular_file, signature_of
from rebound_tui.store.summaries import SummarySpec, summaries

if TYPE_CHECKING:
    from rebound_tui.store.repository import Repository

FORMAT = 1
FILE = "fold.json"


@dataclass(frozen=True)
class FoldSpec:
    """A fold: of which summary, its name (a folder beside the summaries'), its version
    (bump it when `step` changes), and its start, step and check."""

    summary: SummarySpec
    name: str
    version: int
    start: Callable[[], Any]
    step: Callable[[Any, Any], None]
    check: Callable[[Any], bool]

    def with_params(self, *params: Any) -> FoldSpec:
        """The same fold of the summary for other parameters."""
        return replace(self, summary=self.summary.with_params(*params))

    @property
    def key(self) -> list[Any]:
        return [self.name, self.version, self.summary.key]


def folded(repo: Repository, spec: FoldSpec) -> Any:
    """`spec.step` of every shard's summary value, oldest shard first, over `spec.start()`."""
    paths = repo.collections[spec.summary.collection].shard_paths()
    if set(paths) & set(repo._files.staged_paths()):  # inside a batch: nothing kept
        return _fold(spec, spec.start(), summaries(repo, spec.summary, paths).values())
    done = paths[:-1]
    now = [[path, _signature(repo, path)] for path in done]
    kept = _kept(repo, spec)
    state, shards = spec.start(), []
    if kept is not None and kept[0] == now[: len(kept[0])]:
        state, shards = kept[1], kept[0]
    values = list(summaries(repo, spec.summary, paths[len(shards) :]).values())
    state = _fold(spec, state, values[: len(done) - len(shards)])
    if now != shards and not repo.readonly and all(s is not None for _, s in now):
        payload = {"format": FORMAT, "fold": spec.key, "shards": now, "state": state}
        repo._summaries.write_file(repo._summaries.root / spec.name / FILE, payload)
    return _fold(spec, state, values[len(done) - len(shards) :])


def _fold(spec: FoldSpec, state: Any, values: Any) -> Any:
    for value in values:
        spec.step(state, value)
    return state


def _kept(repo: Repository, spec: FoldSpec) -> tuple[list[list[Any]], Any] | None:
    try:
        stored = orjson.loads(read_regular_file(repo._summaries.root / spec.name / FILE))
    except (OSError, ValueError, RecursionError):
        return None
    if (
        not isinstance(stored, dict)
        or stored.get("format") != FORMAT
        or stored.get("fold") != spec.key
        or not isinstance(shards := stored.get("shards"), list)
        or not all(isinstance(s, list) and len(s) == 2 for s in shards)
        or "state" not in stored
    ):
        return None
    try:
        sound = bool(spec.check(stored["state"]))
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError):
        sound = False
    return (shards, stored["state"]) if sound else None


def _signature(repo: Repository, relpath: str) -> list[Any] | None:
    try:
        return list(signature_of(os.stat(repo.data_dir / relpath)))
    except OSError:
        return None
