"""Property-based tests of import (hypothesis): a generated export document either imports
fully (and then exports round-trip and `status` runs) or is refused with exit 2, one
line, and the data directory byte-for-byte unchanged.

The strategies are written from the product's rules (the grid is -3..3, ratings 1-4 and
so on), not generated from the models' annotations, so a rule missing from the models is
caught here as an import that should have been refused, or one refused that should not.
Deterministic (derandomize) and sized to run in well under half a minute.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rebound_tui.cli import main
from rebound_tui.store.repository import Repository

NOW = "2026-11-26T15:00:00+00:00"
RUNS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

# -- hostile but valid text, and text that must be refused ------------------------------------
HOSTILE = [
    "[/bold]",
    "[red]x[/]",
    "[@click=app.quit]quit[/]",
    "\x1b]52;c;cHduZWQ=\x07",  # write the clipboard
    "\x1b]0;retitled\x07",
    "\x1b[2J\x1b[H",
    "\x9b31m",  # C1 CSI
    "a\x00b",
    "\r\rcarriage",
    "\u202eevil",  # right-to-left override
    "e\u0301 👩‍👩‍👧 \ufeff",
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1",
    "@SUM(A1)",
    "line\nbreak\ttab",
    "x" * 5000,
]
INVALID_TEXT = ["\ud800", "ok\udfff", "x" * 1_000_001]

text = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE))
line = st.one_of(st.text(max_size=30), st.sampled_from(HOSTILE[:-1]))
ids = st.text(st.characters(categories=("L", "N", "Pd", "Pc", "Po", "S")), min_size=1, max_size=20)
OFFSETS = [UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=30))]
times = st.builds(
    lambda moment, tz: moment.replace(tzinfo=UTC).astimezone(tz).isoformat(),
    st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2199, 12, 31, 23, 59)),
    st.sampled_from(OFFSETS),
)
# A review is never dated after the clock the import runs at (NOW, below).
review_times = st.builds(
    lambda moment, tz: moment.replace(tzinfo=UTC).astimezone(tz).isoformat(),
    st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2026, 11, 26, 15, 0)),
    st.sampled_from(OFFSETS),
)
days = st.dates(
    min_value=datetime(1970, 1, 1).date(), max_value=datetime(2199, 12, 31).date()
).map(lambda d: d.isoformat())


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def record(
    required: dict[str, st.SearchStrategy[Any]], optional: dict[str, st.SearchStrategy[Any]]
) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"id": ids, **required}, optional=optional)


STEPS = ["feel", "treat", "went_well", "tough", "feedback", "move_on"]
RECORDS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "interviews": record(
        {"company": line},
        {
            "role": line,
            "stage": st.sampled_from(
                ["applied", "screen", "technical", "onsite", "final", "offer"]
            ),
            "outcome": st.sampled_from(["active", "offer", "rejected", "withdrew", "ghosted"]),
            "applied_on": maybe(days),
            "decided_on": maybe(days),
            "contact": line,
            "notes": text,
            "created_at": times,
        },
    ),
    "rebounds": record(
        {"interview_id": ids, "opened_at": times},
        {
            "closed_at": maybe(times),
            "step": st.sampled_from(STEPS),
            "visited": st.lists(st.sampled_from(STEPS), max_size=6),
            "next_step": line,
            "next_step_on": maybe(days),
        },
    ),
    "checkins": record(
        {"at": times},
        {
            "pleasantness": st.integers(-3, 3),
            "energy": st.integers(-3, 3),
            "words": st.lists(line, max_size=4),
            "intensity": st.integers(1, 10),
            "note": text,
            "daydream": maybe(st.integers(0, 10)),
            "tz": st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", ""]),
        },
    ),
    "reflections": record(
        {"rebound_id": ids, "kind": st.sampled_from(["went_well", "tough"])},
        {
            "question": text,
            "situation": text,
            "action": text,
            "note": text,
            "prepared": st.sampled_from(["", "yes", "partly", "no"]),
        },
    ),
    "feedback_requests": record(
        {"rebound_id": ids},
        {
            "body": text,
            "status": st.sampled_from(["draft", "sent", "replied", "no_reply"]),
            "sent_on": maybe(days),
            "points": st.lists(text, max_size=3),
        },
    ),
    "treats": record(
        {"title": line},
        {
            "minutes": st.integers(1, 1440),
            "cost": st.integers(0, 2),
            "place": st.sampled_from(["indoor", "outdoor", "either"]),
            "energy": st.sampled_from(["low", "high", "any"]),
        },
    ),
    "treat_log": record(
        {"treat_id": ids, "accepted_at": times},
        {"done_at": maybe(times), "helped": maybe(st.integers(1, 5))},
    ),
    "lessons": record(
        {"text": text},
        {"kind": st.sampled_from(["lesson", "skill"]), "position": st.integers(0, 3)},
    ),
    "next_steps": record(
        {"text": line},
        {
            "due_on": maybe(days),
            "rebound_id": maybe(ids),
            "snoozed_until": maybe(days),
            "done_at": maybe(times),
            "created_at": times,
        },
    ),
    "cards": record(
        {"question": text, "answer": text},
        {
            "hint": text,
            "tags": st.lists(line, max_size=3),
            "source": st.sampled_from(["typed", "reflection", "feedback", "starter", "import"]),
            "created_at": times,
        },
    ),
}
SETTINGS = st.fixed_dictionaries(
    {},
    optional={
        "timezone": st.sampled_from(["Europe/Berlin", "Asia/Kolkata", "UTC"]),
        "day_start_hour": st.integers(0, 23),
        "new_per_day": st.integers(0, 50),
        "desired_retention": st.floats(0.7, 0.99),
        "learning_steps_minutes": st.lists(st.integers(1, 1440), max_size=3),
        "maximum_interval_days": st.integers(1, 36500),
        "leech_lapses": st.integers(1, 20),
        "your_name": line,
        "theme": maybe(st.sampled_from(["textual-dark", "nord", "no-such-theme"])),
    },
)


def unique(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for item in items:
        seen.setdefault(item["id"], item)
    return list(seen.values())


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    document: dict[str, Any] = {"format": "rebound-export", "schema_version": 1}
    for name, strategy in RECORDS.items():
        document[name] = unique(draw(st.lists(strategy, max_size=3)))
    cards = document["cards"]
    reviews = []
    if cards:
        for n in range(draw(st.integers(0, 6))):
            reviews.append(
                {
                    "id": f"review-{n}",
                    "card_id": draw(st.sampled_from([c["id"] for c in cards] + ["deleted"])),
                    "rating": draw(st.integers(1, 4)),
                    "reviewed_at": draw(review_times),
                    "duration_ms": draw(maybe(st.integers(0, 600_000))),
                }
            )
    document["reviews"] = reviews
    if draw(st.booleans()):
        document["settings"] = draw(SETTINGS)
    return document


WRONG = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.sampled_from([float("nan"), float("inf"), -float("inf"), 1e308, -0.0, 0.5]),
    st.sampled_from(["", "bogus", "9999-12-31", "9999-12-31T23:59:59+00:00"]),
    st.sampled_from(["0001-01-01T00:00:00+14:00", "2026-01-01T00:00:00", *INVALID_TEXT]),
    st.sampled_from([[], [1], {}, {"a": 1}, [[[[[[]]]]]]]),
)


@st.composite
def mutated_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid document with one field of one record set to something else."""
    document = draw(documents())
    document.setdefault("settings", {})
    if not document["cards"]:
        document["cards"] = [{"id": "c", "question": "q", "answer": "a"}]
    names = [n for n in (*RECORDS, "reviews", "settings") if document[n]] + ["settings"]
    name = draw(st.sampled_from(sorted(names)))
    if name == "settings":
        target = document["settings"]
        fields = sorted({*target, "day_start_hour", "fsrs_parameters", "keymap", "timezone"})
    else:
        target = draw(st.sampled_from(document[name]))
        fields = sorted({*target, "id", "created_at", "state", "stability", "due", "rating"})
    target[draw(st.sampled_from(fields))] = draw(WRONG)
    return document


