"""A collection's documents grouped by one field, in buckets: one card's reviews out of
ten years of them, reading one small file and the newest month, instead of every month
the card was reviewed in (a card forgotten often has reviews in dozens of months, each a
month of the whole deck's reviews).

    REVIEWS_BY_CARD = GroupIndex("reviews", "card_id", "reviews-by-card", 1)
    reviews = grouped(repo, REVIEWS_BY_CARD, card.id)

What is kept. The values are hashed into `buckets` buckets. A bucket's file,
`.rebound-summaries/<name>/<bucket>.jsonl`, is a line saying what it is, then one line
per shard of the collection (all but the newest): the shard's path, the signature of its
file (as a summary has, see `summaries`), and the documents (as stored) of the bucket's
values in it. A line for a shard read again is appended; the last line of a shard wins,
and the file is written again without the dead lines when they are most of it. The first
read with no file builds every bucket missing a file in one pass over the shards (each
shard parsed once, one shard's documents held at a time).

How it stays right. A read compares each shard's signature with its file (one `stat`):
a shard whose file changed (another process's write, a sync, an import, an edit, a
restore, a kill between a shard's rename and anything after) or that has no line is read
again and its line appended; the newest shard, which every rating changes, is always read
from its file. So a read gives what `Collection.select` of the value over every shard
gives. A line torn by a kill, or not what we write, is not read (its shard is read again).
Derived data like every summary file: written without fsync; a read-only store writes
nothing; inside a batch the shards are read as `select` does.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from rebound_tui.domain.codec import RecordError, from_record
from rebound_tui.store.storage import make_private_dir, read_regular_file, signature_of

if TYPE_CHECKING:
    from rebound_tui.store.repository import Repository

FORMAT = 1
SUFFIX = ".jsonl"


@dataclass(frozen=True)
class GroupIndex:
    """Which collection, the field its documents are grouped by, a name (a folder
    beside the summaries'), a version (bump it when what is kept changes) and how many
    buckets (more: smaller files to read)."""

    collection: str
    field: str
    name: str
    version: int
    buckets: int = 256

    def bucket(self, value: str) -> int:
        return zlib.crc32(value.encode("utf-8", "surrogatepass")) % self.buckets

    @property
    def header(self) -> bytes:
        return orjson.dumps({"format": FORMAT, "index": [self.name, self.version, self.field]})


def grouped(repo: Repository, index: GroupIndex, value: str) -> list[Any]:
    """The records whose stored `index.field` is `value` (in no order)."""
    collection = repo.collections[index.collection]
    paths = collection.shard_paths()
    if repo._files.staged_paths():  # inside a batch: what it staged, never kept
        return collection.select(lambda doc: doc.get(index.field) == value, paths)
    folder = repo._summaries.root / index.name
    bucket = index.bucket(value)
    file = folder / f"{bucket:03}{SUFFIX}"
    done = paths[:-1]
    if done and not repo.readonly and not file.exists():
        _build(repo, index, done, folder)
    lines, count = _lines(file, index)
    now: list[tuple[str, Any, Any]] = []  # each shard's line now, if written anew
    appended: list[bytes] = []
    out: dict[str, Any] = {}
    for path in done:
        try:
            signature = list(signature_of(os.stat(repo.data_dir / path)))
        except OSError:
            signature = None
        line = lines.get(path)
        if line is None or line[0] != signature:
            _, taken, by_bucket = next(_taken(repo, index, [path], {bucket}))
            line = (taken, by_bucket.get(bucket, {}))
            if taken is not None:
                appended.append(_line(path, taken, line[1]))
        if line[0] is not None:
            now.append((path, *line))
        for doc in line[1].get(value, ()):
            out.pop(doc["id"], None)  # a copy in a later shard wins, as in `select`
            with contextlib.suppress(RecordError):  # unreadable: every read skips it
                out[doc["id"]] = from_record(collection.record_type, doc)
    if appended and not repo.readonly:
        if count < 0 or count + len(appended) > 2 * len(done) + 16:  # dead lines: anew
            _rewrite(file, index, [_line(*entry) for entry in now])
        else:
            _append(file, index, appended)
    for record in collection.select(lambda doc: doc.get(index.field) == value, paths[-1:]):
        out.pop(record.id, None)
        out[record.id] = record
    return list(out.values())


def _line(path: str, signature: list[Any], groups: dict[str, list[Any]]) -> bytes:
    return orjson.dumps({"shard": path, "signature": signature, "groups": groups})


def _lines(file: Path, index: GroupIndex) -> tuple[dict[str, tuple[Any, Any]], int]:
    """Each shard's last sound line: (signature, {value: documents}); and how many lines
    (-1: the file is not one we write, or is missing)."""
    try:
        raw = read_regular_file(file).split(b"\n")
    except (OSError, ValueError):
        return {}, -1
    if raw[0] != index.header:
        return {}, -1  # not ours: written anew, not appended to
    out: dict[str, tuple[Any, Any]] = {}
    for text in raw[1:]:
        try:
            line = orjson.loads(text)
        except (ValueError, RecursionError):
            continue  # torn by a kill, or not ours: its shard is read again
        if (
            isinstance(line, dict)
            and isinstance(path := line.get("shard"), str)
            and isinstance(line.get("signature"), list)
            and isinstance(groups := line.get("groups"), dict)
            and all(_docs_ok(docs) for docs in groups.values())
        ):
            out[path] = (line["signature"], groups)
    return out, len(raw) - 1


def _docs_ok(docs: Any) -> bool:
    return isinstance(docs, list) and all(
        isinstance(doc, dict) and isinstance(doc.get("id"), str) for doc in docs
    )


def _taken(
    repo: Repository, index: GroupIndex, paths: list[str], buckets: set[int]
) -> Iterator[tuple[str, list[Any] | None, dict[int, dict[str, list[Any]]]]]:
    """For each shard, as a read of it gives them (a damaged file mended first): its path,
    the signature of the file read, and the documents of `buckets`, by bucket and value."""
    collection = repo.collections[index.collection]
    files = repo._files
    for path in paths:
        held = files.is_open(path)

        def read(path: str = path) -> tuple[list[dict[str, Any]], Any]:
            cache = collection._cache(path)
            docs = [doc for _, doc in list(cache.docs.values())]
            return docs, files.storage(path).signature if files.is_open(path) else None

        try:
            docs, signature = repo._mended(path, read)
        finally:
            if not held and not files.staging:
                with files.thread_lock:
                    files.release(path)  # old shards are not needed again: not kept
        by_bucket: dict[int, dict[str, list[Any]]] = {}
        for doc in docs:
            value = doc.get(index.field)
            if isinstance(value, str) and (bucket := index.bucket(value)) in buckets:
                by_bucket.setdefault(bucket, {}).setdefault(value, []).append(doc)
        yield path, None if signature is None else list(signature), by_bucket


def _build(repo: Repository, index: GroupIndex, done: list[str], folder: Path) -> None:
    """Every bucket that has no file: made, then a line per shard appended, one shard
    parsed at a time. A bucket another process is making is left to it."""
    try:
        make_private_dir(repo._summaries.root)
        make_private_dir(folder)
        existing = set(os.listdir(folder))
    except OSError:
        return
    fds: dict[int, int] = {}
    try:
        for bucket in range(index.buckets):
            name = f"{bucket:03}{SUFFIX}"
            if name in existing:
                continue
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | os.O_NOFOLLOW
            with contextlib.suppress(FileExistsError):
                fds[bucket] = os.open(folder / name, flags, 0o600)
                _write(fds[bucket], index.header + b"\n")
        for path, signature, by_bucket in _taken(repo, index, done, set(fds)):
            if signature is not None:
                for bucket, fd in fds.items():
                    _write(fd, _line(path, signature, by_bucket.get(bucket, {})) + b"\n")
    except OSError:
        pass  # what was written is read, the rest is read again from the shards
    finally:
        for fd in fds.values():
            os.close(fd)


def _append(file: Path, index: GroupIndex, lines: list[bytes]) -> None:
    try:
        fd = os.open(file, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW)
    except FileNotFoundError:
        _rewrite(file, index, lines)
        return
    except OSError:
        return
    try:
        _write(fd, b"".join(line + b"\n" for line in lines))
    except OSError:
        pass  # read again next time
    finally:
        os.close(fd)


def _rewrite(file: Path, index: GroupIndex, lines: list[bytes]) -> None:
    temp = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        make_private_dir(file.parent)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        try:
            _write(fd, b"".join(line + b"\n" for line in [index.header, *lines]))
        finally:
            os.close(fd)
        os.replace(temp, file)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _write(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
