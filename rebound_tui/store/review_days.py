"""The set of local drill days that have reviews, for streaks.

A five-year streak touches every month shard of the review log. The days each shard
covers are a summary the store keeps (`indexes.REVIEW_DAYS`, see `summaries`): read from
a small file per month while the month's shard is unchanged, recomputed from its reviews
when it changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from rebound_tui.store.indexes import REVIEW_DAYS
from rebound_tui.store.repository import Repository
from rebound_tui.store.schema import Collections
from rebound_tui.store.summaries import summaries


def review_days(
    repo: Repository, tz: str, day_start_hour: int, shards: list[str] | None = None
) -> dict[str, set[date]]:
    """Drill days with at least one review, per shard (newest shards last)."""
    found = summaries(repo, REVIEW_DAYS.with_params(tz, day_start_hour), shards)
    out: dict[str, set[date]] = {}
    for shard, days in found.items():
        out[shard] = {date.fromisoformat(day) for day in days}
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
