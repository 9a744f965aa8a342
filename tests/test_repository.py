"""The repository: records in, records out, sharded, backed up, and never lost."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, CheckIn, Interview, Review, new_id
from rebound_tui.store.backups import list_backups, restore_backup
from rebound_tui.store.errors import NewerSchemaError
from rebound_tui.store.files import SCHEMA_VERSION
from rebound_tui.store.repository import Repository
from rebound_tui.store.schema import COLLECTIONS, Collections
from tests.helpers import open_repo, tree_digest


def _interview(clock: FixedClock, company: str = "Acme") -> Interview:
    return Interview(id=new_id(), company=company, role="Engineer", created_at=clock.now())


def test_records_round_trip_and_replace_by_id(repo: Repository, clock: FixedClock) -> None:
    first = repo.interviews.put(_interview(clock))
    assert repo.interviews.get(first.id) == first
    changed = repo.interviews.put(replace(first, outcome="rejected"))
    assert repo.interviews.all() == [changed]
    repo.interviews.delete(changed)
    assert repo.interviews.all() == []
    assert repo.interviews.get(first.id) is None


def test_a_second_instance_sees_writes_and_adds_its_own(data_dir: Path, clock: FixedClock) -> None:
    one = open_repo(data_dir, clock)
    two = Repository.open(data_dir, clock)
    a = one.interviews.put(_interview(clock, "A"))
    b = two.interviews.put(_interview(clock, "B"))
    c = one.interviews.put(_interview(clock, "C"))
    assert {i.company for i in two.interviews.all()} == {"A", "B", "C"}
    assert {i.id for i in one.interviews.all()} == {a.id, b.id, c.id}


def test_cards_are_sharded_by_id_and_reviews_by_month(repo: Repository, clock: FixedClock) -> None:
    cards = [Card(id=new_id(), question=f"q{i}", created_at=clock.now()) for i in range(64)]
    repo.cards.put_many(cards)
    shards = {Collections.cards.files.path_of_id(c.id) for c in cards}
    assert len(shards) > 8, "64 cards should spread over many shards"
    for shard in shards:
        assert (repo.data_dir / shard).is_file()
    november = Review(id=new_id(), card_id=cards[0].id, rating=3, reviewed_at=clock.now())
    december = replace(november, id=new_id(), reviewed_at=clock.now() + timedelta(days=10))
    repo.reviews.put_many([november, december])
    assert (repo.data_dir / "reviews/2026-11.json").is_file()
    assert (repo.data_dir / "reviews/2026-12.json").is_file()
    assert sorted(r.id for r in repo.reviews.all()) == sorted([november.id, december.id])


def test_the_table_of_collections_gives_the_repository_its_collections(
    repo: Repository,
) -> None:
    """Each entry of `schema.Collections` is a collection of the repository, in the
    table's order; a file beside the shards that is not named like one is not data."""
    assert list(repo.collections) == [spec.name for spec in COLLECTIONS]
    for spec in COLLECTIONS:
        collection = getattr(repo, spec.name)
        assert collection is repo.collections[spec.name]  # one per repository
        assert collection.record_type is spec.record_type
    (repo.data_dir / "reviews").mkdir()
    (repo.data_dir / "reviews" / "notes.json").write_text('{"reviews": {"x": 1}}')
    assert repo.reviews.all() == []
    assert "reviews/notes.json" not in repo.data_files()
    assert repo.drain_notices() == []


def test_a_review_save_does_not_rewrite_older_months(repo: Repository, clock: FixedClock) -> None:
    card = repo.cards.put(Card(id=new_id(), question="q", created_at=clock.now()))
    old = Review(
        id=new_id(), card_id=card.id, rating=3, reviewed_at=datetime(2024, 1, 5, tzinfo=UTC)
    )
    repo.reviews.put(old)
    before = (repo.data_dir / "reviews/2024-01.json").stat()
    repo.reviews.put(replace(old, id=new_id(), reviewed_at=clock.now()))
    after = (repo.data_dir / "reviews/2024-01.json").stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_private_permissions(repo: Repository, clock: FixedClock) -> None:
    repo.interviews.put(_interview(clock))
    assert stat.S_IMODE(repo.data_dir.stat().st_mode) == 0o700
    for path in repo.data_dir.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path


