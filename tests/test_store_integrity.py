"""The store keeps its files whole: a committed journal survives a read error, a review
moved to another month leaves no copy behind, a directory where a data file should be is
set aside, the checked-files cache sees an in-place edit, and a refused import leaves no
backup behind."""

from __future__ import annotations

import errno
import json
import os
import re
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.codec import format_time
from rebound_tui.domain.models import Card, CheckIn, Interview, Review
from rebound_tui.services import importing as exchange_module
from rebound_tui.services.export.json import ParsedImport, export_document, validate_document
from rebound_tui.services.importing import import_document
from rebound_tui.store import journal as journal_module
from rebound_tui.store.backups import take_backup
from rebound_tui.store.checked_files import CheckedFiles
from rebound_tui.store.errors import DiskFullError, ImportFileError, StoreError
from rebound_tui.store.journal import JOURNAL_DIR, JOURNAL_MANIFEST, Journal
from rebound_tui.store.repository import Repository
from rebound_tui.store.storage import AtomicJSONStorage
from tests.helpers import open_repo, tree_digest


def _half_applied_journal(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A two-file batch whose second live file fails to be written: committed (the
    manifest is durable), half applied."""
    repo = Repository.open(data_dir, clock)
    real_commit = AtomicJSONStorage.commit_payload
    calls = 0

    def flaky(self: AtomicJSONStorage, payload: bytes, data: object = None) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(errno.EIO, "Input/output error")
        real_commit(self, payload, data)  # type: ignore[arg-type]

    monkeypatch.setattr(AtomicJSONStorage, "commit_payload", flaky)
    with pytest.raises(StoreError), repo.batch():
        repo.interviews.put(Interview(id="i1", company="Acme"))
        repo.checkins.put(CheckIn(id="c1", at=datetime(2026, 11, 1, tzinfo=UTC)))
    monkeypatch.undo()
    repo.close()
    assert (data_dir / JOURNAL_DIR / JOURNAL_MANIFEST).is_file()


@pytest.mark.parametrize("code", [errno.EIO, errno.EMFILE, errno.EACCES])
@pytest.mark.parametrize("which", ["file", "manifest"])
def test_a_committed_journal_is_kept_when_it_cannot_be_read(
    data_dir: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    which: str,
) -> None:
    """A read error on a committed journal was taken for an unfinished one and the
    journal deleted: half an import for ever. Now the open says so in one line, keeps the
    journal, and the next open finishes it."""
    _half_applied_journal(data_dir, clock, monkeypatch)
    real_read = journal_module.read_regular_file

    def failing(path: Path) -> bytes:
        if path.parent.name == JOURNAL_DIR and (path.name == JOURNAL_MANIFEST) == (
            which == "manifest"
        ):
            raise OSError(code, "simulated")
        return real_read(path)

    monkeypatch.setattr(journal_module, "read_regular_file", failing)
    with pytest.raises(StoreError) as caught:
        Repository.open(data_dir, clock)
    message = str(caught.value)
    assert "\n" not in message and str(data_dir) in message
    assert (data_dir / JOURNAL_DIR / JOURNAL_MANIFEST).is_file()
    monkeypatch.undo()
    repo = Repository.open(data_dir, clock)
    assert [i.id for i in repo.interviews.all()] == ["i1"]
    assert [c.id for c in repo.checkins.all()] == ["c1"]
    assert not (data_dir / JOURNAL_DIR).exists()


def _import(data_dir: Path, tmp_path: Path, document: dict[str, Any]) -> tuple[int, str]:
    source = tmp_path / "import.json"
    source.write_text(json.dumps(document))
    code = main(["--data-dir", str(data_dir), "import", str(source)])
    return code, source.name


def _one_review(reviewed_at: str) -> dict[str, Any]:
    return {
        "format": "rebound-export",
        "schema_version": 1,
        "cards": [{"id": "c1", "question": "Q?", "answer": "A"}],
        "reviews": [{"id": "r1", "card_id": "c1", "rating": 3, "reviewed_at": reviewed_at}],
    }


def test_a_review_moved_to_another_month_leaves_no_copy_behind(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Re-importing review r1 with a time in another month wrote it to the new month's
    shard and left the old copy: the next export repeated r1 and its own import refused
    it."""
    assert _import(data_dir, tmp_path, _one_review("2026-10-05T10:00:00+00:00"))[0] == 0
    assert _import(data_dir, tmp_path, _one_review("2026-11-05T10:00:00+00:00"))[0] == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "export"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["reviewed_at"][:7]) for r in exported["reviews"]] == [("r1", "2026-11")]
    assert exported["cards"][0]["reps"] == 1
    fresh = tmp_path / "fresh"
    code, _ = _import(fresh, tmp_path, exported)
    assert code == 0, capsys.readouterr().err
    stored = {
        p.name: list(json.loads(p.read_text())["reviews"].values())
        for p in (data_dir / "reviews").glob("*.json")
    }
    assert [doc["id"] for docs in stored.values() for doc in docs] == ["r1"]


