"""`rebound export --format ics`: the dates as a calendar that `icalendar` parses: one
entry per follow-up still to send and per open next step with a day, each with a
reminder, the open interviews ahead, a daily drill reminder when one is set; the same
UIDs in a second export; user text escaped; the calendar file kept up to date."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import FeedbackRequest, Interview, NextStep
from rebound_tui.services.calendar_file import keep_calendar_file
from rebound_tui.services.export.ics import export_ics
from rebound_tui.services.settings import update_settings
from rebound_tui.store.repository import Repository
from tests.helpers import START

TODAY = date(2026, 11, 26)  # START in Berlin
TRICKY = "Call Ana, then Bo; ask about \\n the offer\nsecond line \x1b[31mred"


def _fill(repo: Repository) -> None:
    repo.interviews.put_many(
        [
            Interview(id="i-acme", company="Acme, Inc.", role="Designer",
                      interviewed_on=TODAY + timedelta(days=3)),
            Interview(id="i-past", company="Past", interviewed_on=TODAY - timedelta(days=3)),
            Interview(id="i-done", company="Done", outcome="rejected",
                      interviewed_on=TODAY + timedelta(days=2)),
        ]
    )  # fmt: skip
    sent = TODAY - timedelta(days=8)
    repo.feedback_requests.put_many(
        [
            FeedbackRequest(id="f-due", rebound_id="r1", interview_id="i-acme", status="sent",
                            sent_on=sent, follow_up_on=sent + timedelta(days=7)),
            FeedbackRequest(id="f-ahead", rebound_id="r2", status="sent", sent_on=TODAY,
                            follow_up_on=TODAY + timedelta(days=7)),
            FeedbackRequest(id="f-nudged", rebound_id="r3", status="sent", sent_on=sent,
                            follow_up_on=sent + timedelta(days=7), nudged_on=TODAY),
            FeedbackRequest(id="f-replied", rebound_id="r4", status="replied", sent_on=sent,
                            replied_on=TODAY),
            FeedbackRequest(id="f-draft", rebound_id="r5"),
        ]
    )  # fmt: skip
    repo.next_steps.put_many(
        [
            NextStep(id="s-tricky", text=TRICKY, due_on=TODAY + timedelta(days=1)),
            NextStep(id="s-snoozed", text="Update CV", due_on=TODAY - timedelta(days=2),
                     snoozed_until=TODAY + timedelta(days=4)),
            NextStep(id="s-undated", text="Someday"),
            NextStep(id="s-done", text="Done", due_on=TODAY, done_at=START),
        ]
    )  # fmt: skip


def _parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def _events(calendar: Calendar) -> dict[str, object]:
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_one_entry_per_follow_up_step_and_interview_each_with_a_reminder(
    repo: Repository,
) -> None:
    _fill(repo)
    events = _events(_parse(export_ics(repo, START)))
    assert set(events) == {
        "follow-up-f-due@rebound",
        "follow-up-f-ahead@rebound",
        "next-step-s-tricky@rebound",
        "next-step-s-snoozed@rebound",
        "interview-i-acme@rebound",
    }
    due = events["follow-up-f-due@rebound"]
    assert str(due["summary"]) == "Follow up with Acme, Inc."
    assert due.decoded("dtstart") == TODAY - timedelta(days=1)
    assert events["next-step-s-snoozed@rebound"].decoded("dtstart") == TODAY + timedelta(days=4)
    assert str(events["interview-i-acme@rebound"]["summary"]) == "Interview: Acme, Inc., Designer"
    for event in events.values():
        (alarm,) = event.walk("VALARM")
        assert str(alarm["action"]) == "DISPLAY"
        assert event.decoded("dtstamp") == START
    alarm = events["next-step-s-tricky@rebound"].walk("VALARM")[0]
    assert alarm.decoded("trigger") == timedelta(hours=9)


def test_a_second_export_has_the_same_uids(repo: Repository) -> None:
    _fill(repo)
    first = _events(_parse(export_ics(repo, START)))
    second = _events(_parse(export_ics(repo, START + timedelta(hours=2))))
    assert set(first) == set(second) and len(first) == 5


def test_user_text_is_escaped_and_control_characters_are_not_passed_on(
    repo: Repository,
) -> None:
    _fill(repo)
    data = export_ics(repo, START)
    assert b"\x1b" not in data
    assert b"Call Ana\\, then Bo\\; ask about \\\\n the offer\\nsecond line" in data
    summary = str(_events(_parse(data))["next-step-s-tricky@rebound"]["summary"])
    assert summary.startswith("Call Ana, then Bo; ask about \\n the offer\nsecond line ")
    assert "\x1b" not in summary
    assert b"Acme\\, Inc." in data


def test_the_daily_drill_reminder_repeats_every_day(repo: Repository) -> None:
    assert not _parse(export_ics(repo, START)).walk("VEVENT")
    update_settings(repo, drill_reminder="08:30")
    calendar = _parse(export_ics(repo, START))
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == "drill-reminder@rebound"
    assert event["rrule"]["FREQ"] == ["DAILY"]
    start = event.decoded("dtstart")
    assert (start.hour, start.minute, start.date()) == (8, 30, TODAY)
    assert str(start.tzinfo) == "Europe/Berlin"
    assert calendar.walk("VTIMEZONE")  # the zone is in the file
    assert event.walk("VALARM")


def test_a_drill_reminder_must_be_a_time(repo: Repository) -> None:
    from rebound_tui.services.settings import SettingRejected

    for bad in ("8:30", "24:00", "ab:cd", "08:60"):
        with pytest.raises(SettingRejected):
            update_settings(repo, drill_reminder=bad)


def test_the_command_writes_the_file_or_prints_it(
    repo: Repository, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    _fill(repo)
    repo.close()
    monkeypatch.setenv("REBOUND_FAKE_NOW", START.isoformat())
    target = tmp_path / "rebound.ics"
    assert main(["export", "--format", "ics", "-o", str(target), "--data-dir", str(data_dir)]) == 0
    assert len(_parse(target.read_bytes()).walk("VEVENT")) == 5
    capsys.readouterr()
    assert main(["export", "--format", "ics", "--data-dir", str(data_dir)]) == 0
    assert "BEGIN:VCALENDAR" in capsys.readouterr().out


def test_the_calendar_file_is_rewritten_after_a_change(data_dir: Path, tmp_path: Path) -> None:
    clock = FixedClock(START)
    repo = Repository.open(data_dir, clock)
    update_settings(repo, timezone="Europe/Berlin")
    assert keep_calendar_file(repo) is None  # none set: nothing written
    target = tmp_path / "synced" / "rebound.ics"
    target.parent.mkdir()
    update_settings(repo, calendar_file=str(target))
    assert keep_calendar_file(repo) is None
    assert not _parse(target.read_bytes()).walk("VEVENT")
    written = target.stat().st_mtime_ns
    os.utime(target, ns=(written - 10**9, written - 10**9))
    assert keep_calendar_file(repo) is None  # nothing changed: not rewritten
    assert target.stat().st_mtime_ns == written - 10**9
    repo.next_steps.put(NextStep(id="s1", text="Write to Bo", due_on=TODAY))
    assert keep_calendar_file(repo) is None
    (event,) = _parse(target.read_bytes()).walk("VEVENT")
    assert str(event["uid"]) == "next-step-s1@rebound"
    assert not list(target.parent.glob(".*.tmp"))  # written through a temporary file
    step = repo.next_steps.get("s1")
    assert step is not None
    repo.next_steps.put(replace(step, done_at=START))
    keep_calendar_file(repo)
    assert not _parse(target.read_bytes()).walk("VEVENT")
    update_settings(repo, calendar_file=str(tmp_path / "missing" / "x.ics"))
    message = keep_calendar_file(repo)
    assert message is not None and "could not be written" in message


def test_the_app_exports_both_to_a_new_file_named_for_today(
    repo: Repository, tmp_path: Path
) -> None:
    from rebound_tui.services.transfer import export_to_folder

    _fill(repo)
    ics = export_to_folder(repo, "ics", tmp_path)
    assert ics.name == "rebound-dates-2026-11-26.ics"
    assert len(_parse(ics.read_bytes()).walk("VEVENT")) == 5
    apkg = export_to_folder(repo, "apkg", tmp_path)
    assert apkg.name == "rebound-cards-2026-11-26.apkg"
    assert apkg.read_bytes().startswith(b"PK")
    assert export_to_folder(repo, "ics", tmp_path).name == "rebound-dates-2026-11-26-2.ics"


async def test_the_app_keeps_the_calendar_file_while_it_runs(
    repo: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rebound_tui.services import next_steps
    from rebound_tui.ui import calendar_sync
    from rebound_tui.ui.app import ReboundApp

    monkeypatch.setattr(calendar_sync, "CHECK_SECONDS", 0.05)
    target = tmp_path / "rebound.ics"
    update_settings(repo, calendar_file=str(target))
    app = ReboundApp(repo, FixedClock(START))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert target.exists() and not _parse(target.read_bytes()).walk("VEVENT")
        next_steps.add_step(repo, "Email Bo", TODAY + timedelta(days=2))
        await pilot.pause(0.3)
        (event,) = _parse(target.read_bytes()).walk("VEVENT")
        assert str(event["summary"]) == "Email Bo"
