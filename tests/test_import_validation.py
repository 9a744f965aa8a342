"""Import validates everything before it writes anything, with the same rules the store
uses on every read (`from_record`): a bad file is one line, exit 2, and the data
directory byte-for-byte unchanged; a good one (even with a BOM) imports."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.codec import RecordError, from_record, to_record
from rebound_tui.domain.days import parse_day
from rebound_tui.domain.models import (
    Card,
    CheckIn,
    Review,
    Settings,
)
from rebound_tui.domain.scheduling import make_scheduler, rate
from rebound_tui.services.export.json import MAX_IMPORT_BYTES, export_document
from rebound_tui.store.repository import Repository
from rebound_tui.store.schema import COLLECTIONS

NOW = "2026-11-26T15:00:00+00:00"

BASE: dict[str, Any] = {
    "format": "rebound-export",
    "schema_version": 1,
    "interviews": [
        {
            "id": "i1",
            "company": "Acme",
            "stage": "onsite",
            "outcome": "rejected",
            "created_at": "2026-10-01T10:00:00+00:00",
        }
    ],
    "rebounds": [{"id": "r1", "interview_id": "i1", "opened_at": "2026-10-02T10:00:00+00:00"}],
    "checkins": [{"id": "k1", "at": "2026-10-02T10:00:00+00:00", "pleasantness": -2, "energy": 1}],
    "treat_log": [
        {"id": "t1", "treat_id": "builtin-nap", "accepted_at": "2026-10-02T11:00:00+00:00"}
    ],
    "cards": [
        {
            "id": "c1",
            "question": "Tell me about a conflict",
            "answer": "STAR",
            "created_at": "2026-10-01T10:00:00+00:00",
            "due": "2026-10-01T10:00:00+00:00",
        }
    ],
    "reviews": [
        {"id": "v1", "card_id": "c1", "rating": 3, "reviewed_at": "2026-10-03T10:00:00+00:00"}
    ],
    "settings": {"timezone": "Europe/Berlin"},
}

REVIEWED_CARD = {
    "state": 2,
    "step": None,
    "stability": 3.0,
    "difficulty": 5.0,
    "last_review": "2026-10-03T10:00:00+00:00",
}


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    """Every file and folder under `root`: mode and sha256 of the bytes (folders: "")."""
    out = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        out[path.relative_to(root).as_posix()] = (stat.S_IMODE(info.st_mode), digest)
    return out


OPENED: list[Repository] = []
_OPEN = Repository.open.__func__  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _close_repositories(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The CLI leaves its repository (and its open data files) for the process exit to
    close; run in-process hundreds of times that runs out of file descriptors, so each
    repository opened is closed after the command."""

    def tracked(cls: type[Repository], *args: Any, **kwargs: Any) -> Repository:
        repo: Repository = _OPEN(cls, *args, **kwargs)
        OPENED.append(repo)
        return repo

    monkeypatch.setattr(Repository, "open", classmethod(tracked))
    yield
    close_opened()


def close_opened() -> None:
    while OPENED:
        OPENED.pop().close()


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    finally:
        close_opened()
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def seeded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    """A data directory holding BASE (imported through the CLI)."""
    monkeypatch.setenv("REBOUND_FAKE_NOW", NOW)
    data = tmp_path / "data"
    source = tmp_path / "base.json"
    source.write_text(json.dumps(BASE))
    code, _, err = cli(capsys, "--data-dir", str(data), "import", str(source))
    assert code == 0, err
    return data


def refuse(capsys: pytest.CaptureFixture[str], data: Path, path: Path, expected: str) -> str:
    """Import `path`: exit 2, one line containing `expected`, nothing changed."""
    before = snapshot(data)
    code, out, err = cli(capsys, "--data-dir", str(data), "import", str(path))
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("rebound: error: "), err
    assert "Traceback" not in err and "\x1b" not in err
    assert expected in err, err
    assert snapshot(data) == before
    return err


def mutated(change: Any) -> str:
    document = copy.deepcopy(BASE)
    change(document)
    return json.dumps(document)


