"""Every figure the history screen shows, on hand-built data with known answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from rebound_tui.domain.funnel import funnel
from rebound_tui.domain.insights import (
    correlation,
    daydream_points,
    hit,
    mood_series,
    mood_trend,
    treat_ranking,
)
from rebound_tui.domain.models import Card, CheckIn, Interview, Review, Treat, TreatLog
from rebound_tui.domain.stats import due_forecast, true_retention

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def checkin(i: str, hours: float, p: int, e: int, **kw: object) -> CheckIn:
    return CheckIn(id=i, at=T0 + timedelta(hours=hours), pleasantness=p, energy=e, **kw)  # type: ignore[arg-type]


def test_mood_series_averages_each_local_day() -> None:
    series = mood_series(
        [
            checkin("a", 0, -3, -1),
            checkin("b", 5, -1, 1),
            checkin("c", 24, 2, 0),
            checkin("d", 14.5, 1, 1),
        ],  # 23:30 UTC = 00:30 next day in Berlin
        "Europe/Berlin",
    )
    assert [(p.day, p.pleasantness, p.energy, p.checkins) for p in series] == [
        (date(2026, 11, 1), -2.0, 0.0, 2),
        (date(2026, 11, 2), 1.5, 0.5, 2),
    ]
    assert mood_series([], "UTC") == []


def test_treats_ranked_by_how_much_they_helped() -> None:
    treats = [
        Treat(id="tea", title="Tea"),
        Treat(id="run", title="Run"),
        Treat(id="film", title="Film"),
    ]
    log = [
        TreatLog(id="1", treat_id="tea", accepted_at=T0, helped=3),
        TreatLog(id="2", treat_id="tea", accepted_at=T0, helped=4),
        TreatLog(id="3", treat_id="run", accepted_at=T0, helped=5),
        TreatLog(id="4", treat_id="film", accepted_at=T0),
        TreatLog(id="5", treat_id="film", accepted_at=T0),
        TreatLog(id="6", treat_id="gone", accepted_at=T0, helped=1),
    ]
    ranking = treat_ranking(log, treats)
    assert [(s.title, s.taken, s.rated, s.mean_helped) for s in ranking] == [
        ("Run", 1, 1, 5.0),
        ("Tea", 2, 2, 3.5),
        ("(a treat no longer in the list)", 1, 1, 1.0),
        ("Film", 2, 0, None),
    ]


def test_how_hard_a_rejection_hit() -> None:
    assert hit(checkin("a", 0, -3, 0, intensity=9)) == 9.0
    assert hit(checkin("a", 0, -1, 0, intensity=6)) == 2.0
    assert hit(checkin("a", 0, 2, 0, intensity=8)) == 0.0
    # A strength never given: unknown when it was unpleasant, still 0 when it was not.
    assert hit(checkin("a", 0, -2, 0)) is None
    assert hit(checkin("a", 0, 1, 0)) == 0.0


def test_daydreams_against_the_hit() -> None:
    points = daydream_points(
        [
            checkin("a", 0, -3, -1, intensity=9, daydream=9, rebound_id="r1"),
            checkin("b", 1, -2, -1, intensity=6, daydream=5, rebound_id="r2"),
            checkin("c", 2, -1, 0, intensity=3, daydream=1, rebound_id="r3"),
            checkin("d", 3, -2, 0, intensity=8, daydream=None, rebound_id="r4"),
            checkin("e", 4, -3, 0, intensity=9, daydream=9),  # not a rebound
            checkin("f", 5, -3, 0, daydream=7, rebound_id="r5"),  # strength never given
        ]
    )
    assert [(p.daydream, p.hit) for p in points] == [(9, 9.0), (5, 4.0), (1, 1.0)]
    r = correlation([p.daydream for p in points], [p.hit for p in points])
    assert r == pytest.approx(32 / (32 * 32.6667) ** 0.5, abs=1e-4)  # 0.9897
    # What it says of so few points: see tests/test_contrast_insights.py (nothing yet).
    assert correlation([1, 2], [1, 2]) is None
    assert correlation([1, 1, 1], [1, 2, 3]) is None


def test_the_mood_trend_speaks_only_with_three_check_ins_on_each_side() -> None:
    def days(*pleasantness: int) -> list[CheckIn]:
        return [checkin(str(i), 24 * i, p, 0) for i, p in enumerate(pleasantness)]

    # One check-in, or five: "at the start" and "lately" would share check-ins.
    assert mood_trend(days(-2)) is None
    assert mood_trend(days(-3, -3, -3, 2, 2)) is None
    # Six: the first three against the last three.
    assert mood_trend(days(-3, -3, -2, 1, 2, 2)) == "brighter"
    assert mood_trend(days(2, 2, 1, -2, -3, -3)) == "heavier"
    assert mood_trend(days(1, 0, -1, 0, 1, -1)) == "about the same"
    # Twelve: the first and last thirds (four each); the middle does not count.
    assert mood_trend(days(-3, -3, -3, -3, 3, 3, 3, 3, -3, -3, -3, -3)) == "about the same"
    # In time order, whatever order they come in.
    assert mood_trend(reversed(days(-3, -3, -2, 1, 2, 2))) == "brighter"


def test_funnel_rates() -> None:
    result = funnel(
        [
            Interview(
                id=str(i),
                company="x",
                stage="screen" if i < 4 else "applied",
                outcome="offer" if i == 0 else "rejected",
            )
            for i in range(10)
        ]
    )
    assert (result.applications, result.interviews, result.offers) == (10, 4, 1)
    assert result.interview_rate == 0.4 and result.offer_rate == 0.25


def test_retention_counts_only_review_state_cards_in_the_window() -> None:
    def review(i: int, rating: int, state: int | None, days_ago: int) -> Review:
        return Review(
            id=str(i),
            card_id="c",
            rating=rating,
            state_before=state,
            reviewed_at=T0 - timedelta(days=days_ago),
        )

    reviews = [
        review(1, 3, 2, 1),
        review(2, 1, 2, 2),
        review(3, 4, 2, 3),
        review(4, 2, 2, 4),
        review(5, 1, 1, 1),
        review(6, 3, None, 1),
        review(7, 1, 2, 40),
    ]
    assert true_retention(reviews, T0 - timedelta(days=30)) == (0.75, 4)
    assert true_retention([], T0) == (None, 0)


def test_forecast_of_due_cards() -> None:
    today = date(2026, 11, 1)

    def card(i: int, due_days: float, **kw: object) -> Card:
        return Card(
            id=str(i),
            question="q",
            state=2,
            due=T0 + timedelta(days=due_days),
            last_review=T0 - timedelta(days=5),
            **kw,
        )  # type: ignore[arg-type]

    cards = [
        card(1, -3),
        card(2, 0.1),
        card(3, 1),
        card(4, 1.2),
        card(5, 29),
        card(6, 45),
        card(7, 2, suspended=True),
        Card(id="new", question="q", due=T0),
    ]
    forecast = due_forecast(cards, today, "UTC", 4, 30)
    assert len(forecast) == 30
    assert forecast[0] == 2 and forecast[1] == 2 and forecast[29] == 1
    assert sum(forecast) == 5
