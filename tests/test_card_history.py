"""A card's history shows what happened: the interval each rating actually gave (as
stored, "—" when an older review stored none), the reset as a row of its own with every
review before it still listed, and times in the user's zone, not the machine's."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, Review
from rebound_tui.domain.stats import card_history, given_interval
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.card_detail import interval_text
from tests.helpers import open_repo

ZONE = "Europe/Berlin"


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def reset_card() -> tuple[Card, list[Review]]:
    """Four reviews, a reset on 3 November, then one more review."""
    reviews = [
        Review("r1", "k", 1, utc("2026-11-01 12:00"), 20_000, None, utc("2026-11-01 12:01")),
        Review("r2", "k", 3, utc("2026-11-01 12:01"), 15_000, 1, utc("2026-11-01 12:11")),
        Review("r3", "k", 3, utc("2026-11-01 12:11"), 9_000, 1, utc("2026-11-02 12:11")),
        # Saved before Rebound kept due dates.
        Review("r4", "k", 3, utc("2026-11-02 12:00"), 42_000, 2, None),
        Review("r5", "k", 4, utc("2026-11-04 08:00"), 65_000, None, None, rehearsal_ms=118_000),
    ]
    card = Card(
        id="k",
        question="Tell me about a conflict",
        state=2,
        step=None,
        stability=8.0,
        difficulty=3.0,
        due=utc("2026-11-12 08:00"),
        last_review=utc("2026-11-04 08:00"),
        reps=1,
        reset_at=utc("2026-11-03 09:00"),
    )
    return card, reviews


def test_a_reset_card_keeps_every_review_and_shows_the_intervals_stored() -> None:
    card, reviews = reset_card()
    rows = card_history(card, reviews, ZONE, 4)
    assert [row.review.id if row.review else "reset" for row in rows] == [
        "r1",
        "r2",
        "r3",
        "r4",
        "reset",
        "r5",
    ]
    assert rows[4].when == card.reset_at
    assert [interval_text(row.interval) for row in rows] == [
        "1m",  # Again: the first learning step
        "10m",  # Good: the second
        "1d",  # graduated
        "—",  # nothing stored: not replayed, not guessed
        "—",  # the reset row
        "8d",  # the latest review stored none: the card's own due date, 4 → 12 November
    ]


def test_the_card_due_date_is_only_used_for_its_own_latest_review() -> None:
    card, reviews = reset_card()
    # Reset again after the last review: the card's due is the reset's, not r5's interval.
    again = replace(card, reset_at=utc("2026-11-05 09:00"), last_review=None)
    rows = card_history(again, reviews, ZONE, 4)
    assert rows[-1].review is None
    assert rows[-2].interval is None


def test_intervals_count_drill_days_across_dst_and_steps_stay_times() -> None:
    # Berlin leaves summer time on 25 October 2026: a day interval is 25 hours long.
    assert given_interval(utc("2026-10-24 12:00"), utc("2026-10-25 13:00"), ZONE, 4) == 1
    # ...and enters it on 29 March 2026: 23 hours.
    assert given_interval(utc("2026-03-28 13:00"), utc("2026-03-29 12:00"), ZONE, 4) == 1
    # A 10-minute step over the 04:00 day start is still 10 minutes.
    assert given_interval(utc("2026-11-25 02:55"), utc("2026-11-25 03:05"), ZONE, 4) == timedelta(
        minutes=10
    )
    # Rated late at night (23:30) and due the next evening: 1 drill day, not 20 hours.
    assert given_interval(utc("2026-11-25 22:30"), utc("2026-11-26 18:30"), ZONE, 4) == 1
    assert interval_text(45) == "1.5mo"


def history_lines(app: ReboundApp) -> list[str]:
    return str(app.screen.query_one("#card-history", Static).render()).splitlines()


async def test_card_history_screen_lists_the_reset_and_the_timings(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock, ZONE)
    card, reviews = reset_card()
    repo.cards.put(card)
    repo.reviews.put_many(reviews)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open("card", card_id="k")
        await pilot.pause()
        lines = history_lines(app)
        assert lines[0].split() == ["When", "Type", "Rating", "Interval", "Answer", "Aloud"]
        assert len(lines) == 1 + 5 + 1  # the header, five reviews, the reset
        # 12:00 UTC is 13:00 in Berlin.
        assert lines[1].split() == ["2026-11-01", "13:00", "Learn", "Again", "1m", "0:20", "—"]
        assert lines[4].split() == ["2026-11-02", "13:00", "Review", "Good", "—", "0:42", "—"]
        assert lines[5] == "2026-11-03 10:00  reset — schedule started again"
        assert lines[6].split() == ["2026-11-04", "09:00", "Learn", "Easy", "8d", "1:05", "1:58"]
        assert max(map(len, lines)) <= app.screen.query_one("#card-history").content_region.width
        summary = str(app.screen.query_one("#card-detail-text", Static).render())
        assert "due 2026-11-12 09:00" in summary
        assert "reset 2026-11-03 10:00" in summary
        assert "rehearsed aloud 1 time, 1:58 each" in summary


async def test_times_are_in_the_settings_zone_not_the_machines(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        repo = open_repo(data_dir, clock, ZONE)  # the user's zone: Berlin
        card, reviews = reset_card()
        repo.cards.put(card)
        repo.reviews.put_many(reviews)
        app = ReboundApp(repo, clock)
        async with app.run_test(size=(80, 24)) as pilot:
            app.open("card", card_id="k")
            await pilot.pause()
            summary = str(app.screen.query_one("#card-detail-text", Static).render())
            # 08:00 UTC is 09:00 in Berlin and 03:00 in New York.
            assert "due 2026-11-12 09:00" in summary
            assert "03:00" not in summary
            assert history_lines(app)[6].startswith("2026-11-04 09:00")
    finally:
        monkeypatch.undo()
        time.tzset()


def test_card_history_snapshot(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock, ZONE)
    card, reviews = reset_card()
    repo.cards.put(replace(card, answer="S: two leads disagreed\nA: I asked each for data"))
    repo.reviews.put_many(reviews)
    app = ReboundApp(repo, clock)

    async def open_card(pilot: Pilot[object]) -> None:
        app.open("card", card_id="k")
        await pilot.pause()

    assert snap_compare(app, run_before=open_card, terminal_size=(80, 24))
