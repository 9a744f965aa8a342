"""Dates typed into a form: absurd ones get one clear line, never an OverflowError, and
nothing outside the years the store accepts is ever written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rebound_tui.domain.codec import DATE_MAX, DATE_MIN
from rebound_tui.domain.dates import Facing, parse_day

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


# Dates in words: a table of what each form means for a field facing the past, the
# future or either way. TODAY is a Thursday.
P: Facing = "past"
F: Facing = "future"
E: Facing = "either"
WORDS = [
    ("today", TODAY, P, date(2026, 11, 26)),
    ("Yesterday", TODAY, P, date(2026, 11, 25)),
    ("tomorrow", TODAY, F, date(2026, 11, 27)),
    ("friday", TODAY, P, date(2026, 11, 20)),
    ("friday", TODAY, F, date(2026, 11, 27)),
    ("friday", TODAY, E, date(2026, 11, 27)),
    ("on friday", TODAY, P, date(2026, 11, 20)),
    ("thursday", TODAY, P, TODAY),
    ("thurs", TODAY, F, TODAY),
    ("wed", TODAY, F, date(2026, 12, 2)),
    ("last thursday", TODAY, F, date(2026, 11, 19)),
    ("next thursday", TODAY, P, date(2026, 12, 3)),
    ("last monday", TODAY, P, date(2026, 11, 23)),
    ("last fri", TODAY, E, date(2026, 11, 20)),
    ("next tue", TODAY, P, date(2026, 12, 1)),
    ("next friday", TODAY, F, date(2026, 11, 27)),
    ("this monday", TODAY, F, date(2026, 11, 23)),
    ("this sunday", TODAY, P, date(2026, 11, 29)),
    ("in 2 weeks", TODAY, P, date(2026, 12, 10)),
    ("In  2   Weeks", TODAY, P, date(2026, 12, 10)),
    ("3 weeks ago", TODAY, F, date(2026, 11, 5)),
    ("a week ago", TODAY, P, date(2026, 11, 19)),
    ("0 days ago", TODAY, P, TODAY),
    ("in three days", TODAY, F, date(2026, 11, 29)),
    ("2 days from now", TODAY, F, date(2026, 11, 28)),
    ("a month ago", TODAY, P, date(2026, 10, 26)),
    ("in 1 year", TODAY, F, date(2027, 11, 26)),
    ("2026-11-20", TODAY, F, date(2026, 11, 20)),
    ("20 Nov 2025", TODAY, F, date(2025, 11, 20)),
    ("March 3rd, 2027", TODAY, P, date(2027, 3, 3)),
    ("03/04/2026", TODAY, P, date(2026, 3, 4)),
    ("20/11/2026", TODAY, P, date(2026, 11, 20)),
    ("20261120", TODAY, P, date(2026, 11, 20)),
    ("fri 20 nov 2026", TODAY, P, date(2026, 11, 20)),
    # A date without its year, or a day without its month, goes the way the field faces.
    ("20 nov", TODAY, P, date(2026, 11, 20)),
    ("20 nov", TODAY, F, date(2027, 11, 20)),
    ("20 nov", TODAY, E, date(2026, 11, 20)),
    ("5 jan", TODAY, P, date(2026, 1, 5)),
    ("5 jan", TODAY, F, date(2027, 1, 5)),
    ("5 jan", TODAY, E, date(2027, 1, 5)),
    ("the 30th", TODAY, P, date(2026, 10, 30)),
    ("the 30th", TODAY, F, date(2026, 11, 30)),
    ("30th", TODAY, E, date(2026, 11, 30)),
    # Month and year ends.
    ("tomorrow", date(2026, 12, 31), F, date(2027, 1, 1)),
    ("next friday", date(2026, 12, 31), F, date(2027, 1, 1)),
    ("in 1 month", date(2026, 12, 31), F, date(2027, 1, 31)),
    ("1 jan", date(2026, 12, 31), F, date(2027, 1, 1)),
    ("1 jan", date(2026, 12, 31), P, date(2026, 1, 1)),
    ("yesterday", date(2027, 1, 1), P, date(2026, 12, 31)),
    ("last sunday", date(2027, 1, 1), P, date(2026, 12, 27)),
    ("31 dec", date(2027, 1, 1), E, date(2026, 12, 31)),
    ("the 31st", date(2027, 1, 1), P, date(2026, 12, 31)),
    ("the 31st", date(2027, 2, 5), F, date(2027, 3, 31)),
    ("the 29th", date(2027, 2, 5), F, date(2027, 3, 29)),
    ("the 30th", date(2027, 3, 5), P, date(2027, 1, 30)),
    ("a month ago", date(2027, 3, 31), P, date(2027, 2, 28)),
    ("monday", date(2026, 11, 30), P, date(2026, 11, 30)),
    ("last monday", date(2026, 11, 30), P, date(2026, 11, 23)),
    ("next monday", date(2026, 11, 30), F, date(2026, 12, 7)),
    ("sunday", date(2026, 11, 30), P, date(2026, 11, 29)),
    ("sunday", date(2026, 11, 30), F, date(2026, 12, 6)),
    # Leap days.
    ("in 1 month", date(2028, 1, 31), F, date(2028, 2, 29)),
    ("in 1 month", date(2027, 1, 31), F, date(2027, 2, 28)),
    ("1 year ago", date(2028, 2, 29), P, date(2027, 2, 28)),
    ("in 1 year", date(2028, 2, 29), F, date(2029, 2, 28)),
    ("tomorrow", date(2028, 2, 28), F, date(2028, 2, 29)),
    ("yesterday", date(2028, 3, 1), P, date(2028, 2, 29)),
    ("in 1 week", date(2028, 2, 28), F, date(2028, 3, 6)),
    ("29 feb", date(2027, 1, 10), P, date(2024, 2, 29)),
    ("29 feb", date(2027, 1, 10), F, date(2028, 2, 29)),
    ("29 feb", date(2027, 1, 10), E, date(2028, 2, 29)),
    ("29 feb", date(2100, 3, 1), P, date(2096, 2, 29)),  # 2100 is no leap year
    ("29 feb", date(2097, 1, 1), F, date(2104, 2, 29)),
    # The edges of the kept years.
    ("1970-01-01", TODAY, P, date(1970, 1, 1)),
    ("tomorrow", date(2199, 12, 30), F, date(2199, 12, 31)),
]


@pytest.mark.parametrize(("text", "today", "facing", "expected"), WORDS)
def test_dates_in_words(text: str, today: date, facing: Facing, expected: date) -> None:
    assert parse_day(text, today, facing) == expected


@pytest.mark.parametrize(
    ("text", "facing", "said"),
    [
        ("fryday", P, "'fryday' is not a date I can read — did you mean 'friday'?"),
        ("nxt tue", F, "'nxt tue' is not a date I can read — did you mean 'next tue'?"),
        (
            "in 3 days ago",
            P,
            "'in 3 days ago' is not a date I can read — 'in 3 days' or '3 days ago'?",
        ),
        ("3 days", F, "'3 days' is not a date I can read — 'in 3 days' or '3 days ago'?"),
        ("last week", P, "'last week' is not one day — try 'last monday' or '1 week ago'"),
        ("next month", F, "'next month' is not one day — try 'next monday' or 'in 1 month'"),
        ("nov 2026", P, "'nov 2026' has no day — add one, as in 26 Nov 2026"),
        ("10:30", P, "'10:30' has no day — add one, as in 26 Nov 2026"),
        ("mon 20 nov 2026", P, "'mon 20 nov 2026' does not agree: 20 November 2026 is a Friday"),
        ("31 nov", P, "'31 nov' is not a date: that month has no such day"),
        ("xyz", P, "'xyz' is not a date I can read — try last fri, 3 days ago, 2026-11-26"),
        ("xyz", F, "'xyz' is not a date I can read — try friday, in 2 weeks, 2026-11-26"),
        ("5", E, "'5' is not a date I can read — try last fri, in 2 weeks, 2026-11-26"),
        ("in 1 day", P, None),
        ("yesterday", P, None),
    ],
)
def test_a_wrong_date_says_what_was_understood_in_one_short_line(
    text: str, facing: Facing, said: str | None
) -> None:
    today = {"in 1 day": DATE_MAX, "yesterday": DATE_MIN}.get(text, TODAY)
    with pytest.raises(ValueError) as refused:
        parse_day(text, today, facing)
    message = str(refused.value)
    assert message == (said or f"'{text}' is too far away (dates run from 1970 to 2199)")
    assert len(message) <= 74, "fits the interview form's error line at 80 columns"


def test_weekdays_with_last_and_next_on_every_day_of_a_year() -> None:
    def day(text: str, today: date, facing: Facing) -> date:
        found = parse_day(text, today, facing)
        assert found is not None
        return found

    names = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    for offset in range(366):
        today = date(2027, 12, 20) + timedelta(days=offset)  # across a year end and 29 Feb
        for number, name in enumerate(names):
            last, bare_past = day(f"last {name}", today, P), day(name, today, P)
            following, bare_future = day(f"next {name}", today, F), day(name, today, F)
            for found in (last, bare_past, following, bare_future):
                assert found.weekday() == number
            assert 1 <= (today - last).days <= 7
            assert 1 <= (following - today).days <= 7
            assert 0 <= (today - bare_past).days <= 6
            assert 0 <= (bare_future - today).days <= 6


def test_the_old_entry_point_reads_the_same_words() -> None:
    from rebound_tui.domain import days

    assert days.parse_day("last monday", TODAY) == date(2026, 11, 23)
    assert days.parse_day("friday", TODAY) == date(2026, 11, 27)  # as it always has
