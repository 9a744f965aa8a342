"""Optimize: personal FSRS parameters from a real review log, then every card rescheduled."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import fsrs
import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, Review
from rebound_tui.domain.optimize import MIN_REVIEWS, fit_parameters, review_histories
from rebound_tui.services.optimizing import reschedule_all
from tests.helpers import SHARED_DATA, open_repo


def real_reviews() -> list[Review]:
    with (SHARED_DATA / "fsrs-review-logs.csv").open(newline="") as handle:
        return [
            Review(
                id=str(i),
                card_id=row["card_id"],
                rating=int(row["review_rating"]),
                reviewed_at=datetime.fromisoformat(row["review_time"]),
            )
            for i, row in enumerate(csv.DictReader(handle))
        ]


def test_histories_count_days_between_reviews() -> None:
    reviews = [
        Review(
            id="a",
            card_id="c",
            rating=3,
            reviewed_at=datetime.fromisoformat("2026-01-01T10:00:00+00:00"),
        ),
        Review(
            id="b",
            card_id="c",
            rating=1,
            reviewed_at=datetime.fromisoformat("2026-01-01T10:10:00+00:00"),
        ),
        Review(
            id="c",
            card_id="c",
            rating=3,
            reviewed_at=datetime.fromisoformat("2026-01-04T10:00:00+00:00"),
        ),
    ]
    assert review_histories(reviews, "UTC", 4) == [[(3, 0), (1, 0), (3, 3)]]


def test_fit_improves_on_the_defaults_for_a_real_log() -> None:
    reviews = real_reviews()
    assert len(reviews) >= MIN_REVIEWS
    result = fit_parameters(reviews, "UTC", 4)
    assert len(result.after) == 21
    assert result.after != result.before
    assert result.log_loss_after < result.log_loss_before
    fsrs.Scheduler(parameters=result.after)  # within fsrs's bounds


def test_reschedule_all_uses_the_new_parameters(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    reviews = [r for r in real_reviews() if r.card_id in {"1711684180217", "1711746289148"}]
    if not reviews:
        pytest.fail("expected cards missing from the shared data")
    cards = [
        Card(id=cid, question=f"q {cid}", created_at=min(r.reviewed_at for r in reviews))
        for cid in {r.card_id for r in reviews}
    ]
    repo.cards.put_many(cards)
    repo.reviews.put_many(reviews)
    params = fit_parameters(real_reviews(), "UTC", 4).after
    assert reschedule_all(repo, params) == len(cards)
    assert repo.settings().fsrs_parameters == params
    scheduler = fsrs.Scheduler(parameters=params)
    for card in cards:
        logs = [
            fsrs.ReviewLog(
                card_id=1,
                rating=fsrs.Rating(r.rating),
                review_datetime=r.reviewed_at,
                review_duration=None,
            )
            for r in reviews
            if r.card_id == card.id
        ]
        expected = scheduler.reschedule_card(fsrs.Card(card_id=1), logs)
        stored = repo.cards.get(card.id)
        assert stored is not None and stored.stability == expected.stability
