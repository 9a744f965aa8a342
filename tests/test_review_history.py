"""History is history: a reset keeps every review through export and import, the same
review given twice is one review, and a review dated in the future is refused."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card
from rebound_tui.domain.scheduling import make_scheduler, rate
from rebound_tui.services import cards as cards_service
from rebound_tui.services.export.json import export_document, validate_document
from rebound_tui.services.importing import import_document
from rebound_tui.store.repository import Repository
from tests.helpers import START, open_repo


def _rated(repo: Repository, clock: FixedClock, card: Card, ratings: list[int]) -> Card:
    scheduler = make_scheduler(repo.settings())
    for rating in ratings:
        card, review = rate(card, rating, clock.now(), scheduler)
        repo.reviews.put(review)
        repo.cards.put(card)
        clock.advance(days=3)
    return card


def test_a_reset_card_keeps_every_review_through_export_and_import(
    repo: Repository, clock: FixedClock, tmp_path: Path
) -> None:
    card = Card(id="c1", question="Tell me about a conflict", created_at=START, due=START)
    card = _rated(repo, clock, card, [3, 3, 1])
    card = cards_service.reset_card(repo, card)
    clock.advance(hours=2)
    card = _rated(repo, clock, card, [3])
    assert len(repo.reviews.all()) == 4
    document = export_document(repo, clock.now())
    assert len(document["reviews"]) == 4

    again = open_repo(tmp_path / "again", FixedClock(clock.now()))
    result = import_document(again, validate_document(json.loads(json.dumps(document))))
    assert result.added["reviews"] == 4
    reviews = sorted(again.reviews.all(), key=lambda r: r.reviewed_at)
    assert [r.rating for r in reviews] == [3, 3, 1, 3]
    # The review after the reset is the first of a new sequence; the card's schedule is
    # the one that review made, as before the export.
    assert [r.state_before is None for r in reviews] == [True, False, False, True]
    imported = again.cards.get("c1")
    assert imported is not None
    assert (imported.stability, imported.due, imported.reps) == (
        card.stability,
        card.due,
        card.reps,
    )
    round_trip = export_document(again, clock.now())
    assert round_trip["reviews"] == document["reviews"]
    assert round_trip["cards"] == document["cards"]
    again.close()


def _document(*reviews: dict[str, object]) -> dict[str, object]:
    return {
        "format": "rebound-export",
        "schema_version": 2,
        "cards": [{"id": "c1", "question": "q", "answer": "a"}],
        "reviews": list(reviews),
    }


def test_the_same_review_twice_is_one_review(repo: Repository) -> None:
    """An exact duplicate (derived the same id, or given the same id and content) and the
    same rating of the same card at the same moment under another id: one review each
    time, the file imported, and importing it again adds nothing."""
    at = (START - timedelta(days=2)).isoformat()
    later = (START - timedelta(days=1)).isoformat()
    document = _document(
        {"card_id": "c1", "rating": 3, "reviewed_at": at},
        {"card_id": "c1", "rating": 3, "reviewed_at": at},
        {"id": "x", "card_id": "c1", "rating": 2, "reviewed_at": later},
        {"id": "x", "card_id": "c1", "rating": 2, "reviewed_at": later},
        {"id": "y", "card_id": "c1", "rating": 2, "reviewed_at": later},
    )
    result = import_document(repo, validate_document(document))
    assert result.added["reviews"] == 2
    assert "3 exact duplicates were merged" in result.summary()
    assert sorted(r.rating for r in repo.reviews.all()) == [2, 3]
    again = import_document(repo, validate_document(document))
    assert again.added["reviews"] == 0 and again.updated["reviews"] == 0
    assert len(repo.reviews.all()) == 2


def test_an_imported_card_is_due_when_its_last_rating_said(repo: Repository) -> None:
    """A review that kept its due date (the interval actually given, fuzz included)
    schedules the imported card for that date, not for a replay's unfuzzed guess."""
    given = (START + timedelta(days=9, hours=3)).isoformat()
    document = _document(
        {"card_id": "c1", "rating": 3, "reviewed_at": (START - timedelta(days=3)).isoformat()},
        {
            "card_id": "c1",
            "rating": 3,
            "reviewed_at": (START - timedelta(days=1)).isoformat(),
            "due": given,
        },
    )
    import_document(repo, validate_document(document))
    card = repo.cards.get("c1")
    assert card is not None and card.due.isoformat() == given
    stored = sorted(repo.reviews.all(), key=lambda r: r.reviewed_at)
    assert stored[0].due is None  # not given, not invented
    assert stored[1].due is not None and stored[1].due.isoformat() == given
