"""`AtomicJSONStorage`: TinyDB's JSON storage, made crash-safe and multi-process aware.

TinyDB's own `JSONStorage` rewrites its file in place, so a crash mid-write leaves half a
file. This storage never touches the live file: it writes a temp file beside it, fsyncs
it, `os.replace`s it over the old one and fsyncs the directory. A reader therefore sees
either the old or the new document, never a torn one.

It also keeps the parsed document and re-parses only when the file on disk is a different
one: (inode, mtime_ns, size) changed. Because we hold an open descriptor on the file we
last read or wrote, its inode cannot be recycled by another process's replacement, so an
unchanged inode really does mean an unchanged file.

Each parse is checked once: the shape of a TinyDB document, then an optional `check` the
owner sets (the repository checks every record), so a file that parses but holds nonsense
is damaged exactly like one that does not parse. A 0-byte (or blank) file is damaged too:
new files are created holding `{}`, so nothing this storage writes is ever empty. (Older
versions created empty files; one that is still empty never held any data, so setting it
aside loses nothing.)

For writes to several files that must land together, a storage can *stage*: `write` then
keeps the document in memory (reads see it) until the owner commits or discards it.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

DIR_MODE = 0o700
FILE_MODE = 0o600
_TEMP_MARK = ".tmp-"
_STALE_AFTER_SECONDS = 3600
EMPTY_DOCUMENT = b"{}"


class CorruptFileError(ValueError):
    """A data file exists but is not a JSON document TinyDB can use."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def make_private_dir(path: Path) -> None:
    """Create `path` (and parents) as 0700 directories if missing."""
    if not path.is_dir():
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.chmod(path, DIR_MODE)


