"""A sane day after a break (issue 12, item 9): a daily review limit, and a backlog mode
that spreads overdue reviews over days, weakest first, and still shows new cards.

The rules are in `rebound_tui.domain.queue`'s docstring; the story at the end drills a
90-day backlog day by day on a scripted clock."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.days import day_bounds, drill_day
from rebound_tui.domain.models import Card, Review, Settings
from rebound_tui.domain.queue import DailyQueue, build_daily_queue, queue_reads
from rebound_tui.domain.scheduling import make_scheduler, rate, retrievability
from rebound_tui.services.drill import DrillSession
from rebound_tui.services.queue import todays_queue
from rebound_tui.services.settings import update_settings
from rebound_tui.store.repository import Repository
from tests.helpers import open_repo

ZONE = "Europe/Berlin"
T = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # 16:00 Berlin, drill day 26 November
TODAY = date(2026, 11, 26)
DAY_START, DAY_END = day_bounds(TODAY, ZONE)
BASE = Settings(timezone=ZONE)


def review_card(i: int, due: datetime, stability: float = 10.0) -> Card:
    """A review card last seen `stability` days before it fell due."""
    return Card(
        id=f"r{i:04d}",
        question=f"review {i}",
        state=2,
        step=None,
        stability=stability,
        difficulty=5.0,
        due=due,
        last_review=due - timedelta(days=stability),
        reps=3,
    )


def new_cards(n: int) -> list[Card]:
    return [
        Card(id=f"n{i:02d}", question=f"new {i}", created_at=T - timedelta(days=1, seconds=-i))
        for i in range(n)
    ]


def rated_today(cards: list[Card], state_before: int | None = 2) -> list[Review]:
    """Reviews made this morning of `cards` (state 2: review cards)."""
    return [
        Review(
            id=f"v{index}",
            card_id=card.id,
            rating=3,
            reviewed_at=DAY_START + timedelta(hours=1, seconds=index),
            state_before=state_before,
        )
        for index, card in enumerate(cards)
    ]


def drilled_on(days: list[date]) -> list[Review]:
    """One review on each of `days` (noon there): the days the user drilled."""
    return [
        Review(
            id=f"d{day.isoformat()}",
            card_id="someone",
            rating=3,
            reviewed_at=day_bounds(day, ZONE)[0] + timedelta(hours=8),
            state_before=2,
        )
        for day in days
    ]


def after_a_break(overdue: int, per_day: int, *, new: int = 10) -> list[Card]:
    """`overdue` review cards due on the days before today (stabilities varied, so their
    recall differs), `per_day` falling due today and on each of the next 13 days, and
    `new` new cards."""
    cards = [
        review_card(i, DAY_START - timedelta(days=1 + i % 80, hours=1), 2 + i % 37)
        for i in range(overdue)
    ]
    for day in range(14):
        start, _ = day_bounds(TODAY + timedelta(days=day), ZONE)
        cards += [
            review_card(10_000 + day * 100 + k, start + timedelta(hours=6), 20)
            for k in range(per_day)
        ]
    return cards + new_cards(new)


def recall_order(
    queue: DailyQueue, cards: list[Card], settings: Settings, now: datetime = T
) -> None:
    """The reviews shown are the weakest of those due today, weakest first."""
    scheduler = make_scheduler(settings)
    due = [c for c in cards if c.state == 2 and c.due < queue.day_end]
    recall = {c.id: retrievability(c, now, scheduler) for c in due}
    shown = [recall[c.id] for c in queue.review]
    assert shown == sorted(shown)
    shown_ids = {c.id for c in queue.review}  # the queue may hold the cards' keys
    held = sorted(recall[c.id] for c in due if c.id not in shown_ids)
    assert not held or shown[-1] <= held[0]


# -- the daily review limit ----------------------------------------------------------------
def test_the_daily_limit_shows_the_weakest_and_holds_the_rest_back() -> None:
    cards = [review_card(i, T - timedelta(hours=1 + i), 1 + i % 50) for i in range(260)]
    settings = replace(BASE, reviews_per_day=200)
    queue = build_daily_queue(cards, [], settings, T)
    assert (queue.counts.due, queue.counts.held_back) == (200, 60)
    assert queue.backlog is None  # no review log read: no catch-up, the limit only
    recall_order(queue, cards, settings)


def test_review_cards_rated_today_count_against_the_limit_and_nothing_else_does() -> None:
    cards = [review_card(i, T - timedelta(hours=1 + i)) for i in range(260)]
    settings = replace(BASE, reviews_per_day=200)
    done, left = cards[:30], cards[30:]
    # 30 rated this morning (no longer due); learning and new cards rated do not count.
    reviews = [*rated_today(done), *rated_today(new_cards(3), state_before=None)]
    reviews += rated_today([review_card(9999, T)], state_before=3)
    queue = build_daily_queue(left, reviews, settings, T)
    assert (queue.counts.due, queue.counts.held_back) == (170, 60)


def test_rating_cards_never_changes_todays_share() -> None:
    """Drill the day's reviews one by one: due now + rated today stays the limit."""
    settings = replace(BASE, reviews_per_day=50, relearning_steps_minutes=())
    scheduler = make_scheduler(settings)
    cards = {c.id: c for c in (review_card(i, T - timedelta(days=i % 9)) for i in range(80))}
    reviews: list[Review] = []
    now = T
    for index in range(50):
        queue = build_daily_queue(cards.values(), reviews, settings, now)
        rated = len({r.card_id for r in reviews if r.state_before == 2})
        assert queue.counts.due + rated == 50
        assert queue.counts.held_back == 80 - 50
        card, review = rate(queue.review[0], 1 if index % 5 == 0 else 3, now, scheduler)
        cards[card.id] = card
        reviews.append(review)
        now += timedelta(seconds=20)
    queue = build_daily_queue(cards.values(), reviews, settings, now)
    assert (queue.counts.due, queue.counts.held_back) == (0, 30)