# -- the harness ---------------------------------------------------------------------------
SEED = {
    "format": "rebound-export",
    "schema_version": 1,
    "interviews": [{"id": "seed-i", "company": "Seed Co"}],
    "cards": [{"id": "seed-c", "question": "q", "answer": "a"}],
    "reviews": [{"card_id": "seed-c", "rating": 3, "reviewed_at": "2026-11-01T10:00:00+00:00"}],
    "settings": {"timezone": "Europe/Berlin"},
}


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    out = {}
    for path in sorted(root.rglob("*")):
        mode = stat.S_IMODE(path.lstat().st_mode)
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        out[path.relative_to(root).as_posix()] = (mode, digest)
    return out


class Harness:
    def __init__(self, capsys: pytest.CaptureFixture[str], root: Path) -> None:
        self.capsys = capsys
        self.root = root
        self.seeded = root / "seeded"
        seed = root / "seed.json"
        seed.write_text(json.dumps(SEED))
        code, _, err = self.cli("--data-dir", str(self.seeded), "import", str(seed))
        assert code == 0, err

    def cli(self, *args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        finally:
            close_opened()
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def write(self, place: Path, document: dict[str, Any]) -> Path:
        path = place / "import.json"
        path.write_text(json.dumps(document), encoding="utf-8", errors="surrogatepass")
        return path

    def export(self, data: Path, name: str) -> dict[str, Any]:
        out = data.parent / name
        code, _, err = self.cli(
            "--data-dir", str(data), "export", "--format", "json", "-o", str(out)
        )
        assert code == 0, err
        exported: dict[str, Any] = json.loads(out.read_text())
        exported.pop("exported_at")
        return exported

    def check(self, document: dict[str, Any]) -> bool:
        """Import into a copy of the seeded data: refused cleanly, or imported fully
        (then round-trips). Returns whether it was imported."""
        place = Path(tempfile.mkdtemp(dir=self.root))
        try:
            data = place / "data"
            shutil.copytree(self.seeded, data)
            before = snapshot(data)
            code, out, err = self.cli(
                "--data-dir", str(data), "import", str(self.write(place, document))
            )
            if code != 0:
                assert code == 2, err
                assert out == ""
                assert err.count("\n") == 1 and err.startswith("rebound: error: "), err
                assert "nothing was imported" in err and "\x1b" not in err
                assert snapshot(data) == before
                event("refused: " + err.split(": ", 3)[-1].split(":")[0][:40])
                return False
            assert err == "", err
            event("imported")
            self.imported_fully(document, data, place)
            return True
        finally:
            shutil.rmtree(place, ignore_errors=True)

    def imported_fully(self, document: dict[str, Any], data: Path, place: Path) -> None:
        first = self.export(data, "first.json")
        for name in RECORDS:
            given = {r["id"] for r in document[name]}
            assert given <= {r["id"] for r in first[name]}, name
        for name in RECORDS:  # every field the file gave is kept as given
            stored = {r["id"]: r for r in first[name]}
            for raw in document[name]:
                for key in ("company", "note", "question", "answer", "title", "text", "body"):
                    if key in raw:
                        assert stored[raw["id"]][key] == raw[key], (name, key)
        # Round trip: the export, imported into an empty directory, exports the same.
        again = place / "again"
        code, _, err = self.cli("--data-dir", str(again), "import", str(place / "first.json"))
        assert code == 0, err
        assert self.export(again, "second.json") == first
        # Importing the export back is a no-op, and status runs.
        code, out, err = self.cli("--data-dir", str(data), "import", str(place / "first.json"))
        assert (code, err) == (0, ""), err
        assert out.startswith("Nothing new to import"), out
        code, out, err = self.cli("--data-dir", str(data), "status")
        assert (code, err) == (0, ""), err
        assert "\x1b" not in out


@pytest.fixture
def harness(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Harness]:
    """The CLI leaves its repository (and its open data files) for the process exit to
    close; hundreds of in-process runs would use up file descriptors, so every repository
    opened is closed after each command."""

    def tracked(cls: type[Repository], *args: Any, **kwargs: Any) -> Repository:
        repo: Repository = _OPEN(cls, *args, **kwargs)
        OPENED.append(repo)
        return repo

    monkeypatch.setattr(Repository, "open", classmethod(tracked))
    monkeypatch.setenv("REBOUND_FAKE_NOW", NOW)
    yield Harness(capsys, tmp_path)
    close_opened()


OPENED: list[Repository] = []
_OPEN = Repository.open.__func__  # type: ignore[attr-defined]


def close_opened() -> None:
    while OPENED:
        OPENED.pop().close()


@pytest.mark.slow
@settings(RUNS, max_examples=15)
@given(document=documents())
def test_generated_valid_documents_import_fully_and_round_trip(
    harness: Harness, document: dict[str, Any]
) -> None:
    assert harness.check(document), "a document built within the rules was refused"


@pytest.mark.slow
@settings(RUNS, max_examples=45)
@given(document=mutated_documents())
def test_mutated_documents_import_fully_or_change_nothing(
    harness: Harness, document: dict[str, Any]
) -> None:
    harness.check(document)


@pytest.mark.slow
@settings(RUNS, max_examples=30)
@given(document=documents(), bad=st.sampled_from(INVALID_TEXT), data=st.data())
def test_invalid_text_anywhere_is_refused(
    harness: Harness, document: dict[str, Any], bad: str, data: st.DataObject
) -> None:
    """A lone surrogate or an over-long text in any text field of any record."""
    places = [
        (name, index, key)
        for name in RECORDS
        for index, raw in enumerate(document[name])
        for key, value in raw.items()
        if isinstance(value, str) and key not in ("id", "tz")
    ]
    if not places:
        document["interviews"].append({"id": "only", "company": ""})
        places = [("interviews", len(document["interviews"]) - 1, "company")]
    name, index, key = data.draw(st.sampled_from(places))
    document[name][index][key] = bad
    assert not harness.check(document), f"{name}[{index}].{key} = {bad[:10]!r} was imported"


# -- the contract the store relies on ------------------------------------------------------
JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**40), 10**40),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=12),
        st.sampled_from(["9999-12-31T23:59:59-05:00", "0001-01-01", "2026-01-01", "\ud800"]),
        st.sampled_from(["2026-01-01T00:00:00+00:00", "Europe/Berlin", "feel", "draft"]),
    ),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children),
    max_leaves=8,
)