def _card(**fields: Any) -> Any:
    return lambda d: d["cards"][0].update(fields)


def _first(collection: str, **fields: Any) -> Any:
    return lambda d: d[collection][0].update(fields)


def _settings(**fields: Any) -> Any:
    return lambda d: d["settings"].update(fields)


BAD: dict[str, tuple[Any, str]] = {
    # the examples
    "day-start-99": (_settings(day_start_hour=99), "settings.day_start_hour: must be between"),
    "pleasantness-1000": (
        _first("checkins", pleasantness=1000),
        "checkins[0].pleasantness: must be between -3 and 3, got 1000",
    ),
    "card-state-7": (_card(state=7), "cards[0].state: must be one of 1, 2, 3, got 7"),
    "nan-stability": (
        _card(**{**REVIEWED_CARD, "stability": float("nan")}),
        "cards[0].stability: must be a finite number",
    ),
    "rebound-step-bogus": (_first("rebounds", step="bogus"), "rebounds[0].step: must be one of"),
    # types
    "rating-true": (_first("reviews", rating=True), "reviews[0].rating: must be 1, 2, 3 or 4"),
    "reps-text": (_card(reps="3"), "cards[0].reps: expected an integer"),
    "company-number": (_first("interviews", company=5), "interviews[0].company: expected text"),
    "intensity-float": (_first("checkins", intensity=5.0), "checkins[0].intensity: expected an"),
    "keymap-number": (
        _settings(keymap={"home.drill": 5}),
        "settings.keymap['home.drill']: expected text",
    ),
    "settings-list": (lambda d: d.update(settings=[]), "settings: expected an object"),
    # enums
    "stage": (_first("interviews", stage="bogus"), "interviews[0].stage: must be one of"),
    "outcome": (_first("interviews", outcome="won"), "interviews[0].outcome: must be one of"),
    "visited": (_first("rebounds", visited=["feel", "x"]), "rebounds[0].visited[1]: must be"),
    "source": (_card(source="bogus"), "cards[0].source: must be one of"),
    "state-before": (_first("reviews", state_before=0), "reviews[0].state_before: must be one"),
    "reflection-kind": (
        lambda d: d.update(reflections=[{"id": "x", "rebound_id": "r1", "kind": "meh"}]),
        "reflections[0].kind: must be one of",
    ),
    "prepared": (
        lambda d: d.update(
            reflections=[{"id": "x", "rebound_id": "r1", "kind": "tough", "prepared": "maybe"}]
        ),
        "reflections[0].prepared: must be one of",
    ),
    "feedback-status": (
        lambda d: d.update(feedback_requests=[{"id": "f", "rebound_id": "r1", "status": "x"}]),
        "feedback_requests[0].status: must be one of",
    ),
    "lesson-kind": (
        lambda d: d.update(lessons=[{"id": "l", "text": "x", "kind": "vow"}]),
        "lessons[0].kind: must be one of",
    ),
    "treat-place": (
        lambda d: d.update(treats=[{"id": "t", "title": "x", "place": "moon"}]),
        "treats[0].place: must be one of",
    ),
    "treat-energy": (
        lambda d: d.update(treats=[{"id": "t", "title": "x", "energy": "max"}]),
        "treats[0].energy: must be one of",
    ),
    # ranges
    "energy": (_first("checkins", energy=-4), "checkins[0].energy: must be between -3 and 3"),
    "intensity-0": (_first("checkins", intensity=0), "checkins[0].intensity: must be between"),
    "daydream-11": (_first("checkins", daydream=11), "checkins[0].daydream: must be between"),
    "helped-9": (_first("treat_log", helped=9), "treat_log[0].helped: must be between 1 and 5"),
    "treat-cost": (
        lambda d: d.update(treats=[{"id": "t", "title": "x", "cost": 3}]),
        "treats[0].cost: must be between 0 and 2",
    ),
    "treat-minutes": (
        lambda d: d.update(treats=[{"id": "t", "title": "x", "minutes": 0}]),
        "treats[0].minutes: must be between",
    ),
    "difficulty": (
        _card(**{**REVIEWED_CARD, "difficulty": 50.0}),
        "cards[0].difficulty: must be between 1 and 10",
    ),
    "stability-zero": (_card(**{**REVIEWED_CARD, "stability": 0.0}), "cards[0].stability:"),
    "lapses-negative": (_card(lapses=-1), "cards[0].lapses: must be between"),
    "reps-huge": (_card(reps=10**30), "cards[0].reps: 1000000000000000000000000000000 is too"),
    "duration-negative": (_first("reviews", duration_ms=-5), "reviews[0].duration_ms:"),
    "retention-0": (_settings(desired_retention=0), "settings.desired_retention: must be"),
    "retention-1": (_settings(desired_retention=1.0), "settings.desired_retention: must be"),
    "new-per-day": (_settings(new_per_day=-1), "settings.new_per_day: must be between"),
    "max-interval": (_settings(maximum_interval_days=0), "settings.maximum_interval_days:"),
    "learning-step-0": (
        _settings(learning_steps_minutes=[1, 0]),
        "settings.learning_steps_minutes[1]: must be between",
    ),
    "relearning-steps-many": (
        _settings(relearning_steps_minutes=[10] * 21),
        "settings.relearning_steps_minutes: has 21 items, more than 20",
    ),
    "leech-0": (_settings(leech_lapses=0), "settings.leech_lapses: must be between"),
    "fsrs-length": (
        _settings(fsrs_parameters=[0.5] * 19),
        "settings.fsrs_parameters: must be 21 numbers, got 19",
    ),
    "fsrs-out-of-bounds": (
        _settings(fsrs_parameters=[0.2] + [200.0] + [1.0] * 19),
        "settings.fsrs_parameters: [1] must be between",
    ),
    "fsrs-infinite": (
        _settings(fsrs_parameters=[float("inf")] * 21),
        "settings.fsrs_parameters[0]: must be a finite number",
    ),
    # times
    "review-9999": (
        _first("reviews", reviewed_at="9999-12-31T00:00:00+00:00"),
        "reviews[0].reviewed_at: time '9999-12-31T00:00:00+00:00' is not between 1970 and",
    ),
    "time-overflows-in-utc": (
        _first("reviews", reviewed_at="9999-12-31T23:00:00-05:00"),
        "reviews[0].reviewed_at: time",
    ),
    "time-year-1": (_first("checkins", at="0001-01-01T00:00:00+05:00"), "checkins[0].at:"),
    "time-1969": (_first("checkins", at="1969-12-31T23:59:59+00:00"), "checkins[0].at:"),
    "time-naive": (_first("checkins", at="2026-01-01T10:00:00"), "has no UTC offset"),
    "time-garbage": (
        _first("checkins", at="yesterday"),
        "checkins[0].at: time 'yesterday' is not ISO",
    ),
    "date-9999": (
        _first("interviews", applied_on="9999-12-31"),
        "interviews[0].applied_on: date '9999-12-31' is not between 1970 and 2199",
    ),
    # text
    "surrogate": (_card(question="ok \ud800"), "cards[0].question: is not valid Unicode"),
    "note-too-long": (
        _first("checkins", note="x" * 1_000_001),
        "checkins[0].note: is 1,000,001 characters long, more than 1,000,000",
    ),
    "company-too-long": (
        _first("interviews", company="x" * 10_001),
        "interviews[0].company: is 10,001 characters long, more than 10,000",
    ),
    "tag-too-long": (_card(tags=["x" * 1001]), "cards[0].tags[0]: is 1,001 characters long"),
    "too-many-tags": (_card(tags=["t"] * 1001), "cards[0].tags: has 1,001 items"),
    "keymap-control": (
        _settings(keymap={"home.drill": "\x1b[2J"}),
        "settings.keymap['home.drill']: keys and values must be",
    ),
    # ids
    "empty-id": (_first("interviews", id=""), "interviews[0].id: must be non-empty text"),
    "id-escape": (_card(id="\x1b]0;pwned\x07"), "has characters an id cannot have"),
    "id-newline": (_first("reviews", card_id="c1\nx"), "reviews[0].card_id: 'c1\\nx' has"),
    "id-too-long": (_card(id="c" * 129), "cards[0].id: is longer than 128 characters"),
    "id-list": (_first("checkins", id=["k"]), "checkins[0].id: must be non-empty text"),
    "duplicate-id": (
        lambda d: d["cards"].append({**d["cards"][0], "question": "another"}),
        "cards[1] repeats id 'c1' with different content",
    ),
    "future-review": (
        lambda d: d["reviews"].append(
            {"card_id": "c1", "rating": 3, "reviewed_at": "2030-01-01T09:00:00+00:00"}
        ),
        "is dated 2030-01-01 09:00 UTC, in the future",
    ),
    # zones
    "zone-unknown": (_settings(timezone="Mars/Olympus"), "settings.timezone: 'Mars/Olympus' is"),
    "zone-path": (_settings(timezone="../../etc/passwd"), "is not a time zone name"),
    "checkin-zone": (_first("checkins", tz="/etc/localtime"), "checkins[0].tz: '/etc/localtime"),
    # whole-record rules that fsrs needs
    "review-state-without-stability": (
        _card(**{**REVIEWED_CARD, "stability": None, "difficulty": None}),
        "cards[0]: a card in state 2 needs a stability and a difficulty",
    ),
    "learning-without-step": (_card(step=None), "cards[0]: a card in state 1 (learning"),
    "half-a-schedule": (
        _card(**{**REVIEWED_CARD, "difficulty": None}),
        "cards[0]: stability and difficulty must both be numbers or both be null",
    ),
    # the document
    "format": (lambda d: d.update(format="\x1b[2J" * 100_000), "not a Rebound export"),
    "schema-bool": (lambda d: d.update(schema_version=True), "schema_version True is not"),
    "schema-newer": (lambda d: d.update(schema_version=99), "written by a newer Rebound"),
    "record-not-object": (lambda d: d["cards"].append([1]), "cards[1] is not an object"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_record_is_one_line_exit_2_and_changes_nothing(
    case: str, seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    change, expected = BAD[case]
    path = tmp_path / f"{case}.json"
    path.write_text(mutated(change), encoding="utf-8", errors="surrogatepass")
    err = refuse(capsys, seeded, path, expected)
    assert len(err) < 600  # a 400 KB hostile value is cut short in the message
    assert err.rstrip().endswith("nothing was imported")


def test_review_dated_9999_after_good_records_changes_nothing(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's example: the file's first records are good, its last review is dated
    9999-12-31; landed main merged the first records, then died with OverflowError."""
    document = copy.deepcopy(BASE)
    document["interviews"].append({"id": "i2", "company": "New Co"})
    document["cards"].append({"id": "c2", "question": "q2", "answer": "a2"})
    document["reviews"].append(
        {"id": "v2", "card_id": "c2", "rating": 4, "reviewed_at": "9999-12-31T00:00:00+00:00"}
    )
    path = tmp_path / "late.json"
    path.write_text(json.dumps(document))
    refuse(capsys, seeded, path, "reviews[1].reviewed_at: time '9999-12-31T00:00:00+00:00'")


def test_nan_and_infinity_spelled_the_ways_json_reads_them(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = json.dumps(mutated(_card(**REVIEWED_CARD)))
    for spelling in ("NaN", "Infinity", "-Infinity", "1e400"):
        text = json.loads(template).replace('"stability": 3.0', f'"stability": {spelling}')
        assert spelling in text
        path = tmp_path / "nan.json"
        path.write_text(text)
        refuse(capsys, seeded, path, "cards[0].stability: must be a finite number")


# -- the file itself ---------------------------------------------------------------------
def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    """Landed main blocked forever reading a FIFO with no writer. In a child process,
    so that a regression fails on the timeout instead of hanging the suite."""
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    data = tmp_path / "data"
    env = {**os.environ, "REBOUND_FAKE_NOW": NOW}
    done = subprocess.run(
        [sys.executable, "-m", "rebound_tui", "--data-dir", str(data), "import", str(fifo)],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
    )
    assert done.returncode == 2
    assert (
        done.stderr == f"rebound: error: {fifo} is a named pipe (FIFO), not an export file; "
        "nothing was imported\n"
    )
    assert not data.exists() or snapshot(data) == {}


def test_a_device_and_a_directory_are_refused(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refuse(capsys, seeded, Path("/dev/zero"), "/dev/zero is a character device")
    refuse(capsys, seeded, tmp_path, str(tmp_path))


def test_a_file_over_the_size_cap_is_refused_unread(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)  # sparse: costs no disk
    refuse(capsys, seeded, big, "an import file can be at most 200 MiB")


def test_a_utf8_bom_is_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REBOUND_FAKE_NOW", NOW)
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(BASE).encode())
    data = tmp_path / "data"
    code, out, err = cli(capsys, "--data-dir", str(data), "import", str(path))
    assert code == 0, err
    assert "cards: 1 new" in out
    assert [c.id for c in Repository.open(data, FixedClock(datetime.now(UTC))).cards.all()] == [
        "c1"
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"format": "rebound-export", "x": "\xff"}', "is not UTF-8 text (byte 35 cannot"),
        (b"[" * 100_000, "nests lists or objects too deeply"),
        (
            b'{"format": "rebound-export", "schema_version": 1, "x": '
            + b"[" * 17
            + b"]" * 17
            + b"}",
            "nested more than 16 deep",
        ),
        (b'{"format": "rebound-export", "n": ' + b"9" * 5000 + b"}", "cannot be read as JSON"),
        (b'{"format": "rebound-export",', "is not valid JSON (line 1, column 29"),
        (b"", "is not valid JSON"),
        (b"[]", "not a Rebound export (expected a JSON object)"),
    ],
    ids=["bad-utf8", "deep-100000", "deep-17", "5000-digits", "truncated", "empty", "list"],
)
def test_unreadable_files_are_one_line(
    content: bytes,
    expected: str,
    seeded: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    refuse(capsys, seeded, path, expected)


def test_a_hostile_file_name_is_shown_escaped(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "\x1b]0;pwned\x07.json"
    path.write_text("{}")
    err = refuse(capsys, seeded, path, "\\x1b]0;pwned\\x07.json")
    assert "\x07" not in err


def test_a_rebound_of_an_unknown_interview_is_allowed(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Deleting an interview leaves its rebound pointing nowhere; the app shows it without
    one, so an import may hold such a rebound too."""
    path = tmp_path / "dangling.json"
    path.write_text(
        mutated(
            lambda d: d["rebounds"].append(
                {"id": "r2", "interview_id": "gone", "opened_at": "2026-11-01T10:00:00+00:00"}
            )
        )
    )
    code, out, err = cli(capsys, "--data-dir", str(seeded), "import", str(path))
    assert code == 0, err
    assert "rebounds: 1 new" in out
    code, out, err = cli(capsys, "--data-dir", str(seeded), "status")
    assert code == 0 and err == "", err


# -- the same rules for what is on disk ------------------------------------------------------
def test_from_record_names_the_field_and_never_raises_anything_else() -> None:
    good = to_record(
        Review(id="v", card_id="c", rating=2, reviewed_at=datetime(2026, 1, 1, tzinfo=UTC))
    )
    assert from_record(Review, good).rating == 2
    for field, value, path, problem in [
        ("reviewed_at", "9999-12-31T23:00:00-05:00", "reviewed_at", "is not between 1970"),
        ("reviewed_at", "0001-01-01T00:00:00+14:00", "reviewed_at", "is not between 1970"),
        ("rating", 5, "rating", "must be one of 1, 2, 3, 4, got 5"),
        ("duration_ms", 10**400, "duration_ms", "is too large"),
        ("card_id", None, "card_id", "must not be null"),
    ]:
        with pytest.raises(RecordError) as caught:
            from_record(Review, {**good, field: value})
        assert (caught.value.path, caught.value.record) == (path, "Review")
        assert problem in caught.value.problem
        assert str(caught.value).startswith(f"Review.{path}: ")
    with pytest.raises(RecordError, match=r"^Review\.rating: is missing$"):
        from_record(Review, {k: v for k, v in good.items() if k != "rating"})
    with pytest.raises(RecordError, match=r"^Settings\.fsrs_parameters: \[3\] must be between"):
        from_record(Settings, {"fsrs_parameters": [0.2, 1.2, 3.2, 999.0] + [0.5] * 17})


def test_what_the_app_writes_passes_its_own_rules(clock: FixedClock, tmp_path: Path) -> None:
    """Every record the demo writes, and the extremes the app can produce (a new card, a
    reviewed card, a reset card, a long-stale review), reads back unchanged."""
    from rebound_tui.services.demo import generate

    repo = Repository.open(tmp_path / "demo", clock)
    generate(repo, "small")
    document = export_document(repo, clock.now())
    repo.close()
    checked = 0
    for spec in COLLECTIONS:
        for raw in document[spec.name]:
            assert to_record(from_record(spec.record_type, raw)) == raw
            checked += 1
    assert checked > 100
    assert from_record(Settings, document["settings"]) == Settings(
        timezone="Europe/London", your_name="Alex"
    )
    assert from_record(Settings, to_record(Settings())) == Settings()

    scheduler = make_scheduler(Settings(), fuzz=False)
    card = Card(id="c", question="", created_at=clock.now(), due=clock.now())
    when = clock.now()
    for rating in (1, 4, 4, 4, 1, 1, 3, 4, 4, 4, 4):
        assert from_record(Card, to_record(card)) == card
        card, review = rate(card, rating, when, scheduler)
        assert from_record(Review, to_record(review)) == review
        when = min(card.due, datetime(2100, 1, 1, tzinfo=UTC)) + timedelta(days=400)
    reset = replace(card, state=1, step=0, stability=None, difficulty=None, last_review=None)
    assert from_record(Card, to_record(reset)) == reset
    checkin = CheckIn(id="k", at=clock.now(), pleasantness=-3, energy=3, intensity=10)
    assert from_record(CheckIn, to_record(checkin)) == checkin


def test_typed_dates_outside_the_span_are_refused_not_overflowed() -> None:
    today = date(2026, 11, 26)
    assert parse_day("in 3 weeks", today) == date(2026, 12, 17)
    assert parse_day("2199-12-31", today) == date(2199, 12, 31)
    for text in ("in 99999999 weeks", "0001-01-01", "9999-12-31", "1969-12-31"):
        with pytest.raises(ValueError, match=r"is (too far away|not a date I can read)"):
            parse_day(text, today)


def test_what_import_derives_from_a_valid_file_is_valid(
    seeded: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A review on the last day of the span reschedules its card decades past it: the
    stored card must still read back (and export and import again)."""
    monkeypatch.setenv("REBOUND_FAKE_NOW", "2199-12-31T23:59:59+00:00")
    path = tmp_path / "late.json"
    path.write_text(
        mutated(
            lambda d: d["reviews"].extend(
                {"id": f"late{n}", "card_id": "c1", "rating": 4, "reviewed_at": when}
                for n, when in enumerate(
                    ("2150-01-01T00:00:00+00:00", "2199-12-31T23:59:59+00:00")
                )
            )
        )
    )
    code, _, err = cli(capsys, "--data-dir", str(seeded), "import", str(path))
    assert code == 0, err
    card = Repository.open(seeded, FixedClock(datetime.now(UTC))).cards.get("c1")
    assert card is not None and card.due.year > 2200
    exported = tmp_path / "out.json"
    code, _, err = cli(
        capsys, "--data-dir", str(seeded), "export", "--format", "json", "-o", str(exported)
    )
    assert code == 0, err
    code, out, err = cli(capsys, "--data-dir", str(tmp_path / "again"), "import", str(exported))
    assert code == 0, err
    assert "cards: 1 new" in out


@pytest.mark.parametrize("bound", ["lower", "upper"])
def test_replay_within_the_rules_cannot_overflow(
    bound: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The most extreme settings the rules allow (fsrs's parameter bounds, no learning
    steps, a 100-year maximum interval) and reviews from 1970 to 2199: the import's
    replay finishes and what it stores reads back."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    monkeypatch.setenv("REBOUND_FAKE_NOW", "2199-12-31T23:59:59+00:00")  # no review is ahead
    parameters = LOWER_BOUNDS_PARAMETERS if bound == "lower" else UPPER_BOUNDS_PARAMETERS
    start, end = datetime(1970, 1, 1, tzinfo=UTC), datetime(2199, 12, 31, tzinfo=UTC)
    count = 60
    document = {
        "format": "rebound-export",
        "schema_version": 1,
        "cards": [{"id": c, "question": c, "answer": "a"} for c in ("spread", "burst")],
        "reviews": [
            {
                "card_id": card,
                "rating": (4, 1, 4, 3, 2)[n % 5],
                "reviewed_at": (
                    start + (end - start) * n / (count - 1)
                    if card == "spread"
                    else end - timedelta(seconds=count - n)
                ).isoformat(),
            }
            for card in ("spread", "burst")
            for n in range(count)
        ],
        "settings": {
            "fsrs_parameters": list(parameters),
            "desired_retention": 0.7,
            "learning_steps_minutes": [],
            "relearning_steps_minutes": [],
            "maximum_interval_days": 36500,
        },
    }
    path = tmp_path / "extreme.json"
    path.write_text(json.dumps(document))
    data = tmp_path / "data"
    code, out, err = cli(capsys, "--data-dir", str(data), "import", str(path))
    assert code == 0, err
    assert "reviews: 120 new" in out
    repo = Repository.open(data, FixedClock(datetime.now(UTC)))
    cards = {c.id: c for c in repo.cards.all()}
    assert set(cards) == {"spread", "burst"}
    assert all(c.reps == count and c.last_review is not None for c in cards.values())
    assert len(repo.reviews.all()) == 2 * count


def test_a_file_of_millions_of_tiny_values_is_refused_before_parsing(
    seeded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """24 MB of `{},` would parse into 8 million objects (about 600 MB); the count of
    commas and brackets refuses it first."""
    path = tmp_path / "tiny.json"
    path.write_bytes(b"[" + b"{}," * 8_000_000 + b"{}]")
    refuse(capsys, seeded, path, "holds too many values to import at once")


def test_the_drill_records_a_duration_the_rules_accept(tmp_path: Path) -> None:
    """A clock set back while a card is shown, or a card left open for a month, gave a
    negative or unbounded duration; the drill keeps it within 0 to a week."""
    from rebound_tui.services.drill import DrillSession

    clock = FixedClock(datetime(2026, 11, 26, 15, 0, tzinfo=UTC))
    repo = Repository.open(tmp_path / "data", clock)
    start = clock.now()
    repo.cards.put_many([Card(id=c, question="q", created_at=start, due=start) for c in "ab"])
    session = DrillSession(repo)
    session.reveal()
    clock.set(clock.now() - timedelta(hours=1))  # the system clock is put back
    session.rate(3)
    session.reveal()
    clock.advance(timedelta(days=30))
    session.rate(3)
    durations = sorted(r.duration_ms or 0 for r in repo.reviews.all())
    assert durations == [0, 7 * 86_400_000]
    for review in repo.reviews.all():
        assert from_record(Review, to_record(review)) == review
    repo.close()


def test_fitted_parameters_are_always_savable() -> None:
    """A fit that returns NaN or infinities is clamped to values the rules accept."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from rebound_tui.domain.optimize import clamp_parameters

    fitted = [float("nan"), float("inf"), -float("inf")] * 7
    clamped = clamp_parameters(fitted)
    assert clamped[0] == DEFAULT_PARAMETERS[0]
    settings = Settings(fsrs_parameters=clamped)
    assert from_record(Settings, to_record(settings)) == settings