def test_a_review_already_in_two_shards_is_read_once_newest_shard_wins(
    data_dir: Path, clock: FixedClock
) -> None:
    """A directory that already holds r1 in two months (from before the fix) opens,
    counts r1 once, and reads the copy in the newest shard."""
    repo = open_repo(data_dir, clock)
    repo.cards.put(Card(id="c1", question="Q?", answer="A"))
    older = Review(id="r1", card_id="c1", rating=1, reviewed_at=datetime(2026, 10, 5, tzinfo=UTC))
    newer = replace(older, rating=3, reviewed_at=datetime(2026, 11, 5, tzinfo=UTC))
    repo.reviews.put(older)
    repo.close()
    # the newer copy is written beside it, the way the old import left it: the October
    # shard's document, with the record as it was changed, saved as November's shard
    document = json.loads((data_dir / "reviews" / "2026-10.json").read_text())
    (doc_id,) = document["reviews"]
    document["reviews"][doc_id] |= {"rating": 3, "reviewed_at": format_time(newer.reviewed_at)}
    (data_dir / "reviews" / "2026-11.json").write_text(json.dumps(document))
    assert len(list((data_dir / "reviews").glob("*.json"))) == 2
    repo = open_repo(data_dir, clock)
    assert repo.reviews.all() == [newer]
    assert repo.reviews.get("r1") == newer
    assert repo.reviews.count() == 1
    document = export_document(repo, clock.now())
    assert [r["id"] for r in document["reviews"]] == ["r1"]


def test_a_directory_where_a_data_file_goes_is_set_aside_once(
    data_dir: Path, clock: FixedClock
) -> None:
    """A directory named checkins.json could not be set aside (a hard link and a replace
    over a file both fail on a directory): every open failed and left one more empty
    `.corrupt-*` file. Now the directory is moved aside whole and the backup copy used."""
    repo = open_repo(data_dir, clock)
    repo.checkins.put(CheckIn(id="c1", at=datetime(2026, 11, 1, tzinfo=UTC)))
    take_backup(repo, "good")
    repo.close()
    path = data_dir / "checkins.json"
    path.unlink()
    path.mkdir()
    (path / "kept.txt").write_text("someone's file")
    repo = Repository.open(data_dir, clock)
    assert [c.id for c in repo.checkins.all()] == ["c1"]
    notices = repo.drain_notices()
    assert any("checkins.json" in n and "backup good" in n for n in notices), notices
    repo.close()
    aside = list(data_dir.glob("checkins.json.corrupt-*"))
    assert len(aside) == 1 and (aside[0] / "kept.txt").read_text() == "someone's file"
    assert path.is_file()
    repo = Repository.open(data_dir, clock)
    assert [c.id for c in repo.checkins.all()] == ["c1"]
    assert repo.drain_notices() == []
    assert list(data_dir.glob("checkins.json.corrupt-*")) == aside


