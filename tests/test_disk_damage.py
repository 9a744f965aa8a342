"""What is on disk is checked with the same rules as an import (issue 9, Deliver 3).

A file that parses but has the wrong shape or a value out of range, and a 0-byte file,
are damaged exactly like a file that does not parse: set aside under a name that never
collides, the newest good backup used, one line for the user. Start, status and the drill
never crash on them. The review-day cache is rebuilt when it is bad. A full disk or a
denied permission is one line, never a traceback, and leaves the old file and no temp file.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import shutil
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, CheckIn, Interview, Rebound, Review
from rebound_tui.services.drill import DrillSession
from rebound_tui.services.export.json import export_document
from rebound_tui.services.overview import build_overview, status_line
from rebound_tui.store.backups import take_backup
from rebound_tui.store.errors import DataDirNotWritable, DiskFullError, StoreError
from rebound_tui.store.repository import Repository
from rebound_tui.store.review_days import review_days
from rebound_tui.store.schema import Collections
from rebound_tui.store.summaries import SUMMARY_DIR
from tests.helpers import open_repo, tree_digest


def fill(data_dir: Path, clock: FixedClock) -> None:
    """A little of everything, then a backup of it named "good"."""
    repo = open_repo(data_dir, clock)
    yesterday = clock.now() - timedelta(days=1)
    repo.interviews.put(Interview(id="i1", company="Acme", created_at=yesterday))
    repo.rebounds.put(Rebound(id="r1", interview_id="i1", opened_at=yesterday))
    repo.checkins.put(CheckIn(id="c1", at=yesterday, pleasantness=2))
    repo.cards.put(Card(id="k1", question="Why us?", answer="Because", created_at=yesterday))
    repo.reviews.put(Review(id="v1", card_id="k1", rating=3, reviewed_at=yesterday))
    take_backup(repo, "good")
    repo.close()


def edit(path: Path, table: str, change: dict[str, Any]) -> None:
    """Change the first record of `table` in the JSON file at `path`."""
    document = json.loads(path.read_text())
    first = next(iter(document[table].values()))
    first.update(change)
    path.write_text(json.dumps(document))


def start(data_dir: Path, clock: FixedClock) -> tuple[Repository, list[str]]:
    """What `rebound` does on start: open, build home, start a drill; return the notices."""
    repo = Repository.open(data_dir, clock)
    overview = build_overview(repo, clock.now())
    status_line(overview, clock.now())
    DrillSession(repo)
    export_document(repo, clock.now())
    return repo, repo.drain_notices()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


CARD = Collections.cards.files.path_of_id("k1")
OUT_OF_RANGE = [
    ("rebounds.json", "rebounds", {"step": "bogus"}),
    ("settings.json", "settings", {"day_start_hour": 99}),
    ("checkins.json", "checkins", {"pleasantness": 1000}),
    (CARD, "cards", {"state": 7}),
    (CARD, "cards", {"stability": math.nan}),
    (CARD, "cards", {"due": "9999-12-31T23:59:59+00:00", "stability": 1e300}),
    ("interviews.json", "interviews", {"stage": ["not", "text"]}),
    ("reviews/2026-11.json", "reviews", {"rating": 5}),
    ("reviews/2026-11.json", "reviews", {"reviewed_at": "2026-11-25T10:00:00"}),
    ("settings.json", "settings", {"desired_retention": math.inf}),
]


@pytest.mark.parametrize(("relpath", "table", "change"), OUT_OF_RANGE)
def test_a_value_out_of_range_on_disk_is_damage_not_a_crash(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    clock: FixedClock,
    relpath: str,
    table: str,
    change: dict[str, Any],
) -> None:
    fill(data_dir, clock)
    path = data_dir / relpath
    edit(path, table, change)
    damaged = path.read_bytes()
    before = tree_digest(data_dir)

    # `rebound status` opens read-only: one line, exit 1, nothing touched.
    code, out, err = run(capsys, "status", "--data-dir", str(data_dir))
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and f"{relpath} is damaged" in err, err
    assert tree_digest(data_dir) == before

    # Starting sets it aside, brings back the good backup, and says so once.
    repo, notices = start(data_dir, clock)
    lines = [n for n in notices if relpath in n]
    assert len(lines) == 1, notices
    assert "set aside as" in lines[0] and "from backup good is in use" in lines[0]
    assert "\n" not in lines[0]
    aside = list(path.parent.glob(f"{path.name}.corrupt-*"))
    assert [p.read_bytes() for p in aside] == [damaged]
    assert repo.interviews.get("i1") is not None and repo.cards.get("k1") is not None
    assert repo.settings().timezone == "Europe/Berlin"
    repo.close()

    # And status works again.
    code, out, err = run(capsys, "status", "--data-dir", str(data_dir))
    assert code == 0 and out.startswith("Rebound:"), err


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"   \n",
        b"[]",
        b"null",
        b'{"interviews": []}',
        b'{"interviews": {"1": 5}}',
        b'{"interviews": {"one": {"id": "i1", "company": "Acme"}}}',
        b'{"interviews": {"1": {"company": "no id"}}}',
        b'{"interviews": {"1": {"id": "i1", "company": "A"}, "2": {"id": "i1", "company": "B"}}}',
        b'{"interviews": {"1": {"id": "i1"}}}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
    ids=[
        "zero-bytes",
        "blank",
        "list",
        "null",
        "table-is-a-list",
        "record-is-a-number",
        "bad-doc-number",
        "no-id",
        "repeated-id",
        "missing-required-field",
        "deep-nesting",
    ],
)
def test_a_file_of_the_wrong_shape_is_damaged(
    data_dir: Path, clock: FixedClock, content: bytes
) -> None:
    fill(data_dir, clock)
    path = data_dir / "interviews.json"
    path.write_bytes(content)
    repo, notices = start(data_dir, clock)
    assert len(notices) == 1 and "interviews.json could not be read" in notices[0], notices
    assert "\n" not in notices[0]
    assert [i.company for i in repo.interviews.all()] == ["Acme"]
    aside = list(data_dir.glob("interviews.json.corrupt-*"))
    assert [p.read_bytes() for p in aside] == [content]


def test_new_files_are_created_holding_an_empty_document(
    data_dir: Path, clock: FixedClock
) -> None:
    """0 bytes always means damage, so nothing Rebound writes is ever 0 bytes."""
    repo = open_repo(data_dir, clock)
    for collection in repo.collections.values():
        collection.all()
    repo.interviews.put(Interview(id="i1", company="Acme"))
    repo.close()
    sizes = {p.name: p.stat().st_size for p in data_dir.rglob("*.json")}
    assert sizes and all(size > 0 for size in sizes.values()), sizes


def test_settings_out_of_range_use_the_backup_not_defaults(
    data_dir: Path, clock: FixedClock
) -> None:
    """A setting out of range used to be dropped for defaults silently (the user's time
    zone and day start gone); now the file is damaged and the backup's settings are used."""
    fill(data_dir, clock)
    path = data_dir / "settings.json"
    edit(path, "settings", {"day_start_hour": 7, "new_per_day": 12})
    repo = Repository.open(data_dir, clock)
    take_backup(repo, "newer")
    edit(path, "settings", {"day_start_hour": 99})
    repo = Repository.open(data_dir, clock)
    settings = repo.settings()
    assert (settings.day_start_hour, settings.new_per_day) == (7, 12)
    assert settings.timezone == "Europe/Berlin"
    (notice,) = repo.drain_notices()
    assert "settings.json could not be read" in notice and "backup newer" in notice


