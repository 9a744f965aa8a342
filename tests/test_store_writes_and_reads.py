"""How the store writes and reads: a batch of changes is one write per file, reads on a
worker thread survive writes on another, and a range of the review log reads only the
months it covers."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, Interview, Review
from rebound_tui.store import storage as storage_module
from rebound_tui.store.repository import Repository
from tests.factories import bare_cards


def test_replacing_many_records_is_one_write_per_file(
    repo: Repository, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.interviews.put_many(Interview(id=f"i{i}", company=f"Co {i}") for i in range(5))
    writes: list[Path] = []
    real = storage_module.atomic_write_bytes
    monkeypatch.setattr(
        storage_module,
        "atomic_write_bytes",
        lambda path, payload: writes.append(path) or real(path, payload),
    )
    repo.interviews.put_many(
        [
            *(Interview(id=f"i{i}", company=f"Renamed {i}") for i in range(3)),
            Interview(id="new", company="New"),
        ]
    )
    assert writes == [repo.data_dir / "interviews.json"]
    on_disk = json.loads((repo.data_dir / "interviews.json").read_text())["interviews"]
    assert sorted(d["company"] for d in on_disk.values()) == [
        "Co 3",
        "Co 4",
        "New",
        "Renamed 0",
        "Renamed 1",
        "Renamed 2",
    ]


def test_reads_on_a_worker_thread_survive_writes(repo: Repository, clock: FixedClock) -> None:
    repo.cards.put_many(bare_cards(clock.now(), 200))
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                repo.cards.all()
                repo.cards.select(lambda doc: doc.get("last_review") is None)
                repo.cards.count()
        except BaseException as error:
            errors.append(error)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(150):
            repo.cards.put(Card(id=f"w{i}", question="q", created_at=clock.now()))
    finally:
        stop.set()
        reader.join()
    assert errors == []
    assert repo.cards.count() == 350


def _reviews(repo: Repository, *times: datetime) -> None:
    """One review at each of `times` (UTC), ids r0, r1, … in that order."""
    repo.reviews.put_many(
        Review(id=f"r{i}", card_id="c1", rating=3, reviewed_at=at) for i, at in enumerate(times)
    )


def _ids(reviews: list[Review]) -> list[str]:
    return sorted(r.id for r in reviews)


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def test_a_range_takes_its_start_and_not_its_end_across_a_month_boundary(
    repo: Repository,
) -> None:
    _reviews(
        repo,
        utc(2026, 1, 31, 12),
        utc(2026, 1, 31, 23, 59, 59),
        utc(2026, 2, 1),
        utc(2026, 2, 15),
        utc(2026, 3, 1),
    )
    assert sorted(p.name for p in (repo.data_dir / "reviews").iterdir()) == [
        "2026-01.json",
        "2026-02.json",
        "2026-03.json",
    ]
    assert _ids(repo.reviews.between(utc(2026, 1, 31, 12), utc(2026, 2, 1))) == ["r0", "r1"]
    assert _ids(repo.reviews.between(utc(2026, 2, 1), utc(2026, 3, 1))) == ["r2", "r3"]
    assert _ids(repo.reviews.between(utc(2026, 1, 1), utc(2026, 4, 1))) == [
        "r0",
        "r1",
        "r2",
        "r3",
        "r4",
    ]


def test_a_range_over_a_new_year_reads_the_months_of_both_years(repo: Repository) -> None:
    _reviews(
        repo,
        utc(2025, 11, 30),
        utc(2025, 12, 1),
        utc(2025, 12, 31, 23),
        utc(2026, 1, 1),
        utc(2026, 2, 28),
        utc(2026, 3, 1),
    )
    assert _ids(repo.reviews.between(utc(2025, 12, 1), utc(2026, 3, 1))) == [
        "r1",
        "r2",
        "r3",
        "r4",
    ]


def test_a_range_reads_only_the_months_it_covers(repo: Repository) -> None:
    """A damaged shard outside the range is not read: no notice, and it stays as it is."""
    _reviews(repo, utc(2026, 5, 10), utc(2026, 7, 10))
    june = repo.data_dir / "reviews" / "2026-06.json"
    june.write_text("{not json")
    assert _ids(repo.reviews.between(utc(2026, 5, 1), utc(2026, 6, 1))) == ["r0"]
    assert _ids(repo.reviews.between(utc(2026, 7, 1), utc(2026, 8, 1))) == ["r1"]
    assert repo.drain_notices() == []
    assert june.read_text() == "{not json"


def test_an_empty_or_backward_range_has_no_reviews(repo: Repository) -> None:
    _reviews(repo, utc(2026, 4, 10))
    at = utc(2026, 4, 10)
    assert repo.reviews.between(at, at) == []
    assert repo.reviews.between(utc(2026, 4, 11), utc(2026, 4, 9)) == []
    assert repo.reviews.between(utc(2026, 4, 11), utc(2026, 5, 1)) == []
    assert repo.reviews.between(utc(2030, 1, 1), utc(2031, 1, 1)) == []  # no such shards


def test_a_range_in_local_time_reads_the_utc_month_a_review_is_kept_in(
    repo: Repository,
) -> None:
    """Half past midnight on 1 March in Berlin is still February in UTC: its review is in
    the February shard, and a day of Berlin time starting then finds it."""
    berlin = ZoneInfo("Europe/Berlin")
    _reviews(repo, datetime(2026, 3, 1, 0, 30, tzinfo=berlin), utc(2026, 3, 1, 23, 30))
    assert (repo.data_dir / "reviews" / "2026-02.json").exists()
    day = repo.reviews.between(
        datetime(2026, 3, 1, tzinfo=berlin), datetime(2026, 3, 2, tzinfo=berlin)
    )
    assert _ids(day) == ["r0"]  # 23:30 UTC is already 2 March in Berlin


def test_a_range_needs_times_with_a_time_zone(repo: Repository) -> None:
    _reviews(repo, utc(2026, 4, 10))
    with pytest.raises(ValueError, match="time-zone-aware"):
        repo.reviews.between(datetime(2026, 4, 1), utc(2026, 5, 1))
    with pytest.raises(ValueError, match="time-zone-aware"):
        repo.reviews.between(utc(2026, 4, 1), datetime(2026, 5, 1))


def test_the_newest_month_holds_the_latest_reviews(repo: Repository) -> None:
    assert repo.reviews.newest_month() == []
    _reviews(repo, utc(2026, 1, 5), utc(2026, 3, 5), utc(2026, 3, 6))
    assert _ids(repo.reviews.newest_month()) == ["r1", "r2"]
