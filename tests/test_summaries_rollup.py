"""The rollup of the review days (`store.rollups`) and the streak read from it: the same
values as each month's own summary and as a count over every review."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.days import drill_day
from rebound_tui.domain.models import Review
from rebound_tui.domain.stats import drill_streak
from rebound_tui.services.overview import current_streak
from rebound_tui.store.indexes import REVIEW_DAYS
from rebound_tui.store.repository import Repository
from rebound_tui.store.rollups import ROLLUP
from rebound_tui.store.summaries import SUMMARY_DIR, SummaryFiles, summaries
from tests.helpers import START
from tests.test_summaries import recomputed

ZONE, HOUR = "Europe/Berlin", 4
DAYS = REVIEW_DAYS.with_params(ZONE, HOUR)


def _reviews(repo: Repository, days_back: list[int], prefix: str = "r") -> None:
    repo.reviews.put_many(
        Review(
            id=f"{prefix}{i}",
            card_id=f"c{i % 7}",
            rating=3,
            reviewed_at=START - timedelta(days=back, hours=i % 5),
        )
        for i, back in enumerate(days_back)
    )


def _rollup_file(data_dir: Path) -> Path:
    return data_dir / SUMMARY_DIR / DAYS.name / ROLLUP


def test_a_writable_read_writes_the_rollup_and_a_readonly_one_reads_only_it(
    repo: Repository, clock: FixedClock, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _reviews(repo, list(range(0, 400, 3)))
    assert summaries(repo, DAYS) == recomputed(repo, DAYS)
    stored = json.loads(_rollup_file(data_dir).read_text())
    assert set(stored["shards"]) == set(repo.reviews.shard_paths())
    repo.close()
    # the months' own files gone: a read-only store takes every month from the rollup
    for path in (data_dir / SUMMARY_DIR / DAYS.name / "reviews").iterdir():
        path.unlink()

    def no_compute(*args: object, **kwargs: object) -> None:
        raise AssertionError("recomputed a month the rollup holds")

    monkeypatch.setattr(SummaryFiles, "_compute", no_compute)
    readonly = Repository.open(data_dir, clock, readonly=True)
    assert summaries(readonly, DAYS) == recomputed(readonly, DAYS)
    readonly.close()


@pytest.mark.parametrize("damage", ["stale", "garbage", "other-params", "missing"])
def test_a_stale_or_bad_rollup_is_not_trusted(
    repo: Repository, clock: FixedClock, data_dir: Path, damage: str
) -> None:
    _reviews(repo, list(range(0, 200, 2)))
    summaries(repo, DAYS)
    rollup = _rollup_file(data_dir)
    if damage == "stale":  # another process adds reviews to an old month
        other = Repository.open(data_dir, clock)
        _reviews(other, [41, 43, 47, 121], prefix="x")
        other.close()
    elif damage == "garbage":
        rollup.write_text('{"format": 1, "summary": [], "shards": {"reviews/x": 1}')
    elif damage == "other-params":
        summaries(repo, REVIEW_DAYS.with_params("Asia/Tokyo", 0))
    else:
        rollup.unlink()
    for readonly in (True, False):
        fresh = Repository.open(data_dir, clock, readonly=readonly)
        assert summaries(fresh, DAYS) == recomputed(fresh, DAYS)
        fresh.close()
    stored = json.loads(rollup.read_text())  # the writable read wrote it again
    assert stored["summary"] == DAYS.key
    expected = recomputed(repo, DAYS)
    assert {shard: stored["shards"][shard][1] for shard in expected} == expected


@pytest.mark.parametrize("seed", range(12))
def test_the_streak_is_the_streak_of_every_review_day(
    data_dir: Path, clock: FixedClock, seed: int
) -> None:
    rng = random.Random(seed)
    run = rng.choice([0, 1, 5, 31, 70, 200, 500])
    back = list(range(rng.choice([0, 1]), run))  # today reviewed, or not yet
    back += rng.sample(range(run + 1, run + 400), rng.randint(0, 60))  # after a gap
    repo = Repository.open(data_dir, clock)
    _reviews(repo, back)
    today = drill_day(START, ZONE, HOUR)
    every = {drill_day(r.reviewed_at, ZONE, HOUR) for r in repo.reviews.all()}
    assert current_streak(repo, today, ZONE, HOUR) == drill_streak(every, today)
    repo.close()
    readonly = Repository.open(data_dir, clock, readonly=True)
    assert current_streak(readonly, today, ZONE, HOUR) == drill_streak(every, today)
    readonly.close()
