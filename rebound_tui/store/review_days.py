"""The set of local drill days that have reviews, for streaks.

A five-year streak touches every month shard of the review log. Old shards never change
(the review log is append-only per month), so the days each shard covers are cached in the
user's cache directory, keyed by the shard's (inode, mtime, size): only a shard that
changed is read again. The cache is derived data: deleting it costs one slow status.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rebound_tui.domain.days import drill_day
from rebound_tui.store.repository import Repository
from rebound_tui.store.storage import atomic_write_bytes, make_private_dir

CACHE_VERSION = 1


def _cache_file(repo: Repository) -> Path:
    from platformdirs import user_cache_dir

    key = hashlib.sha256(str(repo.data_dir.resolve()).encode()).hexdigest()[:24]
    return Path(user_cache_dir("rebound", appauthor=False)) / f"review-days-{key}.json"


def _signature(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return [st.st_ino, st.st_mtime_ns, st.st_size]


def review_days(
    repo: Repository, tz: str, day_start_hour: int, shards: list[str] | None = None
) -> dict[str, set[date]]:
    """Drill days with at least one review, per shard (newest shards last)."""
    shards = repo.reviews.shard_paths() if shards is None else shards
    cache_path = _cache_file(repo)
    try:
        cached: dict[str, Any] = json.loads(cache_path.read_text())
        if cached.get("version") != CACHE_VERSION or cached.get("zone") != [tz, day_start_hour]:
            cached = {}
    except (OSError, ValueError):
        cached = {}
    entries: dict[str, Any] = cached.get("shards", {})
    out: dict[str, set[date]] = {}
    changed = False
    for shard in shards:
        signature = _signature(repo.data_dir / shard)
        entry = entries.get(shard)
        if entry is not None and entry.get("signature") == signature:
            out[shard] = {date.fromisoformat(d) for d in entry["days"]}
            continue
        held = shard in repo._dbs
        stamps = repo.reviews.raw_field([shard], "reviewed_at")
        if not held:
            repo.release(shard)  # old months are not needed again: do not keep them
        days = {
            drill_day(datetime.fromisoformat(s), tz, day_start_hour)
            for s in stamps
            if isinstance(s, str)
        }
        out[shard] = days
        entries[shard] = {"signature": signature, "days": sorted(d.isoformat() for d in days)}
        changed = True
    if changed:
        payload = {"version": CACHE_VERSION, "zone": [tz, day_start_hour], "shards": entries}
        try:
            make_private_dir(cache_path.parent)
            os.close(atomic_write_bytes(cache_path, json.dumps(payload).encode()))
        except OSError:
            pass  # a cache that cannot be written is only slower
    return out