def test_a_backup_that_fails_the_check_is_not_good(data_dir: Path, clock: FixedClock) -> None:
    """The newest backup holds the same bad value: the one before it is used."""
    fill(data_dir, clock)
    edit(data_dir / "checkins.json", "checkins", {"pleasantness": 1000})
    shutil.copytree(data_dir / "backups" / "good", data_dir / "backups" / "newer")
    edit(data_dir / "backups" / "newer" / "checkins.json", "checkins", {"pleasantness": 1000})
    os.utime(data_dir / "backups" / "good", (1, 1))  # "newer" really is the newest
    repo, notices = start(data_dir, clock)
    assert any("checkins.json" in n and "backup good is in use" in n for n in notices)
    assert [c.pleasantness for c in repo.checkins.all()] == [2]


def test_no_good_backup_starts_empty_and_says_so(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.checkins.put(CheckIn(id="c1", at=clock.now()))
    repo.close()
    edit(data_dir / "checkins.json", "checkins", {"energy": -99})
    repo, notices = start(data_dir, clock)
    assert any("no backup holds a good copy, so it starts empty" in n for n in notices)
    assert repo.checkins.all() == []
    assert (data_dir / "checkins.json").read_bytes() == b"{}"


def test_two_damages_within_a_second_keep_both(data_dir: Path, clock: FixedClock) -> None:
    fill(data_dir, clock)
    path = data_dir / "interviews.json"
    kept = []
    for n in range(3):  # the clock is fixed: all three within the same second
        path.write_bytes(f"damage number {n}".encode())
        kept.append(path.read_bytes())
        Repository.open(data_dir, clock).interviews.all()
    aside = sorted(data_dir.glob("interviews.json.corrupt-*"))
    assert len(aside) == 3
    assert sorted(p.read_bytes() for p in aside) == sorted(kept)
    assert [p.name for p in aside] == [
        "interviews.json.corrupt-20261126T150000Z",
        "interviews.json.corrupt-20261126T150000Z-2",
        "interviews.json.corrupt-20261126T150000Z-3",
    ]


@pytest.mark.parametrize(
    "cache",
    [
        "not json",
        "[]",
        '{"format": 1, "summary": ["review-days", 1, ["Europe/Berlin", 4]], "value": []}',
        '{"format": 1, "summary": ["review-days", 1, ["Europe/Berlin", 4]], "shard": 5}',
        "SIGNED:5",
        "SIGNED:[1, 2]",
        'SIGNED:["not-a-date"]',
        "SIGNED:null",
    ],
)
def test_a_bad_review_day_cache_is_rebuilt(data_dir: Path, clock: FixedClock, cache: str) -> None:
    fill(data_dir, clock)
    repo = Repository.open(data_dir, clock)
    good = review_days(repo, "Europe/Berlin", 4)
    assert any(good.values())
    cache_paths = sorted((data_dir / SUMMARY_DIR / "review-days").rglob("*.json"))
    assert cache_paths
    for cache_path in cache_paths:
        text = cache
        if cache.startswith("SIGNED:"):  # the shard's real signature, so the entry is trusted
            written = json.loads(cache_path.read_text())
            written["value"] = json.loads(cache.removeprefix("SIGNED:"))
            text = json.dumps(written)
        cache_path.write_text(text)
    assert review_days(Repository.open(data_dir, clock), "Europe/Berlin", 4) == good
    assert review_days(Repository.open(data_dir, clock), "Europe/Berlin", 4) == good


def _enospc(*_args: object, **_kwargs: object) -> int:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_while_saving_is_one_line_and_keeps_the_old_file(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(data_dir, clock)
    repo = Repository.open(data_dir, clock)
    before = tree_digest(data_dir)
    monkeypatch.setattr(os, "write", _enospc)
    with pytest.raises(DiskFullError) as caught:
        repo.checkins.put(CheckIn(id="c2", at=clock.now()))
    with pytest.raises(DiskFullError):
        repo.save_settings(repo.settings())
    monkeypatch.undo()
    message = str(caught.value)
    assert isinstance(caught.value, StoreError) and "\n" not in message
    assert message.startswith("the disk is full: could not save") and "checkins.json" in message
    assert tree_digest(data_dir) == before  # no temp file, no change
    assert [c.id for c in repo.checkins.all()] == ["c1"]
    repo.checkins.put(CheckIn(id="c2", at=clock.now()))  # and it works once there is room
    assert {c.id for c in Repository.open(data_dir, clock).checkins.all()} == {"c1", "c2"}


def test_a_full_disk_while_setting_damage_aside_is_one_line(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(data_dir, clock)
    (data_dir / "checkins.json").write_bytes(b"")
    monkeypatch.setattr(os, "write", _enospc)
    repo = Repository.open(data_dir, clock, check_files=False)
    with pytest.raises(DiskFullError) as caught:
        repo.checkins.all()
    assert "\n" not in str(caught.value)
    assert (data_dir / "checkins.json").read_bytes() == b""


@pytest.mark.parametrize("code", [errno.EACCES, errno.EPERM, errno.EROFS])
def test_permission_denied_is_one_line(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """Root ignores permission bits, so the refusal is simulated where files are opened."""
    fill(data_dir, clock)
    repo = Repository.open(data_dir, clock)
    before = tree_digest(data_dir)
    real_open = os.open

    def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and ".tmp-" in str(path):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(DataDirNotWritable) as caught:
        repo.interviews.put(Interview(id="i2", company="Other"))
    monkeypatch.undo()
    assert "\n" not in str(caught.value) and "interviews.json" in str(caught.value)
    assert "read-only" in str(caught.value) or "permission denied" in str(caught.value)
    assert tree_digest(data_dir) == before


def test_a_file_that_cannot_be_read_is_one_line(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(data_dir, clock)
    repo = Repository.open(data_dir, clock, check_files=False)
    real_open = os.open

    def refusing_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith("checkins.json") and not flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    with pytest.raises(StoreError) as caught:
        repo.checkins.all()
    assert str(caught.value) == f"could not read {data_dir / 'checkins.json'}: permission denied"


FILL_A_TINY_DISK = textwrap.dedent(
    """
    import json, os, sys
    from datetime import UTC, datetime
    from pathlib import Path
    from rebound_tui.domain.clock import FixedClock
    from rebound_tui.domain.models import Interview
    from rebound_tui.store.errors import StoreError
    from rebound_tui.store.repository import Repository

    data_dir = Path(sys.argv[1]) / "data"
    clock = FixedClock(datetime(2026, 11, 26, 15, tzinfo=UTC))
    repo = Repository.open(data_dir, clock)
    saved = 0
    try:
        for n in range(1000):
            repo.interviews.put(Interview(id=f"i{n}", company="x" * 2000))
            saved = n + 1
    except StoreError as error:
        message, kind = str(error), type(error).__name__
    else:
        message, kind = "never full", ""
    stray = [p.name for p in data_dir.rglob("*") if ".tmp-" in p.name]
    on_disk = len(json.loads((data_dir / "interviews.json").read_text())["interviews"])
    again = len(Repository.open(data_dir, clock).interviews.all())
    print(json.dumps({"message": message, "type": kind, "saved": saved,
                      "on_disk": on_disk, "again": again, "stray": stray}))
    """
)


def test_a_really_full_disk(tmp_path: Path) -> None:
    """On a real 64 KiB tmpfs (its own mount namespace; needs root): writes fail with one
    line, the last good file stays whole, and no temp file is left behind."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.fail("this test mounts a tmpfs: run it as root with unshare(1)")
    mount = tmp_path / "tiny"
    mount.mkdir()
    script = 'mount -t tmpfs -o size=64k tmpfs "$0" && exec "$@"'
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = ["unshare", "-m", "sh", "-c", script, str(mount)]
    result = subprocess.run(
        [*command, sys.executable, "-c", FILL_A_TINY_DISK, str(mount)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["type"] == "DiskFullError", report
    assert report["message"].startswith("the disk is full: could not save"), report
    assert 0 < report["saved"] < 1000
    assert report["on_disk"] == report["again"] == report["saved"]
    assert report["stray"] == []


def _age(data_dir: Path) -> None:
    """Date every data file an hour back, as files are on any start but the first."""
    for path in data_dir.rglob("*.json"):
        os.utime(path, (path.stat().st_atime - 3600, path.stat().st_mtime - 3600))


def test_an_unchanged_file_is_not_checked_again_a_changed_one_is(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking every record of the start-up files costs more than parsing them, so a file
    that passed and has not changed since (same inode, mtime and size) is not checked on the
    next start. An edit in place that keeps the size is still caught. (The settings, small
    and read first by every start, are checked every time instead: quicker than reading
    the list of checked files before the first screen is painted.)"""
    from rebound_tui.store import open_files as open_files_module

    fill(data_dir, clock)
    _age(data_dir)
    checked: list[str] = []
    real_check = open_files_module.check_document

    def counting(relpath: str, data: dict[str, Any]) -> Any:
        checked.append(relpath)
        return real_check(relpath, data)

    monkeypatch.setattr(open_files_module, "check_document", counting)
    start(data_dir, clock)
    assert CARD in checked and "checkins.json" in checked
    start(data_dir, clock)  # (the first start's drill mended the card: one more change)
    _age(data_dir)
    start(data_dir, clock)
    checked.clear()
    start(data_dir, clock)
    assert checked == ["settings.json"]

    path = data_dir / CARD
    text = path.read_text()
    edited = re.sub(r'("state":\s*)[12]\b', r"\g<1>7", text)  # however it is spaced
    assert edited != text
    path.write_text(edited)
    assert len(path.read_text()) == len(text)
    _, notices = start(data_dir, clock)
    assert set(checked) == {CARD, "settings.json"}  # (again after the backup copy replaced it)
    assert any(CARD in n and "Card.state" in n and "set aside" in n for n in notices), notices


@pytest.mark.parametrize("cache", ["not json", "[]", '{"version": [1, "x"], "files": 5}'])
def test_a_bad_checked_files_cache_only_means_checking_again(
    data_dir: Path, clock: FixedClock, cache: str
) -> None:
    fill(data_dir, clock)
    _age(data_dir)
    start(data_dir, clock)
    caches = list((data_dir.parent / "cache").rglob("checked-*.json"))
    assert len(caches) == 1
    caches[0].write_text(cache)
    edit(data_dir / "checkins.json", "checkins", {"pleasantness": 1000})
    _, notices = start(data_dir, clock)
    assert any("checkins.json could not be read" in n for n in notices), notices


@pytest.fixture
def no_hang() -> Any:
    """Turn a hang (a blocking read of a FIFO) into a failure after 20 s."""
    import signal

    def fail(*_args: object) -> None:
        raise TimeoutError("hung")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory"])
def test_a_data_file_that_is_not_a_regular_file(
    data_dir: Path, clock: FixedClock, kind: str, no_hang: None
) -> None:
    """A FIFO blocked the start for ever (an open for reading waits for a writer), and a
    link to /dev/zero would be read without end: neither is read, both are set aside; so
    is a directory (moved aside whole, see test_store_review_fixes)."""
    fill(data_dir, clock)
    path = data_dir / "checkins.json"
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    repo, notices = start(data_dir, clock)
    assert any("checkins.json could not be read (not a regular file)" in n for n in notices)
    assert [c.id for c in repo.checkins.all()] == ["c1"]
    assert path.is_file() and not path.is_symlink()


@pytest.mark.parametrize("kind", ["file", "fifo-manifest"])
def test_a_journal_that_is_not_a_directory_or_holds_a_fifo(
    data_dir: Path, clock: FixedClock, kind: str, no_hang: None
) -> None:
    from rebound_tui.store.journal import JOURNAL_DIR, JOURNAL_MANIFEST

    fill(data_dir, clock)
    journal = data_dir / JOURNAL_DIR
    if kind == "file":
        journal.write_text("planted")
    else:
        journal.mkdir()
        os.mkfifo(journal / JOURNAL_MANIFEST)
    kept = ("interviews.json", "rebounds.json", "checkins.json", "settings.json")
    before = {k: v for k, v in tree_digest(data_dir).items() if k in kept}
    repo, _ = start(data_dir, clock)
    assert not os.path.lexists(journal)
    assert {k: v for k, v in tree_digest(data_dir).items() if k in kept} == before
    assert repo.interviews.get("i1") is not None


@pytest.mark.parametrize("which", ["review-days", "checked"])
def test_a_cache_that_is_a_fifo_does_not_hang(
    data_dir: Path, clock: FixedClock, which: str, no_hang: None
) -> None:
    fill(data_dir, clock)
    _age(data_dir)
    repo, _ = start(data_dir, clock)
    good = review_days(repo, "Europe/Berlin", 4)
    if which == "review-days":
        (cache, *_) = (data_dir / SUMMARY_DIR / "review-days").rglob("*.json")
    else:
        (cache,) = (data_dir.parent / "cache").rglob("checked-*.json")
    cache.unlink()
    os.mkfifo(cache)
    repo, notices = start(data_dir, clock)
    assert notices == []
    assert review_days(repo, "Europe/Berlin", 4) == good


def test_a_review_shard_that_is_a_fifo_is_set_aside_not_backed_up(
    data_dir: Path, clock: FixedClock, no_hang: None
) -> None:
    """Review shards are not read at the open, but the daily backup copies every data
    file: a FIFO among them made the open fail. It is not a data file until read, and
    then it is damage like any other."""
    fill(data_dir, clock)
    os.mkfifo(data_dir / "reviews" / "2026-10.json")
    later = FixedClock(clock.now() + timedelta(days=1))  # a new day: a new daily backup
    repo = Repository.open(data_dir, later)
    assert "reviews/2026-10.json" not in repo.data_files()
    assert [r.id for r in repo.reviews.all()] == ["v1"]
    assert any("2026-10.json could not be read" in n for n in repo.drain_notices())
