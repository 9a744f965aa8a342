"""Next steps in data: schema-1 data (a rebound carrying its next step) opens, restores
and imports as next-step records, once; an export of unopened old data still carries them;
next steps round-trip through export and import."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Interview, Rebound
from rebound_tui.services import interviews, next_steps, rebounds
from rebound_tui.store.backups import list_backups
from rebound_tui.store.files import SCHEMA_VERSION
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from tests.helpers import START, open_repo
from tests.test_next_steps import SIZE, shown

# -- old data ---------------------------------------------------------------------------
OLD_REBOUND = {
    "id": "rb1",
    "interview_id": "iv1",
    "opened_at": "2026-11-10T18:00:00+00:00",
    "closed_at": "2026-11-12T18:00:00+00:00",
    "step": "move_on",
    "next_step": "Apply to two climate startups",
    "next_step_on": "2026-11-19",
    "updated_at": "2026-11-12T18:00:00+00:00",
}
OLD_INTERVIEW = {"id": "iv1", "company": "Acme", "outcome": "rejected"}


def write_schema_1(data_dir: Path) -> None:
    """A data directory as Rebound wrote it before next steps were records."""
    data_dir.mkdir(mode=0o700)
    settings = {
        "meta": {"1": {"schema_version": 1}},
        "settings": {"1": {"timezone": "Europe/Berlin"}},
    }
    (data_dir / "settings.json").write_text(json.dumps(settings))
    (data_dir / "interviews.json").write_text(json.dumps({"interviews": {"1": OLD_INTERVIEW}}))
    (data_dir / "rebounds.json").write_text(json.dumps({"rebounds": {"1": OLD_REBOUND}}))


async def test_old_data_opens_with_its_next_step_as_a_record(
    data_dir: Path, clock: FixedClock
) -> None:
    write_schema_1(data_dir)
    repo = Repository.open(data_dir, clock)
    assert SCHEMA_VERSION == 2
    meta = json.loads((data_dir / "settings.json").read_text())["meta"]["1"]
    assert meta["schema_version"] == 2
    (step,) = repo.next_steps.all()
    assert (step.text, step.due_on, step.rebound_id, step.done_at) == (
        "Apply to two climate startups",
        date(2026, 11, 19),
        "rb1",
        None,
    )
    rebound = repo.rebounds.get("rb1")
    assert rebound is not None and (rebound.next_step, rebound.next_step_on) == ("", None)
    assert "pre-migration-v1" in [b.name for b in list_backups(data_dir)]
    kept = json.loads((data_dir / "backups/pre-migration-v1/rebounds.json").read_text())
    assert kept["rebounds"]["1"]["next_step"] == "Apply to two climate startups"
    assert any("upgraded to schema 2" in n for n in repo.drain_notices())
    # A week past its day, it is still on home, overdue (it used to vanish by now).
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "→ Apply to two climate startups (next step, from Thu 19 Nov" in (
            shown(app, "#home-rebounds")
        )
    # Opening again changes nothing more.
    again = Repository.open(data_dir, clock)
    assert again.next_steps.all() == [step]


def run(*args: str) -> int:
    return main(list(args))


def test_restoring_the_backup_from_before_the_upgrade_upgrades_it_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REBOUND_FAKE_NOW", START.isoformat())
    data = tmp_path / "data"
    write_schema_1(data)
    repo = Repository.open(data, FixedClock(START))
    (step,) = repo.next_steps.all()
    next_steps.mark_done(repo, step)
    repo.close()
    assert run("--data-dir", str(data), "restore", "pre-migration-v1") == 0
    capsys.readouterr()
    (again,) = Repository.open(data, FixedClock(START)).next_steps.all()
    assert again == step, "the step as it was before the upgrade: open"


def test_an_old_export_imports_its_next_steps_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REBOUND_FAKE_NOW", "2026-11-26T15:00:00+00:00")
    old = tmp_path / "old.json"
    old.write_text(
        json.dumps(
            {
                "format": "rebound-export",
                "schema_version": 1,
                "interviews": [OLD_INTERVIEW],
                "rebounds": [OLD_REBOUND],
            }
        )
    )
    data = tmp_path / "data"
    assert run("--data-dir", str(data), "import", str(old)) == 0
    assert "next steps: 1 new" in capsys.readouterr().out
    assert run("--data-dir", str(data), "import", str(old)) == 0
    assert capsys.readouterr().out.startswith("Nothing new to import")
    exported = tmp_path / "new.json"
    assert run("--data-dir", str(data), "export", "-o", str(exported)) == 0
    document = json.loads(exported.read_text())
    assert document["schema_version"] == 2
    (step,) = document["next_steps"]
    assert (step["text"], step["due_on"], step["rebound_id"]) == (
        "Apply to two climate startups",
        "2026-11-19",
        "rb1",
    )
    assert document["rebounds"][0]["next_step"] == ""


def test_schema_1_data_exported_before_opening_still_carries_its_steps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rebound export` reads without writing, so data not yet upgraded is exported as it
    is; importing that file still makes the step a record, and the journal shows it."""
    monkeypatch.setenv("REBOUND_FAKE_NOW", "2026-11-26T15:00:00+00:00")
    old_dir = tmp_path / "old"
    write_schema_1(old_dir)
    out = tmp_path / "export.json"
    assert run("--data-dir", str(old_dir), "export", "-o", str(out)) == 0
    assert run("--data-dir", str(old_dir), "export", "--format", "md") == 0
    journal = capsys.readouterr().out
    assert "- **Next step:** Apply to two climate startups by 2026-11-19." in journal
    new_dir = tmp_path / "new"
    assert run("--data-dir", str(new_dir), "import", str(out)) == 0
    (step,) = Repository.open(new_dir, FixedClock(START)).next_steps.all()
    assert step.text == "Apply to two climate startups"


