"""Per-shard summaries: small values derived from one shard's stored documents (a card
index, the days a month of reviews covers, a count), kept by the store so that a start,
`rebound status` or a screen reads a few small files instead of parsing years of records.

A `SummarySpec` names a collection and a pure function from one shard's documents (as
stored: `{record id: document}`, times as UTC ISO strings) to a JSON-native value (dicts
with string keys, lists, strings, numbers, booleans, None: what it returns is what a
reader gets back from the file). `summaries(repo, spec)` gives the value of every shard:

    from rebound_tui.store.summaries import SummarySpec, register, summaries

    def _count(docs, kind):
        return sum(1 for doc in docs.values() if doc.get("kind") == kind)

    CARDS_OF_KIND = register(SummarySpec("cards", "cards-of-kind", 1, _count, ("story",)))

    total = sum(summaries(repo, CARDS_OF_KIND).values())
    stories = summaries(repo, CARDS_OF_KIND.with_params("behavioural"))  # {shard: count}

A summary that is one part per document, combined, is better made with
`SummarySpec.by_document(collection, name, version, part, combine)`: a write then
works out again only the parts of the documents it changed (`indexes` has examples).

How they stay right. Each summary of a shard is kept beside the signature (inode, mtime,
size, ctime, device: `storage.signature_of`) of the shard file it was computed from. A
read compares it with the file on disk (one `stat`) and recomputes a shard whose file
changed or whose summary is missing: another process's write, another device's sync, a
restore, a repair, a kill between a shard's rename and its summary's write. So a summary
is never trusted beyond the file it describes, and it is always a pure function of that
file. The store also keeps them current as it writes: every committed write of a shard
(`Collection.put_many`/`delete`, a batch such as an import, a journal applied on open,
a restore) recomputes the registered summaries of that shard from the documents it has
just written, under the same lock, and records the new file's signature; reads then find
them fresh. A summary whose function has parameters (a time zone and the hour a day
starts) is kept for the parameters last asked for in this process; others go stale and
are rebuilt when read.

Where they live: `.rebound-summaries/<name>/<shard path>` in the data directory (like
`.rebound-journal`). Not a data file: backups, exports and `data_files()` never list it.
In the data directory rather than the user's cache directory because they are written
under the directory's lock with the shard they describe, they go where the data goes
(deleted with it, no cache keyed by a path that may move), and a served session whose
cache directory is shared or not writable still has them. A copy synced from another
device has other inodes, so it is simply rebuilt. Summary files are derived data: written
without fsync (a torn or lost one is rebuilt), and one that is unreadable, from another
version, for other parameters or not what we write is rebuilt, never trusted. A
read-only repository (`rebound status`) reads fresh ones and computes stale ones in
memory, writing nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from rebound_tui.store.rollups import Rollups
from rebound_tui.store.storage import Signature, make_private_dir, read_regular_file

if TYPE_CHECKING:
    from rebound_tui.store.repository import Repository

SUMMARY_DIR = ".rebound-summaries"
FORMAT = 1
"""The layout of a summary file; bump it and every summary is rebuilt."""

Docs = Mapping[str, dict[str, Any]]


@dataclass(frozen=True)
class SummarySpec:
    """One summary: of which collection, its name (a folder name: lowercase letters,
    digits, dashes), its version (bump it when `compute` changes: older files are
    rebuilt), `compute(docs, *params)`, and the parameters that key it."""

    collection: str
    name: str
    version: int
    compute: Callable[..., Any]
    params: tuple[Any, ...] = ()
    takes_params: bool = False
    """True if `compute` needs parameters: the store then keeps it current only for the
    parameters last asked for in this process."""
    check: Callable[[Any], bool] | None = None
    """Whether a value read from a file has the shape `compute` gives (a file that says
    it is this summary, for this shard and file, but holds anything else is rebuilt)."""
    part: Callable[..., Any] | None = None
    """For a summary made with `by_document`: `part(record_id, doc, *params)`."""
    combine: Callable[[list[Any]], Any] | None = None
    """For a summary made with `by_document`: the value from the parts, in file order."""
    rollup: bool = False
    """Also keep every shard's value in one file (`rollup.json` in the summary's folder,
    each with its shard's signature): a reader of many shards (a streak of years, one
    small value a month) reads one file and checks each shard with a `stat`. For small
    values only: it is written again, whole, by a writable reader that found an entry
    missing or stale."""

    @classmethod
    def by_document(
        cls,
        collection: str,
        name: str,
        version: int,
        part: Callable[..., Any],
        combine: Callable[[list[Any]], Any],
        **options: Any,
    ) -> SummarySpec:
        """A summary that is `combine` of one `part(record_id, doc, *params)` per
        document: the store then works out again, when it writes a shard, only the parts
        of the documents that changed (a rating rewrites one card of a shard of
        hundreds)."""

        def compute(docs: Docs, *params: Any) -> Any:
            return combine([part(record_id, doc, *params) for record_id, doc in docs.items()])

        return cls(collection, name, version, compute, part=part, combine=combine, **options)

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", self.name):
            raise ValueError(f"summary name {self.name!r}: lowercase letters, digits, dashes")

    def with_params(self, *params: Any) -> SummarySpec:
        """The same summary for other parameters (JSON-native values)."""
        return replace(self, params=tuple(params))

    @property
    def key(self) -> list[Any]:
        """What a summary file must say it is to be used: name, version, parameters."""
        return [self.name, self.version, list(self.params)]

    def run(self, docs: Docs) -> Any:
        return self.compute(docs, *self.params)


_REGISTERED: dict[str, SummarySpec] = {}


def register(spec: SummarySpec) -> SummarySpec:
    """Have the store keep `spec` current on every write of its collection."""
    _REGISTERED[spec.name] = spec
    return spec


def registered() -> list[SummarySpec]:
    return list(_REGISTERED.values())


def docs_of(table: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """A stored table (`{doc number: document}`) as `compute` sees it: by record id, in
    the file's order, documents without a string id left out (as every read does)."""
    out: dict[str, dict[str, Any]] = {}
    for doc in table.values():
        if isinstance(doc, dict):
            record_id = doc.get("id")
            if isinstance(record_id, str):
                out[record_id] = doc
    return out


