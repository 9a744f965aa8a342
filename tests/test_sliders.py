"""Sliders: untouched is not a number. A slider nobody moved is saved as null and shown
as "—" (history, the Markdown journal, the CSV's empty cell); digits set a slider; the
first arrow on an unset slider puts it in the middle."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import CheckIn
from rebound_tui.services import checkins
from rebound_tui.services.export.json import export_document
from rebound_tui.services.export.markdown import export_markdown
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.help import HelpScreen
from rebound_tui.ui.screens.checkin import CheckInScreen
from rebound_tui.ui.screens.history import HistoryScreen
from rebound_tui.ui.screens.rebound import ReboundScreen
from rebound_tui.ui.widgets.scale import Scale
from tests.helpers import open_repo

SIZE = (80, 24)


def only_checkin(repo: Repository) -> CheckIn:
    (checkin,) = checkins.all_checkins(repo)
    return checkin


def hint(app: ReboundApp) -> str:
    return str(app.screen.query_one("#checkin-hint", Static).render())


def help_rows(app: ReboundApp) -> list[tuple[str, str]]:
    table = app.screen.query_one(DataTable)
    return [
        (str(table.get_row_at(i)[0]), str(table.get_row_at(i)[1])) for i in range(table.row_count)
    ]


async def test_a_check_in_left_untouched_is_null(
    data_dir: Path, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock, start="checkin")
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, CheckInScreen)
        strength = app.screen.query_one("#checkin-intensity", Scale)
        assert "—/10" in str(strength.render())
        # Unpleasant and low, a word; the strength slider is passed over, never moved.
        await pilot.press("h", "j", "tab", "space", "tab", "tab")
        await pilot.press("escape")
        await pilot.pause()
    checkin = only_checkin(repo)
    assert (checkin.pleasantness, checkin.energy, checkin.intensity) == (-1, -1, None)
    assert export_document(repo, clock.now())["checkins"][0]["intensity"] is None
    repo.close()

    assert main(["export", "--format", "json", "--data-dir", str(data_dir)]) == 0
    (exported,) = json.loads(capsys.readouterr().out)["checkins"]
    assert exported["intensity"] is None


async def test_digits_set_a_slider_and_arrows_start_from_the_middle(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock, start="checkin")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "tab")
        strength = app.screen.query_one("#checkin-intensity", Scale)
        assert strength.has_focus and strength.value is None
        assert "1–9, 0 for 10" in hint(app)

        # On an unset slider the first → puts it in the middle, not one past it.
        await pilot.press("right")
        assert strength.value == 5
        await pilot.press("right", "right")
        assert strength.value == 7
        # A digit sets it at once; 0 is 10 on a 1–10 slider.
        await pilot.press("3")
        assert strength.value == 3
        await pilot.press("0")
        assert strength.value == 10
        await pilot.press("left")
        assert strength.value == 9
        assert "9/10" in str(strength.render())

        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = help_rows(app)
        assert ("1–9", "Set it to that number") in rows
        assert ("0", "Set it to 10") in rows and ("0", "Set it to 0") not in rows
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.pause()
    assert only_checkin(repo).intensity == 9
    repo.close()


async def test_the_first_left_on_an_unset_slider_is_the_middle_too(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock, start="checkin")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "tab", "h")
        assert app.screen.query_one("#checkin-intensity", Scale).value == 5
        await pilot.press("escape")
        await pilot.pause()
    assert only_checkin(repo).intensity == 5
    repo.close()


async def test_the_daydream_slider_has_a_zero(data_dir: Path, clock: FixedClock) -> None:
    from rebound_tui.domain.models import Interview, new_id
    from rebound_tui.services import interviews

    repo = open_repo(data_dir, clock)
    interview = interviews.save_interview(repo, Interview(id=new_id(), company="Acme"))
    interviews.mark_rejected(repo, interview)
    (rebound,) = repo.rebounds.all()
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReboundScreen(rebound.id))
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "enter")  # offered, not asked: enter opens it
        daydream = app.screen.query_one("#checkin-daydream", Scale)
        assert daydream.has_focus
        assert "0–9" in hint(app) and "0 for 10" not in hint(app)
        await pilot.press("0")
        assert daydream.value == 0
        await pilot.press("8")
        assert daydream.value == 8
        await pilot.press("end")
        assert daydream.value == 10
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        assert ("0", "Set it to 0") in rows and ("0", "Set it to 10") not in rows
        await pilot.press("escape", "ctrl+n")
        await pilot.pause()
    saved = only_checkin(repo)
    assert (saved.intensity, saved.daydream) == (None, 10)
    repo.close()


def test_unset_reads_as_a_dash_in_every_export(
    data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    repo = open_repo(data_dir, clock)
    checkins.save_checkin(repo, CheckIn(id="untouched", at=clock.now(), words=("numb",)))
    checkins.save_checkin(repo, CheckIn(id="old", at=clock.now(), words=("calm",), intensity=5))
    journal = export_markdown(repo, clock.now())
    assert "| numb | — |" in journal and "| calm | 5/10 |" in journal
    repo.close()

    out = tmp_path / "csv"
    assert main(["export", "--format", "csv", "-o", str(out), "--data-dir", str(data_dir)]) == 0
    with (out / "checkins.csv").open(newline="") as f:
        strengths = {row["id"]: row["intensity"] for row in csv.DictReader(f)}
    assert strengths == {"untouched": "", "old": "5"}  # an empty cell is CSV's null


async def test_history_shows_unset_as_a_dash_and_a_stored_five_as_five(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    checkins.save_checkin(repo, CheckIn(id="old", at=clock.now(), words=("calm",), intensity=5))
    checkins.save_checkin(repo, CheckIn(id="new", at=clock.now(), words=("numb",)))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.open("history")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one("#checkin-table", DataTable)
        strengths = {str(table.get_row_at(i)[1]): table.get_row_at(i)[2] for i in range(2)}
        assert strengths == {"calm": "5/10", "numb": "—"}
        summary = str(app.screen.query_one("#mood-summary", Static).render())
        assert summary == "2 check-ins over 1 day."  # too few to say "lately"
    repo.close()


def test_null_and_a_stored_five_survive_an_export_and_import(
    data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    from rebound_tui.services.export.json import validate_document
    from rebound_tui.services.importing import import_document

    repo = open_repo(data_dir, clock)
    checkins.save_checkin(repo, CheckIn(id="untouched", at=clock.now()))
    checkins.save_checkin(repo, CheckIn(id="old", at=clock.now(), intensity=5))
    document = json.loads(json.dumps(export_document(repo, clock.now())))
    repo.close()

    elsewhere = open_repo(tmp_path / "elsewhere", clock)
    import_document(elsewhere, validate_document(document))
    strengths = {c.id: c.intensity for c in checkins.all_checkins(elsewhere)}
    assert strengths == {"untouched": None, "old": 5}
    elsewhere.close()
