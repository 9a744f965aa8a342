"""Dates typed into a form: absurd ones get one clear line, never an OverflowError, and
nothing outside the years the store accepts is ever written."""

from __future__ import annotations

from datetime import date

import pytest

from rebound_tui.domain.codec import DATE_MAX, DATE_MIN
from rebound_tui.domain.days import parse_day

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    "text",
    [
        "99999999 days ago",
        "in 999999 weeks",
        "10000000000000000000000000 days ago",
        "9999-12-31",
        "0001-01-01",
        "1969-12-31",
        "2200-01-01",
        "in 80000 days",
    ],
)
def test_dates_outside_the_kept_years_are_refused_in_one_line(text: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_day(text, TODAY)
    message = str(refused.value)
    assert "\n" not in message and len(message) < 120


@pytest.mark.parametrize("text", ["\x1b]0;pwned\x07", "[b]x[/b]", "x" * 100_000])
def test_hostile_text_is_quoted_escaped_and_short(text: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_day(text, TODAY)
    message = str(refused.value)
    assert "\x1b" not in message and "\x07" not in message
    assert len(message) < 120


def test_the_edges_of_the_kept_years_are_accepted() -> None:
    assert parse_day(DATE_MIN.isoformat(), TODAY) == DATE_MIN
    assert parse_day(DATE_MAX.isoformat(), TODAY) == DATE_MAX
    assert parse_day("in 1000 days", TODAY) == date(2029, 8, 22)


@pytest.mark.parametrize("name", ["Europe", "America", "Etc", "../../etc"])
def test_a_zone_name_that_is_a_folder_reads_as_utc(name: str) -> None:
    from rebound_tui.domain.days import zone

    assert str(zone(name)) == "UTC"


def test_status_runs_with_a_folder_for_a_time_zone(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from rebound_tui.cli import main
    from rebound_tui.domain.clock import FixedClock
    from tests.helpers import START, open_repo

    data_dir = tmp_path / "data"
    repo = open_repo(data_dir, FixedClock(START))
    repo.save_settings(replace(repo.settings(), timezone="Europe"))
    repo.close()
    assert main(["--data-dir", str(data_dir), "status"]) == 0
    assert main(["--data-dir", str(data_dir), "backups"]) == 0
