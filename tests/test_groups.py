"""A card's reviews read through the bucketed index (`store.groups`) are the reviews a
select over every month gives, after any mix of ratings in old and new months, deletions,
imports, restores, another device's writes, damaged or torn bucket files and a writer
SIGKILLed at random moments; and once built, a card's history reads its bucket and the
newest month only."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rebound_tui.domain.clock import FixedClock
from rebound_tui.services.review_stats import REVIEWS_BY_CARD, reviews_of
from rebound_tui.store import groups
from rebound_tui.store.repository import Repository
from rebound_tui.store.schema import Collections
from tests.helpers import START, open_repo
from tests.test_folds import RATINGS, kill_writers, rate, walk_edits
from tests.test_summaries_property import EDITS, RUNS

CARDS = [f"x{i}" for i in range(6)] + ["k1"]
FOLDER = Path(".rebound-summaries") / REVIEWS_BY_CARD.name


def every_month(repo: Repository, card_id: str) -> list[tuple[str, Any]]:
    records = repo.reviews.select(lambda doc: doc.get("card_id") == card_id)
    return sorted((r.id, r) for r in records)


def indexed(repo: Repository, card_id: str) -> list[tuple[str, Any]]:
    return sorted((r.id, r) for r in reviews_of(repo, card_id))


def bucket_file(data_dir: Path, card_id: str) -> Path:
    return data_dir / FOLDER / f"{REVIEWS_BY_CARD.bucket(card_id):03}{groups.SUFFIX}"


DAMAGE = st.tuples(
    st.just("damage"),
    st.sampled_from(CARDS),
    st.sampled_from(["empty", "torn", "garbage line", "other header", "old line"]),
)


def damage(data_dir: Path, card_id: str, how: str) -> None:
    file = bucket_file(data_dir, card_id)
    if not file.exists():
        return
    data = file.read_bytes()
    if how == "empty":
        file.write_bytes(b"")
    elif how == "torn":
        file.write_bytes(data[: len(data) * 2 // 3])
    elif how == "garbage line":
        file.write_bytes(data + b'{"shard": 3}\n[1, 2\n')
    elif how == "other header":
        file.write_bytes(b'{"format": 99}\n' + data.split(b"\n", 1)[1])
    else:  # a line of a shard as it was before: its signature is another one
        lines = data.split(b"\n")
        if len(lines) > 2:
            file.write_bytes(data + lines[1].replace(b'"signature":[', b'"signature":[1,') + b"\n")


def same_reviews(repo: Repository, what: object) -> None:
    for card_id in CARDS:
        assert indexed(repo, card_id) == every_month(repo, card_id), (what, card_id)


@RUNS
@given(
    log=st.lists(RATINGS, min_size=2, max_size=8),
    edits=st.lists(st.one_of(RATINGS, RATINGS, DAMAGE, EDITS), min_size=1, max_size=12),
)
def test_a_cards_reviews_are_what_every_month_gives(
    log: list[tuple[Any, ...]], edits: list[tuple[Any, ...]]
) -> None:
    walk_edits(log, edits, same_reviews, lambda data_dir, edit: damage(data_dir, *edit[1:]))


def months_parsed(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The review months `repo` reads (parses, or finds parsed) from now on, in order."""
    parsed: list[str] = []
    real = repo.reviews._cache

    def spy(path: str) -> Any:
        parsed.append(path)
        return real(path)

    monkeypatch.setattr(repo.reviews, "_cache", spy)
    return parsed


def months_of_reviews(repo: Repository) -> None:
    for number in range(60):  # about 20 months, each card in many of them
        rate(repo, ("rating", f"x{number % 6}", 10 * number, 3, 2, 21), number)


def test_once_built_a_history_reads_its_bucket_and_the_newest_month(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = open_repo(data_dir, clock)
    months_of_reviews(repo)
    months = repo.reviews.shard_paths()
    assert len(months) > 15
    reviews_of(repo, "x1")  # builds every bucket, one pass over the months
    assert len(list((data_dir / FOLDER).iterdir())) == REVIEWS_BY_CARD.buckets
    rate(repo, ("rating", "x1", 0, 1, 2, 0), 99)  # a rating: the newest month
    again = Repository.open(data_dir, clock)  # another process
    parsed = months_parsed(again, monkeypatch)
    for card_id in ("x1", "x4"):
        parsed.clear()
        assert indexed(again, card_id) == every_month(repo, card_id)
        assert parsed == [months[-1]]
    # A review put in an old month: that month alone is read again, once per bucket.
    rate(repo, ("rating", "x1", 150, 3, 2, 3), 100)
    parsed.clear()
    assert indexed(again, "x1") == every_month(repo, "x1")
    old = Collections.reviews.files.month_path(START - timedelta(days=150, minutes=100))
    assert sorted(parsed) == sorted({old, months[-1]})
    parsed.clear()
    assert indexed(again, "x1") == every_month(repo, "x1")
    assert parsed == [months[-1]]


def test_dead_lines_are_written_away(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    months_of_reviews(repo)
    reviews_of(repo, "x2")
    file = bucket_file(data_dir, "x2")
    months = len(repo.reviews.shard_paths())
    for number in range(3 * months):  # each a line of an old month, appended
        rate(repo, ("rating", "x2", 40 + (number * 7) % 500, 3, 2, 3), 200 + number)
        assert indexed(repo, "x2") == every_month(repo, "x2")
        assert len(file.read_bytes().splitlines()) <= 2 * months + 18
    assert indexed(repo, "x2") == every_month(repo, "x2")


def test_a_read_only_store_writes_no_index(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    months_of_reviews(repo)
    repo.close()
    readonly = Repository.open(data_dir, clock, readonly=True)
    assert indexed(readonly, "x3") == every_month(readonly, "x3")
    assert not (data_dir / FOLDER).exists()


def test_the_index_survives_a_writer_killed_at_random_moments(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    repo = open_repo(data_dir, FixedClock(START))
    months_of_reviews(repo)
    repo.close()
    kill_writers(data_dir, 11, same_reviews)


@pytest.mark.parametrize("how", ["other header", "empty"])
def test_a_bucket_file_not_ours_is_written_anew_once(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    repo = open_repo(data_dir, clock)
    months_of_reviews(repo)
    reviews_of(repo, "x1")
    damage(data_dir, "x1", how)
    assert indexed(repo, "x1") == every_month(repo, "x1")  # every month read again
    parsed = months_parsed(repo, monkeypatch)
    assert indexed(repo, "x1") == every_month(repo, "x1")
    assert parsed.count(repo.reviews.shard_paths()[0]) == 1  # by every_month alone
