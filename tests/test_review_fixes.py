"""Defects found in review, each pinned by a test: single-write batches, restores that
cannot eat their own source, foreign files left alone, damaged settings, resets that stay
reset, reviews of deleted cards, thread-safe reads, lessons in order."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from rebound_tui import actions
from rebound_tui.clock import FixedClock
from rebound_tui.domain.models import Card, CheckIn, Interview, Review, new_id
from rebound_tui.drill import DrillSession, reset_card
from rebound_tui.store import storage as storage_module
from rebound_tui.store.backups import list_backups, restore_backup, take_backup
from rebound_tui.store.exchange import export_document, import_document, validate_document
from rebound_tui.store.repository import Repository
from tests.factories import bare_cards
from tests.helpers import open_repo, tree_digest


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


def test_restore_never_prunes_its_own_source(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.interviews.put(Interview(id="first", company="First"))
    oldest = take_backup(repo, "pre-import-0").name
    for i in range(1, 5):
        clock.advance(minutes=1)
        take_backup(repo, f"pre-import-{i}")
    repo.interviews.put(Interview(id="second", company="Second"))
    message = restore_backup(repo, oldest)
    assert message.startswith(f"Restored backup {oldest}.")
    assert [i.id for i in repo.interviews.all()] == ["first"]
    assert oldest in {b.name for b in list_backups(data_dir)}


def test_files_that_are_not_rebound_data_are_left_alone(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.interviews.put(Interview(id="mine", company="Mine"))
    take_backup(repo, "before")
    foreign = data_dir / "serve" / "alice" / "data" / "checkins.json"
    foreign.parent.mkdir(parents=True)
    foreign.write_text('{"checkins": {}}')
    notes = data_dir / "notes.json"
    notes.write_text("{}")
    assert "serve/alice/data/checkins.json" not in repo.data_files()
    restore_backup(repo, "before")
    assert foreign.read_text() == '{"checkins": {}}' and notes.exists()


def test_damaged_settings_are_mended_not_a_traceback(data_dir: Path, clock: FixedClock) -> None:
    from rebound_tui.store.errors import StoreError

    repo = open_repo(data_dir, clock)
    repo.close()
    clock.advance(days=1)
    Repository.open(data_dir, clock).close()  # a backup with good settings
    (data_dir / "settings.json").write_text("{broken")
    with pytest.raises(StoreError, match=r"settings\.json is damaged"):
        Repository.open(data_dir, clock, readonly=True)
    repo = Repository.open(data_dir, clock)
    assert repo.settings().timezone == "Europe/Berlin"
    assert any("settings.json could not be read" in n for n in repo.drain_notices())


def test_a_reset_card_stays_reset(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(bare_cards(clock.now(), 1))
    DrillSession(repo).rate(3)
    clock.advance(minutes=5)
    fresh = reset_card(repo, repo.cards.get("c0"))  # type: ignore[arg-type]
    DrillSession(repo)  # reconciles interrupted ratings: must not undo the reset
    assert repo.cards.get("c0") == fresh
    document = export_document(repo, clock.now())
    target = open_repo(data_dir.parent / "again", clock)
    result = import_document(target, validate_document(document))
    assert result.rescheduled == 0
    assert target.cards.get("c0") == fresh


def test_reviews_of_a_deleted_card_round_trip(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(bare_cards(clock.now(), 2))
    session = DrillSession(repo)
    session.rate(3)
    session.rate(3)
    repo.cards.delete(repo.cards.get("c0"))  # type: ignore[arg-type]
    document = export_document(repo, clock.now())
    target = open_repo(data_dir.parent / "again", clock)
    result = import_document(target, validate_document(document))
    assert result.orphans == 1
    assert "reviews of deleted cards were kept as history" in result.summary()
    again = export_document(target, clock.now())
    for doc in (document, again):
        doc.pop("exported_at")
    assert again == document


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


def test_an_unreadable_checkin_time_does_not_break_status(
    data_dir: Path, clock: FixedClock
) -> None:
    from rebound_tui.overview import build_overview
    from rebound_tui.store.backups import take_backup

    repo = open_repo(data_dir, clock)
    repo.checkins.put(CheckIn(id="ok", at=clock.now() - timedelta(days=1)))
    take_backup(repo, "good")
    path = data_dir / "checkins.json"
    document = json.loads(path.read_text())
    document["checkins"]["99"] = {"id": "naive", "at": "2026-11-25T10:00:00"}
    path.write_text(json.dumps(document))
    repo = Repository.open(data_dir, clock)
    overview = build_overview(repo, clock.now())
    # A record that cannot be read makes the file damaged (issue 9): it is set aside and
    # the newest good backup is used.
    assert overview.last_checkin is not None and overview.last_checkin.id == "ok"
    assert any("set aside" in n and "backup good" in n for n in repo.drain_notices())


def test_lessons_keep_their_order_and_blanks_go(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    interview = actions.save_interview(repo, Interview(id=new_id(), company="Acme"))
    _, rebound = actions.mark_rejected(repo, interview)
    for _ in range(10):
        actions.save_lessons(repo, rebound, ["first", "second", "third"])
        assert [x.text for x in actions.lessons_of(repo, rebound.id)] == [
            "first",
            "second",
            "third",
        ]
    actions.save_lessons(repo, rebound, ["first", "", "third"])
    assert [(x.position, x.text) for x in actions.lessons_of(repo, rebound.id)] == [
        (0, "first"),
        (2, "third"),
    ]
    actions.save_lessons(repo, rebound, ["only"])
    assert [x.text for x in actions.lessons_of(repo, rebound.id)] == ["only"]
    _ = (Review, replace, tree_digest)
