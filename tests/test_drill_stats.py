"""Drill stats, worked out by hand: reviews a drill day (the heatmap and the daily counts),
time spent with each review capped, young and mature retention as Anki splits them, and
the timings' trend; then the stats screen showing them at 80×24."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.days import drill_day
from rebound_tui.domain.models import Review
from rebound_tui.domain.stats import (
    ReviewLog,
    Trend,
    clock_text,
    counts_by_day,
    daily_counts,
    heatmap,
    intensity,
    level_ranges,
    minutes_text,
    retention_by_period,
    time_spent,
    timing_trend,
)
from rebound_tui.ui.app import ReboundApp
from tests.helpers import open_repo

ZONE = "Europe/Berlin"  # UTC+1 in November
TODAY = date(2026, 11, 26)  # a Thursday
_ids = iter(range(1_000_000))


def at(day: str, hour: int = 12, minute: int = 0) -> datetime:
    """A UTC time; noon UTC is 13:00 in Berlin, the same drill day."""
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=UTC)


def review(
    when: datetime,
    *,
    card: str = "c",
    rating: int = 3,
    state: int | None = 2,
    due: datetime | None = None,
    duration_ms: int | None = None,
    rehearsal_ms: int | None = None,
) -> Review:
    return Review(
        id=f"r{next(_ids)}",
        card_id=card,
        rating=rating,
        reviewed_at=when,
        state_before=state,
        due=due,
        duration_ms=duration_ms,
        rehearsal_ms=rehearsal_ms,
    )


def test_reviews_count_on_the_drill_day_in_the_users_zone() -> None:
    log = ReviewLog(
        [
            review(at("2026-11-25", 2, 30)),  # 03:30 in Berlin: still the 24th's drill day
            review(at("2026-11-25", 3, 30)),  # 04:30: the 25th
            review(at("2026-11-25", 22, 30)),  # 23:30: the 25th
            review(at("2026-11-26", 1, 30)),  # 02:30 on the 26th: the 25th's drill day
        ],
        ZONE,
        4,
    )
    assert log.days == [drill_day(r.reviewed_at, ZONE, 4) for r in log.reviews]
    counts = counts_by_day(log)
    assert counts == {date(2026, 11, 24): 1, date(2026, 11, 25): 3}
    assert daily_counts(counts, TODAY, 3) == [1, 3, 0]  # the 24th, the 25th, today


def test_heatmap_weeks_levels_and_the_busiest_day() -> None:
    counts = {date(2026, 11, 24): 1, date(2026, 11, 25): 3, date(2026, 11, 1): 9}
    map_ = heatmap(counts, TODAY, weeks=2)
    # This week began on Monday the 23rd; two weeks back is Monday the 16th. The 1st of
    # November is outside the window.
    assert map_.first == date(2026, 11, 16)
    assert map_.days == 11  # the 16th to the 26th
    assert map_.cell(1, 3) == TODAY
    assert map_.cell(1, 4) is None  # Friday the 27th has not come yet
    assert map_.busiest == (date(2026, 11, 25), 3)
    assert (map_.total, map_.days_drilled) == (4, 2)
    # ceil(4 × 1 / 3) = 2 and ceil(4 × 3 / 3) = 4
    assert map_.level(date(2026, 11, 24)) == 2
    assert map_.level(date(2026, 11, 25)) == 4
    assert map_.level(date(2026, 11, 23)) == 0


def test_heatmap_ties_go_to_the_earlier_day_and_levels_cover_every_count() -> None:
    map_ = heatmap({date(2026, 11, 20): 5, date(2026, 11, 18): 5}, TODAY, weeks=1)
    assert map_.first == date(2026, 11, 23)
    assert map_.busiest is None  # both days are last week
    map_ = heatmap({date(2026, 11, 25): 5, date(2026, 11, 24): 5}, TODAY, weeks=1)
    assert map_.busiest == (date(2026, 11, 24), 5)
    # Busiest 8: quarters of 2 reviews.
    assert level_ranges(8) == [(1, 1, 2), (2, 3, 4), (3, 5, 6), (4, 7, 8)]
    # Busiest 3: ceil(4/3) = 2, ceil(8/3) = 3, ceil(12/3) = 4; level 1 is never reached.
    assert level_ranges(3) == [(2, 1, 1), (3, 2, 2), (4, 3, 3)]
    assert [intensity(n, 3) for n in (0, 1, 2, 3)] == [0, 2, 3, 4]
    assert level_ranges(0) == []


def test_time_spent_caps_each_review_at_five_minutes() -> None:
    log = ReviewLog(
        [
            review(at("2026-10-27"), duration_ms=60_000),  # 30 days ago: outside
            review(at("2026-11-16"), duration_ms=120_000),  # Monday last week
            review(at("2026-11-24"), duration_ms=60_000),
            review(at("2026-11-25", 9), duration_ms=1_200_000),  # left open: counts 5 min
            review(at("2026-11-25", 10), duration_ms=30_000),
            review(at("2026-11-25", 11)),  # no timing: counts nothing
            review(at("2026-11-26", 10), duration_ms=90_000),
        ],
        ZONE,
    )
    spent = time_spent(log, TODAY)
    assert spent.today_ms == 90_000
    assert spent.this_week_ms == 60_000 + 300_000 + 30_000 + 90_000  # Mon 23rd to today
    assert spent.last_week_ms == 120_000
    assert spent.last_30_ms == 120_000 + 480_000  # from 28 October
    assert spent.drill_days_30 == 4  # the 16th, 24th, 25th and 26th
    assert spent.per_drill_day_ms == 600_000 // 4


def test_time_in_words() -> None:
    assert minutes_text(0) == "0 min"
    assert minutes_text(600_000) == "10 min"
    assert minutes_text(125 * 60_000) == "2 h 05 min"
    assert clock_text(42_000) == "0:42"
    assert clock_text(125_000) == "2:05"
    assert clock_text(3_730_000) == "1:02:10"


def test_young_and_mature_retention_by_the_interval_before_the_review() -> None:
    reviews = [
        # Card a: due dates stored. a2 comes after a 1-day interval (young, recalled);
        # a3 after a 25-day one (mature, forgotten); a4 is relearning and does not count.
        review(at("2026-10-01"), card="a", state=None, due=at("2026-10-02")),
        review(at("2026-10-02"), card="a", due=at("2026-10-27")),
        review(at("2026-10-28"), card="a", rating=1, due=at("2026-10-28", 12, 10)),
        review(at("2026-10-28", 12, 10), card="a", state=3),
        # Card b: older reviews, no due stored: the drill days that passed count instead.
        review(at("2026-09-01"), card="b", state=None),
        review(at("2026-09-22"), card="b"),  # 21 days: mature, recalled
        review(at("2026-09-27"), card="b", rating=2),  # 5 days: young, recalled (Hard)
        # Card c: a 20-day interval stored: young; forgotten.
        review(at("2026-11-01"), card="c", state=None, due=at("2026-11-21")),
        review(at("2026-11-22"), card="c", rating=1),
    ]
    week, month, year, ever = retention_by_period(ReviewLog(reviews, ZONE), TODAY)
    # 7 days from the 20th: c's lapse only.
    assert (week.young_recalled, week.young, week.mature_recalled, week.mature) == (0, 1, 0, 0)
    # 30 days from 28 October: a3 (mature, forgotten) joins.
    assert (month.young_recalled, month.young, month.mature_recalled, month.mature) == (
        0,
        1,
        0,
        1,
    )
    # A year: a2, b3 recalled and c2 forgotten are young; b2 recalled, a3 forgotten mature.
    assert (year.young_recalled, year.young, year.mature_recalled, year.mature) == (2, 3, 1, 2)
    assert year == ever
    assert (year.recalled, year.total) == (3, 5)


def test_timings_trend_last_30_days_against_the_30_before() -> None:
    reviews = [
        review(at("2026-09-27"), duration_ms=10_000),  # 60 days ago: in neither
        review(at("2026-09-28"), duration_ms=200_000),
        review(at("2026-10-27"), duration_ms=100_000),
        review(at("2026-10-28"), duration_ms=30_000),
        review(at("2026-11-10"), duration_ms=90_000, rehearsal_ms=120_000),
        review(at("2026-11-26"), duration_ms=600_000),  # capped at 5 minutes
        review(at("2026-11-26", 13)),  # untimed: left out
    ]
    log = ReviewLog(reviews, ZONE)
    answers = timing_trend(log, TODAY)
    # Recent: (30 + 90 + 300) / 3 = 140 s; before: (200 + 100) / 2 = 150 s.
    assert answers == Trend(recent_ms=140_000, recent=3, before_ms=150_000, before=2)
    assert answers.change is not None and round(answers.change, 4) == round(140 / 150 - 1, 4)
    aloud = timing_trend(log, TODAY, rehearsal=True)
    assert aloud == Trend(recent_ms=120_000, recent=1, before_ms=None, before=0)
    assert aloud.change is None


def stats_text(app: ReboundApp, widget: str) -> str:
    return str(app.screen.query_one(widget, Static).render())


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_stats_screen_shows_the_heatmap_retention_and_time(
    data_dir: Path, clock: FixedClock, size: tuple[int, int]
) -> None:
    # The clock: 26 November 2026, 16:00 in Berlin.
    repo = open_repo(data_dir, clock)
    repo.reviews.put_many(
        [
            review(at("2026-11-01"), card="a", state=None, due=at("2026-11-03")),
            review(at("2026-11-03"), card="a", due=at("2026-11-25"), duration_ms=40_000),
            review(at("2026-11-25"), card="a", duration_ms=20_000, rehearsal_ms=95_000),
            review(at("2026-11-25", 13), card="b", state=None, duration_ms=3_600_000),
        ]
    )
    app = ReboundApp(repo, clock)
    async with app.run_test(size=size) as pilot:
        app.open("stats")
        await pilot.pause()
        calendar = stats_text(app, "#stats-heatmap")
        # As many weeks as fit: 26 at 80 columns (from 1 June), 22 at 60 (from 29 June).
        weeks, days = (26, 179) if size[0] == 80 else (22, 151)
        assert "Busiest day Wed 25 Nov 2026: 2 reviews\n" in calendar
        assert f"\n4 reviews in {weeks} weeks, on 3 of {days} days" in calendar
        assert "█ 2" in calendar and "▒ 1" in calendar  # busiest 2: levels 2 and 4
        retention = stats_text(app, "#stats-retention").splitlines()
        # 3 Nov after a 2-day interval (young), 25 Nov after 22 days (mature): both recalled.
        assert retention[2] == "30 days   100% of 1      100% of 1      100% of 2"
        time = stats_text(app, "#stats-time")
        # 40 s + 20 s + an hour counted as 5 min = 6 min in 30 days, over 3 drill days.
        assert "6 min in 30 days, 2 min a day drilled" in time
        assert "rehearsed aloud  1:35 (1)" in time
        # The grid and the tables never wrap (prose under them may, at 60 columns).
        tables = {"#stats-heatmap": 10, "#stats-retention": 5, "#stats-time": 6}
        for widget, rows in tables.items():
            if size[0] == 80 or widget != "#stats-time":
                lines = stats_text(app, widget).splitlines()[:rows]
                width = app.screen.query_one(widget).content_region.width
                assert max(map(len, lines)) <= width, widget


def busy_weeks() -> list[Review]:
    """Ten weeks of drilling, the same every run: 0 to 4 reviews a day, a lapse in six."""
    reviews = []
    for back in range(70):
        day = TODAY - timedelta(days=back)
        for k in range((back * 3) % 5):
            reviews.append(
                review(
                    at(day.isoformat(), 12, k),
                    card=f"c{k}",
                    rating=1 if (back + k) % 6 == 0 else 3,
                    duration_ms=30_000 + 1_000 * k,
                    rehearsal_ms=100_000 + 5_000 * k if back % 10 == 0 else None,
                )
            )
    return reviews


def test_stats_screen_in_16_colours(
    snap_compare, data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.delenv("COLORTERM")
    repo = open_repo(data_dir, clock)
    repo.reviews.put_many(busy_weeks())
    app = ReboundApp(repo, clock)

    async def open_stats(pilot: Pilot[object]) -> None:
        app.open("stats")
        await pilot.pause()

    assert snap_compare(app, run_before=open_stats, terminal_size=(80, 24))
    assert app.theme == "ansi-dark"
