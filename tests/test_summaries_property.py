"""Every summary the store keeps equals a computation from the records, after any mix of
edits, imports, restores, another process's writes, and kills at random moments
(hypothesis, and a real writer SIGKILLed)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, CheckIn, FeedbackRequest, Interview, Rebound, Review
from rebound_tui.store.files import checked_document
from rebound_tui.store.repository import Repository
from rebound_tui.store.summaries import summaries
from tests.helpers import START, open_repo
from tests.test_summaries import SPECS, assert_consistent, recomputed

RUNS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

IDS = st.sampled_from([f"x{i}" for i in range(12)])
DAYS = st.integers(min_value=-400, max_value=30)


def card(card_id: str, days: int, state: int, suspended: bool) -> Card:
    due = START + timedelta(days=days)
    seen = state != 1 or days < 0
    return Card(
        id=card_id,
        question=f"Q {card_id}",
        created_at=START - timedelta(days=500),
        state=state,
        step=None if state == 2 else 0,
        stability=3.0 if seen else None,
        difficulty=5.0 if seen else None,
        due=due,
        last_review=due - timedelta(days=3) if seen else None,
        suspended=suspended,
    )


EDITS = st.one_of(
    st.tuples(st.just("card"), IDS, DAYS, st.sampled_from([1, 2, 3]), st.booleans()),
    st.tuples(st.just("delete-card"), IDS),
    st.tuples(st.just("review"), IDS, DAYS),
    st.tuples(st.just("delete-review"), IDS),
    st.tuples(st.just("checkin"), IDS, DAYS),
    st.tuples(st.just("delete-checkin"), IDS),
    st.tuples(st.just("interview"), IDS),
    st.tuples(st.just("delete-interview"), IDS),
    st.tuples(st.just("import"), IDS, DAYS),
    st.tuples(st.just("restore"), st.integers(min_value=0, max_value=50)),
    st.tuples(st.just("elsewhere"), IDS, DAYS),
    st.tuples(st.just("sync"), IDS, DAYS),
    st.tuples(st.just("rebound"), IDS, st.booleans(), st.sampled_from(["draft", "sent"])),
    st.tuples(st.just("reopen")),
)


def apply(
    repo: Repository, clock: FixedClock, edit: tuple[Any, ...], saved: list[dict]
) -> Repository:
    kind = edit[0]
    if kind == "card":
        repo.cards.put(card(edit[1], edit[2], edit[3], edit[4]))
    elif kind == "delete-card":
        repo.cards.delete(card(edit[1], 0, 1, False))
    elif kind == "review":
        at = START + timedelta(days=min(edit[2], 0), hours=-1)
        old = {r.id: r for r in repo.reviews.all() if r.id == edit[1]}
        review = Review(id=edit[1], card_id="x1", rating=3, reviewed_at=at)
        repo.reviews.put_many([review], previous=old)
    elif kind == "delete-review":
        for review in repo.reviews.all():
            if review.id == edit[1]:
                repo.reviews.delete(review)
    elif kind == "checkin":
        repo.checkins.put(CheckIn(id=edit[1], at=START + timedelta(days=min(edit[2], 0))))
    elif kind == "delete-checkin":
        repo.checkins.delete(CheckIn(id=edit[1], at=START))
    elif kind == "interview":
        repo.interviews.put(Interview(id=edit[1], company="Acme"))
    elif kind == "delete-interview":
        repo.interviews.delete(Interview(id=edit[1], company="Acme"))
    elif kind == "import":
        _import(repo, clock, edit[1], edit[2])
    elif kind == "restore" and saved:
        repo.replace_files(saved[edit[1] % len(saved)])
    elif kind == "elsewhere":  # another device's sync: the files change under us
        other = Repository.open(repo.data_dir, clock)
        other.cards.put(replace(card(edit[1], edit[2], 2, False), question="theirs"))
        other.checkins.put(CheckIn(id=f"{edit[1]}-there", at=START - timedelta(hours=2)))
        other.close()
    elif kind == "rebound":
        closed = START if edit[2] else None
        with repo.batch():
            repo.rebounds.put(
                Rebound(id=edit[1], interview_id="i", opened_at=START, closed_at=closed)
            )
            repo.feedback_requests.put(
                FeedbackRequest(id=edit[1], rebound_id=edit[1], status=edit[3])
            )
    elif kind == "sync":  # a sync tool puts a changed shard in place: no store involved
        shard = repo.data_dir / repo.cards.spec.files.path_of_id(edit[1])
        document = json.loads(shard.read_text()) if shard.exists() else {}
        table = document.setdefault("cards", {})
        number = str(max((int(n) for n in table), default=0) + 1)
        table[number] = checked_document(card(f"{edit[1]}-synced", edit[2], 2, False))
        shard.parent.mkdir(exist_ok=True)
        temp = shard.with_name(".sync-tmp")
        temp.write_text(json.dumps(document))
        os.replace(temp, shard)
    elif kind == "reopen":
        repo.close()
        repo = Repository.open(repo.data_dir, clock)
    # a snapshot of the data files, for a later restore
    saved.append({path: (repo.data_dir / path).read_bytes() for path in repo.data_files()[1:]})
    return repo


def _import(repo: Repository, clock: FixedClock, card_id: str, days: int) -> None:
    from rebound_tui.services.export.json import export_document, validate_document
    from rebound_tui.services.importing import import_document

    with tempfile.TemporaryDirectory() as folder:
        other = open_repo(Path(folder) / "d", clock)
        other.cards.put(card(f"{card_id}-in", days, 2, False))
        other.checkins.put(CheckIn(id=f"{card_id}-in", at=START + timedelta(days=min(days, 0))))
        other.interviews.put(Interview(id=f"{card_id}-in", company="Imported"))
        document = json.loads(json.dumps(export_document(other, clock.now())))
        other.close()
    import_document(repo, validate_document(document))


@RUNS
@given(edits=st.lists(EDITS, min_size=1, max_size=12))
def test_summaries_equal_a_recomputation_after_any_edits(edits: list[tuple[Any, ...]]) -> None:
    clock = FixedClock(START)
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        repo = open_repo(data_dir, clock)
        saved: list[dict] = []
        for edit in edits:
            repo = apply(repo, clock, edit, saved)
            for spec in SPECS:  # read through this process's repository ...
                assert summaries(repo, spec) == recomputed(repo, spec), (edit, spec.name)
        repo.close()
        assert_consistent(data_dir, clock)  # ... and through a fresh one
        assert_consistent(data_dir, clock, readonly=True)


WRITER = textwrap.dedent(
    """
    import random, sys
    from datetime import timedelta
    from pathlib import Path
    from rebound_tui.domain.clock import FixedClock
    from rebound_tui.domain.models import CheckIn, Review
    from rebound_tui.store.repository import Repository
    from tests.helpers import START
    from tests.test_summaries_property import card

    clock = FixedClock(START)
    repo = Repository.open(Path(sys.argv[1]), clock)
    rng = random.Random(int(sys.argv[2]))
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        choice = rng.random()
        if choice < 0.4:
            repo.cards.put_many(
                card(f"k{rng.randrange(60)}", rng.randrange(-90, 30), rng.choice([1, 2, 3]), False)
                for _ in range(rng.randrange(1, 8))
            )
        elif choice < 0.6:
            at = START - timedelta(days=rng.randrange(0, 200))
            repo.reviews.put(Review(id=f"r{n}", card_id="k1", rating=3, reviewed_at=at))
        elif choice < 0.8:
            repo.checkins.put(CheckIn(id=f"c{n}", at=START - timedelta(hours=rng.randrange(500))))
        else:
            with repo.batch():  # several files through the journal
                repo.cards.put(card(f"b{n}", 1, 2, False))
                repo.checkins.put(CheckIn(id=f"bc{n}", at=START - timedelta(minutes=n)))
                repo.reviews.put(Review(id=f"br{n}", card_id="k1", rating=2, reviewed_at=START))
    """
)


def test_summaries_survive_a_writer_killed_at_random_moments(tmp_path: Path) -> None:
    clock = FixedClock(START)
    data_dir = tmp_path / "data"
    open_repo(data_dir, clock).close()
    rng = random.Random(16)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    for round_ in range(6):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data_dir), str(round_)],
            stdout=subprocess.PIPE,
            env=env,
            cwd=Path(__file__).resolve().parents[1],
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.05, 0.6))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        assert_consistent(data_dir, clock)  # a fresh open finishes any journal first
    repo = Repository.open(data_dir, clock)
    assert repo.cards.count() > 0
    assert_consistent(data_dir, clock, readonly=True)


CARDS = st.lists(
    st.tuples(
        st.integers(min_value=-20, max_value=20),  # due, in hours from now
        st.sampled_from([None, 1, 2, 3]),  # None: new
        st.booleans(),  # suspended
        st.sampled_from([None, -2, 3]),  # buried until, hours from now
        st.integers(min_value=0, max_value=5),  # created, days ago (ties happen)
    ),
    max_size=40,
)


REVIEWS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=39),  # which card
        st.integers(min_value=-14 * 24, max_value=12),  # when, in hours from now
        st.sampled_from([None, 1, 2, 3]),  # state before
    ),
    max_size=30,
)


@RUNS
@given(
    cards=CARDS,
    reviews=REVIEWS,
    new_per_day=st.integers(min_value=0, max_value=6),
    rank=st.booleans(),
)
def test_the_queue_from_the_index_is_the_queue_from_the_cards(
    cards: list[tuple[int, int | None, bool, int | None, int]],
    reviews: list[tuple[int, int, int | None]],
    new_per_day: int,
    rank: bool,
) -> None:
    from rebound_tui.domain.queue import ReviewKey, build_daily_queue, queue_reads
    from rebound_tui.services.queue import review_keys, todays_queue

    clock = FixedClock(START)
    with tempfile.TemporaryDirectory() as folder:
        repo = open_repo(Path(folder) / "data", clock)
        repo.save_settings(replace(repo.settings(), new_per_day=new_per_day))
        stored = []
        for n, (hours, state, suspended, buried, created) in enumerate(cards):
            due = START + timedelta(hours=hours)
            stored.append(
                Card(
                    id=f"q{n}",
                    question="?",
                    created_at=START - timedelta(days=created),
                    state=state or 1,
                    step=None if state == 2 else 0,
                    stability=None if state is None else 2.5 + n,
                    difficulty=None if state is None else 5.0,
                    due=due,
                    last_review=None if state is None else due - timedelta(days=2),
                    suspended=suspended,
                    buried_until=None if buried is None else START + timedelta(hours=buried),
                )
            )
        repo.cards.put_many(stored)
        repo.reviews.put_many(
            Review(
                id=f"v{n}|{card}",  # an id may hold the row's separator
                card_id=f"q{card}",
                rating=3,
                reviewed_at=START + timedelta(hours=hours, microseconds=n * 7),
                state_before=state_before,
            )
            for n, (card, hours, state_before) in enumerate(reviews)
        )
        settings = repo.settings()
        reads = queue_reads(settings, START)
        logged = repo.reviews.between(reads.reviews_from, reads.day_end)
        expected = build_daily_queue(
            repo.cards.all(),
            [r for r in logged if r.reviewed_at >= reads.day_start],
            settings,
            START,
            rank=rank,
            earlier_reviews=[r for r in logged if r.reviewed_at < reads.day_start],
        )
        got = todays_queue(repo, START, rank=rank)
        for part in ("learning", "review", "new", "learning_later"):
            want = [c.id for c in getattr(expected, part)]
            if part == "review" and not rank:  # unranked: the right number, in any order
                if not expected.held_back:
                    assert sorted(c.id for c in got.review) == sorted(want)
                continue
            assert [c.id for c in getattr(got, part)] == want, part
        assert got.counts == expected.counts
        assert reads.day_end == got.day_end
        keys = review_keys(repo, reads.reviews_from, reads.day_end)
        assert sorted(keys, key=repr) == sorted(
            (ReviewKey(r.card_id, r.state_before, r.reviewed_at) for r in logged), key=repr
        )
        repo.close()


@RUNS
@given(
    seen=st.lists(st.sampled_from([None, -30, -5, 0, 5]), min_size=1, max_size=8),
    ratings=st.lists(
        st.tuples(st.integers(min_value=0, max_value=9), st.integers(min_value=-40, max_value=0)),
        max_size=12,
    ),
)
def test_interrupted_ratings_are_found_from_the_summaries(
    seen: list[int | None], ratings: list[tuple[int, int]]
) -> None:
    """`reconcile_interrupted_ratings` repairs exactly what reading every review of the
    newest month and its card (as it did before the summaries) would."""
    from rebound_tui.domain.scheduling import make_scheduler, rate
    from rebound_tui.services.drill import reconcile_interrupted_ratings

    clock = FixedClock(START)
    with tempfile.TemporaryDirectory() as folder:
        repo = open_repo(Path(folder) / "data", clock)
        repo.cards.put_many(
            card(f"s{n}", 1, 1 if minutes is None else 2, False)
            if minutes is None
            else replace(
                card(f"s{n}", 1, 2, False), last_review=START + timedelta(minutes=minutes)
            )
            for n, minutes in enumerate(seen)
        )
        repo.reviews.put_many(
            Review(
                id=f"w{n}",
                card_id=f"s{which}",  # s8, s9 may not exist
                rating=3,
                reviewed_at=START + timedelta(minutes=minutes, seconds=n),
            )
            for n, (which, minutes) in enumerate(ratings)
        )
        settings = repo.settings()
        scheduler = make_scheduler(settings)
        expected = {c.id: c for c in repo.cards.all()}
        applied = 0
        for review in sorted(repo.reviews.newest_month(), key=lambda r: r.reviewed_at):
            stored = expected.get(review.card_id)
            if stored is None or (
                stored.last_review is not None and stored.last_review >= review.reviewed_at
            ):
                continue
            expected[stored.id], _ = rate(
                stored, review.rating, review.reviewed_at, scheduler, leech_lapses=8
            )
            applied += 1
        repaired = reconcile_interrupted_ratings(repo)
        after = {c.id: c for c in repo.cards.all()}
        assert {i: c.last_review for i, c in after.items()} == {
            i: c.last_review for i, c in expected.items()
        }
        assert repaired == applied
        repo.close()
