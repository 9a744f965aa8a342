"""A drill's start looks for a rating left half-done (its review written, its card not)
only when the files could hold one: once a look found none, the fact is kept beside the
state of the card shards and the newest month of reviews, and the next start that finds
them unchanged does not look again. Any write since (this device's, another process's,
an interrupted rating's) makes it look."""

from __future__ import annotations

from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, Review, new_id
from rebound_tui.services import interrupted
from rebound_tui.services.drill import DrillSession
from rebound_tui.store.repository import Repository
from tests.factories import drill_cards
from tests.helpers import open_repo


@pytest.fixture
def looks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the summaries were read to look for half-done ratings."""
    counted: list[int] = []
    real = interrupted._ratings_maybe_interrupted

    def counting(repo: Repository) -> set[str]:
        found = real(repo)
        counted.append(len(found))
        return found

    monkeypatch.setattr(interrupted, "_ratings_maybe_interrupted", counting)
    return counted


def rated(repo: Repository, clock: FixedClock, n: int = 3) -> None:
    repo.cards.put_many(drill_cards(clock.now(), n))
    session = DrillSession(repo)
    session.reveal()
    session.rate(3)


def test_a_start_after_one_that_found_nothing_does_not_look_again(
    data_dir: Path, clock: FixedClock, looks: list[int]
) -> None:
    repo = open_repo(data_dir, clock)
    rated(repo, clock)
    looks.clear()
    DrillSession(repo)
    assert looks == [0]
    DrillSession(open_repo(data_dir, clock))  # another process, as the next start is
    assert looks == [0]


def test_a_half_done_rating_after_the_fact_is_still_found_and_repaired(
    data_dir: Path, clock: FixedClock, looks: list[int]
) -> None:
    repo = open_repo(data_dir, clock)
    rated(repo, clock)
    DrillSession(repo)  # keeps the fact
    looks.clear()
    # killed between the review and the card, in another process
    other = open_repo(data_dir, clock)
    other.reviews.put(Review(id=new_id(), card_id="c1", rating=3, reviewed_at=clock.now()))
    DrillSession(open_repo(data_dir, clock))
    assert looks[0] == 1  # looked, and found it
    repaired = open_repo(data_dir, clock).cards.get("c1")
    assert repaired is not None and repaired.last_review == clock.now()
    looks.clear()
    DrillSession(open_repo(data_dir, clock))
    assert looks == [0]  # repaired, then the next look found nothing and kept that


def test_a_card_written_since_makes_the_next_start_look(
    data_dir: Path, clock: FixedClock, looks: list[int]
) -> None:
    repo = open_repo(data_dir, clock)
    rated(repo, clock)
    DrillSession(repo)
    looks.clear()
    repo.cards.put(Card(id="new", question="Added since", due=clock.now()))
    DrillSession(open_repo(data_dir, clock))
    assert looks == [0]


def test_ratings_made_in_a_session_are_taken_as_complete_when_it_ends(
    data_dir: Path, clock: FixedClock, looks: list[int]
) -> None:
    """The end of the app keeps the fact for the files its ratings left (the next day's
    start then does not look); a start alone could not, as ratings come after it."""
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 3))
    session = DrillSession(repo)
    session.reveal()
    session.rate(3)
    interrupted.keep_ratings_complete(repo)
    looks.clear()
    DrillSession(open_repo(data_dir, clock))
    assert looks == []


def test_a_read_only_store_keeps_nothing(
    data_dir: Path, clock: FixedClock, looks: list[int]
) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 2))
    repo.close()
    before = sorted(p.relative_to(data_dir) for p in data_dir.rglob("*"))
    readonly = Repository.open(data_dir, clock, readonly=True)
    assert not interrupted.ratings_maybe_interrupted(readonly)
    assert not interrupted.ratings_maybe_interrupted(readonly)
    assert looks == [0, 0]
    assert sorted(p.relative_to(data_dir) for p in data_dir.rglob("*")) == before