@settings(RUNS, max_examples=200)
@given(data=st.data())
def test_from_record_raises_only_record_error(data: st.DataObject) -> None:
    """Whatever JSON a stored document holds, reading it either builds the record or
    raises `RecordError` (the store's "damaged file"), never anything else."""
    from dataclasses import fields

    from rebound_tui.domain.codec import RecordError, from_record
    from rebound_tui.domain.models import RECORD_TYPES, Settings

    record_type = data.draw(st.sampled_from([*RECORD_TYPES, Settings]))
    names = [f.name for f in fields(record_type)]
    # A valid record with a few fields replaced, so that checks past the first run too.
    document: dict[str, Any] = {
        "id": "x",
        "company": "",
        "at": NOW,
        "interview_id": "i",
        "opened_at": NOW,
        "rebound_id": "r",
        "kind": "tough",
        "title": "",
        "treat_id": "t",
        "accepted_at": NOW,
        "text": "",
        "question": "",
        "card_id": "c",
        "rating": 3,
        "reviewed_at": NOW,
        "written_at": NOW,
    }
    document = {k: v for k, v in document.items() if k in names}
    if record_type.__name__ == "Lesson":
        document["kind"] = "lesson"
    if record_type.__name__ == "Card":
        document["kind"] = "technical"
    from_record(record_type, document)  # the base is valid
    document.update(data.draw(st.dictionaries(st.sampled_from(names), JSON_VALUES, max_size=3)))
    try:
        from_record(record_type, document)
    except RecordError as error:
        assert "\n" not in str(error) and len(str(error)) < 400
