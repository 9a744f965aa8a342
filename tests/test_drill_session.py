"""The drill session: durable ratings, exact intervals, undo, suspend, bury, leeches."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, Review, new_id
from rebound_tui.services.cards import reset_card
from rebound_tui.services.drill import DrillSession, reconcile_interrupted_ratings
from rebound_tui.store.repository import Repository
from tests.factories import drill_cards
from tests.helpers import open_repo


def add_cards(repo: Repository, clock: FixedClock, n: int) -> list[Card]:
    cards = drill_cards(clock.now(), n)
    repo.cards.put_many(cards)
    return cards


def test_a_rating_is_durable_and_applies_the_interval_shown(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    add_cards(repo, clock, 3)
    session = DrillSession(repo)
    assert session.current is not None and session.current.id == "c0"
    shown = session.reveal()
    clock.advance(seconds=40)  # thinking before rating
    card = session.rate(3)
    assert card.due - clock.now() == shown[3].interval
    fresh = Repository.open(data_dir, clock, readonly=True)
    assert fresh.cards.get("c0") == card
    (review,) = fresh.reviews.all()
    assert (review.card_id, review.rating, review.reviewed_at, review.state_before) == (
        "c0",
        3,
        clock.now(),
        None,
    )
    assert review.duration_ms == 40_000
    assert session.current is not None and session.current.id == "c1"


def test_reveal_is_computed_once(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    card = Card(
        id="r",
        question="q",
        state=2,
        step=None,
        stability=40.0,
        difficulty=5.0,
        due=clock.now(),
        last_review=clock.now() - timedelta(days=40),
        reps=5,
    )
    repo.cards.put(card)
    session = DrillSession(repo)
    first = session.reveal()
    assert session.reveal() is first  # fuzz cannot change what was shown


def test_undo_restores_cards_and_removes_reviews_several_deep(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    originals = {c.id: c for c in add_cards(repo, clock, 3)}
    session = DrillSession(repo)
    for rating in (3, 1, 4):
        clock.advance(seconds=5)
        session.rate(rating)
    assert len(repo.reviews.all()) == 3
    assert session.undo().id == "c2"  # type: ignore[union-attr]
    assert session.undo().id == "c1"  # type: ignore[union-attr]
    assert repo.cards.get("c1") == originals["c1"]
    assert repo.cards.get("c2") == originals["c2"]
    assert [r.card_id for r in repo.reviews.all()] == ["c0"]
    assert session.current == originals["c1"]
    assert session.summary.reviews == 1


def test_suspend_and_bury_take_the_card_out_of_today(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    add_cards(repo, clock, 2)
    session = DrillSession(repo)
    session.suspend()
    assert repo.cards.get("c0").suspended  # type: ignore[union-attr]
    session.bury()
    buried = repo.cards.get("c1")
    assert buried is not None
    assert buried.buried_until == datetime(2026, 11, 27, 3, 0, tzinfo=UTC)  # 04:00 Berlin
    assert session.current is None
    clock.advance(hours=13)  # the next drill day
    assert DrillSession(repo).current.id == "c1"  # type: ignore[union-attr]


def test_session_limit(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    add_cards(repo, clock, 5)
    session = DrillSession(repo, limit=2)
    session.rate(3)
    session.rate(3)
    # Both are now learning cards due in ten minutes; the limit keeps c2..c4 out.
    assert session.current is None
    clock.advance(minutes=11)
    assert session.advance() is not None and session.current.id == "c0"  # type: ignore[union-attr]
    session.rate(3)
    session.rate(3)
    assert session.current is None
    assert session.summary.cards == {"c0", "c1"}


def test_eighth_lapse_makes_a_leech(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put(
        Card(
            id="hard",
            question="q",
            state=2,
            step=None,
            stability=3.0,
            difficulty=9.0,
            due=clock.now(),
            lapses=7,
            reps=20,
            last_review=clock.now() - timedelta(days=3),
        )
    )
    session = DrillSession(repo)
    card = session.rate(1)
    assert card.lapses == 8 and card.leech and "leech" in card.tags
    assert session.summary.new_leeches == ["hard"]


def test_an_interrupted_rating_is_repaired(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    (card,) = add_cards(repo, clock, 1)
    repo.reviews.put(Review(id=new_id(), card_id=card.id, rating=3, reviewed_at=clock.now()))
    assert reconcile_interrupted_ratings(repo) == 1
    repaired = repo.cards.get(card.id)
    assert repaired is not None and repaired.last_review == clock.now() and repaired.reps == 1
    assert reconcile_interrupted_ratings(repo) == 0


def test_a_repaired_rating_gives_the_card_exactly_what_was_shown(
    data_dir: Path, clock: FixedClock
) -> None:
    """Killed between the review and the card: the repair applies the review as the
    drill did, fuzz and the due date shown included."""
    repo = open_repo(data_dir, clock)
    (card,) = add_cards(repo, clock, 1)
    card = replace(card, state=2, step=None, stability=30.0, difficulty=5.0, reps=4)
    card = replace(card, last_review=clock.now() - timedelta(days=30))
    repo.cards.put(card)
    session = DrillSession(repo)
    session.reveal()
    clock.advance(seconds=40)
    rated = session.rate(3)
    repo.cards.put(card)  # as if the process died before the card was written
    assert reconcile_interrupted_ratings(repo) == 1
    assert repo.cards.get(card.id) == replace(rated, updated_at=card.updated_at)


def test_reset_makes_a_card_new_again(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    add_cards(repo, clock, 1)
    session = DrillSession(repo)
    card = session.rate(4)
    again = reset_card(repo, replace(card, tags=("leech",), leech=True))
    assert again.is_new and again.reps == 0 and again.tags == () and not again.leech


def test_suspend_and_bury_can_be_undone(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    originals = {c.id: c for c in add_cards(repo, clock, 2)}
    session = DrillSession(repo)
    session.suspend()
    session.bury()
    assert session.undo() == originals["c1"]
    assert repo.cards.get("c1") == originals["c1"]
    assert session.undo() == originals["c0"]
    assert repo.cards.get("c0") == originals["c0"]
    assert repo.reviews.all() == []


def test_a_drill_with_nothing_to_repair_starts_without_the_lock(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check for an interrupted rating reads the store's summaries; the lock (and
    the lock library's import) waits for a rating, or a repair, to need it."""
    repo = open_repo(data_dir, clock)
    (card,) = add_cards(repo, clock, 1)
    session = DrillSession(repo)
    session.reveal()
    session.rate(3)  # rated, card and review both written
    took: list[str] = []
    monkeypatch.setattr(Repository, "transaction", lambda self: took.append("lock") or 1 / 0)
    assert DrillSession(repo).summary.reviews == 0
    assert took == []
    monkeypatch.undo()
    clock.advance(seconds=30)
    repo.reviews.put(Review(id=new_id(), card_id=card.id, rating=3, reviewed_at=clock.now()))
    DrillSession(repo)  # a review its card has not caught up with: repaired under the lock
    repaired = repo.cards.get(card.id)
    assert repaired is not None and repaired.last_review == clock.now() and repaired.reps == 2


