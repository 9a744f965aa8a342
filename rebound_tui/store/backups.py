"""Rotating backups: one snapshot a day, the last seven kept, plus named safety copies.

A snapshot is a directory of copies: never links to the live files, because an editor
that writes a hand-edited file in place would change the "backup" too. A file unchanged
since the previous snapshot (same size and modification time) is hard-linked to that
snapshot's copy instead, so years of review-log shards are copied once, not every day.
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rebound_tui.store.errors import StoreError
from rebound_tui.store.storage import (
    DIR_MODE,
    fsync_directory,
    make_private_dir,
    read_regular_file,
)

if TYPE_CHECKING:
    from rebound_tui.store.repository import Repository

BACKUP_DIR = "backups"
DAILY_KEPT = 7
SPECIAL_KEPT = 5
_DAILY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BackupInfo(NamedTuple):
    name: str
    taken_at: datetime
    files: int
    size_bytes: int


def time_stamp(repo: Repository) -> str:
    """Now, to the second, for the name of a backup or of a set-aside file."""
    return f"{repo.clock.now().astimezone(UTC):%Y%m%dT%H%M%SZ}"


def local_day(repo: Repository) -> str:
    from rebound_tui.domain.days import zone

    return repo.clock.now().astimezone(zone(repo.settings().timezone)).date().isoformat()


def take_daily_backup(repo: Repository, *, keep: str | None = None) -> str | None:
    """Snapshot today's data if no snapshot was taken today; prune old ones (never `keep`:
    the backup a restore is about to use)."""
    if not repo.data_files():
        return None
    name = local_day(repo)
    if (repo.data_dir / BACKUP_DIR / name).exists():
        return None
    take_backup(repo, name, keep=keep)
    return name


def take_backup(repo: Repository, name: str, *, keep: str | None = None) -> Path:
    """Snapshot every data file into backups/<name> (atomically: all or nothing)."""
    if repo._batches.journal.exists():  # never snapshot half of an import
        with repo.transaction():
            repo._batches.settle()
    root = repo.data_dir / BACKUP_DIR
    make_private_dir(root)
    final = root / name
    suffix = 1
    while final.exists():
        suffix += 1
        final = root / f"{name}-{suffix}"
    staging = root / f".incomplete-{final.name}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(mode=DIR_MODE)
    previous = _newest(root)
    try:
        for rel in repo.data_files():
            live = repo.data_dir / rel
            target = staging / rel
            if not target.parent.exists():
                target.parent.mkdir(mode=DIR_MODE, parents=True)
            earlier = previous / rel if previous is not None else None
            if earlier is not None and _same_file_state(live, earlier):
                try:
                    os.link(earlier, target)
                    continue
                except OSError:
                    pass
            shutil.copy2(live, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # a full disk leaves no half backup
        raise
    os.replace(staging, final)
    fsync_directory(root)
    _prune(root, keep={keep} if keep else set())
    return final


def _newest(root: Path) -> Path | None:
    snapshots = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return max(snapshots, key=lambda p: (p.stat().st_mtime_ns, p.name), default=None)


def _same_file_state(live: Path, copy: Path) -> bool:
    try:
        a, b = live.stat(), copy.stat()
    except OSError:
        return False
    return (a.st_size, a.st_mtime_ns) == (b.st_size, b.st_mtime_ns) and a.st_ino != b.st_ino


def _prune(root: Path, keep: set[str]) -> None:
    entries = [
        p
        for p in root.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name not in keep
    ]
    daily = sorted((p for p in entries if _DAILY.match(p.name)), key=lambda p: p.name)
    special = sorted((p for p in entries if not _DAILY.match(p.name)), key=_taken_at)
    for old in daily[:-DAILY_KEPT] + special[:-SPECIAL_KEPT]:
        shutil.rmtree(old, ignore_errors=True)


def _taken_at(path: Path) -> float:
    return path.stat().st_mtime


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """Backups, newest first."""
    root = data_dir / BACKUP_DIR
    if not root.is_dir():
        return []
    out = []
    for path in root.iterdir():
        if not path.is_dir() or path.name.startswith("."):
            continue
        files = [p for p in path.rglob("*") if p.is_file()]
        out.append(
            BackupInfo(
                name=path.name,
                taken_at=datetime.fromtimestamp(path.stat().st_mtime_ns / 1e9, UTC),
                files=len(files),
                size_bytes=sum(p.stat().st_size for p in files),
            )
        )
    out.sort(key=lambda b: (b.taken_at, b.name), reverse=True)
    return out


def is_good_copy(path: Path, relpath: str) -> bool:
    """True if `path` is a good copy of data file `relpath`: it passes the same check as
    a live file (shape and every record)."""
    from rebound_tui.store.files import check_file

    try:
        raw = read_regular_file(path)  # a FIFO would hang a plain read
    except (OSError, ValueError):
        return False
    return check_file(relpath, raw) is None


def restore_backup(repo: Repository, name: str) -> str:
    """Make the data directory what backup `name` holds, keeping a copy of the present."""
    from rebound_tui.store.files import is_data_file

    source = repo.data_dir / BACKUP_DIR / name
    # An empty name would be backups/ itself: restoring it wiped the data (issue 9). Only
    # a name `list_backups` shows will do.
    if not name or "/" in name or "\\" in name or name.startswith(".") or not source.is_dir():
        raise StoreError(f"there is no backup named {name!r}; `rebound backups` lists them")
    if name not in {b.name for b in list_backups(repo.data_dir)}:
        raise StoreError(f"there is no backup named {name!r}; `rebound backups` lists them")
    files = sorted(
        rel
        for rel in (p.relative_to(source).as_posix() for p in source.rglob("*.json"))
        if is_data_file(rel)
    )
    broken = [rel for rel in files if not is_good_copy(source / rel, rel)]
    if broken:
        raise StoreError(f"backup {name} has damaged files ({', '.join(broken)}); not restored")
    with repo.transaction():
        contents: dict[str, bytes | None] = {rel: (source / rel).read_bytes() for rel in files}
        keep = take_backup(repo, f"pre-restore-{time_stamp(repo)}", keep=name)
        for rel in repo.data_files():
            contents.setdefault(rel, None)  # not in the backup: removed
        repo.replace_files(contents)  # all of them or none, even if killed
    return f"Restored backup {name}. What was there before is kept as backup {keep.name}."
