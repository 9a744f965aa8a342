"""The drill counts drill days, as Anki does: elapsed days for scheduling, replay and the
optimizer are local drill days (from 04:00 in the user's zone), DST-safe; and one fuzz
per card and review keeps Hard < Good < Easy, exactly as previewed."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, FSRSItem, FSRSReview
from hypothesis import given, settings
from hypothesis import strategies as st

from rebound_tui.domain.days import drill_day
from rebound_tui.domain.models import Card, Review, Settings
from rebound_tui.domain.optimize import review_histories
from rebound_tui.domain.scheduling import make_scheduler, preview_intervals, rate, replay

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata"]


def local(zone: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone)).astimezone(UTC)  # type: ignore[misc]


def review_card(zone: str, last_review: datetime, stability: float = 1.0) -> Card:
    return Card(
        id="c1",
        question="q",
        state=2,
        step=None,
        stability=stability,
        difficulty=5.0,
        due=last_review + timedelta(days=1),
        last_review=last_review,
        reps=3,
        created_at=last_review - timedelta(days=3),
    )


def test_a_card_rated_in_the_evening_is_a_day_old_the_next_morning() -> None:
    """Rated Tuesday 21:00, seen Wednesday 08:00: one drill day later, exactly as if it
    were seen Wednesday 21:30. With 24-hour blocks it was a same-day review (stability
    barely moving, back again in a day)."""
    zone = "Europe/Berlin"
    scheduler = make_scheduler(Settings(timezone=zone), fuzz=False)
    card = review_card(zone, local(zone, 2026, 11, 24, 21, 0))
    morning, _ = rate(card, 3, local(zone, 2026, 11, 25, 8, 0), scheduler)
    evening, _ = rate(card, 3, local(zone, 2026, 11, 25, 21, 30), scheduler)
    assert morning.stability == pytest.approx(evening.stability)
    assert morning.stability is not None and morning.stability > 2 * card.stability  # type: ignore[operator]
    assert drill_day(morning.due, zone) - drill_day(morning.last_review, zone) >= timedelta(  # type: ignore[arg-type]
        days=2
    )


def test_before_the_day_start_is_still_the_same_drill_day() -> None:
    """01:30 belongs to the evening before: a card rated at 22:00 and again at 01:30 had a
    same-day review (short-term stability), not a day's gap."""
    zone = "Europe/Berlin"
    scheduler = make_scheduler(Settings(timezone=zone), fuzz=False)
    card = review_card(zone, local(zone, 2026, 11, 24, 22, 0), stability=10.0)
    late, _ = rate(card, 3, local(zone, 2026, 11, 25, 1, 30), scheduler)
    next_day, _ = rate(card, 3, local(zone, 2026, 11, 25, 4, 30), scheduler)
    assert late.stability is not None and next_day.stability is not None
    assert late.stability < next_day.stability


@pytest.mark.parametrize(
    ("zone", "day", "hour"),
    [
        # The drill day that holds the change starts at 04:00 the day before it.
        ("Europe/Berlin", date(2026, 10, 24), 4),  # clocks back: a 25-hour drill day
        ("Europe/Berlin", date(2026, 3, 28), 4),  # clocks forward: 23 hours
        ("America/New_York", date(2026, 10, 31), 4),
        ("Australia/Sydney", date(2026, 4, 4), 4),
    ],
)
def test_a_one_day_interval_is_the_next_drill_day_across_a_clock_change(
    zone: str, day: date, hour: int
) -> None:
    """Rated just after the day starts on the day the clocks change, a 1-day card comes
    back the next drill day: never the same one (24 hours after 04:10 on a 25-hour day is
    03:10, still the same drill day), never two days on."""
    # Without learning steps, Again on a new card gives a 1-day interval.
    scheduler = make_scheduler(Settings(timezone=zone, learning_steps_minutes=()), fuzz=False)
    for minute in (5, 10, 50):
        now = local(zone, day.year, day.month, day.day, hour, minute)
        card = Card(id="n", question="q", created_at=now, due=now)
        card, _ = rate(card, 1, now, scheduler)
        assert card.state == 2
        gap = (drill_day(card.due, zone) - drill_day(now, zone)).days
        shown = round((card.due - now) / timedelta(days=1))
        assert gap == shown >= 1
        assert card.due.astimezone(ZoneInfo(zone)).time() == now.astimezone(ZoneInfo(zone)).time()


def _reviews(draw_times: list[int], ratings: list[int], start: datetime) -> list[Review]:
    out = []
    at = start
    for i, (minutes, rating) in enumerate(zip(draw_times, ratings, strict=True)):
        at += timedelta(minutes=minutes)
        out.append(Review(id=f"r{i}", card_id="c1", rating=rating, reviewed_at=at))
    return out