def test_zero_means_no_limit() -> None:
    cards = [review_card(i, T - timedelta(hours=1)) for i in range(500)]
    queue = build_daily_queue(cards, [], replace(BASE, reviews_per_day=0), T)
    assert (queue.counts.due, queue.counts.held_back) == (500, 0)


# -- backlog mode ---------------------------------------------------------------------------
def test_after_a_break_the_backlog_is_spread_over_the_days_weakest_first() -> None:
    cards = after_a_break(overdue=700, per_day=30)
    settings = replace(BASE, new_per_day=6)
    queue = build_daily_queue(cards, [], settings, T, earlier_reviews=[])
    # Due today: 700 overdue + 30 falling due today; on the 6 days after, 30 a day.
    share = math.ceil((730 + 6 * 30) / 7)
    assert share == 130
    assert queue.backlog is not None
    assert (queue.backlog.day, queue.backlog.days_left, queue.backlog.day_worth) == (1, 7, 30)
    assert (queue.counts.due, queue.counts.held_back) == (share, 730 - share)
    recall_order(queue, cards, settings)
    assert queue.counts.new == 3  # half the new cards, still some


def test_the_catch_up_counts_the_days_drilled_since_the_break() -> None:
    cards = after_a_break(overdue=700, per_day=30)
    two_days = drilled_on([TODAY - timedelta(days=2), TODAY - timedelta(days=1)])
    queue = build_daily_queue(cards, [], BASE, T, earlier_reviews=two_days)
    assert queue.backlog is not None and queue.backlog.day == 3
    assert queue.counts.due == math.ceil((730 + 4 * 30) / 5)
    # A day without drilling before those: it is the same catch-up. A day skipped
    # yesterday starts a new one.
    gap = drilled_on([TODAY - timedelta(days=5), TODAY - timedelta(days=3)])
    queue = build_daily_queue(cards, [], BASE, T, earlier_reviews=gap)
    assert queue.backlog is not None and queue.backlog.day == 1


def test_on_the_last_day_of_the_catch_up_everything_due_is_shown() -> None:
    cards = after_a_break(overdue=300, per_day=10)
    six_days = drilled_on([TODAY - timedelta(days=k) for k in range(1, 7)])
    queue = build_daily_queue(
        cards, [], replace(BASE, reviews_per_day=0), T, earlier_reviews=six_days
    )
    assert queue.backlog is not None and queue.backlog.days_left == 1
    assert (queue.counts.due, queue.counts.held_back) == (310, 0)


def test_the_daily_limit_still_caps_a_backlog() -> None:
    cards = after_a_break(overdue=3000, per_day=30)
    queue = build_daily_queue(cards, [], BASE, T, earlier_reviews=[])
    assert queue.backlog is not None and queue.backlog.share > 200
    assert (queue.counts.due, queue.counts.held_back) == (200, 3030 - 200)


@pytest.mark.parametrize(
    ("overdue", "per_day", "drilled", "backlog"),
    [
        (25, 0, 0, False),  # 25 due: 30 or fewer are shown at once on a first day
        (15, 0, 1, False),  # ... and 20 or fewer on a later day of a catch-up
        (59, 30, 0, False),  # 89 due, 30 a day: not over three days' worth on day 1
        (61, 30, 0, True),  # 91 due: over three days' worth
        (40, 30, 1, True),  # 70 due on day 2 of a catch-up: over two days' worth
        (25, 30, 1, False),  # 55 due: not over two days' worth; the catch-up is over
        (3000, 30, 7, False),  # someone who drills every day: the daily limit only
    ],
)
def test_when_there_is_a_backlog(overdue: int, per_day: int, drilled: int, backlog: bool) -> None:
    cards = after_a_break(overdue=overdue, per_day=per_day)
    earlier = drilled_on([TODAY - timedelta(days=k) for k in range(1, drilled + 1)])
    queue = build_daily_queue(cards, [], BASE, T, earlier_reviews=earlier)
    assert (queue.backlog is not None) is backlog
    if not backlog:
        due = sum(1 for c in cards if c.state == 2 and c.due < DAY_END)
        assert queue.counts.due == min(due, 200)
        assert queue.counts.new == 5