def test_next_steps_round_trip_through_export_and_import(
    data_dir: Path, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = open_repo(data_dir, clock)
    _, rebound = interviews.mark_rejected(repo, Interview(id="iv", company="Acme"))
    from_move_on = rebounds.save_next_step(repo, rebound, "Mock interview", date(2026, 12, 1))
    assert from_move_on is not None
    next_steps.snooze(repo, from_move_on, 7)
    done = next_steps.add_step(repo, "Thank-you note", date(2026, 11, 20))
    next_steps.mark_done(repo, done)
    next_steps.add_step(repo, "Read the job spec again")
    repo.close()
    monkeypatch.setenv("REBOUND_FAKE_NOW", clock.now().isoformat())
    first = tmp_path / "first.json"
    assert run("--data-dir", str(data_dir), "export", "-o", str(first)) == 0
    elsewhere = tmp_path / "elsewhere"
    assert run("--data-dir", str(elsewhere), "import", str(first)) == 0
    second = tmp_path / "second.json"
    assert run("--data-dir", str(elsewhere), "export", "-o", str(second)) == 0
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    a.pop("exported_at"), b.pop("exported_at")
    assert a == b
    assert len(a["next_steps"]) == 3
    assert {
        s["text"]: (s["snoozed_until"], s["done_at"] is not None) for s in a["next_steps"]
    } == {
        "Mock interview": ("2026-12-08", False),
        "Thank-you note": (None, True),
        "Read the job spec again": (None, False),
    }


def test_a_rebound_record_from_old_data_is_still_readable() -> None:
    """Rebound keeps its schema-1 fields, so old records read (and then move)."""
    from rebound_tui.domain.codec import from_record
    from rebound_tui.domain.factory import next_step_kept_on

    rebound = from_record(Rebound, OLD_REBOUND)
    step = next_step_kept_on(rebound)
    again = next_step_kept_on(rebound)
    assert step is not None and again is not None and step.id == again.id, "a stable id"
    assert next_step_kept_on(from_record(Rebound, {**OLD_REBOUND, "next_step": "  "})) is None