def fsync_directory(path: Path) -> None:
    """Make a rename inside `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes) -> int:
    """Durably replace `path` with `payload`; return an open fd on the new file."""
    # os.urandom, not `secrets` (which imports hmac and hashlib: a start reads, not writes)
    temp = path.with_name(f".{path.name}{_TEMP_MARK}{os.getpid()}-{os.urandom(4).hex()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.replace(temp, path)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    try:
        fsync_directory(path.parent)
    except BaseException:
        os.close(fd)
        raise
    return fd


def remove_stale_temp_files(path: Path) -> None:
    """Delete temp files left beside `path` by writers that died mid-write."""
    prefix = f".{path.name}{_TEMP_MARK}"
    try:
        entries = list(os.scandir(path.parent))
    except FileNotFoundError:
        return
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        pid_text = entry.name[len(prefix) :].split("-", 1)[0]
        try:
            old = now - entry.stat().st_mtime > _STALE_AFTER_SECONDS
        except FileNotFoundError:
            continue
        if old or not _process_alive(pid_text):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)


def _process_alive(pid_text: str) -> bool:
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid == os.getpid():
        return False  # our own leftovers from an earlier, failed write
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


Signature = tuple[int, int, int, int, int]


def signature_of(st: os.stat_result) -> Signature:
    """What tells one state of a file from another: (inode, mtime_ns, size, ctime_ns,
    device); see `AtomicJSONStorage.signature`."""
    return (st.st_ino, st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_dev)


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file; a FIFO or a device raises `ValueError` at once
    (reading either could block or never end)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError(f"{path} is not a regular file")
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read()
    finally:
        os.close(fd)


def parse_document(path: Path, raw: bytes, encoding: str = "utf-8") -> dict[str, Any]:
    """The TinyDB document in `raw`; raises `CorruptFileError` if it is not one."""
    return parse_document_strictly(path, raw, encoding)[0]


def parse_document_strictly(
    path: Path, raw: bytes, encoding: str = "utf-8"
) -> tuple[dict[str, Any], bool]:
    """`parse_document`, and whether orjson read it (then it holds no NaN or infinity,
    which orjson would write as null: see `AtomicJSONStorage.encode`)."""
    if not raw.strip():
        raise CorruptFileError(path, "the file is empty" if not raw else "the file is blank")
    try:
        data, strict = _loads(raw, encoding)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise CorruptFileError(path, f"not valid JSON ({error})") from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise CorruptFileError(path, "not a TinyDB document")
    return data, strict


def _loads(raw: bytes, encoding: str) -> tuple[Any, bool]:
    """`json.loads`, by orjson where it can (several times faster). What orjson refuses
    and the standard library reads (NaN, integers past 64 bits, lone surrogates) is
    read as it always was, so every file that read before reads the same now."""
    if _utf8(encoding):
        try:
            return orjson.loads(raw), True
        except orjson.JSONDecodeError:
            pass
    return json.loads(raw.decode(encoding)), False


def _utf8(encoding: str) -> bool:
    return encoding.lower().replace("-", "") == "utf8"


def one_document(raw: bytes, table: str, record_id: str) -> dict[str, Any] | None:
    """The document of `record_id` in `table`, found in a file as Rebound writes it
    (orjson's compact JSON, the table first, the record's id its first field) and parsed
    alone; None unless it is found so exactly once, where a document of the table can
    begin (after the table's opening or after another document, with a document number):
    the caller then parses the file. For a file of that one table, whose documents hold
    no other documents (then a copy elsewhere in the file makes two), and an id of
    letters, digits, "-" and "_" only (any other may be written escaped)."""
    if not (record_id.isascii() and record_id.replace("-", "").replace("_", "").isalnum()):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    table_start = f'{{"{table}":{{'
    marker = f'{{"id":"{record_id}",'
    at = text.find(marker)
    if not (text.startswith(table_start) and text.endswith("}}")) or at < 0:
        return None
    if text.find(marker, at + 1) >= 0:
        return None
    head = text[:at]  # ends `{"<table>":{"<n>":` or `},"<n>":` at the top level
    opened = head.rfind('"', 0, len(head) - 2)
    number = head[opened + 1 : -2]
    before = head[:opened]
    if not (head.endswith('":') and number.isascii() and number.isdigit()):
        return None
    if before != table_start and not before.endswith("},"):
        return None
    try:
        doc, end = json.JSONDecoder().raw_decode(text, at)
    except (json.JSONDecodeError, RecursionError):
        return None
    if text[end : end + 1] not in (",", "}") or type(doc) is not dict:
        return None
    return doc if doc.get("id") == record_id else None


class AtomicJSONStorage(Storage):
    """A drop-in `tinydb.Storage`: `TinyDB(path, storage=AtomicJSONStorage)`.

    Accepts JSONStorage's arguments (`create_dirs`, `encoding`, `access_mode`, and json
    keyword arguments such as `indent`).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        create_dirs: bool = False,
        encoding: str | None = None,
        access_mode: str = "r+",
        create: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__()
        self._path = Path(path)
        self._mode = access_mode
        self._encoding = encoding or "utf-8"
        self._strict = True
        """The file as last read held nothing orjson would write otherwise (`encode`)."""
        self.kwargs = kwargs
        self._held_fd: int | None = None
        self._signature: Signature | None = None
        self._cache: dict[str, Any] | None = None
        self.generation = 0
        """Bumped every time the document in memory is replaced by one parsed from disk."""
        self.check: Callable[[dict[str, Any]], Any] | None = None
        """Called on every freshly parsed document; raises `CorruptFileError` if it is
        unusable. What it returns is kept as `checked` until the next parse."""
        self.checked: Any = None
        self.before_parse: Callable[[], None] | None = None
        """Called before the file is parsed again (the repository settles a journal)."""
        self.after_commit: Callable[[dict[str, Any], Signature], None] | None = None
        """Called with the document and the new file's signature once a write of a known
        document is durable (the store brings the file's summaries up to date)."""
        self._staging = False
        self.pending: dict[str, Any] | None = None
        """The staged document (see `stage`), or None."""

        if access_mode not in ("r", "rb", "r+", "rb+"):
            warnings.warn(
                "Using an `access_mode` other than 'r', 'rb', 'r+' or 'rb+' "
                "can cause data loss or corruption",
                stacklevel=2,
            )
        self._writable = any(ch in access_mode for ch in "+wa")
        if self._writable:
            if create_dirs:
                make_private_dir(self._path.parent)
            remove_stale_temp_files(self._path)
            if create and not self._path.exists():
                self._hold(atomic_write_bytes(self._path, EMPTY_DOCUMENT))
        elif not self._path.exists():
            raise FileNotFoundError(self._path)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def signature(self) -> Signature | None:
        """(inode, mtime_ns, size, ctime_ns, device) of the file whose document is held, if
        any. The change time is in it because no one can set it: an edit in place that
        keeps the size and puts the mtime back (cp -p, tar, rsync -t, touch -r) still
        changes it."""
        return self._signature

    def _hold(self, fd: int) -> Signature:
        if self._held_fd is not None:
            os.close(self._held_fd)
        self._held_fd = fd
        st = os.fstat(fd)
        self._signature = signature_of(st)
        return self._signature

    def _disk_signature(self) -> Signature | None:
        try:
            st = os.stat(self._path)
        except FileNotFoundError:
            return None
        return signature_of(st)

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self.pending is not None:
            return self.pending
        if self._signature is not None and self._disk_signature() == self._signature:
            return self._cache
        if self.before_parse is not None:
            self.before_parse()
        try:
            # O_NONBLOCK: a FIFO planted as a data file must not hang the open.
            fd = os.open(self._path, os.O_RDONLY | os.O_NONBLOCK)
        except FileNotFoundError:
            self._drop()
            return None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # a FIFO, a device, a directory
                self._drop()
                raise CorruptFileError(self._path, "not a regular file")
            with os.fdopen(os.dup(fd), "rb") as handle:
                raw = handle.read()
        except BaseException:
            os.close(fd)
            raise
        self._hold(fd)
        self.generation += 1
        self._cache = None
        self.checked = None
        try:
            data, self._strict = parse_document_strictly(self._path, raw, self._encoding)
            if self.check is not None:
                self.checked = self.check(data)
        except CorruptFileError:
            self._drop()
            raise
        self._cache = data
        return self._cache

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if not self._writable:
            raise OSError(f'Cannot write to the database. Access mode is "{self._mode}"')
        if self._staging:
            self.pending = data
            return
        self.commit_payload(self.encode(data), data)

    def encode(self, data: dict[str, Any]) -> bytes:
        """`data` as JSON: by orjson (ten times faster than the standard library: a month
        of a big deck's reviews is 640 KB, written at every rating) unless json keyword
        arguments or another encoding were asked for, or the file was read by the
        standard library (it may hold a NaN, which orjson writes as null). What orjson
        refuses (an integer past 64 bits, a lone surrogate) the standard library writes."""
        if not self.kwargs and self._strict and _utf8(self._encoding):
            try:
                return orjson.dumps(data)
            except TypeError:
                pass
        return json.dumps(data, **self.kwargs).encode(self._encoding)

    # -- staging: writes held in memory until the owner commits them -------------
    def stage(self) -> None:
        """From now on `write` keeps the document in memory; reads see it."""
        self._staging = True

    def unstage(self) -> None:
        """Stop staging and forget any staged document (committed or not)."""
        self._staging = False
        self.pending = None

    def commit_payload(self, payload: bytes, data: dict[str, Any] | None = None) -> None:
        """Durably replace the file with `payload` (the encoding of `data`, if given)."""
        try:
            fd = atomic_write_bytes(self._path, payload)
        except BaseException:
            self._drop()  # the caller may have changed the cached dict; trust the disk
            raise
        signature = self._hold(fd)
        self._cache = data
        self.checked = None  # built from the document before this write
        if data is None:
            self._drop()  # parse it again on the next read
        elif self.after_commit is not None:
            self.after_commit(data, signature)

    def invalidate(self) -> None:
        """Forget the cached document; the next read parses the file again."""
        self._drop()

    def _drop(self) -> None:
        self._signature = None
        self._cache = None
        self.checked = None
        if self._held_fd is not None:
            os.close(self._held_fd)
            self._held_fd = None
        self.generation += 1

    def close(self) -> None:
        if self._held_fd is not None:
            os.close(self._held_fd)
            self._held_fd = None
