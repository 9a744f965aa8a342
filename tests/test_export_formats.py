"""The readable exports: a Markdown journal (golden file) and CSV read back with `csv`;
and `rebound demo`, deterministic."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import CheckIn, Interview
from rebound_tui.domain.treats import CATALOGUE
from rebound_tui.services import checkins, feedback, interviews, rebounds, reflections, treats
from rebound_tui.store.repository import Repository
from tests.helpers import START, open_repo

GOLDEN = Path(__file__).parent / "golden" / "journal.md"


def journal_data(repo: Repository, clock: FixedClock) -> None:
    interview = interviews.save_interview(
        repo,
        Interview(
            id="i1",
            company="Acme",
            role="Backend engineer",
            stage="onsite",
            contact="Priya",
            applied_on=date(2026, 11, 2),
            wish="Work on payments",
            obstacle="I freeze on design questions",
            plan="I sketch the boxes first",
            pictured=6,
        ),
    )
    _, rebound = interviews.mark_rejected(repo, interview)
    repo.rebounds.delete(rebound)
    rebound = repo.rebounds.put(replace(rebound, id="r1"))
    checkins.save_checkin(
        repo,
        CheckIn(
            id="c1",
            at=clock.now(),
            pleasantness=-2,
            energy=-2,
            words=("disappointed", "tired"),
            intensity=7,
            daydream=8,
            note="Thought *this* was the one",
            friend="One no is not a verdict",
            rebound_id="r1",
        ),
    )
    entry = treats.accept_treat(repo, CATALOGUE[0], repo.rebounds.get("r1"), "c1")
    treats.rate_treat(repo, entry, 4)
    reflection = reflections.new_reflection(repo, repo.rebounds.get("r1"), "tough")  # type: ignore[arg-type]
    reflection = reflections.save_reflection(
        repo,
        replace(
            reflection,
            id="f1",
            question="Why leave?",
            note="Rambled",
            prepared="no",
            situation="Reorg",
            action="I say what I want next",
            result="Calm answer",
        ),
    )
    reflections.send_to_drill(repo, reflection)
    request = feedback.feedback_request_for(repo, repo.rebounds.get("r1"))  # type: ignore[arg-type]
    request = feedback.set_feedback_status(repo, request, "sent")
    feedback.save_feedback_request(repo, replace(request, points=("More depth on design",)))
    rebounds.save_lessons(repo, repo.rebounds.get("r1"), ["Lead with the result"])  # type: ignore[arg-type]
    rebounds.save_next_step(
        repo,
        repo.rebounds.get("r1"),
        "Apply to two roles",  # type: ignore[arg-type]
        date(2026, 12, 1),
    )
    clock.advance(days=2)
    rebounds.close_rebound(repo, repo.rebounds.get("r1"))  # type: ignore[arg-type]
    repo.checkins.put(
        CheckIn(id="c2", at=clock.now(), pleasantness=1, energy=2, words=("hopeful",), intensity=4)
    )


def test_markdown_journal_matches_the_golden_file(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    journal_data(open_repo(data_dir, clock), clock)
    monkeypatch.setenv("REBOUND_FAKE_NOW", clock.now().isoformat())
    assert main(["export", "--format", "md", "--data-dir", str(data_dir)]) == 0
    text = capsys.readouterr().out
    card_line = next(line for line in text.splitlines() if line.startswith("*new;"))
    assert card_line == "*new; 0 reviews, forgotten 0 times*"
    assert text == GOLDEN.read_text(), "journal changed: review it, then update the golden"


def test_csv_export_reads_back(
    data_dir: Path, clock: FixedClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal_data(open_repo(data_dir, clock), clock)
    out = tmp_path / "csv"
    assert main(["export", "--format", "csv", "-o", str(out), "--data-dir", str(data_dir)]) == 0
    assert "Exported 13 CSV files" in capsys.readouterr().err
    with (out / "checkins.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == ["c1", "c2"]
    assert rows[0]["words"] == "disappointed; tired"
    assert rows[0]["note"] == "Thought *this* was the one"
    assert rows[0]["daydream"] == "8" and rows[1]["daydream"] == ""
    with (out / "interviews.csv").open(newline="") as handle:
        (interview,) = list(csv.DictReader(handle))
    assert (interview["company"], interview["outcome"], interview["applied_on"]) == (
        "Acme",
        "rejected",
        "2026-11-02",
    )
    with (out / "next_steps.csv").open(newline="") as handle:
        (step,) = list(csv.DictReader(handle))
    assert (step["text"], step["due_on"], step["rebound_id"]) == (
        "Apply to two roles",
        "2026-12-01",
        "r1",
    )
    with (out / "settings.csv").open(newline="") as handle:
        settings = dict(csv.reader(handle))
    assert settings["timezone"] == "Europe/Berlin" and settings["day_start_hour"] == "4"
    for name in (
        "rebounds",
        "reflections",
        "feedback_requests",
        "treats",
        "treat_log",
        "lessons",
        "next_steps",
        "cards",
        "reviews",
    ):
        with (out / f"{name}.csv").open(newline="") as handle:
            header = next(csv.reader(handle))
        assert "id" in header


def test_csv_needs_a_directory(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    assert main(["export", "--format", "csv", "--data-dir", str(data_dir)]) == 2
    assert "give a directory, -o DIR" in capsys.readouterr().err


def test_demo_is_deterministic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REBOUND_FAKE_NOW", START.isoformat())
    exports = []
    for name in ("one", "two"):
        target = tmp_path / name
        assert main(["demo", "--size", "small", "--no-launch", "--data-dir", str(target)]) == 0
        assert main(["export", "--data-dir", str(target)]) == 0
        out = capsys.readouterr().out
        document = json.loads(out[out.index("{") :])
        document.pop("exported_at")
        exports.append(json.dumps(document, sort_keys=True))
    assert exports[0] == exports[1]
    document = json.loads(exports[0])
    assert len(document["interviews"]) == 14 and len(document["cards"]) == 16
    assert any(r["closed_at"] is None for r in document["rebounds"])


def test_demo_never_touches_existing_data(
    tmp_path: Path, data_dir: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    open_repo(data_dir, clock).interviews.put(Interview(id="mine", company="Mine"))
    assert main(["demo", "--no-launch", "--data-dir", str(data_dir)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert main(["demo", "--no-launch"]) == 0
    out = capsys.readouterr().out
    assert "rebound-demo-" in out
    assert [i.id for i in Repository.open(data_dir, clock).interviews.all()] == ["mine"]
    _ = timedelta
