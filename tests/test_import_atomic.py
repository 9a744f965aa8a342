"""An import applies all of it or none of it (issue 9, Deliver 2), even when killed.

The merge is computed in memory first (a failure there writes nothing), then committed
through `.rebound-journal/`: every new file, then the manifest (the commit point), then
the live files, then the journal goes. Opening the directory, or re-reading a file that
changed, finishes a committed journal and discards an unfinished one. The last test kills
a real importing process with SIGKILL at moments spread over its run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, CheckIn, Interview, Review
from rebound_tui.services.export.json import ParsedImport, export_document
from rebound_tui.services.importing import import_document
from rebound_tui.store.errors import DiskFullError, ImportFileError
from rebound_tui.store.journal import JOURNAL_DIR, JOURNAL_MANIFEST, Batches, Journal
from rebound_tui.store.repository import Repository
from rebound_tui.store.storage import AtomicJSONStorage
from tests.helpers import START, open_repo


def data_digest(data_dir: Path) -> dict[str, str]:
    """Every data file (not backups, locks or set-aside copies) -> sha256."""
    repo = Repository(data_dir, FixedClock(START))
    return {
        rel: hashlib.sha256((data_dir / rel).read_bytes()).hexdigest() for rel in repo.data_files()
    }


def content(data_dir: Path) -> dict[str, object]:
    repo = Repository.open(data_dir, FixedClock(START))
    document = export_document(repo, START)
    repo.close()
    document.pop("exported_at")
    return document


def seed(data_dir: Path, clock: FixedClock, cards: int = 20) -> None:
    repo = open_repo(data_dir, clock)
    repo.interviews.put(Interview(id="old-i", company="Before", created_at=clock.now()))
    repo.cards.put_many(
        Card(id=f"old-{n}", question=f"Old question {n}?", answer="a", created_at=clock.now())
        for n in range(cards)
    )
    repo.close()


def big_import(cards: int, months: int) -> ParsedImport:
    """Cards in every shard, each with reviews spread over `months` review-log shards, and
    some of every other kind of record."""
    base = START - timedelta(days=31 * months)
    card_list = [
        Card(id=f"c{n:05d}", question=f"Question {n}?", answer=f"Answer {n}", created_at=base)
        for n in range(cards)
    ]
    reviews = []
    for n, card in enumerate(card_list):
        for k in range(3):
            at = base + timedelta(days=(n * 7 + k * 11) % (31 * months), minutes=k)
            reviews.append(Review(id=f"r{n:05d}-{k}", card_id=card.id, rating=3, reviewed_at=at))
    reviews.sort(key=lambda r: r.reviewed_at)
    return ParsedImport(
        records={
            "interviews": [
                Interview(id=f"i{n}", company=f"Company {n}", created_at=base) for n in range(50)
            ],
            "checkins": [
                CheckIn(id=f"k{n}", at=base + timedelta(hours=n), pleasantness=n % 7 - 3)
                for n in range(200)
            ],
            "cards": card_list,
            "reviews": reviews,
        }
    )


def test_a_replay_that_fails_writes_nothing(data_dir: Path, clock: FixedClock) -> None:
    """The issue's example: the last review dated 9999-12-31 made fsrs overflow after the
    first collections were already merged. Validation now refuses such a file, but the
    commit side must be safe on its own: built directly, it changes no data byte."""
    seed(data_dir, clock)
    before = data_digest(data_dir)
    parsed = big_import(cards=30, months=3)
    parsed.records["reviews"].append(
        Review(
            id="far",
            card_id="c00001",
            rating=3,
            reviewed_at=datetime(9999, 12, 31, 23, 0, tzinfo=UTC),
        )
    )
    repo = Repository.open(data_dir, clock)
    with pytest.raises(ImportFileError) as caught:
        import_document(repo, parsed)
    message = str(caught.value)
    assert "\n" not in message and "nothing was imported" in message
    assert data_digest(data_dir) == before
    assert not (data_dir / JOURNAL_DIR).exists()
    # The same repository object still reads the state before, not the staged one.
    assert repo.interviews.get("i1") is None
    assert {i.id for i in repo.interviews.all()} == {"old-i"}


def test_a_committed_journal_is_finished_by_the_next_open(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after the commit point (the manifest is durable) but before every live file
    was replaced: the next open completes the import and tells the user."""
    seed(data_dir, clock)
    parsed = big_import(cards=40, months=4)
    expected_dir = data_dir.parent / "expected"
    shutil.copytree(data_dir, expected_dir)
    import_document(Repository.open(expected_dir, clock), parsed)
    after = data_digest(expected_dir)

    applied: list[Path] = []
    real_commit = AtomicJSONStorage.commit_payload

    def die_after_two(self: AtomicJSONStorage, payload: bytes, data: object = None) -> None:
        if len(applied) == 2:
            raise KeyboardInterrupt  # as good as a kill: nothing after this runs
        applied.append(self.path)
        real_commit(self, payload, data)  # type: ignore[arg-type]

    monkeypatch.setattr(AtomicJSONStorage, "commit_payload", die_after_two)
    with pytest.raises(KeyboardInterrupt):
        import_document(Repository.open(data_dir, clock), parsed)
    monkeypatch.undo()
    assert (data_dir / JOURNAL_DIR / JOURNAL_MANIFEST).exists()
    assert data_digest(data_dir) != after  # a mix on disk, for now

    repo = Repository.open(data_dir, clock)
    assert any("interrupted" in n for n in repo.drain_notices())
    assert not (data_dir / JOURNAL_DIR).exists()
    assert data_digest(data_dir) == after


