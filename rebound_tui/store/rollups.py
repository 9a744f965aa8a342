"""The rollup of a summary kept `SummarySpec.rollup`: every shard's value in one file.

A streak of years reads one small value per month of the review log: dozens of files,
each opened, read and parsed. The rollup holds them all, each beside the signature of
the shard file it was computed from (as a shard's own summary file is), in
`.rebound-summaries/<name>/rollup.json`. A reader takes an entry only while its shard's
file still has that signature (one `stat`, which the reader makes anyway), and falls back
to the shard's own summary file (or its records) for the rest; a writable reader that
found an entry missing or stale writes the rollup again, whole. Derived data like every
summary file: written without fsync, rebuilt when unreadable, never trusted beyond the
files it describes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import orjson

from rebound_tui.store.storage import Signature, read_regular_file


class Spec(Protocol):
    """What a rollup needs of a `summaries.SummarySpec`."""

    @property
    def name(self) -> str: ...
    @property
    def key(self) -> list[Any]: ...
    @property
    def check(self) -> Callable[[Any], bool] | None: ...


ROLLUP = "rollup.json"
"""The rollup's file name, in the summary's folder (beside the collection's folder)."""


class Rollups:
    """The rollups of one repository's summaries: what was read, and what changed."""

    def __init__(
        self,
        root: Path,
        file_format: int,
        valid: Callable[[Callable[[Any], bool], Any], bool],
        write: Callable[[Path, dict[str, Any]], None],
    ) -> None:
        """`root` the summaries' folder, `file_format` their layout's version, `valid`
        whether a check passes for a value (never raising), `write` a summary file."""
        self._root = root
        self._format = file_format
        self._valid = valid
        self._write = write
        self._known: dict[str, tuple[list[Any], dict[str, list[Any]], bool]] = {}
        """name -> (key, {shard: [signature, value]}, changed since read or written)."""

    def _entries(self, spec: Spec) -> dict[str, list[Any]]:
        """The shards' entries of `spec`'s rollup ({} if its file is missing, unreadable,
        of another version or parameters, or not what we write)."""
        known = self._known.get(spec.name)
        if known is not None and known[0] == spec.key:
            return known[1]
        entries: dict[str, list[Any]] = {}
        try:
            stored = orjson.loads(read_regular_file(self._root / spec.name / ROLLUP))
        except (OSError, ValueError, RecursionError):
            stored = None
        if (
            isinstance(stored, dict)
            and stored.get("format") == self._format
            and stored.get("summary") == spec.key
            and isinstance(stored.get("shards"), dict)
        ):
            for relpath, entry in stored["shards"].items():
                if type(entry) is list and len(entry) == 2 and type(entry[0]) is list:
                    entries[relpath] = entry
        self._known[spec.name] = (spec.key, entries, False)
        return entries

    def fresh(self, spec: Spec, relpath: str, signature: Signature) -> tuple[Any] | None:
        """The shard's value from the rollup, if its entry is of the file as it is now
        (and has the shape `spec.check` wants)."""
        entry = self._entries(spec).get(relpath)
        if entry is None or entry[0] != list(signature):
            return None
        if spec.check is not None and not self._valid(spec.check, entry[1]):
            return None
        return (entry[1],)

    def keep(self, spec: Spec, relpath: str, signature: Signature, value: Any) -> None:
        """The shard's value as read: noted for the next `save` if the rollup differs."""
        entries = self._entries(spec)
        entry = entries.get(relpath)
        if entry is None or entry[0] != list(signature) or entry[1] != value:
            entries[relpath] = [list(signature), value]
            self._known[spec.name] = (spec.key, entries, True)

    def save(self, spec: Spec) -> None:
        """Write the rollup again if a read changed it (the caller never asks a read-only
        store to)."""
        known = self._known.get(spec.name)
        if known is None or not known[2]:
            return
        self._known[spec.name] = (known[0], known[1], False)
        payload = {"format": self._format, "summary": spec.key, "shards": known[1]}
        self._write(self._root / spec.name / ROLLUP, payload)
