"""The store's per-shard summaries (`store.summaries`, `store.indexes`): each equals a
computation from the records, whatever happened to its file or to the shard."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import CheckIn, Review
from rebound_tui.store.indexes import (
    BURIED_UNTIL,
    CARD_INDEX,
    CARD_LAST,
    COUNT_INTERVIEWS,
    NEWEST_CHECKINS,
    OPEN_REBOUNDS,
    REVIEW_DAYS,
    REVIEW_LOG,
    SENT_REQUESTS,
    row_id,
)
from rebound_tui.store.repository import Repository
from rebound_tui.store.summaries import SUMMARY_DIR, SummarySpec, docs_of, summaries
from tests.factories import drill_cards
from tests.helpers import START, open_repo

SPECS = (
    CARD_LAST,
    BURIED_UNTIL,
    OPEN_REBOUNDS,
    REVIEW_LOG,
    SENT_REQUESTS,
    CARD_INDEX,
    REVIEW_DAYS.with_params("Europe/Berlin", 4),
    NEWEST_CHECKINS,
    COUNT_INTERVIEWS,
)


def recomputed(repo: Repository, spec: SummarySpec) -> dict[str, Any]:
    """The summary worked out from the files as they are on disk, without the store."""
    collection = repo.collections[spec.collection]
    out = {}
    for relpath in collection.shard_paths():
        path = repo.data_dir / relpath
        table = json.loads(path.read_bytes()).get(spec.collection, {}) if path.exists() else {}
        out[relpath] = json.loads(json.dumps(spec.run(docs_of(table))))
    return out


def assert_consistent(data_dir: Path, clock: FixedClock, *, readonly: bool = False) -> None:
    fresh = Repository.open(data_dir, clock, readonly=readonly)
    for spec in SPECS:
        assert summaries(fresh, spec) == recomputed(fresh, spec), spec.name
    fresh.close()


def assert_fresh(repo: Repository) -> None:
    """Every summary the store keeps was written with the shard it describes: its file
    names the shard's signature now (nothing is left to rebuild)."""
    from rebound_tui.store.storage import signature_of

    for spec in (CARD_INDEX, NEWEST_CHECKINS, COUNT_INTERVIEWS):
        for relpath in repo.collections[spec.collection].shard_paths():
            if not (repo.data_dir / relpath).exists():
                continue
            stored = json.loads((repo.data_dir / SUMMARY_DIR / spec.name / relpath).read_text())
            assert stored["signature"] == list(signature_of(os.stat(repo.data_dir / relpath)))


def fill(repo: Repository, clock: FixedClock, cards: int = 20) -> None:
    repo.cards.put_many(drill_cards(clock.now(), cards))
    repo.reviews.put_many(
        Review(id=f"r{i}", card_id=f"c{i}", rating=3, reviewed_at=START - timedelta(days=i * 9))
        for i in range(12)
    )
    repo.checkins.put(CheckIn(id="k1", at=START - timedelta(hours=3)))


def test_summaries_follow_writes_without_reparsing(repo: Repository, clock: FixedClock) -> None:
    fill(repo, clock)
    # the files were written as the shards were: fresh, same signature
    for spec in SPECS:
        assert summaries(repo, spec) == recomputed(repo, spec)
    assert_fresh(repo)
    card = repo.cards.get("c3")
    assert card is not None
    repo.cards.put(replace(card, suspended=True))
    repo.cards.delete(drill_cards(clock.now(), 5)[4])
    values = summaries(repo, CARD_INDEX).values()
    rows = [row for value in values for row in value["always"] + value["new"] + value["by_due"]]
    assert len(rows) == 19
    assert [row.split("|")[6] for row in rows if row_id(row) == "c3"] == ["1"]
    assert_consistent(repo.data_dir, clock)


def test_summary_files_are_not_data(repo: Repository, clock: FixedClock) -> None:
    fill(repo, clock)
    summaries(repo, REVIEW_DAYS.with_params("Europe/Berlin", 4))
    assert (repo.data_dir / SUMMARY_DIR).is_dir()
    assert not any(SUMMARY_DIR in path for path in repo.data_files())


@pytest.mark.parametrize("damage", ["deleted", "garbage", "older", "fifo", "other-shard"])
def test_a_bad_summary_file_is_rebuilt(
    repo: Repository, clock: FixedClock, damage: str, data_dir: Path
) -> None:
    fill(repo, clock)
    good = summaries(repo, CARD_INDEX)
    repo.close()
    for path in (data_dir / SUMMARY_DIR / CARD_INDEX.name).rglob("*.json"):
        stored = json.loads(path.read_text())
        if damage == "deleted":
            path.unlink()
        elif damage == "garbage":
            path.write_text('{"format": 1, "summary"')
        elif damage == "older":
            stored["summary"][1] = 0
            stored["value"] = []
            path.write_text(json.dumps(stored))
        elif damage == "fifo":
            path.unlink()
            os.mkfifo(path)
        else:
            stored["shard"] = "cards/cards-99.json"
            path.write_text(json.dumps(stored))
    again = Repository.open(data_dir, clock)
    assert summaries(again, CARD_INDEX) == good
    if damage != "fifo":
        for path in (data_dir / SUMMARY_DIR / CARD_INDEX.name).rglob("*.json"):
            assert json.loads(path.read_text())["summary"] == CARD_INDEX.key