@settings(max_examples=150, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    start=st.integers(0, 3 * 365 * 24 * 60),
    steps=st.lists(
        st.tuples(
            st.sampled_from([3, 40, 400, 700, 1000, 1400, 1500, 2900, 9000, 50000]),
            st.sampled_from([1, 2, 3, 3, 4]),
        ),
        min_size=1,
        max_size=14,
    ),
)
def test_scheduler_replay_optimizer_and_fsrs_rs_agree(
    zone: str, start: int, steps: list[tuple[int, int]]
) -> None:
    """Random review times in random zones: the drill's ratings one by one, a replay of
    the log, and fsrs-rs (the optimizer's engine) fed the optimizer's own day counts give
    the same memory state."""
    scheduler = make_scheduler(Settings(timezone=zone))
    created = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=start)
    card = Card(id="c1", question="q", created_at=created, due=created)
    reviews = _reviews([m for m, _ in steps], [r for _, r in steps], created)
    for review in reviews:
        card, _ = rate(card, review.rating, review.reviewed_at, scheduler)
    replayed, _ = replay(Card(id="c1", question="q", created_at=created), reviews, scheduler)
    assert (replayed.stability, replayed.difficulty, replayed.due) == (
        card.stability,
        card.difficulty,
        card.due,
    )
    (history,) = review_histories(reviews, zone, 4)
    expected_days = [0] + [
        (drill_day(b.reviewed_at, zone) - drill_day(a.reviewed_at, zone)).days
        for a, b in itertools.pairwise(reviews)
    ]
    assert [days for _, days in history] == expected_days
    memory = FSRS(list(DEFAULT_PARAMETERS)).memory_state(
        FSRSItem([FSRSReview(rating, days) for rating, days in history]), None
    )
    assert card.stability == pytest.approx(memory.stability, rel=1e-4)
    assert card.difficulty == pytest.approx(memory.difficulty, rel=1e-4)


def _random_card(rng: random.Random, now: datetime) -> Card:
    state = rng.choice([1, 2, 2, 2, 3])
    stability = rng.choice([0.5, 2.0, 5.0, 12.0, 40.0, 150.0, 900.0])
    last = now - timedelta(days=rng.randrange(0, 400), minutes=rng.randrange(0, 1440))
    return Card(
        id=f"c{rng.randrange(10**9)}",
        question="q",
        state=state,
        step=None if state == 2 else rng.choice([0, 1]),
        stability=stability,
        difficulty=rng.uniform(1, 10),
        due=last + timedelta(days=stability),
        last_review=last,
        reps=rng.randrange(1, 40),
        created_at=last - timedelta(days=1),
    )


def test_hard_good_easy_stay_in_order_over_thousands_of_previews() -> None:
    """One fuzz per card and review: Hard < Good < Easy whenever they give days (equal
    only at the maximum interval), and each rating applies exactly what was previewed."""
    rng = random.Random(12)
    now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    for maximum in (36500, 30):
        scheduler = make_scheduler(
            Settings(timezone="Europe/Berlin", maximum_interval_days=maximum)
        )
        for _ in range(2500):
            card = _random_card(rng, now)
            shown = preview_intervals(card, now, scheduler)
            day_ratings = [r for r in (2, 3, 4) if shown[r] >= timedelta(hours=20)]
            days = [round(shown[r] / timedelta(days=1)) for r in day_ratings]
            for lower, higher in itertools.pairwise(days):
                assert lower < higher or lower == higher == maximum, (card, shown)
            for rating in (1, 2, 3, 4):
                rated, review = rate(card, rating, now, scheduler)
                assert rated.due - now == shown[rating]
                assert review.due == rated.due


def test_fuzz_spreads_cards_rated_together() -> None:
    """Cards alike in all but id, rated Good at the same moment, do not all come back on
    one day; the same card always gets the same interval."""
    now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    scheduler = make_scheduler(Settings(timezone="UTC"))
    rng = random.Random(3)
    template = _random_card(rng, now)
    template = Card(**{**template.__dict__, "state": 2, "step": None, "stability": 40.0})
    days = {
        round(
            preview_intervals(Card(**{**template.__dict__, "id": f"c{i}"}), now, scheduler)[3].days
        )
        for i in range(200)
    }
    assert len(days) >= 3
    first = preview_intervals(template, now, scheduler)
    assert preview_intervals(template, now, scheduler) == first


@settings(max_examples=300, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    hour=st.integers(min_value=0, max_value=23),
    decay=st.sampled_from([None, 0.1542, 0.5]),
    now=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    ),
    back=st.floats(min_value=-3.0, max_value=4000.0),
    stability=st.one_of(st.none(), st.floats(min_value=0.001, max_value=36500.0)),
    seen=st.booleans(),
)
def test_recall_for_many_cards_is_fsrs_retrievability_to_the_bit(
    zone: str,
    hour: int,
    decay: float | None,
    now: datetime,
    back: float,
    stability: float | None,
    seen: bool,
) -> None:
    """The queue ranks thousands of due cards at once with `recall_at`: every number is
    the one `retrievability` (fsrs, told drill days) gives, so the order cannot differ."""
    from fsrs.scheduler import DEFAULT_PARAMETERS as FSRS_DEFAULTS

    from rebound_tui.domain.scheduling import recall_at, retrievability

    parameters = None if decay is None else (*FSRS_DEFAULTS[:20], decay)
    chosen = Settings(timezone=zone, day_start_hour=hour, fsrs_parameters=parameters)
    scheduler = make_scheduler(chosen)
    card = review_card(zone, now - timedelta(days=back))
    if stability is not None:
        card = replace(card, stability=stability)
    if not seen:
        card = replace(card, last_review=None, state=1)
    recall = recall_at(now, scheduler)
    assert recall(card) == retrievability(card, now, scheduler)
