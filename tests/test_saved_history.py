"""History stays as it was saved: a reset card stays reset, reviews of a deleted card
survive an export and import, and a rebound's lessons keep their order."""

from __future__ import annotations

from pathlib import Path

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Interview, new_id
from rebound_tui.services import interviews, rebounds
from rebound_tui.services.cards import reset_card
from rebound_tui.services.drill import DrillSession
from rebound_tui.services.export.json import export_document, validate_document
from rebound_tui.services.importing import import_document
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
    interview = interviews.save_interview(repo, Interview(id=new_id(), company="Acme"))
    _, rebound = interviews.mark_rejected(repo, interview)
    for _ in range(10):
        rebounds.save_lessons(repo, rebound, ["first", "second", "third"])
        assert [x.text for x in rebounds.lessons_of(repo, rebound.id)] == [
            "first",
            "second",
            "third",
        ]
    rebounds.save_lessons(repo, rebound, ["first", "", "third"])
    assert [(x.position, x.text) for x in rebounds.lessons_of(repo, rebound.id)] == [
        (0, "first"),
        (2, "third"),
    ]
    rebounds.save_lessons(repo, rebound, ["only"])
    assert [x.text for x in rebounds.lessons_of(repo, rebound.id)] == ["only"]