def test_a_shard_edited_by_another_process_is_noticed(
    repo: Repository, clock: FixedClock, data_dir: Path
) -> None:
    fill(repo, clock)
    summaries(repo, CARD_INDEX)
    summaries(repo, COUNT_INTERVIEWS)
    # another device's sync puts its own copy of a shard and of interviews.json in place
    other = data_dir.parent / "other"
    shutil.copytree(data_dir, other)
    theirs = open_repo(other, clock)
    card = theirs.cards.get("c1")
    assert card is not None
    theirs.cards.put(replace(card, suspended=True))
    theirs.interviews.put_many([])
    theirs.close()
    shard = repo.cards.spec.files.path_of(card)
    shutil.copy2(other / shard, data_dir / shard)
    values = summaries(repo, CARD_INDEX).values()
    rows = [row for value in values for row in value["always"] + value["new"] + value["by_due"]]
    assert [row.split("|")[6] for row in rows if row_id(row) == "c1"] == ["1"]
    assert_consistent(data_dir, clock)


def test_a_readonly_repository_computes_in_memory(
    repo: Repository, clock: FixedClock, data_dir: Path
) -> None:
    fill(repo, clock)
    repo.close()
    shutil.rmtree(data_dir / SUMMARY_DIR)
    readonly = Repository.open(data_dir, clock, readonly=True)
    value = summaries(readonly, CARD_INDEX)
    assert sum(index["count"] for index in value.values()) == 20
    assert not (data_dir / SUMMARY_DIR).exists()
    assert_consistent(data_dir, clock, readonly=True)


def test_a_restore_and_an_import_keep_them_current(
    repo: Repository, clock: FixedClock, data_dir: Path
) -> None:
    from rebound_tui.services.export.json import export_document, validate_document
    from rebound_tui.services.importing import import_document

    fill(repo, clock)
    summaries(repo, REVIEW_DAYS.with_params("Europe/Berlin", 4))
    shard = repo.cards.shard_paths()[0]
    before = (data_dir / shard).read_bytes()
    repo.cards.put_many(drill_cards(clock.now() + timedelta(days=1), 40))
    repo.replace_files({shard: before})
    assert_consistent(data_dir, clock)
    other = open_repo(data_dir.parent / "other", clock)
    other.cards.put_many(drill_cards(clock.now() - timedelta(days=3), 30))
    other.checkins.put(CheckIn(id="k2", at=START - timedelta(minutes=5)))
    document = json.loads(json.dumps(export_document(other, clock.now())))
    other.close()
    import_document(repo, validate_document(document))
    assert_fresh(repo)
    assert_consistent(data_dir, clock)
    newest = summaries(repo, NEWEST_CHECKINS)["checkins.json"]
    assert [doc["id"] for doc in newest["docs"]] == ["k1", "k2"]


def test_a_card_left_in_a_second_shard_is_taken_once_from_the_later_one(
    data_dir: Path, clock: FixedClock
) -> None:
    """Another version (or a sync) may leave a card in a shard its id does not hash to,
    beside its own copy: every reader takes it once, the later shard's copy winning, and
    the card index (the queue, the count) agrees with reading the records."""
    from rebound_tui.domain.codec import to_record
    from rebound_tui.services.overview import card_count
    from rebound_tui.services.queue import todays_queue

    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 6))
    files = repo.cards.spec.files
    card = repo.cards.get("c1")
    assert card is not None
    home = files.path_of_id("c1")
    # (`get` reads the card's own shard; `all` and the index take the later copy)
    taken = {files.path_of_id(f"c{i}") for i in range(6)}
    stray = next(
        f"cards/cards-{n:02d}.json"
        for n in reversed(range(16))
        if f"cards/cards-{n:02d}.json" not in taken
    )
    doc = to_record(replace(card, suspended=True))
    (data_dir / stray).write_text(json.dumps({"cards": {"1": doc}}))
    repo.close()

    again = Repository.open(data_dir, clock)
    every = {c.id: c for c in again.cards.all()}
    assert len(every) == card_count(again) == 6
    assert every["c1"].suspended == (max(home, stray) == stray)
    queue = todays_queue(again, clock.now())
    shown = [c.id for c in (*queue.learning, *queue.review, *queue.new, *queue.learning_later)]
    assert len(shown) == len(set(shown))
    assert set(shown) <= {i for i, c in every.items() if not c.suspended}
    assert ("c1" in shown) == (not every["c1"].suspended)
