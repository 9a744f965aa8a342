"""`rebound status` in a few milliseconds: the figures it last worked out, kept with what
they depended on, and shown again while all of that is unchanged.

A shell prompt or a login message runs `rebound status` again and again while nothing
changes. So the figures (`StatusFacts`) are kept in `.rebound-summaries/status.json`
with:

- the state of every data file (`data_state`: inode, mtime, size, ctime and device of
  each file of the data directory and of its folders of shards, backups, the lock and
  the summaries aside). A write anywhere (this device's, another process's, a sync, a
  restore, an interrupted import's journal) changes it;
- the moment they were worked out, and the first moment they could change without a
  write (`until`: the end of the drill day, the next local midnight for follow-ups, a
  learning card coming back, a card's burial ending; see
  `services.overview.figures_change_at`);
- the time zone they were worked out in, if it is the system's (the user may travel);
- this version of Rebound.

Kept figures are shown only while every one of these holds; otherwise the figures are
worked out from the store and kept again. Only the time since the last check-in
depends on the moment within that span, and it is worked out from the time kept. A file
that does not read as what we write, or holds anything out of place, is ignored.

The home screen keeps its panels beside them in the same way, so that a start paints
home with its figures in its first frame, before the store is read (`remembered_home`),
and the settings as the store gave them (`remembered_start`): while the figures hold,
the settings file is the one they were read from, so the app can paint home (in the
user's theme, with their keys) before it opens the store at all.

This module imports no more than the standard library and the figures' type: it is
what `rebound status` loads before it knows whether the store is needed at all.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

from rebound_tui import __version__
from rebound_tui.domain.status import StatusFacts

FOLDER = ".rebound-summaries"
"""`store.summaries.SUMMARY_DIR` (not imported: it would import the store)."""
NAME = "status.json"
FORMAT = 3
"""The layout of the file and the meaning of its figures: bump it when either changes."""
NOT_DATA = frozenset({".rebound.lock", FOLDER, "backups"})
"""What a read may write in the data directory, and the backups: not what the figures
are worked out from (`store.locking.LOCK_NAME`, `SUMMARY_DIR` and the backups folder)."""
MAX_BYTES = 1 << 20

State = dict[str, list[int]]


def data_state(data_dir: Path) -> State | None:
    """The signature of every file the figures are worked out from (one `stat` each, of
    the data directory and of its folders one level down); None if the directory cannot
    be listed."""
    out: State = {}
    try:
        with os.scandir(data_dir) as entries:
            for entry in entries:
                if entry.name in NOT_DATA:
                    continue
                out[entry.name] = _signature(entry.stat(follow_symlinks=False))
                if entry.is_dir(follow_symlinks=False):
                    with os.scandir(entry.path) as inner:
                        for item in inner:
                            key = f"{entry.name}/{item.name}"
                            out[key] = _signature(item.stat(follow_symlinks=False))
    except OSError:
        return None
    return out


def _signature(st: os.stat_result) -> list[int]:
    return [st.st_ino, st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_dev, st.st_mode]


def remembered(data_dir: Path, now: datetime) -> StatusFacts | None:
    """The figures kept for `data_dir`, if they still hold at `now`; else None."""
    kept = _holding(data_dir, now)
    return None if kept is None else _facts(kept.get("facts"))


def remembered_home(repo: Any, now: datetime) -> Any:
    """What the home screen kept beside the figures of `repo`'s data (its panels, as JSON
    values it checks itself: `ui.home_panels.kept_texts`), if the figures still hold at
    `now`; else None (`repo`: anything with the `data_dir`)."""
    return _home(_holding(repo.data_dir, now), now)


def remembered_start(repo: Any, now: datetime) -> tuple[Any, dict[str, Any]] | None:
    """Home's kept panels (as `remembered_home`) and the settings kept with them (a
    document as `codec.to_record` makes it), while the panels hold; else None."""
    kept = _holding(repo.data_dir, now)
    home = _home(kept, now)
    settings = None if kept is None else kept.get("settings")
    return None if home is None or not isinstance(settings, dict) else (home, settings)


def _home(kept: dict[str, Any] | None, now: datetime) -> Any:
    if kept is None or _facts(kept.get("facts")) is None:
        return None
    home = kept.get("home")
    if not (isinstance(home, list) and len(home) == 2 and isinstance(home[1], str)):
        return None
    try:
        until = datetime.fromisoformat(home[1])
    except ValueError:
        return None
    return home[0] if until.tzinfo is not None and now < until else None


def _holding(data_dir: Path, now: datetime) -> dict[str, Any] | None:
    """The kept file, if it is ours and everything its figures depend on still holds."""
    kept = _read(data_dir / FOLDER / NAME)
    if not isinstance(kept, dict) or kept.get("format") != FORMAT:
        return None
    if kept.get("version") != __version__:
        return None
    try:
        since = datetime.fromisoformat(kept["from"])
        until = datetime.fromisoformat(kept["until"])
        if since.tzinfo is None or until.tzinfo is None or not since <= now < until:
            return None
    except (KeyError, TypeError, ValueError):
        return None
    system_zone = kept.get("system_zone")
    if system_zone is not None:
        from rebound_tui.domain.days import detect_timezone

        if system_zone != detect_timezone():
            return None
    if kept.get("state") != data_state(data_dir):
        return None
    return kept


def remember(
    data_dir: Path,
    state: State,
    facts: StatusFacts,
    now: datetime,
    until: datetime,
    system_zone: str | None,
    home: tuple[object, datetime] | None = None,
    settings: dict[str, Any] | None = None,
) -> None:
    """Keep `facts`, worked out at `now` from the files as `state` found them before they
    were read, until `until` (`system_zone`: the system's zone they were worked out in,
    None if the user chose one), with `home`'s panels (JSON values) and the moment they
    stop holding, and the `settings` home was shown with (a document), if given. Derived
    data: written without fsync, and a failure to write is ignored (the figures are
    worked out again next time)."""
    payload = {
        "format": FORMAT,
        "version": __version__,
        "from": now.isoformat(),
        "until": until.isoformat(),
        "system_zone": system_zone,
        "facts": list(facts),
        "state": state,
        "home": None if home is None else [home[0], home[1].isoformat()],
        "settings": settings,
    }
    import threading  # only here: a status shown from kept figures writes nothing

    folder = data_dir / FOLDER
    temp = folder / f".{NAME}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        if not data_dir.is_dir():
            return  # status never creates a data directory
        if not folder.is_dir():
            folder.mkdir(mode=0o700, exist_ok=True)
            os.chmod(folder, 0o700)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        try:
            view = memoryview(json.dumps(payload, separators=(",", ":")).encode())
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temp, folder / NAME)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _read(path: Path) -> Any:
    """The JSON in `path` if it is a regular file of a sensible size, else None (a FIFO
    or a device is never read: that could block)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        chunks = []
        while chunk := os.read(fd, MAX_BYTES + 1):
            chunks.append(chunk)
        return json.loads(b"".join(chunks))
    except (OSError, ValueError, RecursionError):
        return None
    finally:
        os.close(fd)


TEXTS = ("next_learning_at", "next_back_at", "last_checkin")


def _facts(value: Any) -> StatusFacts | None:
    """The kept figures, if each is what `StatusFacts` holds; else None."""
    if not isinstance(value, list) or len(value) != len(StatusFacts._fields):
        return None
    facts = StatusFacts(*value)
    for name, field in zip(StatusFacts._fields, facts, strict=True):
        if name in TEXTS:
            if field is not None and not (isinstance(field, str) and _text_ok(name, field)):
                return None
        elif type(field) is not int or not 0 <= field < 1 << 53:
            return None
    later = facts.later > 0
    if later != (facts.next_back_at is not None) or later != (facts.next_learning_at is not None):
        return None
    return facts


def _text_ok(name: str, text: str) -> bool:
    if name == "next_back_at":  # "16:10"
        digits = text[:2] + text[3:]
        return len(text) == 5 and text[2] == ":" and digits.isascii() and digits.isdecimal()
    if len(text) > 40:
        return False
    try:
        return datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False
