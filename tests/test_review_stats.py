"""The drill stats worked out from the store's summaries (services.review_stats) are what
domain.stats works out from every review and card: on random logs, in several zones and
day starts, after edits, and on the demo data."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, Review
from rebound_tui.domain.optimize import training_set
from rebound_tui.domain.stats import (
    ReviewLog,
    counts_by_day,
    due_forecast,
    retention_by_period,
    time_spent,
    timing_trend,
)
from rebound_tui.services.demo import generate
from rebound_tui.services.review_stats import (
    DrillFigures,
    drill_figures,
    reviews_since,
)
from rebound_tui.services.review_stats import due_forecast as service_forecast
from rebound_tui.store.repository import Repository
from tests.helpers import open_repo

PERIODS = (7, 30, 365, None)
ZONES = [("UTC", 4), ("America/Los_Angeles", 0), ("Asia/Kolkata", 23), ("Pacific/Auckland", 6)]


def expected(repo: Repository, today: date, tz: str, hour: int) -> DrillFigures:
    reviews = repo.reviews.all()
    cards = repo.cards.all()
    log = ReviewLog(reviews, tz, hour)
    return DrillFigures(
        counts=dict(counts_by_day(log)),
        by_period=retention_by_period(log, today, PERIODS),
        spent=time_spent(log, today),
        answering=timing_trend(log, today),
        rehearsing=timing_trend(log, today, rehearsal=True),
        reviews=len(reviews),
        training_reviews=len(training_set(cards, reviews).reviews),
        cards=len(cards),
        suspended=sum(c.suspended for c in cards),
        slipping=sum(c.leech for c in cards),
        due_forecast=due_forecast(cards, today, tz, hour, 30),
    )


def random_log(repo: Repository, seed: int, now: datetime) -> None:
    rng = random.Random(seed)
    cards = []
    for i in range(40):
        reviewed = rng.random() < 0.8
        cards.append(
            Card(
                id=f"c{i:02}",
                question=f"q{i}",
                created_at=now - timedelta(days=400),
                due=now + timedelta(days=rng.randint(-5, 40), hours=rng.randint(0, 23)),
                last_review=now - timedelta(days=3) if reviewed else None,
                suspended=rng.random() < 0.1,
                leech=rng.random() < 0.1,
            )
        )
    repo.cards.put_many(cards)
    reviews = []
    ids = [c.id for c in cards] + ["gone1", "gone2"]  # reviews of deleted cards
    for i in range(900):
        at = now - timedelta(days=rng.uniform(0, 420))
        interval = rng.choice([0, 1, 3, 10, 20, 21, 22, 40, 90])
        reviews.append(
            Review(
                id=f"r{i:04}",
                card_id=rng.choice(ids),
                rating=rng.randint(1, 4),
                reviewed_at=at,
                duration_ms=rng.choice([None, rng.randint(0, 400_000)]),
                state_before=rng.choice([None, 1, 2, 2, 2, 3]),
                due=rng.choice([None, at + timedelta(days=interval, hours=rng.randint(0, 5))]),
                rehearsal_ms=rng.choice([None, None, rng.randint(0, 400_000)]),
            )
        )
    repo.reviews.put_many(reviews)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_summaries_give_what_the_whole_log_gives(
    seed: int, data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    now = clock.now()
    random_log(repo, seed, now)
    for tz, hour in ZONES:
        today = (now.astimezone(ZoneInfo(tz)) - timedelta(hours=hour)).date()
        assert drill_figures(repo, today, tz, hour, PERIODS) == expected(repo, today, tz, hour)
    # Edits: a new review, a card suspended, a card deleted; then read by a new process.
    tz, hour = ZONES[1]
    today = now.date()
    first = repo.cards.all()[0]
    repo.cards.put(replace(first, suspended=not first.suspended))
    repo.cards.delete(repo.cards.all()[1])
    repo.reviews.put(Review(id="new", card_id=first.id, rating=3, reviewed_at=now, state_before=2))
    assert drill_figures(repo, today, tz, hour, PERIODS) == expected(repo, today, tz, hour)
    for back in (0, 29, 45, 200):
        since = now - timedelta(days=back, hours=3)
        every = sorted(r.id for r in repo.reviews.all() if r.reviewed_at >= since)
        assert sorted(r.id for r in reviews_since(repo, since)) == every
    assert service_forecast(repo, today, tz, hour) == due_forecast(
        repo.cards.all(), today, tz, hour
    )
    again = open_repo(data_dir, clock)
    assert drill_figures(again, today, tz, hour, PERIODS) == expected(again, today, tz, hour)


def test_on_the_demo_data(data_dir: Path) -> None:
    clock = FixedClock(datetime(2026, 11, 26, 15, 0, tzinfo=UTC))
    repo = Repository.open(data_dir, clock)
    generate(repo, "small")
    settings = repo.settings()
    tz = settings.timezone or "UTC"
    today = (clock.now() - timedelta(hours=settings.day_start_hour)).date()
    got = drill_figures(repo, today, tz, settings.day_start_hour, PERIODS)
    assert got == expected(repo, today, tz, settings.day_start_hour)
    assert got.reviews > 0 and got.by_period[-1].total > 0
