"""The drill stats' fold of every month (`store.folds`, kept as of all but the newest
month) gives what the whole log gives, after any mix of ratings in old and new months,
deletions, imports, restores, another device's writes, a damaged kept fold and a writer
SIGKILLed at random moments; and once kept, a rating reads only the newest month."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Review
from rebound_tui.services.review_stats import DRILL_FOLD, drill_figures
from rebound_tui.store import folds
from rebound_tui.store.repository import Repository
from tests.helpers import START, open_repo
from tests.test_review_stats import PERIODS, expected
from tests.test_summaries_property import EDITS, RUNS, WRITER, apply

ZONE, HOUR = "America/Los_Angeles", 4
TODAY = date(2026, 11, 26)
FOLD_FILE = Path(".rebound-summaries") / DRILL_FOLD.name / folds.FILE

RATINGS = st.tuples(
    st.just("rating"),
    st.sampled_from([f"x{i}" for i in range(6)]),
    st.integers(min_value=0, max_value=500),  # days ago
    st.sampled_from([1, 2, 3, 4]),
    st.sampled_from([None, 1, 2, 3]),  # state before
    st.sampled_from([None, 0, 3, 20, 21, 60]),  # days to its due
)
DAMAGE = st.tuples(st.just("damage"), st.sampled_from([b"", b"{", b'{"format": 1}', b"[]"]))


def rate(repo: Repository, edit: tuple[Any, ...], number: int) -> None:
    _, card_id, days, rating, state, due_in = edit
    at = START - timedelta(days=days, minutes=number)
    due = None if due_in is None else at + timedelta(days=due_in)
    repo.reviews.put(
        Review(
            id=f"rated{number}",
            card_id=card_id,
            rating=rating,
            reviewed_at=at,
            state_before=state,
            due=due,
            duration_ms=1000 * number,
        )
    )


def walk_edits(
    log: list[tuple[Any, ...]],
    edits: list[tuple[Any, ...]],
    check: Callable[[Repository, object], None],
    damage: Callable[[Path, tuple[Any, ...]], None],
) -> None:
    """Ratings of `log`, then each edit (a rating, damage to a kept file, or one of the
    summaries' property test), with `check(repo, what)` before each edit, after the last,
    and through a fresh read-only store."""
    clock = FixedClock(START)
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        repo = open_repo(data_dir, clock)
        for number, rating in enumerate(log):
            rate(repo, rating, number)
        saved: list[dict] = []
        for number, edit in enumerate(edits, start=len(log)):
            check(repo, edit)
            if edit[0] == "rating":
                rate(repo, edit, number)
            elif edit[0] == "damage":
                damage(data_dir, edit)
            else:
                repo = apply(repo, clock, edit, saved)
        check(repo, "after the last edit")
        repo.close()
        check(Repository.open(data_dir, clock, readonly=True), "read only")


def same_figures(repo: Repository, what: object) -> None:
    got = drill_figures(repo, TODAY, ZONE, HOUR, PERIODS)  # keeps the fold, if it can
    assert got == expected(repo, TODAY, ZONE, HOUR), what


def damage_fold(data_dir: Path, edit: tuple[Any, ...]) -> None:
    if (data_dir / FOLD_FILE).exists():
        (data_dir / FOLD_FILE).write_bytes(edit[1])


@RUNS
@given(
    log=st.lists(RATINGS, min_size=2, max_size=8),
    edits=st.lists(st.one_of(RATINGS, RATINGS, DAMAGE, EDITS), min_size=1, max_size=12),
)
def test_the_fold_gives_what_the_whole_log_gives(
    log: list[tuple[Any, ...]], edits: list[tuple[Any, ...]]
) -> None:
    walk_edits(log, edits, same_figures, damage_fold)


def test_once_kept_a_rating_reads_only_the_newest_month(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = open_repo(data_dir, clock)
    for number in range(40):  # reviews over about 13 months
        rate(repo, ("rating", f"x{number % 5}", 10 * number, 3, 2, 21), number)
    drill_figures(repo, TODAY, ZONE, HOUR, PERIODS)  # folds every month, keeps the fold
    assert (data_dir / FOLD_FILE).is_file()
    months = repo.reviews.shard_paths()
    assert len(months) > 10
    asked: list[list[str]] = []
    real = folds.summaries

    def spy(repo: Repository, spec: Any, shards: Any = None) -> dict[str, Any]:
        asked.append(list(shards))
        return real(repo, spec, shards)

    monkeypatch.setattr(folds, "summaries", spy)
    rate(repo, ("rating", "x1", 0, 1, 2, 0), 99)
    again = Repository.open(data_dir, clock)  # another process, after the rating
    assert drill_figures(again, TODAY, ZONE, HOUR, PERIODS) == expected(again, TODAY, ZONE, HOUR)
    assert asked == [[months[-1]]]
    # A review put in an old month: every month from there is folded again, and kept.
    rate(again, ("rating", "x2", 200, 3, 2, 3), 100)
    asked.clear()
    assert drill_figures(again, TODAY, ZONE, HOUR, PERIODS) == expected(again, TODAY, ZONE, HOUR)
    assert asked == [months]
    asked.clear()
    drill_figures(again, TODAY, ZONE, HOUR, PERIODS)
    assert asked == [[months[-1]]]


def test_a_read_only_store_keeps_no_fold(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    for number in range(5):
        rate(repo, ("rating", "x1", 40 * number, 3, 2, 21), number)
    repo.close()
    readonly = Repository.open(data_dir, clock, readonly=True)
    got = drill_figures(readonly, TODAY, ZONE, HOUR, PERIODS)
    assert got == expected(readonly, TODAY, ZONE, HOUR)
    assert not (data_dir / FOLD_FILE).exists()


# Each round's reviews have ids of their own: one id in two months is two records.
UNIQUE_WRITER = WRITER.replace('id=f"r{n}"', 'id=f"r{sys.argv[2]}-{n}"').replace(
    'id=f"br{n}"', 'id=f"br{sys.argv[2]}-{n}"'
)


def kill_writers(data_dir: Path, seed: int, check: Callable[[Repository, object], None]) -> None:
    """Five rounds of a writer SIGKILLed at a random moment, each followed by `check` of a
    store opened after it (which finishes any journal first)."""
    clock = FixedClock(START)
    assert UNIQUE_WRITER.count("{sys.argv[2]}-{n}") == 2
    rng = random.Random(seed)
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    for round_ in range(5):
        writer = subprocess.Popen(
            [sys.executable, "-c", UNIQUE_WRITER, str(data_dir), str(round_)],
            stdout=subprocess.PIPE,
            env=env,
            cwd=root,
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.05, 0.5))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        repo = Repository.open(data_dir, clock)
        check(repo, round_)
        repo.close()


def test_the_fold_survives_a_writer_killed_at_random_moments(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    open_repo(data_dir, FixedClock(START)).close()
    kill_writers(data_dir, 7, same_figures)
    assert (data_dir / FOLD_FILE).is_file()
