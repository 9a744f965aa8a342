"""Write it out: a private page of free writing, saved as it is typed, reopened later, and
in the JSON, Markdown and CSV exports."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static, TextArea

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Interview
from rebound_tui.services import interviews, journal
from rebound_tui.services.export.markdown import export_markdown
from rebound_tui.services.versions import KEPT_MARK
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.home import HomeScreen
from rebound_tui.ui.screens.journal import JournalScreen
from tests.helpers import START, open_repo, toasts

PAGE = "It stung more than I expected.\n\n[b]not bold[/b] and $var stay as typed."


def timer(app: ReboundApp) -> str:
    return str(app.screen.query_one("#journal-timer", Static).render())


# -- the service -----------------------------------------------------------------------
def test_pages_are_listed_newest_first_and_deleted(repo: Repository, clock: FixedClock) -> None:
    first = journal.save_entry(repo, replace(journal.new_entry(repo), text="first"))
    clock.advance(days=1)
    second = journal.save_entry(repo, replace(journal.new_entry(repo, "r1"), text="second"))
    assert [p.id for p in journal.entries(repo)] == [second.id, first.id]
    assert [p.id for p in journal.entries(repo, "r1")] == [second.id]
    assert journal.entry(repo, first.id) == first
    journal.delete_entry(repo, first)
    assert journal.entry(repo, first.id) is None


def test_a_page_written_on_two_devices_keeps_both(repo: Repository, clock: FixedClock) -> None:
    base = journal.save_entry(repo, replace(journal.new_entry(repo), text="the start"))
    clock.advance(minutes=2)
    journal.save_entry(repo, replace(base, text="the start, from the phone"))
    saved = journal.save_entry_edit(repo, replace(base, text="the start, from the laptop"), base)
    assert saved.note
    assert "from the laptop" in saved.record.text and "from the phone" in saved.record.text
    assert KEPT_MARK in saved.record.text


def test_the_timer_is_gentle() -> None:
    assert journal.timer_line(0) == "0 of about 15 minutes"
    assert journal.timer_line(6) == "6 of about 15 minutes"
    at_fifteen = journal.timer_line(15)
    assert "fine to stop" in at_fifteen and "!" not in at_fifteen
    assert journal.minutes_written(START, START + timedelta(minutes=6, seconds=59)) == 6
    assert journal.minutes_written(START, START - timedelta(minutes=1)) == 0


# -- the page --------------------------------------------------------------------------
async def test_write_leave_reopen_and_export(
    data_dir: Path, clock: FixedClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Open the page from home, write, see the timer move, leave, come back: the text was
    saved as typed, the page is listed, and it is in the JSON, Markdown and CSV exports."""
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open("journal")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert "never sent anywhere" in str(app.screen.query_one("#journal-intro").render())
        assert timer(app) == "About 15 minutes, at your own pace."
        area = app.screen.query_one("#journal-text", TextArea)
        assert area.has_focus
        area.insert(PAGE)
        await pilot.pause()
        assert timer(app) == "0 of about 15 minutes"
        clock.advance(minutes=6)
        await pilot.press("space")
        assert timer(app) == "6 of about 15 minutes"
        clock.advance(minutes=10)
        await pilot.press("backspace")
        assert "16 minutes written" in timer(app) and "fine to stop" in timer(app)
        await pilot.pause(1.0)  # the autosave's timer: saved without leaving
        (saved,) = journal.entries(repo)
        assert saved.text == PAGE
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

        # Back again: a new blank page, the one written listed to reopen.
        app.open("journal")
        await pilot.pause()
        assert app.screen.query_one("#journal-text", TextArea).text == ""
        pages = app.screen.query_one("#journal-pages", OptionList)
        shown = str(pages.get_option_at_index(1).prompt)
        assert "[b]not bold" not in shown  # the first line, as typed
        assert "It stung more" in shown
        await pilot.press("tab")
        assert pages.has_focus
        await pilot.press("down", "enter")
        await pilot.pause()
        area = app.screen.query_one("#journal-text", TextArea)
        assert area.text == PAGE and area.has_focus
        await pilot.press(*" More.")  # the cursor is at the end
        await pilot.press("escape")
        await pilot.pause()
        app.open("journal", entry_id=saved.id)
        await pilot.pause()
        assert app.screen.query_one("#journal-text", TextArea).text.endswith(
            "stay as typed. More."
        )
    assert [p.id for p in journal.entries(repo)] == [saved.id]  # opening a page saves nothing

    out = tmp_path / "export.json"
    assert main(["export", "-o", str(out), "--data-dir", str(data_dir)]) == 0
    document = json.loads(out.read_text())
    assert [p["text"] for p in document["journal"]] == [PAGE.replace("typed.", "typed. More.")]
    markdown = export_markdown(repo, clock.now())
    assert "## Written pages" in markdown
    assert "> It stung more than I expected." in markdown
    assert r"> \[b\]not bold\[/b\] and $var stay as typed. More." in markdown
    csv_dir = tmp_path / "csv"
    assert (
        main(["export", "--format", "csv", "-o", str(csv_dir), "--data-dir", str(data_dir)]) == 0
    )
    with (csv_dir / "journal.csv").open(newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["id"] == saved.id
    capsys.readouterr()


async def test_written_from_a_rebound_and_a_huge_paste(data_dir: Path, clock: FixedClock) -> None:
    """Opened from a rebound's Feel step, the page belongs to that rebound; a huge paste is
    saved whole, and the Markdown names the rebound the page was written after."""
    repo = open_repo(data_dir, clock)
    _, rebound = interviews.mark_rejected(repo, Interview(id="iv1", company="Acme"))
    app = ReboundApp(repo, clock)
    huge = "all of it, again and again. " * 4_000  # 112 KB in one paste
    async with app.run_test(size=(60, 20)) as pilot:
        app.open("journal", rebound_id=rebound.id)
        await pilot.pause()
        app.screen.query_one("#journal-text", TextArea).insert(huge)
        await pilot.press("escape")
        await pilot.pause()
    (page,) = journal.entries(repo)
    assert (page.rebound_id, page.text) == (rebound.id, huge)
    assert "### 2026-11-26 16:00 · after Acme" in export_markdown(repo, clock.now())


async def test_a_new_page_and_deleting_one(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    old = journal.save_entry(repo, replace(journal.new_entry(repo), text="an old page"))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open("journal", entry_id=old.id)
        await pilot.pause()
        clock.advance(hours=1)
        await pilot.press("ctrl+n")
        await pilot.press(*"new")
        await pilot.pause()
        await pilot.press("ctrl+n")  # the page written so far is saved first
        assert {p.text for p in journal.entries(repo)} == {"an old page", "new"}
        await pilot.press("tab", "down", "down")  # the oldest page
        await pilot.press("D")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert [p.text for p in journal.entries(repo)] == ["new"]


# -- export and import ------------------------------------------------------------------
def test_json_round_trip_and_a_bad_page_refused(
    data_dir: Path, clock: FixedClock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = open_repo(data_dir, clock)
    journal.save_entry(repo, replace(journal.new_entry(repo, "r9"), text="line one\nline two"))
    repo.close()
    first = tmp_path / "first.json"
    assert main(["export", "-o", str(first), "--data-dir", str(data_dir)]) == 0
    other = tmp_path / "other"
    assert main(["import", str(first), "--data-dir", str(other)]) == 0
    second = tmp_path / "second.json"
    assert main(["export", "-o", str(second), "--data-dir", str(other)]) == 0
    one, two = json.loads(first.read_text()), json.loads(second.read_text())
    assert one["journal"] == two["journal"] and len(one["journal"]) == 1
    capsys.readouterr()

    bad = json.loads(first.read_text())
    bad["journal"][0]["written_at"] = "yesterday"
    bad_path = tmp_path / "bad.json"
    bad_path.write_text(json.dumps(bad))
    assert main(["import", str(bad_path), "--data-dir", str(other)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "journal[0]" in err and "written_at" in err, err


async def test_a_page_deleted_since_opens_as_a_new_one(data_dir: Path, clock: FixedClock) -> None:
    """Search may offer a page deleted since: it opens as a blank page, and says so."""
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.open("journal", entry_id="gone")
        await pilot.pause()
        assert app.screen.query_one("#journal-text", TextArea).text == ""
        assert any("no longer here" in toast for toast in toasts(app))
