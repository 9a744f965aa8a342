"""History stays as it was saved: a reset card stays reset, reviews of a deleted card
survive an export and import, and a rebound's lessons keep their order."""

from __future__ import annotations

from pathlib import Path

from rebound_tui import actions
from rebound_tui.clock import FixedClock
from rebound_tui.domain.models import Interview, new_id
from rebound_tui.drill import DrillSession, reset_card
from rebound_tui.store.exchange import export_document, import_document, validate_document
from tests.factories import bare_cards
from tests.helpers import open_repo


def test_a_reset_card_stays_reset(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(bare_cards(clock.now(), 1))
    DrillSession(repo).rate(3)
    clock.advance(minutes=5)
    fresh = reset_card(repo, repo.cards.get("c0"))  # type: ignore[arg-type]
    DrillSession(repo)  # reconciles interrupted ratings: must not undo the reset
    assert repo.cards.get("c0") == fresh
    document = export_document(repo, clock.now())
    target = open_repo(data_dir.parent / "again", clock)
    result = import_document(target, validate_document(document))
    assert result.rescheduled == 0
    assert target.cards.get("c0") == fresh


def test_reviews_of_a_deleted_card_round_trip(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(bare_cards(clock.now(), 2))
    session = DrillSession(repo)
    session.rate(3)
    session.rate(3)
    repo.cards.delete(repo.cards.get("c0"))  # type: ignore[arg-type]
    document = export_document(repo, clock.now())
    target = open_repo(data_dir.parent / "again", clock)
    result = import_document(target, validate_document(document))
    assert result.orphans == 1
    assert "reviews of deleted cards were kept as history" in result.summary()
    again = export_document(target, clock.now())
    for doc in (document, again):
        doc.pop("exported_at")
    assert again == document


def test_lessons_keep_their_order_and_blanks_go(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    interview = actions.save_interview(repo, Interview(id=new_id(), company="Acme"))
    _, rebound = actions.mark_rejected(repo, interview)
    for _ in range(10):
        actions.save_lessons(repo, rebound, ["first", "second", "third"])
        assert [x.text for x in actions.lessons_of(repo, rebound.id)] == [
            "first",
            "second",
            "third",
        ]
    actions.save_lessons(repo, rebound, ["first", "", "third"])
    assert [(x.position, x.text) for x in actions.lessons_of(repo, rebound.id)] == [
        (0, "first"),
        (2, "third"),
    ]
    actions.save_lessons(repo, rebound, ["only"])
    assert [x.text for x in actions.lessons_of(repo, rebound.id)] == ["only"]