def test_a_failed_set_aside_leaves_no_empty_placeholder(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without hard links the name is claimed with an empty file first; when the move
    over it fails, that empty file goes too (it piled up, one per open)."""
    repo = open_repo(data_dir, clock)
    repo.checkins.put(CheckIn(id="c1", at=datetime(2026, 11, 1, tzinfo=UTC)))
    repo.close()
    path = data_dir / "checkins.json"
    path.write_text("{not json")

    def no_link(src: object, dst: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    def no_replace(src: object, dst: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    for _ in range(2):
        monkeypatch.setattr(os, "link", no_link)
        monkeypatch.setattr(os, "replace", no_replace)
        with pytest.raises(StoreError) as caught:
            repo = Repository.open(data_dir, clock)
            repo.checkins.all()
        monkeypatch.undo()
        assert "\n" not in str(caught.value) and "set aside" in str(caught.value)
        assert list(data_dir.glob("checkins.json.corrupt-*")) == []
        assert path.read_text() == "{not json"


def test_an_in_place_edit_that_restores_mtime_is_checked_again(
    data_dir: Path, clock: FixedClock
) -> None:
    """The files-already-checked cache knew a file by inode, mtime and size: an edit in
    place that keeps the size and puts the mtime back (cp -p, tar, rsync -t, touch -r)
    was trusted. The change time, which no one can set, is in the key now."""
    repo = open_repo(data_dir, clock)
    repo.interviews.put_many([Interview(id="i1", company="A"), Interview(id="i2", company="B")])
    repo.close()
    path = data_dir / "interviews.json"
    old = time.time_ns() - 60 * 10**9
    os.utime(path, ns=(old, old))  # the cache takes only files unchanged for over a second
    repo = Repository.open(data_dir, clock)
    assert {i.id for i in repo.interviews.all()} == {"i1", "i2"}
    assert repo.drain_notices() == []
    repo.close()
    assert CheckedFiles(data_dir).known("interviews.json", _signature(path))  # cached

    raw = path.read_bytes()
    damaged = re.sub(rb'("id":\s*")i2"', rb'\1i1"', raw)
    assert damaged != raw and len(damaged) == len(raw)
    time.sleep(0.05)  # past the file system's clock tick: a later change time
    with open(path, "r+b") as handle:  # same inode, same size
        handle.write(damaged)
    os.utime(path, ns=(old, old))
    repo = Repository.open(data_dir, clock)
    repo.interviews.all()
    notices = repo.drain_notices()
    assert any("interviews.json" in n and "repeats id 'i1'" in n for n in notices), notices


def _signature(path: Path) -> tuple[int, ...]:
    storage = AtomicJSONStorage(path, access_mode="r")
    storage.read()
    signature = storage.signature
    storage.close()
    assert signature is not None
    return signature


def _seeded(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.interviews.put(Interview(id="old-i", company="Old"))
    repo.cards.put(Card(id="c1", question="Q?", answer="A"))
    repo.close()


def _parsed(text: str) -> ParsedImport:
    document = {
        "format": "rebound-export",
        "schema_version": 1,
        "interviews": [{"id": "new-i", "company": text}],
        "cards": [{"id": "c2", "question": "Q2?", "answer": "A2"}],
        "reviews": [
            {"id": "r2", "card_id": "c2", "rating": 3, "reviewed_at": "2026-11-05T10:00:00Z"}
        ],
    }
    return validate_document(document)


def test_an_import_refused_in_the_merge_leaves_the_directory_byte_for_byte(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pre-import backup was taken before the merge: a merge that failed still left a
    new backups folder. It is taken only once the batch is about to commit now."""
    _seeded(data_dir, clock)
    before = tree_digest(data_dir)
    repo = Repository.open(data_dir, clock)

    def overflowing(*args: object, **kwargs: object) -> object:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(exchange_module, "replay", overflowing)
    with pytest.raises(ImportFileError):
        import_document(repo, _parsed("New"))
    repo.close()
    assert tree_digest(data_dir) == before
    assert not list(data_dir.glob("backups/pre-import-*"))


def test_an_import_refused_while_writing_the_journal_leaves_no_backup(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk before the commit point: nothing happened, so no backup of it stays."""
    _seeded(data_dir, clock)
    before = tree_digest(data_dir)
    repo = Repository.open(data_dir, clock)

    def full(self: Journal, payloads: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Journal, "write", full)
    with pytest.raises(DiskFullError):
        import_document(repo, _parsed("New"))
    monkeypatch.undo()
    repo.close()
    assert tree_digest(data_dir) == before
    assert not list(data_dir.glob("backups/pre-import-*"))


def test_an_import_that_commits_keeps_its_pre_import_backup(
    data_dir: Path, clock: FixedClock
) -> None:
    _seeded(data_dir, clock)
    before = tree_digest(data_dir)
    repo = Repository.open(data_dir, clock)
    import_document(repo, _parsed("New"))
    assert {i.id for i in repo.interviews.all()} == {"old-i", "new-i"}
    (backup,) = data_dir.glob("backups/pre-import-*")
    assert tree_digest(backup) == {
        rel: digest for rel, digest in before.items() if rel.endswith(".json") and "/" not in rel
    } | {rel: digest for rel, digest in before.items() if rel.startswith("cards/")}


def test_a_running_reader_sees_an_in_place_edit_that_restores_mtime(
    data_dir: Path, clock: FixedClock
) -> None:
    """An open repository re-reads a file only when its signature changed: with the mtime
    put back and the size kept, it went on showing what it held before."""
    repo = open_repo(data_dir, clock)
    repo.interviews.put(Interview(id="i1", company="Acme"))
    path = data_dir / "interviews.json"
    stat_before = path.stat()
    assert [i.company for i in repo.interviews.all()] == ["Acme"]
    time.sleep(0.05)  # past the file system's clock tick: a later change time
    raw = path.read_bytes()
    with open(path, "r+b") as handle:
        handle.write(raw.replace(b'"Acme"', b'"Acne"'))
    os.utime(path, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns))
    assert [i.company for i in repo.interviews.all()] == ["Acne"]