def summaries(
    repo: Repository, spec: SummarySpec, shards: Iterable[str] | None = None
) -> dict[str, Any]:
    """`spec`'s value for each shard (every shard of its collection, oldest first, or
    `shards`): read from its summary file where that is fresh, recomputed from the
    records where not. A shard that does not exist has the value of no documents."""
    return repo._summaries.values(spec, shards)


class SummaryFiles:
    """The summaries of one repository: its files, and what this process holds of them."""

    def __init__(self, repo: Repository) -> None:
        self._repo = repo
        self.root = repo.data_dir / SUMMARY_DIR
        self._memo: dict[tuple[str, str], tuple[list[Any], Signature, Any]] = {}
        """(name, shard) -> (key, signature, value) for what was read or written here."""
        self._params: dict[str, tuple[Any, ...]] = {}
        """The parameters each summary was last asked for in this process."""
        self._folders: set[Path] = set()
        """Summary folders known to exist (a removed one is made again on a failed write)."""
        self._parts: dict[tuple[str, str], tuple[list[Any], dict[str, tuple[Any, Any]]]] = {}
        """(name, shard) -> (key, {record id: (document, part)}) of the shards written
        here, for summaries made `by_document`: a document the next write keeps (the
        very same object: the store never changes a stored document in place) keeps
        its part."""
        self._rollups = Rollups(self.root, FORMAT, _checked, self.write_file)

    def path(self, spec: SummarySpec, relpath: str) -> Path:
        return self.root / spec.name / relpath

    # -- reading -----------------------------------------------------------------------
    def values(self, spec: SummarySpec, shards: Iterable[str] | None) -> dict[str, Any]:
        repo = self._repo
        collection = repo.collections[spec.collection]
        if spec.name in _REGISTERED:
            self._params[spec.name] = spec.params
        paths = collection.shard_paths() if shards is None else list(shards)
        staged = set(repo._files.staged_paths())
        out: dict[str, Any] = {}
        for relpath in paths:
            if relpath in staged:  # inside a batch: what it staged, never persisted
                out[relpath] = self._compute(spec, relpath, persist=False)
                continue
            try:
                signature = _signature(repo.data_dir / relpath)
            except FileNotFoundError:
                out[relpath] = spec.run({})
                continue
            except OSError:
                signature = None
            found = self._fresh(spec, relpath, signature)
            out[relpath] = (
                found[0] if found is not None else self._compute(spec, relpath, persist=True)
            )
            if spec.rollup and signature is not None:
                self._rollups.keep(spec, relpath, signature, out[relpath])
        if spec.rollup and not repo.readonly:
            self._rollups.save(spec)
        return out

    def _fresh(
        self, spec: SummarySpec, relpath: str, signature: Signature | None
    ) -> tuple[Any] | None:
        if signature is None:
            return None
        memo = self._memo.get((spec.name, relpath))
        if memo is not None and memo[0] == spec.key and memo[1] == signature:
            return (memo[2],)
        if spec.rollup:
            rolled = self._rollups.fresh(spec, relpath, signature)
            if rolled is not None:
                self._memo[(spec.name, relpath)] = (spec.key, signature, rolled[0])
                return rolled
        try:
            stored = orjson.loads(read_regular_file(self.path(spec, relpath)))
        except (OSError, ValueError, RecursionError):
            return None
        if (
            not isinstance(stored, dict)
            or stored.get("format") != FORMAT
            or stored.get("summary") != spec.key
            or stored.get("shard") != relpath
            or stored.get("signature") != list(signature)
            or "value" not in stored
            or (spec.check is not None and not _checked(spec.check, stored["value"]))
        ):
            return None
        self._memo[(spec.name, relpath)] = (spec.key, signature, stored["value"])
        return (stored["value"],)

    def _compute(self, spec: SummarySpec, relpath: str, *, persist: bool) -> Any:
        """Recompute from the shard's records (parsing it if needed; a damaged file is
        mended first, as every read does)."""
        repo = self._repo
        collection = repo.collections[spec.collection]
        files = repo._files
        held = files.is_open(relpath)

        def read() -> tuple[Any, Signature | None]:
            cache = collection._cache(relpath)
            docs = {record_id: doc for record_id, (_, doc) in list(cache.docs.items())}
            signature = files.storage(relpath).signature if files.is_open(relpath) else None
            return spec.run(docs), signature

        value, signature = repo._mended(relpath, read)
        if persist and signature is not None:
            self._memo[(spec.name, relpath)] = (spec.key, signature, value)
            if not repo.readonly:
                self._write(spec, relpath, signature, value)
        if not held and not files.staging:
            with files.thread_lock:
                files.release(relpath)  # old shards are not needed again: do not keep them
        return value

    # -- writing -----------------------------------------------------------------------
    def written(self, relpath: str, data: Mapping[str, Any], signature: Signature) -> None:
        """A shard was just written (its whole document `data`, its file now `signature`):
        bring the summaries of its tables up to date from what was written. Never raises
        for a summary that cannot be saved: it is rebuilt on its next read."""
        for spec in self._specs_for(relpath):
            table = data.get(spec.collection)
            try:
                value = self._run_written(spec, relpath, table if isinstance(table, dict) else {})
            except Exception:
                continue
            self._memo[(spec.name, relpath)] = (spec.key, signature, value)
            self._write(spec, relpath, signature, value)

    def prepare(self, relpath: str) -> None:
        """Work out now the parts of the shard's documents that its next write would (for
        summaries made `by_document`), so that the write itself works out only those it
        changes: the drill does this while a card is read, for the shards a rating
        writes. Never raises: a part not worked out now is worked out by the write."""
        specs = [(spec, spec.part) for spec in self._specs_for(relpath) if spec.part]
        if not specs or not (self._repo.data_dir / relpath).exists():
            return
        with contextlib.suppress(Exception):
            data = self._repo._mended(relpath, lambda: self._repo._files.storage(relpath).read())
            for spec, part in specs:
                table = (data or {}).get(spec.collection)
                self._parts_of(spec, part, relpath, table if isinstance(table, dict) else {})

    def _run_written(self, spec: SummarySpec, relpath: str, table: Mapping[str, Any]) -> Any:
        if spec.part is None or spec.combine is None:
            return spec.run(docs_of(table))
        return spec.combine(self._parts_of(spec, spec.part, relpath, table))

    def _parts_of(
        self, spec: SummarySpec, part: Callable[..., Any], relpath: str, table: Mapping[str, Any]
    ) -> list[Any]:
        docs = docs_of(table)
        known = self._parts.get((spec.name, relpath))
        before = known[1] if known is not None and known[0] == spec.key else {}
        now: dict[str, tuple[Any, Any]] = {}
        parts = []
        for record_id, doc in docs.items():
            hit = before.get(record_id)
            value = (
                hit[1] if hit is not None and hit[0] is doc else part(record_id, doc, *spec.params)
            )
            now[record_id] = (doc, value)
            parts.append(value)
        self._parts[(spec.name, relpath)] = (spec.key, now)
        return parts

    def written_bytes(self, relpath: str, payload: bytes, signature: Signature) -> None:
        """A whole file was replaced with `payload` (a restore, a journal applied)."""
        if not self._specs_for(relpath):
            return
        try:
            data = orjson.loads(payload)
        except (ValueError, RecursionError):
            return  # stale summaries are rebuilt on their next read
        if isinstance(data, dict):
            self.written(relpath, data, signature)

    def removed(self, relpath: str) -> None:
        for spec in self._specs_for(relpath):
            self._memo.pop((spec.name, relpath), None)
            with contextlib.suppress(OSError):
                os.unlink(self.path(spec, relpath))

    def _specs_for(self, relpath: str) -> list[SummarySpec]:
        out = []
        collections = self._repo.collections
        for spec in _REGISTERED.values():
            collection = collections.get(spec.collection)
            if collection is None or not collection.spec.files.holds(relpath):
                continue
            params = self._params.get(spec.name)
            if params is not None:
                out.append(spec.with_params(*params))
            elif not spec.takes_params:
                out.append(spec)
        return out

    def _write(self, spec: SummarySpec, relpath: str, signature: Signature, value: Any) -> None:
        payload = {
            "format": FORMAT,
            "summary": spec.key,
            "shard": relpath,
            "signature": list(signature),
            "value": value,
        }
        self.write_file(self.path(spec, relpath), payload)

    def write_file(self, path: Path, payload: dict[str, Any]) -> None:
        # A temporary name of this thread's own: the home figures' worker and the UI
        # thread may save the same summary at once.
        temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            if path.parent not in self._folders:
                for folder in (self.root, path.parent.parent, path.parent):
                    make_private_dir(folder)  # each one 0700, not only the last
                self._folders.add(path.parent)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                view = memoryview(_dumps(payload))
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            os.replace(temp, path)
        except (OSError, TypeError, ValueError):
            self._folders.discard(path.parent)
            with contextlib.suppress(OSError):
                os.unlink(temp)  # a summary that cannot be saved is rebuilt when read


def _dumps(payload: dict[str, Any]) -> bytes:
    try:
        return orjson.dumps(payload)
    except TypeError:  # what orjson does not write (an integer past 64 bits)
        return json.dumps(payload, separators=(",", ":")).encode()


def _checked(check: Callable[[Any], bool], value: Any) -> bool:
    try:
        return bool(check(value))
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError):
        return False


def _signature(path: Path) -> Signature:
    from rebound_tui.store.storage import signature_of

    return signature_of(os.stat(path))