def test_new_directory_is_stamped_with_the_schema(repo: Repository) -> None:
    meta = json.loads((repo.data_dir / "settings.json").read_text())["meta"]["1"]
    assert meta == {"schema_version": SCHEMA_VERSION}


def test_newer_schema_is_refused_and_untouched(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.interviews.put(_interview(clock))
    repo.close()
    settings = json.loads((data_dir / "settings.json").read_text())
    settings["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    (data_dir / "settings.json").write_text(json.dumps(settings))
    before = tree_digest(data_dir)
    clock.advance(days=3)  # a new day would normally take a backup
    with pytest.raises(NewerSchemaError, match=r"newer Rebound .*Upgrade Rebound"):
        Repository.open(data_dir, clock)
    with pytest.raises(NewerSchemaError):
        Repository.open(data_dir, clock, readonly=True)
    assert tree_digest(data_dir) == before


def test_unversioned_directory_is_migrated_after_a_backup(
    data_dir: Path, clock: FixedClock
) -> None:
    data_dir.mkdir(mode=0o700)
    legacy = {"interviews": {"1": {"id": "old1", "company": "Legacy Ltd"}}}
    (data_dir / "interviews.json").write_text(json.dumps(legacy))
    repo = Repository.open(data_dir, clock)
    meta = json.loads((data_dir / "settings.json").read_text())["meta"]["1"]
    assert meta["schema_version"] == SCHEMA_VERSION
    assert [i.company for i in repo.interviews.all()] == ["Legacy Ltd"]
    on_disk = json.loads((data_dir / "interviews.json").read_text())["interviews"]["1"]
    assert on_disk["outcome"] == "active", "migration writes records in the current shape"
    names = [b.name for b in list_backups(data_dir)]
    assert "pre-migration-v0" in names
    kept = json.loads((data_dir / "backups/pre-migration-v0/interviews.json").read_text())
    assert kept == legacy
    assert any("upgraded" in n for n in repo.drain_notices())


def test_damaged_file_is_set_aside_and_the_last_good_backup_used(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    kept = repo.interviews.put(_interview(clock, "Kept Co"))
    repo.close()
    clock.advance(days=1)
    repo = Repository.open(data_dir, clock)  # today's backup holds "Kept Co"
    repo.interviews.put(_interview(clock, "Lost since backup"))
    repo.close()
    broken = b'{"interviews": {"1": {"id": "x", "company": "hand-edited'
    (data_dir / "interviews.json").write_bytes(broken)
    clock.advance(hours=1)
    repo = Repository.open(data_dir, clock)
    assert [i.id for i in repo.interviews.all()] == [kept.id]
    (notice,) = repo.drain_notices()
    assert notice.startswith("interviews.json could not be read (not valid JSON")
    assert "set aside as interviews.json.corrupt-20261127T160000Z" in notice
    assert "backup 2026-11-27" in notice
    assert (data_dir / "interviews.json.corrupt-20261127T160000Z").read_bytes() == broken


def test_damaged_file_without_any_good_backup_starts_empty(
    data_dir: Path, clock: FixedClock
) -> None:
    data_dir.mkdir(mode=0o700)
    repo = open_repo(data_dir, clock)
    (data_dir / "checkins.json").write_bytes(b"\x00garbage")
    assert repo.checkins.all() == []
    (notice,) = repo.drain_notices()
    assert "no backup holds a good copy, so it starts empty" in notice
    assert (data_dir / "checkins.json.corrupt-20261126T150000Z").read_bytes() == b"\x00garbage"
    # And the store keeps working.
    repo.checkins.put(CheckIn(id=new_id(), at=clock.now()))
    assert len(repo.checkins.all()) == 1


def test_daily_backups_rotate_keeping_seven(data_dir: Path, clock: FixedClock) -> None:
    for day in range(10):
        repo = open_repo(data_dir, clock)
        repo.interviews.put(_interview(clock, f"Day {day}"))
        repo.close()
        clock.advance(days=1)
    names = sorted(b.name for b in list_backups(data_dir) if b.name[0].isdigit())
    assert names == ["2026-11-29", "2026-11-30"] + [f"2026-12-{d:02d}" for d in range(1, 6)]


def test_restore_brings_back_a_backup_and_keeps_the_present(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    repo.interviews.put(_interview(clock, "Before"))
    repo.close()
    clock.advance(days=1)
    repo = Repository.open(data_dir, clock)  # backup 2026-11-27 holds "Before"
    repo.interviews.put(_interview(clock, "After"))
    card = repo.cards.put(Card(id=new_id(), question="new since", created_at=clock.now()))
    message = restore_backup(repo, "2026-11-27")
    assert message.startswith("Restored backup 2026-11-27.")
    assert [i.company for i in repo.interviews.all()] == ["Before"]
    assert repo.cards.get(card.id) is None
    pre = [b.name for b in list_backups(data_dir) if b.name.startswith("pre-restore-")]
    assert len(pre) == 1
    held = json.loads((data_dir / "backups" / pre[0] / "interviews.json").read_text())
    assert {d["company"] for d in held["interviews"].values()} == {"Before", "After"}


def test_restore_of_unknown_backup_changes_nothing(repo: Repository, clock: FixedClock) -> None:
    from rebound_tui.store.errors import StoreError

    repo.interviews.put(_interview(clock))
    before = tree_digest(repo.data_dir)
    with pytest.raises(StoreError, match="no backup named"):
        restore_backup(repo, "../../etc")
    assert tree_digest(repo.data_dir) == before


def test_readonly_open_of_a_missing_directory_creates_nothing(
    tmp_path: Path, clock: FixedClock
) -> None:
    repo = Repository.open(tmp_path / "nowhere", clock, readonly=True)
    assert repo.interviews.all() == []
    assert not (tmp_path / "nowhere").exists()


def test_lock_file_is_private(repo: Repository, clock: FixedClock) -> None:
    repo.interviews.put(_interview(clock))
    lock = repo.data_dir / ".rebound.lock"
    assert lock.exists()
    assert stat.S_IMODE(os.stat(lock).st_mode) == 0o600


def test_backups_are_copies_that_in_place_edits_cannot_reach(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    repo.interviews.put(_interview(clock, "Kept"))
    old = Review(id="r1", card_id="c", rating=3, reviewed_at=datetime(2024, 1, 5, tzinfo=UTC))
    repo.reviews.put(old)
    repo.close()
    clock.advance(days=1)
    Repository.open(data_dir, clock).close()  # backup 2026-11-27
    clock.advance(days=1)
    Repository.open(data_dir, clock).close()  # backup 2026-11-28
    backups = data_dir / "backups"
    saved = (backups / "2026-11-28" / "interviews.json").read_bytes()
    with (data_dir / "interviews.json").open("r+b") as handle:  # an editor writing in place
        handle.write(b"{ hand-edited ")
    assert (backups / "2026-11-28" / "interviews.json").read_bytes() == saved
    # An unchanged shard is stored once and shared between snapshots.
    one = (backups / "2026-11-27" / "reviews" / "2024-01.json").stat()
    two = (backups / "2026-11-28" / "reviews" / "2024-01.json").stat()
    live = (data_dir / "reviews" / "2024-01.json").stat()
    assert one.st_ino == two.st_ino != live.st_ino


def test_where_gives_what_filtering_every_record_gives_and_builds_only_those(
    repo: Repository, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rebound_tui.domain.models import Reflection
    from rebound_tui.store import open_files

    now = clock.now()
    repo.reflections.put_many(
        Reflection(id=f"r{i}", rebound_id=f"b{i % 3}", kind="tough", created_at=now)
        for i in range(30)
    )
    expected = sorted(r.id for r in repo.reflections.all() if r.rebound_id == "b1")
    fresh = Repository.open(repo.data_dir, clock)  # nothing built yet
    built: list[object] = []
    original = open_files.from_record

    def counted(*args: object) -> object:
        built.append(args)
        return original(*args)

    monkeypatch.setattr(open_files, "from_record", counted)
    assert sorted(r.id for r in fresh.reflections.where("rebound_id", "b1")) == expected
    assert len(expected) == 10
    assert len(built) == 10
    assert fresh.reflections.where("rebound_id", "nobody") == []
    fresh.close()
