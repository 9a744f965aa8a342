"""The command-line contract (PRODUCT.md §4): what scripts and shell prompts rely on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from rebound_tui import __version__
from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import (
    Card,
    CheckIn,
    FeedbackRequest,
    Interview,
    Lesson,
    Rebound,
    Reflection,
    Treat,
    TreatLog,
    new_id,
)
from rebound_tui.store.repository import SCHEMA_VERSION, Repository
from tests.helpers import START, open_repo, tree_digest


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REBOUND_FAKE_NOW", START.isoformat())


def fill(repo: Repository, clock: FixedClock) -> None:
    """One of every record type, linked the way the app links them."""
    now = clock.now()
    interview = repo.interviews.put(
        Interview(
            id=new_id(),
            company="Acme",
            role="Backend engineer",
            stage="onsite",
            outcome="rejected",
            created_at=now,
            updated_at=now,
        )
    )
    rebound = repo.rebounds.put(
        Rebound(id=new_id(), interview_id=interview.id, opened_at=now, step="tough")
    )
    repo.checkins.put(
        CheckIn(
            id=new_id(),
            at=now,
            pleasantness=-2,
            energy=-1,
            words=("disappointed",),
            intensity=7,
            daydream=8,
            tz="Europe/Berlin",
            rebound_id=rebound.id,
        )
    )
    reflection = repo.reflections.put(
        Reflection(
            id=new_id(),
            rebound_id=rebound.id,
            kind="tough",
            question="Why leave?",
            action="I explained",
            created_at=now,
        )
    )
    repo.feedback_requests.put(
        FeedbackRequest(id=new_id(), rebound_id=rebound.id, body="Thanks!", created_at=now)
    )
    treat = repo.treats.put(Treat(id=new_id(), title="Walk by the river", created_at=now))
    repo.treat_log.put(TreatLog(id=new_id(), treat_id=treat.id, accepted_at=now, helped=4))
    repo.lessons.put(
        Lesson(id=new_id(), text="Prepare numbers", rebound_id=rebound.id, created_at=now)
    )
    card = repo.cards.put(
        Card(
            id=new_id(),
            question=reflection.question,
            answer="Growth",
            source="reflection",
            source_id=reflection.id,
            created_at=now,
            due=now,
        )
    )
    from rebound_tui.domain.scheduling import make_scheduler, rate

    scheduler = make_scheduler(repo.settings())
    # Rated over the last 60 hours (an import refuses reviews dated after its clock).
    for rating, hours in ((3, 0), (3, 1), (1, 30), (4, 60)):
        card, review = rate(card, rating, now + timedelta(hours=hours - 60), scheduler)
        repo.cards.put(card)
        repo.reviews.put(review)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"rebound {__version__}"


def test_status_on_an_empty_directory(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, err = run(capsys, "status", "--data-dir", str(data_dir))
    assert (code, err) == (0, "")
    assert out.strip() == "Rebound: nothing to drill today · no check-ins yet"
    code, out, _ = run(capsys, "status", "--json", "--data-dir", str(data_dir))
    assert json.loads(out) == {
        "to_drill": 0,
        "cards_due": 0,
        "new_available": 0,
        "learning_later": 0,
        "next_learning_at": None,
        "last_checkin": None,
        "streak_days": 0,
        "days_practised_7": 0,
        "open_rebounds": 0,
    }
    assert not data_dir.exists(), "status must not create a data directory"


def test_status_with_data(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    fill(repo, clock)
    for i in range(3):
        repo.cards.put(Card(id=new_id(), question=f"New {i}", created_at=clock.now()))
    code, out, _ = run(capsys, "status", "--json", "--data-dir", str(data_dir))
    assert code == 0
    status = json.loads(out)
    assert status == {
        "to_drill": 3,
        "cards_due": 0,
        "new_available": 3,
        "learning_later": 0,
        "next_learning_at": None,
        "last_checkin": "2026-11-26T15:00:00+00:00",
        "streak_days": 3,  # reviews on Tuesday, Wednesday and today (see `fill`)
        "days_practised_7": 3,
        "open_rebounds": 1,
    }
    _code, out, _ = run(capsys, "status", "--data-dir", str(data_dir))
    assert out.strip() == (
        "Rebound: 3 cards to drill (3 new) · last check-in just now · 1 open rebound · "
        "practised 3 of the last 7 days"
    )


def test_data_dir_from_environment(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    clock: FixedClock,
) -> None:
    home = tmp_path / "from-env"
    monkeypatch.setenv("REBOUND_HOME", str(home))
    repo = open_repo(home, clock)
    repo.checkins.put(CheckIn(id=new_id(), at=clock.now()))
    _, out, _ = run(capsys, "status", "--json")
    assert json.loads(out)["last_checkin"] == "2026-11-26T15:00:00+00:00"


def test_platform_default_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from rebound_tui.services.paths import resolve_data_dir

    monkeypatch.delenv("REBOUND_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_data_dir(None) == tmp_path / "xdg" / "rebound"
    assert resolve_data_dir("~/mine") == Path.home() / "mine"


def test_export_import_round_trip(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, clock: FixedClock
) -> None:
    source = tmp_path / "source"
    fill(open_repo(source, clock), clock)
    code, first, _ = run(capsys, "export", "--format", "json", "--data-dir", str(source))
    assert code == 0
    document = json.loads(first)
    assert document["format"] == "rebound-export"
    assert document["schema_version"] == SCHEMA_VERSION
    for name in (
        "interviews",
        "rebounds",
        "checkins",
        "reflections",
        "feedback_requests",
        "treats",
        "treat_log",
        "lessons",
        "cards",
        "reviews",
    ):
        assert len(document[name]) >= 1, name
    assert len(document["reviews"]) == 4
    export_file = tmp_path / "export.json"
    export_file.write_text(first)

    target = tmp_path / "target"
    code, out, err = run(capsys, "import", str(export_file), "--data-dir", str(target))
    assert code == 0, err
    assert out.startswith("Imported ")
    code, second, _ = run(capsys, "export", "--data-dir", str(target))
    again = json.loads(second)
    document.pop("exported_at")
    again.pop("exported_at")
    assert again == document

    # Importing the same file again is a no-op.
    before = {k: v for k, v in tree_digest(target).items() if not k.startswith("backups/")}
    code, out, _ = run(capsys, "import", str(export_file), "--data-dir", str(target))
    assert out.strip() == "Nothing new to import: everything in the file is already here."
    after = {k: v for k, v in tree_digest(target).items() if not k.startswith("backups/")}
    assert after == before


def test_export_to_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path, clock: FixedClock
) -> None:
    fill(open_repo(data_dir, clock), clock)
    target = tmp_path / "out.json"
    code, out, err = run(capsys, "export", "-o", str(target), "--data-dir", str(data_dir))
    assert (code, out) == (0, "")
    assert err.strip() == f"Exported to {target}"
    assert json.loads(target.read_text())["interviews"][0]["company"] == "Acme"


def test_minimal_import_rebuilds_schedules_from_reviews(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path
) -> None:
    document = {
        "format": "rebound-export",
        "schema_version": 1,
        "cards": [
            {"id": "c1", "question": "Tell me about a conflict", "answer": "STAR..."},
            {"question": "No id given", "answer": "derived"},
        ],
        "reviews": [
            {"card_id": "c1", "rating": 3, "reviewed_at": "2026-10-01T09:00:00+02:00"},
            {"card_id": "c1", "rating": 3, "reviewed_at": "2026-10-02T09:00:00+02:00"},
            {"card_id": "c1", "rating": 3, "reviewed_at": "2026-10-06T09:00:00+02:00"},
        ],
    }
    path = tmp_path / "minimal.json"
    path.write_text(json.dumps(document))
    code, out, err = run(capsys, "import", str(path), "--data-dir", str(data_dir))
    assert code == 0, err
    assert "Rebuilt the schedule of 1 cards" in out
    import fsrs

    repo = Repository.open(data_dir, FixedClock(START), readonly=True)
    card = repo.cards.get("c1")
    assert card is not None
    logs = [
        fsrs.ReviewLog(
            card_id=1, rating=fsrs.Rating(3), review_datetime=r.reviewed_at, review_duration=None
        )
        for r in repo.reviews.all()
    ]
    expected = fsrs.Scheduler().reschedule_card(fsrs.Card(card_id=1), logs)
    assert (card.state, card.stability, card.difficulty) == (
        int(expected.state),
        expected.stability,
        expected.difficulty,
    )
    assert card.reps == 3
    assert len(repo.cards.all()) == 2
    # Idempotent even with derived ids.
    code, out, _ = run(capsys, "import", str(path), "--data-dir", str(data_dir))
    assert out.strip().startswith("Nothing new to import")


BAD_IMPORTS = {
    "not-json": ("{ this is not json", "is not valid JSON (line 1, column 3"),
    "not-an-object": ("[1, 2]", "not a Rebound export (expected a JSON object)"),
    "wrong-format": ('{"format": "anki", "schema_version": 1}', "not a Rebound export"),
    "newer-schema": (
        '{"format": "rebound-export", "schema_version": 99}',
        "written by a newer Rebound (schema 99",
    ),
    "bad-rating": (
        json.dumps(
            {
                "format": "rebound-export",
                "schema_version": 1,
                "cards": [{"id": "c", "question": "q", "answer": "a"}],
                "reviews": [{"card_id": "c", "rating": 5, "reviewed_at": "2026-01-01T00:00:00Z"}],
            }
        ),
        "reviews[0].rating: must be 1, 2, 3 or 4",
    ),
    "naive-time": (
        json.dumps(
            {
                "format": "rebound-export",
                "schema_version": 1,
                "cards": [{"id": "c", "question": "q", "answer": "a"}],
                "reviews": [{"card_id": "c", "rating": 3, "reviewed_at": "2026-01-01T00:00:00"}],
            }
        ),
        "reviews[0].reviewed_at: time '2026-01-01T00:00:00' has no UTC offset",
    ),
    "card-without-answer": (
        json.dumps(
            {"format": "rebound-export", "schema_version": 1, "cards": [{"question": "q"}]}
        ),
        'cards[0] needs "answer" as text',
    ),
    "list-not-list": (
        '{"format": "rebound-export", "schema_version": 1, "cards": {}}',
        '"cards" must be a list',
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_IMPORTS))
def test_bad_import_exits_2_with_one_line_and_changes_nothing(
    case: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    data_dir: Path,
    clock: FixedClock,
) -> None:
    fill(open_repo(data_dir, clock), clock)
    before = tree_digest(data_dir)
    content, message = BAD_IMPORTS[case]
    path = tmp_path / f"{case}.json"
    path.write_text(content)
    code, out, err = run(capsys, "import", str(path), "--data-dir", str(data_dir))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("rebound: error: ")
    assert message in err
    assert "nothing was imported" in err
    assert tree_digest(data_dir) == before


def test_import_of_a_missing_file(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, _, err = run(capsys, "import", "/no/such/file.json", "--data-dir", str(data_dir))
    assert code == 2
    assert err == "rebound: error: /no/such/file.json: no such file\n"
    assert not data_dir.exists()


def test_bad_usage_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--format", "yaml"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "invalid choice: 'yaml'" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2


def test_unknown_theme_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    code, _, err = run(capsys, "--theme", "neon-pink")
    assert code == 2
    assert "unknown theme 'neon-pink'; choose one of:" in err
    assert "ansi-dark" in err


def test_app_without_a_terminal_says_so(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, _, err = run(capsys, "--data-dir", str(data_dir))
    assert code == 2
    assert "needs a terminal" in err


def test_newer_schema_is_refused_by_every_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path, clock: FixedClock
) -> None:
    fill(open_repo(data_dir, clock), clock)
    settings_path = data_dir / "settings.json"
    settings = json.loads(settings_path.read_text())
    settings["meta"]["1"]["schema_version"] = SCHEMA_VERSION + 1
    settings_path.write_text(json.dumps(settings))
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"format": "rebound-export", "schema_version": 1}))
    before = tree_digest(data_dir)
    for args in (["status"], ["export"], ["import", str(good)], ["restore", "2026-11-26"]):
        code, _out, err = run(capsys, *args, "--data-dir", str(data_dir))
        assert code == 1, args
        assert err.count("\n") == 1
        assert f"was written by a newer Rebound (data schema {SCHEMA_VERSION + 1}" in err
    assert tree_digest(data_dir) == before


def test_corrupt_file_is_reported_in_one_line_and_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, data_dir: Path, clock: FixedClock
) -> None:
    fill(open_repo(data_dir, clock), clock)
    (data_dir / "checkins.json").write_bytes(b'{"checkins": {"1": ')
    code, out, err = run(capsys, "status", "--data-dir", str(data_dir))
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert "checkins.json is damaged" in err
    assert (data_dir / "checkins.json").read_bytes() == b'{"checkins": {"1": '
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"format": "rebound-export", "schema_version": 1}))
    code, _out, err = run(capsys, "import", str(good), "--data-dir", str(data_dir))
    assert code == 0
    assert "checkins.json could not be read" in err
    aside = list(data_dir.glob("checkins.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == b'{"checkins": {"1": '


def test_backups_and_restore_commands(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, _ = run(capsys, "backups", "--data-dir", str(data_dir))
    assert out.startswith("No backups yet")
    repo = open_repo(data_dir, clock)
    repo.interviews.put(Interview(id="i1", company="First", created_at=clock.now()))
    monkeypatch.setenv("REBOUND_FAKE_NOW", (START + timedelta(days=1)).isoformat())
    repo.close()
    code, out, _ = run(capsys, "backups", "--data-dir", str(data_dir))
    assert code == 0
    assert "2026-11-26" in out
    # Opening for the restore takes 2026-11-27's backup (with "First") first.
    repo = Repository.open(data_dir, FixedClock(START + timedelta(days=1)))
    repo.interviews.put(Interview(id="i2", company="Second", created_at=clock.now()))
    repo.close()
    code, out, _ = run(capsys, "restore", "2026-11-27", "--data-dir", str(data_dir))
    assert code == 0
    assert out.startswith("Restored backup 2026-11-27.")
    code, out, _ = run(capsys, "export", "--data-dir", str(data_dir))
    assert [i["company"] for i in json.loads(out)["interviews"]] == ["First"]
    code, _, err = run(capsys, "restore", "nope", "--data-dir", str(data_dir))
    assert code == 2
    assert "there is no backup named 'nope'" in err


def _read_only(data_dir: Path) -> list[str]:
    """Make `data_dir` unwritable for the command that follows; returns a command prefix.

    Root ignores permission bits, so as root the command runs in its own mount namespace
    with the directory bind-mounted read-only; otherwise plain modes do it."""
    if os.geteuid() == 0:
        if shutil.which("unshare") is None:
            pytest.fail("running as root needs unshare(1) to make a read-only directory")
        script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
        return ["unshare", "-m", "sh", "-c", script, str(data_dir)]
    for path in [data_dir, *data_dir.rglob("*")]:
        path.chmod(0o500 if path.is_dir() else 0o400)
    return []


def test_read_only_data_directory(tmp_path: Path, clock: FixedClock) -> None:
    """A data directory the user cannot write: reading works, writing says why in one
    line, and no byte changes."""
    data_dir = tmp_path / "ro"
    repo = open_repo(data_dir, clock)
    fill(repo, clock)
    repo.close()
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            {
                "format": "rebound-export",
                "schema_version": 1,
                "interviews": [{"id": "n1", "company": "New"}],
            }
        )
    )
    before = tree_digest(data_dir)
    env = {**os.environ, "REBOUND_FAKE_NOW": (START + timedelta(days=2)).isoformat()}
    prefix = _read_only(data_dir)
    cmd = [*prefix, sys.executable, "-m", "rebound_tui"]
    try:
        status = subprocess.run(
            [*cmd, "status", "--data-dir", str(data_dir)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert status.returncode == 0, status.stderr
        assert status.stdout.startswith("Rebound: nothing to drill today · last check-in 2 days")
        result = subprocess.run(
            [*cmd, "import", str(good), "--data-dir", str(data_dir)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(f"rebound: cannot write to {data_dir}"), result.stderr
        assert "Traceback" not in result.stderr
        assert tree_digest(data_dir) == before
    finally:
        for path in [data_dir, *data_dir.rglob("*")]:
            path.chmod(0o700 if path.is_dir() else 0o600)


def test_serve_enrols_users_and_refuses_bad_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import asyncssh

    key = asyncssh.generate_private_key("ssh-ed25519")
    public = tmp_path / "alice.pub"
    public.write_bytes(key.export_public_key())
    users = tmp_path / "users"
    code, out, _ = run(
        capsys, "serve", "--users-dir", str(users), "--add-user", "alice", "--key", str(public)
    )
    assert code == 0 and out.startswith("Enrolled alice")
    assert (users / "alice" / "authorized_keys").read_text().startswith("ssh-ed25519 ")
    code, out, _ = run(
        capsys, "serve", "--users-dir", str(users), "--add-user", "alice", "--key", str(public)
    )
    assert out.strip() == "alice already has that key."
    code, _, err = run(
        capsys, "serve", "--users-dir", str(users), "--add-user", "../root", "--key", str(public)
    )
    assert code == 2 and "is not a usable user name" in err
    (tmp_path / "junk.pub").write_text("not a key")
    code, _, err = run(
        capsys,
        "serve",
        "--users-dir",
        str(users),
        "--add-user",
        "bob",
        "--key",
        str(tmp_path / "junk.pub"),
    )
    assert code == 2 and "is not an SSH public key" in err
    code, _, err = run(capsys, "serve", "--users-dir", str(users), "--add-user", "bob")
    assert code == 2 and "--add-user NAME and --key FILE go together" in err
