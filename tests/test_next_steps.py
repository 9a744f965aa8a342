"""Next steps are things you do: a step written in Move on shows on home, is overdue once
its day has passed, can be put off, edited and marked done (then it leaves the open list
and counts in history); none vanishes. Old data (a rebound carrying its next step) opens
and imports as next-step records."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Interview, Rebound
from rebound_tui.services import interviews, next_steps, rebounds
from rebound_tui.store.backups import list_backups
from rebound_tui.store.files import SCHEMA_VERSION
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.next_step_form import NextStepForm
from rebound_tui.ui.screens.home import HomeScreen
from rebound_tui.ui.screens.next_steps import NextStepsScreen
from rebound_tui.ui.screens.rebound import ReboundScreen
from tests.helpers import START, open_repo, toasts

SIZE = (100, 34)


def shown(app: ReboundApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def listed(app: ReboundApp) -> list[str]:
    from textual.widgets import OptionList

    options = app.screen.query_one("#next-steps-list", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def paste(pilot: Pilot[object], text: str) -> None:
    from textual import events

    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def home_again(pilot: Pilot[object], app: ReboundApp) -> None:
    app.action_go_home()
    await pilot.pause()
    assert isinstance(app.screen, HomeScreen)
    await pilot.pause()


async def test_a_next_step_from_move_on_is_done_snoozed_and_counted(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)  # Thursday 26 November 2026
    _, rebound = interviews.mark_rejected(repo, Interview(id="iv", company="Acme"))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # Move on: the next step and its day, saved as the user types.
        await app.push_screen(ReboundScreen(rebound.id))
        assert isinstance(app.screen, ReboundScreen)
        app.screen.go_to("move_on")
        await pilot.pause()
        app.screen.query_one("#next-step", Input).focus()
        await paste(pilot, "Ask Sam for a referral")
        await pilot.press("tab")
        await paste(pilot, "saturday")
        await pilot.pause(1.0)  # the autosave timer
        assert "Saturday 28 November 2026" in shown(app, "#next-step-error")
        (step,) = [item.step for item in next_steps.open_steps(repo, date(2026, 11, 26))]
        assert (step.text, step.due_on, step.rebound_id) == (
            "Ask Sam for a referral",
            date(2026, 11, 28),
            rebound.id,
        )

        # Home lists it, with its day, and says how to reach it.
        await home_again(pilot, app)
        assert "→ Ask Sam for a referral (your next step, by Sat 28 Nov; n opens them)" in (
            shown(app, "#home-rebounds")
        )

        # Three days later it is overdue, on home and in the list; it did not vanish.
        clock.advance(days=3)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        (line,) = listed(app)
        assert line.startswith("overdue Ask Sam for a referral · was for Sat 28 Nov · Acme")
        assert "1 open, 1 overdue" in shown(app, "#next-steps-summary")
        await home_again(pilot, app)
        assert "by Sat 28 Nov, overdue; n opens them" in shown(app, "#home-rebounds")

        # Put off a day: tomorrow's now, not overdue.
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert "Put off to Monday 30 Nov." in toasts(app)
        (line,) = listed(app)
        assert line.startswith("Ask Sam for a referral · by Mon 30 Nov, put off · Acme")
        stored = next_steps.next_step(repo, step.id)
        assert stored is not None
        assert (stored.due_on, stored.snoozed_until) == (date(2026, 11, 28), date(2026, 11, 30))
        await pilot.press("w")  # and a week more, from its day
        await pilot.pause()
        assert "Put off to Monday 07 Dec." in toasts(app)
        await home_again(pilot, app)
        text = shown(app, "#home-rebounds")
        assert "by Mon 07 Dec; n opens them" in text and "overdue" not in text

        # Edit it: the form holds its text and day; a new day ends the snooze.
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NextStepForm)
        assert app.screen.query_one("#step-form-text", Input).value == "Ask Sam for a referral"
        assert app.screen.query_one("#step-form-day", Input).value == "2026-12-07"
        app.screen.query_one("#step-form-text", Input).value = "Ask Sam and Kim for referrals"
        app.screen.query_one("#step-form-day", Input).value = "friday"
        await pilot.pause()
        assert "Friday 4 December 2026" in shown(app, "#step-form-problem")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        stored = next_steps.next_step(repo, step.id)
        assert stored is not None
        assert (stored.text, stored.due_on, stored.snoozed_until) == (
            "Ask Sam and Kim for referrals",
            date(2026, 12, 4),
            None,
        )

        # Add one from the list: text, enter, day, enter.
        await pilot.press("a")
        await pilot.pause()
        await paste(pilot, "Update the portfolio")
        await pilot.press("enter")
        await paste(pilot, "tomorrow")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NextStepsScreen)
        assert [s.step.text for s in next_steps.open_steps(repo, date(2026, 11, 29))] == [
            "Update the portfolio",
            "Ask Sam and Kim for referrals",
        ]

        # Done: it leaves the open list, is kept (v shows it) and counts in history.
        await pilot.press("j")  # the referrals step, below the portfolio one
        await pilot.press("x")
        await pilot.pause()
        assert "Done: Ask Sam and Kim for referrals. It counts in your history." in toasts(app)
        assert [line.split(" ·")[0] for line in listed(app)] == ["Update the portfolio"]
        assert "1 open · 1 done (v shows them)" in shown(app, "#next-steps-summary")
        await pilot.press("v")
        await pilot.pause()
        assert listed(app)[1].startswith("✓ Ask Sam and Kim for referrals · done Sun 29 Nov")
        await home_again(pilot, app)
        text = shown(app, "#home-rebounds")
        assert "Update the portfolio" in text and "referrals" not in text
        await pilot.press("h")
        await pilot.pause()
        assert "Next steps done: 1 · still open: 1" in shown(app, "#next-steps-count")

        # Back in Move on, the rebound's step is done: the field is free for a new one.
        await home_again(pilot, app)
        await app.push_screen(ReboundScreen(rebound.id))
        assert isinstance(app.screen, ReboundScreen)
        app.screen.go_to("move_on")
        await pilot.pause()
        assert app.screen.query_one("#next-step", Input).value == ""
        assert "✓ Done: Ask Sam and Kim for referrals." in shown(app, "#next-step-error")
    closed = rebounds.rebound(repo, rebound.id)
    assert closed is not None
    assert rebounds.step_status(repo, closed)["move_on"] == "done"


async def test_home_shows_three_and_counts_the_rest(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    for number in range(5):
        next_steps.add_step(repo, f"Step {number}", date(2026, 11, 20 + number))
    next_steps.add_step(repo, "Someday", None)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = shown(app, "#home-rebounds")
        assert "→ Step 0 (your next step, by Fri 20 Nov, overdue; n opens them)" in text
        assert "Step 2" in text and "Step 3" not in text
        assert "… and 3 more next steps" in text
        await pilot.press("n")
        await pilot.pause()
        assert len(listed(app)) == 6
        assert listed(app)[-1].startswith("Someday · no day")


def test_snoozing_counts_from_today_or_the_steps_day(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)  # Thursday 26 November
    late = next_steps.add_step(repo, "late", date(2026, 11, 1))
    ahead = next_steps.add_step(repo, "ahead", date(2026, 12, 10))
    undated = next_steps.add_step(repo, "undated")
    assert next_steps.snooze(repo, late, 1).day == date(2026, 11, 27)
    assert next_steps.snooze(repo, ahead, 7).day == date(2026, 12, 17)
    assert next_steps.snooze(repo, undated, 7).day == date(2026, 12, 3)
    edge = next_steps.add_step(repo, "edge", date(2199, 12, 30))
    assert next_steps.snooze(repo, edge, 7).day == date(2199, 12, 31)
    with pytest.raises(ValueError, match="needs a few words"):
        next_steps.add_step(repo, "   ")


def test_clearing_move_on_text_removes_only_the_open_step(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    _, rebound = interviews.mark_rejected(repo, Interview(id="iv", company="Acme"))
    first = rebounds.save_next_step(repo, rebound, "first", None)
    assert first is not None
    next_steps.mark_done(repo, first)
    second = rebounds.save_next_step(repo, rebound, "second", date(2026, 12, 1))
    assert second is not None and second.id != first.id
    assert rebounds.save_next_step(repo, rebound, "", None) is None
    assert [s.text for s in repo.next_steps.all()] == ["first"], "the done one is kept"


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
        assert "→ Apply to two climate startups (your next step, by Thu 19 Nov, overdue" in (
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


# -- how the list looks ----------------------------------------------------------------
def test_next_steps_screen(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)  # Thursday 26 November
    _, rebound = interviews.mark_rejected(repo, Interview(id="iv", company="Acme"))
    rebounds.save_next_step(repo, rebound, "Ask Sam for a referral", date(2026, 11, 24))
    today = next_steps.add_step(repo, "Send the thank-you note", date(2026, 11, 26))
    put_off = next_steps.add_step(repo, "Mock interview with Kim", date(2026, 11, 25))
    next_steps.snooze(repo, put_off, 7)
    next_steps.add_step(repo, "Read about system design")
    done = next_steps.add_step(repo, "Update the CV", date(2026, 11, 20))
    next_steps.mark_done(repo, done)
    assert today.day == date(2026, 11, 26)
    app = ReboundApp(repo, clock)

    async def open_list(pilot: Pilot[object]) -> None:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()

    assert snap_compare(app, run_before=open_list, terminal_size=(80, 24))
