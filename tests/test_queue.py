"""Today's queue, a pure function: day boundaries, zones, DST, limits, suspend and bury."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from fsrs import Card as FsrsCard
from fsrs import Rating, State
from fsrs import Scheduler as FsrsScheduler

from rebound_tui.domain.days import day_bounds, drill_day
from rebound_tui.domain.models import Card, Review, Settings
from rebound_tui.domain.queue import build_daily_queue
from rebound_tui.domain.scheduling import make_scheduler, rate

BERLIN = Settings(timezone="Europe/Berlin")
T = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # 16:00 Berlin


def new(i: int, created: datetime = T) -> Card:
    return Card(
        id=f"n{i:02d}", question=f"new {i}", created_at=created + timedelta(seconds=i), due=created
    )


def review_card(
    i: int, due: datetime, stability: float = 10.0, last: datetime | None = None
) -> Card:
    return Card(
        id=f"r{i:02d}",
        question=f"review {i}",
        state=2,
        step=None,
        stability=stability,
        difficulty=5.0,
        due=due,
        last_review=last or due - timedelta(days=10),
        reps=3,
    )


def ids(cards: tuple[Card, ...]) -> list[str]:
    return [c.id for c in cards]


def test_day_starts_at_four_in_the_morning_local() -> None:
    assert drill_day(datetime(2026, 11, 27, 2, 30, tzinfo=UTC), "Europe/Berlin") == date(
        2026, 11, 26
    )
    assert drill_day(datetime(2026, 11, 27, 3, 0, tzinfo=UTC), "Europe/Berlin") == date(
        2026, 11, 27
    )
    assert drill_day(datetime(2026, 11, 27, 3, 0, tzinfo=UTC), "Europe/Berlin", 6) == date(
        2026, 11, 26
    )


def test_days_are_23_or_25_hours_across_dst() -> None:
    start, end = day_bounds(date(2026, 3, 28), "Europe/Berlin")  # into summer time
    assert end - start == timedelta(hours=23)
    start, end = day_bounds(date(2026, 10, 24), "Europe/Berlin")  # back to winter time
    assert end - start == timedelta(hours=25)
    # US clocks go forward at 02:00 on Sunday 8 March: the drill day that spans it is the 7th.
    start, end = day_bounds(date(2026, 3, 7), "America/New_York")
    assert (start, end - start) == (datetime(2026, 3, 7, 9, tzinfo=UTC), timedelta(hours=23))
    start, end = day_bounds(date(2026, 3, 8), "America/New_York")
    assert (start, end - start) == (datetime(2026, 3, 8, 8, tzinfo=UTC), timedelta(hours=24))


def test_reviews_due_by_the_end_of_the_local_day_lowest_recall_first() -> None:
    end_of_day = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)  # 04:00 Berlin tomorrow
    cards = [
        review_card(1, T - timedelta(days=1), stability=30),  # overdue, strong memory
        review_card(2, T - timedelta(days=1), stability=2),  # overdue, weak memory
        review_card(3, end_of_day - timedelta(minutes=1)),  # due tonight
        review_card(4, end_of_day),  # due tomorrow: not today
    ]
    queue = build_daily_queue(cards, [], BERLIN, T)
    assert ids(queue.review) == ["r02", "r03", "r01"]
    assert "r04" not in ids(queue.review)
    scheduler = make_scheduler(BERLIN)
    from rebound_tui.domain.scheduling import retrievability

    recall = [retrievability(c, T, scheduler) for c in queue.review]
    assert recall == sorted(recall)
    assert queue.counts.due == 3


def test_the_same_cards_in_tokyo_have_a_different_day() -> None:
    tokyo = Settings(timezone="Asia/Tokyo")
    due = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)  # 05:00 on the 27th in Tokyo
    card = review_card(1, due)
    # 15:00 UTC is 00:00 on the 27th in Tokyo: still the 26th's drill day (before 04:00),
    # which ends at 19:00 UTC; the card is due after that.
    assert build_daily_queue([card], [], tokyo, T).counts.due == 0
    # In Berlin the day runs until 03:00 UTC on the 27th: due today.
    assert build_daily_queue([card], [], BERLIN, T).counts.due == 1


def test_new_cards_are_limited_per_day_counting_todays_log() -> None:
    cards = [new(i) for i in range(12)]
    queue = build_daily_queue(cards, [], BERLIN, T)
    assert ids(queue.new) == [f"n{i:02d}" for i in range(5)]
    introduced = [
        Review(
            id=f"x{i}",
            card_id=f"old{i}",
            rating=3,
            reviewed_at=T - timedelta(hours=2),
            state_before=None,
        )
        for i in range(3)
    ]
    again = Review(id="y", card_id="old0", rating=1, reviewed_at=T, state_before=1)
    queue = build_daily_queue(cards, [*introduced, again], BERLIN, T)
    assert queue.counts.new == 2
    custom = replace(BERLIN, new_per_day=0)
    assert build_daily_queue(cards, [], custom, T).counts.new == 0


def test_learning_cards_only_when_due() -> None:
    learning = Card(
        id="l1",
        question="q",
        state=1,
        step=1,
        stability=1.0,
        difficulty=5.0,
        due=T + timedelta(minutes=10),
        last_review=T - timedelta(minutes=1),
    )
    queue = build_daily_queue([learning], [], BERLIN, T)
    assert queue.learning == () and ids(queue.learning_later) == ["l1"]
    counts = queue.counts  # later today, not to drill now
    assert (counts.to_drill, counts.learning, counts.later) == (0, 0, 1)
    assert counts.next_at == T + timedelta(minutes=10) == queue.changes_at
    assert queue.next_card(T) is None  # due in ten minutes: not yet
    relearning = replace(learning, id="l2", state=3, due=T - timedelta(minutes=1))
    queue = build_daily_queue([learning, relearning], [], BERLIN, T)
    assert ids(queue.learning) == ["l2"]
    assert queue.next_card(T) == relearning


def test_suspended_and_buried_cards_stay_out() -> None:
    cards = [
        replace(review_card(1, T), suspended=True),
        replace(review_card(2, T), buried_until=T + timedelta(hours=12)),
        replace(review_card(3, T), buried_until=T - timedelta(minutes=1)),
        replace(new(1), suspended=True),
    ]
    queue = build_daily_queue(cards, [], BERLIN, T)
    assert ids(queue.review) == ["r03"]
    assert queue.counts.new == 0


def test_order_of_presentation() -> None:
    learning = Card(
        id="l1",
        question="q",
        state=3,
        step=0,
        stability=1.0,
        difficulty=5.0,
        due=T - timedelta(minutes=5),
        last_review=T - timedelta(minutes=15),
    )
    queue = build_daily_queue([new(1), review_card(1, T), learning], [], BERLIN, T)
    assert queue.next_card(T) == learning
    queue = build_daily_queue([new(1), review_card(1, T)], [], BERLIN, T)
    assert queue.next_card(T).id == "r01"  # type: ignore[union-attr]


def _drill_day_end(now: datetime, zone: str) -> datetime:
    """04:00 local on the day after `now`'s drill day, worked out here with zoneinfo."""
    z = ZoneInfo(zone)
    day = (now.astimezone(z) - timedelta(hours=4)).date()
    return datetime.combine(day + timedelta(days=1), time(4), tzinfo=z).astimezone(UTC)


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Sydney"])
def test_a_week_of_days_on_an_injected_clock(zone: str) -> None:
    """Rate a new card Good every day for a week: it is shown on the days it falls due,
    with fsrs's own intervals, due at the same local wall-clock time N days on, across
    the New York and Sydney DST weekends too."""
    settings = Settings(timezone=zone)
    scheduler = make_scheduler(settings, fuzz=False)
    z = ZoneInfo(zone)
    # What the scheduler says, asked directly of fsrs with the default settings spelt out.
    # Reviews at 18:00 UTC every day fall on consecutive drill days in all three zones
    # (Sydney's 04:00/05:00 is after its day start), so 24-hour blocks are drill days.
    fsrs = FsrsScheduler(
        desired_retention=0.9,
        learning_steps=(timedelta(minutes=1), timedelta(minutes=10)),
        relearning_steps=(timedelta(minutes=10),),
        maximum_interval=36500,
        enable_fuzzing=False,
    )
    now = datetime(2026, 3, 28, 18, 0, tzinfo=UTC)
    card = new(1, now - timedelta(days=1))
    model = FsrsCard(card_id=0, state=State.Learning, step=0, due=card.due)
    expected_days: list[int] = []
    shown_days: list[int] = []
    for day in range(10):
        if card.last_review is None or card.due < _drill_day_end(now, zone):
            expected_days.append(day)
        queue = build_daily_queue([card], [], settings, now)
        if queue.counts.to_drill:
            assert queue.next_card(now) is not None
            shown_days.append(day)
            card, _ = rate(card, 3, now, scheduler)
            model, _ = fsrs.review_card(model, Rating.Good, now)
            interval = model.due - now
            if interval < timedelta(days=1):
                assert card.due == model.due  # a learning step: minutes, as fsrs says
            else:
                wall = now.astimezone(z).replace(tzinfo=None) + timedelta(days=interval.days)
                assert card.due.astimezone(z).replace(tzinfo=None) == wall
            assert card.stability == model.stability
        now += timedelta(days=1)
    assert shown_days == expected_days
    # New on the first day, its 10-minute step the next, then whole-day intervals: days
    # left out as well as days shown.
    assert shown_days[:2] == [0, 1]
    assert 3 <= len(shown_days) < 10
    assert model.state == State.Review and card.state == State.Review


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 days ago", date(2026, 11, 23)),
        ("in 2 weeks", date(2026, 12, 10)),
        ("1 day ago", date(2026, 11, 25)),
        ("yesterday", date(2026, 11, 25)),
        ("2026-11-20", date(2026, 11, 20)),
        ("20 Nov", date(2026, 11, 20)),
        ("", None),
    ],
)
def test_dates_as_people_type_them(text: str, expected: date | None) -> None:
    from rebound_tui.domain.days import parse_day

    assert parse_day(text, date(2026, 11, 26)) == expected


def test_unreadable_dates_say_so() -> None:
    from rebound_tui.domain.days import parse_day

    with pytest.raises(ValueError, match="is not a date I can read"):
        parse_day("in 3 days ago", date(2026, 11, 26))