def test_a_reader_already_open_finishes_the_journal_before_reading(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another instance (the app, say) that was open all along never shows half an import:
    the first file it re-reads sends it to finish the journal first."""
    seed(data_dir, clock)
    reader = Repository.open(data_dir, clock)
    assert reader.interviews.get("old-i") is not None
    assert len(reader.cards.all()) == 20
    parsed = big_import(cards=40, months=4)
    count = 0
    real_commit = AtomicJSONStorage.commit_payload

    def die_after_one(self: AtomicJSONStorage, payload: bytes, data: object = None) -> None:
        nonlocal count
        if count == 1:
            raise KeyboardInterrupt
        count += 1
        real_commit(self, payload, data)  # type: ignore[arg-type]

    monkeypatch.setattr(AtomicJSONStorage, "commit_payload", die_after_one)
    with pytest.raises(KeyboardInterrupt):
        import_document(Repository.open(data_dir, clock), parsed)
    monkeypatch.undo()
    assert (data_dir / JOURNAL_DIR / JOURNAL_MANIFEST).exists()
    assert len(reader.cards.all()) == 60  # every card shard, not only the one replaced
    assert len(reader.interviews.all()) == 51
    assert len(reader.reviews.all()) == 120
    assert not (data_dir / JOURNAL_DIR).exists()


def test_an_unfinished_journal_is_discarded(data_dir: Path, clock: FixedClock) -> None:
    """Killed before the manifest was written: nothing happened, and the journal goes."""
    seed(data_dir, clock)
    before = data_digest(data_dir)
    journal = data_dir / JOURNAL_DIR
    journal.mkdir()
    (journal / "00000.json").write_text('{"interviews": {}}')
    repo = Repository.open(data_dir, clock)
    assert not journal.exists()
    assert repo.interviews.get("old-i") is not None
    assert data_digest(data_dir) == before


@pytest.mark.parametrize(
    "entry",
    [
        {"path": "../outside.json", "name": "00000.json"},
        {"path": "/tmp/abs.json", "name": "00000.json"},
        {"path": "interviews.json", "name": "../../x"},
        {"path": "interviews.json", "name": "00000.json", "sha256": "0" * 64},
        {"path": "../interviews.json", "remove": True},
    ],
)
def test_a_journal_that_is_not_ours_writes_nothing(
    data_dir: Path, clock: FixedClock, entry: dict[str, object]
) -> None:
    """A planted or damaged manifest (a path outside the directory, a wrong checksum) is
    discarded: nothing is written anywhere."""
    seed(data_dir, clock)
    before = data_digest(data_dir)
    journal = data_dir / JOURNAL_DIR
    journal.mkdir()
    payload = b'{"interviews": {}}'
    (journal / "00000.json").write_bytes(payload)
    entry = {"sha256": hashlib.sha256(payload).hexdigest(), **entry}
    (journal / JOURNAL_MANIFEST).write_text(json.dumps({"version": 1, "files": [entry]}))
    Repository.open(data_dir, clock)
    assert not journal.exists()
    assert not (data_dir.parent / "outside.json").exists()
    assert data_digest(data_dir) == before
    assert (data_dir / "interviews.json").exists()


def test_a_full_disk_while_writing_the_journal_changes_nothing(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(data_dir, clock)
    before = data_digest(data_dir)
    repo = Repository.open(data_dir, clock)
    real_write = os.write
    written = 0

    def filling_write(fd: int, data: bytes | memoryview) -> int:
        nonlocal written
        if Path(f"/proc/self/fd/{fd}").resolve().parent.name == JOURNAL_DIR:
            written += 1
            if written > 3:
                raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", filling_write)
    with pytest.raises(DiskFullError) as caught:
        import_document(repo, big_import(cards=40, months=4))
    monkeypatch.undo()
    assert "\n" not in str(caught.value) and "disk is full" in str(caught.value)
    assert data_digest(data_dir) == before
    assert not (data_dir / JOURNAL_DIR).exists()
    assert {i.id for i in repo.interviews.all()} == {"old-i"}


def test_a_single_file_batch_needs_no_journal(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One file is one atomic replace already: no journal is written for it."""
    seed(data_dir, clock)
    repo = Repository.open(data_dir, clock)
    journals: list[object] = []
    monkeypatch.setattr(Journal, "write", lambda self, payloads: journals.append(payloads))
    with repo.batch():
        repo.interviews.put(Interview(id="n1", company="One"))
        repo.interviews.put(Interview(id="n2", company="Two"))
        assert {i.id for i in repo.interviews.all()} == {"old-i", "n1", "n2"}
    assert journals == []
    assert {i.id for i in Repository.open(data_dir, clock).interviews.all()} == {
        "old-i",
        "n1",
        "n2",
    }


def _child_import(data_dir: Path, parsed: ParsedImport, report: int | None) -> None:
    """In a forked child: import, then exit without running any of pytest's teardown."""
    code = 1
    try:
        real_fsync = os.fsync

        def disk_fsync(fd: Any) -> None:  # what an fsync costs on a disk, not on tmpfs
            real_fsync(fd)
            time.sleep(0.001)

        os.fsync = disk_fsync
        if report is not None:
            marks: dict[str, float] = {}
            real_journal = Journal.write
            started = time.perf_counter()

            def marked(self: Journal, payloads: Any) -> None:
                marks["journal"] = time.perf_counter() - started
                real_journal(self, payloads)
                marks["applying"] = time.perf_counter() - started

            Journal.write = marked  # type: ignore[method-assign]
        repo = Repository.open(data_dir, FixedClock(START))
        import_document(repo, parsed)
        if report is not None:
            marks["done"] = time.perf_counter() - started
            os.write(report, json.dumps(marks).encode())
        code = 0
    finally:
        os._exit(code)


@pytest.mark.slow
def test_sigkill_at_any_moment_of_an_import_leaves_before_or_after(
    tmp_path: Path, clock: FixedClock, request: pytest.FixtureRequest
) -> None:
    """A real process imports 300 cards with 900 reviews over 30 monthly shards (47
    files) and is killed with SIGKILL at 30 moments spread over its run, most of them in
    the commit window. After each kill, opening the directory gives
    exactly the state before or exactly the state after: never a mix."""
    # In memory where there is a tmpfs (a kill is a kill on any file system), with each
    # fsync in the child taking 1 ms as on a fast disk: the commit window is wide enough
    # to land in, and the 30 runs take seconds, whatever the real disk is doing.
    root = Path(tempfile.mkdtemp(dir="/dev/shm")) if Path("/dev/shm").is_dir() else tmp_path
    request.addfinalizer(lambda: shutil.rmtree(root, ignore_errors=True))
    pristine = root / "pristine"
    seed(pristine, clock, cards=200)
    parsed = big_import(cards=300, months=30)
    before = data_digest(pristine)

    def fresh() -> Path:
        target = root / "work"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(pristine, target)
        return target

    # One run to the end, timed, to know the moments to aim at and the state after.
    work = fresh()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child_import(work, parsed, write_end)
    os.close(write_end)
    _, status = os.waitpid(pid, 0)
    marks = json.loads(os.read(read_end, 4096))
    os.close(read_end)
    assert status == 0
    after = data_digest(work)
    assert set(after) > set(before) and len(after) >= 40
    assert content(work) != content(pristine)

    total, commit = marks["done"], marks["journal"]
    moments = [total * n / 10 for n in range(10)]  # over the whole run
    window = total * 1.25 - commit  # timings vary from run to run: aim a little past it
    moments += [commit + window * n / 20 for n in range(20)]  # the commit window
    outcomes = {"before": 0, "after": 0}
    replayed = 0
    for moment in moments:
        work = fresh()
        pid = os.fork()
        if pid == 0:
            _child_import(work, parsed, None)
        time.sleep(moment)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        repo = Repository.open(work, clock)
        replayed += any("interrupted" in n for n in repo.drain_notices())
        repo.close()
        state = data_digest(work)
        assert not (work / JOURNAL_DIR).exists()
        assert state in (before, after), f"a mix after a kill at {moment:.3f}s of {total:.3f}s"
        outcomes["before" if state == before else "after"] += 1
    print(f"import {total:.2f}s, commit from {commit:.2f}s; {outcomes}; {replayed} replayed")


def test_a_restore_killed_after_its_commit_point_is_finished(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restore replaces many files too: it goes through the same journal."""
    from rebound_tui.store.backups import restore_backup, take_backup

    seed(data_dir, clock)
    repo = Repository.open(data_dir, clock)
    take_backup(repo, "wanted")
    wanted = content(data_dir)
    import_document(repo, big_import(cards=40, months=4))
    assert content(data_dir) != wanted

    real_apply = Batches._apply_files

    def die_after_one(self: Batches, files: dict[str, bytes | None]) -> None:
        first = next(iter(files))
        real_apply(self, {first: files[first]})
        raise KeyboardInterrupt

    monkeypatch.setattr(Batches, "_apply_files", die_after_one)
    with pytest.raises(KeyboardInterrupt):
        restore_backup(Repository.open(data_dir, clock), "wanted")
    monkeypatch.undo()
    assert (data_dir / JOURNAL_DIR / JOURNAL_MANIFEST).exists()
    assert content(data_dir) == wanted  # the open inside `content` finished it
    assert not (data_dir / JOURNAL_DIR).exists()
    # The shards the backup did not have are gone, not left over from the import.
    assert len(list((data_dir / "reviews").glob("*.json"))) == 0


def test_a_full_disk_after_the_commit_point_is_finished_on_the_next_open(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(data_dir, clock)
    parsed = big_import(cards=40, months=4)
    expected_dir = data_dir.parent / "expected"
    shutil.copytree(data_dir, expected_dir)
    import_document(Repository.open(expected_dir, clock), parsed)
    after = data_digest(expected_dir)
    repo = Repository.open(data_dir, clock)
    real_write = os.write
    replaced = 0

    def filling_write(fd: int, data: bytes | memoryview) -> int:
        nonlocal replaced
        target = os.readlink(f"/proc/self/fd/{fd}")
        if ".tmp-" in target and JOURNAL_DIR not in target:  # a live file being replaced
            replaced += 1
            if replaced > 2:
                raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", filling_write)
    with pytest.raises(DiskFullError) as caught:
        import_document(repo, parsed)
    monkeypatch.undo()
    message = str(caught.value)
    assert "\n" not in message and "completed the next time Rebound opens" in message
    assert data_digest(data_dir) != after  # two files replaced, the rest in the journal
    assert len(repo.interviews.all()) == 51  # this process finishes it before reading
    assert data_digest(data_dir) == after
    assert not (data_dir / JOURNAL_DIR).exists()


def test_a_write_by_an_instance_already_open_is_never_undone_by_the_journal(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import was committed but none of it applied when it was killed. The app, open
    all along, then saves settings and an interview: each save finishes the journal first,
    so the journal is never applied over them later."""
    from dataclasses import replace

    seed(data_dir, clock)
    app = Repository.open(data_dir, clock)
    settings = app.settings()
    parsed = big_import(cards=40, months=4)
    parsed.settings = replace(settings, new_per_day=7)

    def die_at_once(self: AtomicJSONStorage, payload: bytes, data: object = None) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(AtomicJSONStorage, "commit_payload", die_at_once)
    with pytest.raises(KeyboardInterrupt):
        import_document(Repository.open(data_dir, clock), parsed)
    monkeypatch.undo()
    assert (data_dir / JOURNAL_DIR / JOURNAL_MANIFEST).exists()

    app.save_settings(replace(settings, new_per_day=42))
    app.interviews.put(Interview(id="late", company="Saved after"))
    later = Repository.open(data_dir, clock)
    assert later.settings().new_per_day == 42
    ids = {i.id for i in later.interviews.all()}
    assert {"late", "old-i", "i0", "i49"} <= ids


def test_a_backup_never_holds_half_of_an_import(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup taken while a committed journal waits (the next import's pre-import
    backup, here) finishes the journal first: it holds the whole import."""
    from rebound_tui.store.backups import take_backup

    seed(data_dir, clock)
    parsed = big_import(cards=40, months=4)
    expected_dir = data_dir.parent / "expected"
    shutil.copytree(data_dir, expected_dir)
    import_document(Repository.open(expected_dir, clock), parsed)
    after = data_digest(expected_dir)
    real_commit = AtomicJSONStorage.commit_payload
    count = 0

    def die_after_one(self: AtomicJSONStorage, payload: bytes, data: object = None) -> None:
        nonlocal count
        if count == 1:
            raise KeyboardInterrupt
        count += 1
        real_commit(self, payload, data)  # type: ignore[arg-type]

    app = Repository.open(data_dir, clock)  # open before the kill: no open settles it
    monkeypatch.setattr(AtomicJSONStorage, "commit_payload", die_after_one)
    with pytest.raises(KeyboardInterrupt):
        import_document(Repository.open(data_dir, clock), parsed)
    monkeypatch.undo()
    snapshot = take_backup(app, "while-pending")
    assert data_digest_of(snapshot) == after


def data_digest_of(snapshot: Path) -> dict[str, str]:
    return {
        p.relative_to(snapshot).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(snapshot.rglob("*.json"))
    }


def test_status_with_a_committed_journal_is_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`rebound status` opens read-only: it cannot finish the journal, so it says so in one
    line instead of showing half an import."""
    from rebound_tui.cli import main
    from tests.helpers import tree_digest

    seed(data_dir, clock)

    def die_at_once(self: AtomicJSONStorage, payload: bytes, data: object = None) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(AtomicJSONStorage, "commit_payload", die_at_once)
    with pytest.raises(KeyboardInterrupt):
        import_document(Repository.open(data_dir, clock), big_import(cards=10, months=2))
    monkeypatch.undo()
    before = tree_digest(data_dir)
    code = main(["status", "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "was interrupted; start `rebound` once" in err, err
    assert tree_digest(data_dir) == before
