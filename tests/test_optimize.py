"""Optimize: personal FSRS parameters from a real review log, then every card rescheduled.
What it learns from: the reviews of cards that still exist, each card's history split at
its resets (issue 12, bugs 4 and 7)."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import fsrs
import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, Review, Settings
from rebound_tui.domain.optimize import (
    MIN_REVIEWS,
    fit_parameters,
    review_histories,
    review_sequences,
    training_set,
)
from rebound_tui.domain.scheduling import make_scheduler, replay
from rebound_tui.services.cards import delete_card
from rebound_tui.services.optimizing import fit, optimizer_review_count, reschedule_all
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
    # The schedule the drill's own scheduler gives with the new parameters, from scratch.
    scheduler = make_scheduler(replace(repo.settings(), fsrs_parameters=params))
    defaults = make_scheduler(Settings(timezone=repo.settings().timezone), fuzz=False)
    for card in cards:
        history = [r for r in reviews if r.card_id == card.id]
        expected, _ = replay(card, history, scheduler)
        stored = repo.cards.get(card.id)
        assert stored is not None and stored.stability == expected.stability
        assert stored.due == expected.due
        assert stored.stability != replay(card, history, defaults)[0].stability


def review(card_id: str, when: str, rating: int = 3, state_before: int | None = 2) -> Review:
    return Review(
        id=f"{card_id}-{when}",
        card_id=card_id,
        rating=rating,
        reviewed_at=datetime.fromisoformat(when),
        state_before=state_before,
    )


def test_days_between_reviews_are_drill_days() -> None:
    # 03:30 and 04:30 on the same date are two drill days (the day starts at 04:00).
    reviews = [
        review("c", "2026-01-01T03:30:00+00:00", state_before=None),
        review("c", "2026-01-01T04:30:00+00:00", state_before=1),
    ]
    assert review_histories(reviews, "UTC", 4) == [[(3, 0), (3, 1)]]


def test_a_reset_starts_a_new_sequence() -> None:
    """Reviews from before a reset and after it are two histories, never one: the first
    review after the reset is a first review (0 days), not a review 2 days late."""
    reviews = [
        review("c", "2026-01-01T10:00:00+00:00", state_before=None),
        review("c", "2026-01-01T10:10:00+00:00", state_before=1),
        review("c", "2026-01-04T10:00:00+00:00", rating=1),
        # reset on the 5th: the card is new again
        review("c", "2026-01-06T10:00:00+00:00", state_before=None),
        review("c", "2026-01-09T10:00:00+00:00", state_before=1),
        review("d", "2026-01-02T10:00:00+00:00", state_before=None),
        review("d", "2026-01-05T10:00:00+00:00"),
    ]
    assert sorted(review_histories(reviews, "UTC", 4)) == [
        [(3, 0), (3, 0), (1, 3)],
        [(3, 0), (3, 3)],
        [(3, 0), (3, 3)],
    ]
    assert [len(s) for s in review_sequences(reviews)] == [3, 2, 2]


def test_a_reset_splits_a_log_that_does_not_know_states() -> None:
    """A log from elsewhere has no states: the card's `reset_at` still splits it (and a
    review exactly at the reset belongs before it, as `replay` counts it)."""
    reviews = [
        review("c", "2026-01-01T10:00:00+00:00", state_before=None),
        review("c", "2026-01-03T10:00:00+00:00", state_before=None),
        review("c", "2026-01-05T10:00:00+00:00", state_before=None),
        review("c", "2026-01-08T10:00:00+00:00", state_before=None),
    ]
    assert review_histories(reviews, "UTC", 4) == [[(3, 0), (3, 2), (3, 2), (3, 3)]]
    reset = {"c": datetime(2026, 1, 5, 10, tzinfo=UTC)}
    assert review_histories(reviews, "UTC", 4, reset) == [[(3, 0), (3, 2), (3, 2)], [(3, 0)]]


def test_only_reviews_of_cards_that_exist_are_learnt_from() -> None:
    cards = [Card(id="kept", question="q")]
    reviews = [
        review("kept", "2026-01-01T10:00:00+00:00", state_before=None),
        review("gone", "2026-01-01T10:00:00+00:00", state_before=None),
        review("gone", "2026-01-04T10:00:00+00:00"),
    ]
    data = training_set(cards, reviews)
    assert [r.card_id for r in data.reviews] == ["kept"]
    assert data.resets == {"kept": None}


def test_deleted_cards_count_neither_toward_the_threshold_nor_in_the_fit(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    reviews = real_reviews()
    ids = sorted({r.card_id for r in reviews})
    cards = [Card(id=cid, question=f"q {cid}", created_at=reviews[0].reviewed_at) for cid in ids]
    repo.cards.put_many(cards)
    repo.reviews.put_many(reviews)
    assert optimizer_review_count(repo) == len(reviews)
    gone = set(ids[: len(ids) // 2])
    for card in cards:
        if card.id in gone:
            delete_card(repo, card)
    kept = [r for r in reviews if r.card_id not in gone]
    assert len(repo.reviews.all()) == len(reviews)  # still history
    assert optimizer_review_count(repo) == len(kept)
    result = fit(repo)
    assert result.reviews == len(kept)
    assert result.items == fit_parameters(kept, repo.settings().timezone, 4).items


def test_the_fit_sees_a_reset_card_as_two_histories(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    reviews = sorted(
        (r for r in real_reviews() if r.card_id == "1711684180217"), key=lambda r: r.reviewed_at
    )
    assert len(reviews) >= 4
    # Reset between two reviews on different days, so the join would have made an item.
    middle = next(
        a for a, b in pairwise(reviews) if b.reviewed_at - a.reviewed_at > timedelta(days=2)
    )
    reset_at = middle.reviewed_at + timedelta(seconds=1)
    # Reset just after the middle review (and not reviewed since): new again.
    card = Card(id="1711684180217", question="q", created_at=reviews[0].reviewed_at)
    repo.cards.put(replace(card, reset_at=reset_at, due=reset_at))
    repo.reviews.put_many(reviews)
    zone = repo.settings().timezone
    whole = review_histories(reviews, zone, 4)
    split = review_histories(reviews, zone, 4, {card.id: reset_at})
    assert len(whole) == 1 and len(split) == 2
    assert sum(map(len, split)) == len(reviews)
    items = sum(1 for h in split for i, (_, days) in enumerate(h) if i and days > 0)
    assert items < sum(1 for i, (_, days) in enumerate(whole[0]) if i and days > 0)
    assert fit(repo).items == items