def counting_parts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Wrap every registered summary made `by_document` so each part worked out is noted."""
    from rebound_tui.store import summaries

    counted: list[str] = []
    for name, spec in list(summaries._REGISTERED.items()):
        if spec.part is None:
            continue

        def part(*args: object, _real=spec.part, _name=name) -> object:
            counted.append(_name)
            return _real(*args)

        monkeypatch.setitem(summaries._REGISTERED, name, replace(spec, part=part))
    return counted


@pytest.mark.parametrize("prepared", [True, False])
def test_a_card_read_has_its_ratings_writes_worked_out_ahead(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, prepared: bool
) -> None:
    repo = open_repo(data_dir, clock)
    add_cards(repo, clock, 200)
    repo.reviews.put_many(
        Review(id=new_id(), card_id="c199", rating=3, reviewed_at=clock.now()) for _ in range(150)
    )
    repo.close()
    repo = Repository.open(data_dir, clock)  # a new process: nothing worked out yet
    counted = counting_parts(monkeypatch)
    session = DrillSession(repo)
    if prepared:
        session.prepare_rating()
        assert counted.count("review-log") >= 150  # each review of the month, and so on
    counted.clear()
    session.reveal()
    session.rate(3)
    if prepared:  # only the card rated and its new review, once for each summary
        assert counted and max(Counter(counted).values()) == 1
    else:
        assert counted.count("review-log") >= 150
    fresh = Repository.open(data_dir, clock, readonly=True)
    assert len(fresh.reviews.all()) == 151


def test_a_queue_worked_out_before_the_session_is_used_while_the_cards_hold(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`rebound drill` works out today's queue to decide whether to open at all: the
    session starts on it rather than working it out again, unless a card file (or the
    settings) changed in between; then it works the queue out afresh."""
    from rebound_tui.services import drill, queue
    from rebound_tui.services.queue import starting_queue

    repo = open_repo(data_dir, clock)
    add_cards(repo, clock, 3)
    built: list[datetime] = []
    original = drill.todays_queue

    def counted(repo: Repository, now: datetime, **kwargs: bool) -> object:
        built.append(now)
        return original(repo, now, **kwargs)

    monkeypatch.setattr(drill, "todays_queue", counted)
    monkeypatch.setattr(queue, "todays_queue", counted)
    looked = Repository.open(data_dir, clock, readonly=True)
    start = starting_queue(looked)
    assert start.queue.counts.to_drill == 3 and len(built) == 1
    session = DrillSession(repo, start=start)
    assert len(built) == 1  # not worked out again
    assert session.current is not None and session.current.id == "c0"
    assert session.counts == DrillSession(open_repo(data_dir, clock)).counts

    built.clear()
    start = starting_queue(looked)
    other = open_repo(data_dir, clock)  # a card added in between, by another session
    other.cards.put(replace(drill_cards(clock.now() - timedelta(days=1), 1)[0], id="early"))
    session = DrillSession(repo, start=start)
    assert len(built) == 2  # the one before, and again
    assert session.counts.to_drill == 4