def test_backlog_mode_off_shows_every_due_card_within_the_limit() -> None:
    cards = after_a_break(overdue=700, per_day=30)
    settings = replace(BASE, backlog_mode=False, reviews_per_day=0)
    queue = build_daily_queue(cards, [], settings, T, earlier_reviews=[])
    assert queue.backlog is None
    assert (queue.counts.due, queue.counts.held_back, queue.counts.new) == (730, 0, 5)


def test_what_the_queue_reads() -> None:
    reads = queue_reads(BASE, T)
    assert (reads.day_start, reads.day_end) == (DAY_START, DAY_END)
    assert reads.reviews_from == day_bounds(TODAY - timedelta(days=7), ZONE)[0]
    assert reads.cards_due_before == day_bounds(TODAY + timedelta(days=6), ZONE)[1]
    off = queue_reads(replace(BASE, backlog_mode=False), T)
    assert (off.reviews_from, off.cards_due_before) == (DAY_START, DAY_END)


# -- the story: back after 90 days ----------------------------------------------------------
def months_of_drilling(repo: Repository, start: datetime, days: int) -> None:
    """240 cards added over `days` days from `start` and drilled every morning as they
    fall due (Good, now and then Again), written with their reviews."""
    settings = repo.settings()
    scheduler = make_scheduler(settings)
    cards = [
        Card(id=f"c{i:03d}", question=f"Question {i}", created_at=start + timedelta(hours=i * 3))
        for i in range(240)
    ]
    reviews: list[Review] = []
    for day in range(days):
        morning = start + timedelta(days=day, hours=-7)  # 09:00 Berlin
        for index, card in enumerate(cards):
            when = morning + timedelta(seconds=index * 5)
            grade = 1 if (index + day) % 11 == 0 else 3
            while card.created_at <= when and (card.is_new or card.due <= when):
                card, review = rate(card, grade, when, scheduler)
                reviews.append(review)
                grade = 3  # a step relearnt: Good
                when += timedelta(minutes=10)
            cards[index] = card
    repo.cards.put_many(cards)
    repo.reviews.put_many(reviews)


def expected_share(cards: list[Card], today: date, day: int, days: int) -> tuple[int, int]:
    """Today's share worked out here, at the day's start: (share, due)."""
    ends = [day_bounds(today + timedelta(days=k), ZONE)[1] for k in range(days - day + 1)]
    reviews = [c for c in cards if c.state == 2 and not c.suspended]
    due = sum(1 for c in reviews if c.due < ends[0])
    ahead = sum(1 for c in reviews if ends[0] <= c.due < ends[-1])
    return math.ceil((due + ahead) / len(ends)), due


def drill_the_day(session: DrillSession, clock: FixedClock) -> int:
    """Drill everything the day shows, Good but every seventh card Again (relearning
    steps are waited for). Returns how many review cards were rated."""
    rated = 0
    shown = 0
    while True:
        card = session.current
        if card is None:
            if not session.waiting_for:
                return rated
            clock.set(session.waiting_for[0].due)
            session.refresh()
            continue
        rated += card.state == 2
        shown += 1
        session.reveal()
        session.rate(1 if shown % 7 == 0 and card.state == 2 else 3)
        clock.advance(seconds=15)


def test_back_after_90_days_the_backlog_is_drilled_within_a_week(
    data_dir: Path, clock: FixedClock
) -> None:
    start = T - timedelta(days=150)
    clock.set(start)
    repo = open_repo(data_dir, clock, ZONE)
    update_settings(repo, new_per_day=6)
    months_of_drilling(repo, start, 60)
    repo.cards.put_many(new_cards(20))
    # The clock jumps 90 days: the user is back, on a Thursday at 16:00.
    clock.set(start + timedelta(days=150))
    settings = repo.settings()
    day_end_seen = None
    for day in range(1, 8):
        today = drill_day(clock.now(), ZONE)
        cards = repo.cards.all()
        share, due = expected_share(cards, today, day, 7)
        queue = todays_queue(repo, clock.now())
        if day == 1:
            assert due > 90 and queue.backlog is not None  # a backlog, spread
            assert queue.counts.held_back == due - share > 0
            recall_order(queue, cards, settings, clock.now())
            assert queue.counts.new == 3  # new cards still come: half of six
        if queue.backlog is not None:
            assert queue.backlog.day == day
            assert queue.counts.due == share
        else:
            assert queue.counts.due == due  # the backlog is down to a few days' worth
        session = DrillSession(repo)
        rated = drill_the_day(session, clock)
        assert rated == queue.counts.due
        # Done for today: nothing to drill until tomorrow, however long one waits.
        _, day_end_seen = day_bounds(today, ZONE)
        clock.set(day_end_seen - timedelta(minutes=1))
        after = todays_queue(repo, clock.now())
        assert after.counts.to_drill == 0 and after.counts.later == 0
        assert after.counts.held_back == due - rated
        clock.set(day_end_seen + timedelta(hours=12))  # the next day, at 16:00 or so
    # A week on, nothing is overdue: the backlog is gone, and the catch-up with it.
    assert day_end_seen is not None
    overdue = [c for c in repo.cards.all() if c.state == 2 and c.due < day_end_seen]
    assert overdue == []
    assert todays_queue(repo, clock.now()).backlog is None
    repo.close()
