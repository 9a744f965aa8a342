"""The set of local drill days that have reviews, for streaks.

A five-year streak touches every month shard of the review log. Old shards never change
(the review log is append-only per month), so the days each shard covers are cached in the
user's cache directory, keyed by the shard's (inode, mtime, size): only a shard that
changed is read again. The cache is derived data: deleting it costs one slow status, and a
cache that is not what we wrote (wrong shape, wrong types, not JSON) is rebuilt, never
trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rebound_tui.domain.days import drill_day
from rebound_tui.store.repository import Repository
from rebound_tui.store.schema import Collections
from rebound_tui.store.storage import (
    atomic_write_bytes,
    make_private_dir,
    read_regular_file,
    signature_of,
)

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
    return list(signature_of(st))  # the change time too: an mtime can be put back


def _read_cache(path: Path, tz: str, day_start_hour: int) -> dict[str, Any]:
    """The cache's entries by shard; an unreadable or foreign cache is simply empty."""
    try:
        cached = json.loads(read_regular_file(path))
    except (OSError, ValueError, RecursionError):
        return {}
    if (
        not isinstance(cached, dict)
        or cached.get("version") != CACHE_VERSION
        or cached.get("zone") != [tz, day_start_hour]
        or not isinstance(cached.get("shards"), dict)
    ):
        return {}
    return cached["shards"]


def _cached_days(entry: Any, signature: list[int] | None) -> set[date] | None:
    """The days a cache entry holds, or None if it is stale or not what we wrote."""
    if not isinstance(entry, dict) or signature is None or entry.get("signature") != signature:
        return None
    days = entry.get("days")
    if not isinstance(days, list):
        return None
    try:
        return {date.fromisoformat(d) for d in days}
    except (TypeError, ValueError):
        return None


def review_days(
    repo: Repository, tz: str, day_start_hour: int, shards: list[str] | None = None
) -> dict[str, set[date]]:
    """Drill days with at least one review, per shard (newest shards last)."""
    shards = repo.reviews.shard_paths() if shards is None else shards
    cache_path = _cache_file(repo)
    entries = _read_cache(cache_path, tz, day_start_hour)
    out: dict[str, set[date]] = {}
    changed = False
    for shard in shards:
        signature = _signature(repo.data_dir / shard)
        days_cached = _cached_days(entries.get(shard), signature)
        if days_cached is not None:
            out[shard] = days_cached
            continue
        held = repo._files.is_open(shard)
        stamps = repo.reviews.raw_field("reviewed_at", [shard])
        if not held:
            repo._files.release(shard)  # old months are not needed again: do not keep them
        days = set()
        for stamp in stamps:
            try:
                days.add(drill_day(datetime.fromisoformat(stamp), tz, day_start_hour))
            except (TypeError, ValueError, OverflowError):
                continue  # the shard's check refuses such a review; never crash here
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


def review_days_newest_first(
    repo: Repository, tz: str, day_start_hour: int
) -> Iterator[tuple[set[date], datetime]]:
    """Drill days with reviews, newest months first, a few months at a time (3, then 6,
    12, …): a streak stops reading once it ends inside what was read. Each chunk comes
    with the UTC start of the oldest month it covers."""
    shards = repo.reviews.shard_paths()
    months = Collections.reviews.files
    batch = 3
    while shards:
        chunk, shards = shards[-batch:], shards[:-batch]
        days: set[date] = set()
        for found in review_days(repo, tz, day_start_hour, chunk).values():
            days |= found
        yield days, months.month_start(chunk[0])
        batch *= 2
