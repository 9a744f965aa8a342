"""`rebound export --format apkg`: the package imports into a fresh collection with Anki's
own library (`anki`, a test-only dependency) as one note per card, one revlog row per
review, each card's FSRS memory state and schedule kept, its tags kept; and Rebound's own
importer reads it back."""

from __future__ import annotations

import sqlite3
import time
import zipfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.days import detect_timezone, drill_day
from rebound_tui.domain.models import Card, Review
from rebound_tui.domain.scheduling import make_scheduler, rate
from rebound_tui.store.repository import Repository
from tests.helpers import open_repo

pytest.importorskip("anki")

ANSWER = "Situation: the launch slipped\nAction: <told> the team & re-planned\n\nResult: shipped"


def _history(repo: Repository, now: datetime) -> tuple[list[Card], list[Review]]:
    """Cards in each state, rated with Rebound's scheduler over the weeks before `now`."""
    settings = repo.settings()
    scheduler = make_scheduler(settings)
    start = now - timedelta(days=50)
    plans = {
        "review": [(0, 3), (0.01, 3), (3, 3), (12, 4)],
        "lapsed": [(0, 3), (0.01, 3), (4, 3), (15, 1)],
        "learning": [(49.999, 3)],
        "suspended": [(1, 4), (9, 3)],
        "reset": [(2, 3), (2.01, 3), (8, 3)],
        "new": [],
    }
    cards, reviews = [], []
    for index, (name, plan) in enumerate(plans.items()):
        card = Card(
            id=f"card-{name}",
            question=f"Tell me about {name}; a time, with commas, and\nnew lines",
            answer=ANSWER if name == "review" else f"Answer {name}",
            hint="Think of STAR" if name == "review" else "",
            kind="skill" if name == "learning" else "behavioural",
            tags=("leadership/conflict", "hard one") if name == "review" else ("x",),
            created_at=start - timedelta(minutes=index),
            due=start,
        )
        for day, rating in plan:
            when = start + timedelta(days=day, minutes=index)
            card, review = rate(card, rating, when, scheduler, duration_ms=4_000 + index)
            reviews.append(review)
        cards.append(card)
    by_name = {c.id: c for c in cards}
    by_name["card-suspended"] = replace(by_name["card-suspended"], suspended=True)
    by_name["card-reset"] = replace(
        by_name["card-reset"],
        reset_at=start + timedelta(days=5),
        state=1,
        step=0,
        stability=None,
        difficulty=None,
        last_review=None,
        due=start + timedelta(days=5),
    )
    cards = list(by_name.values())
    # The reset card was rated again after its reset.
    reset, review = rate(by_name["card-reset"], 3, start + timedelta(days=8.5), scheduler)
    cards = [reset if c.id == reset.id else c for c in cards]
    reviews.append(review)
    repo.cards.put_many(cards)
    repo.reviews.put_many(reviews)
    return cards, reviews


@pytest.fixture
def exported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, list[Card], list[Review], datetime]:
    # Anki counts days with the machine's clock and zone: Rebound is given the same.
    now = datetime.fromtimestamp(int(time.time()), UTC)
    repo = open_repo(tmp_path / "data", FixedClock(now), zone=detect_timezone())
    cards, reviews = _history(repo, now)
    repo.close()
    target = tmp_path / "rebound.apkg"
    monkeypatch.setenv("REBOUND_FAKE_NOW", now.isoformat())
    code = main(
        ["export", "--format", "apkg", "-o", str(target), "--data-dir", str(tmp_path / "data")]
    )
    assert code == 0
    return target, cards, reviews, now


def _anki(folder: Path, package: Path) -> Any:  # anki's Collection
    from anki.collection import Collection

    col = Collection(str(folder / "fresh.anki2"))
    col.set_config("fsrs", True)
    _import_into(col, package)
    return col


def _import_into(col: Any, package: Path) -> None:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col.import_anki_package(
        ImportAnkiPackageRequest(
            package_path=str(package),
            options=ImportAnkiPackageOptions(with_scheduling=True, with_deck_configs=True),
        )
    )


def test_the_package_imports_into_anki_with_history_memory_and_schedule(
    exported: tuple[Path, list[Card], list[Review], datetime], tmp_path: Path
) -> None:
    package, cards, reviews, now = exported
    with zipfile.ZipFile(package) as archive:
        assert set(archive.namelist()) == {"collection.anki21", "media"}
        assert archive.read("media") == b"{}"
    col = _anki(tmp_path, package)
    try:
        assert col.note_count() == len(cards)
        assert col.card_count() == len(cards)
        ratings = col.db.scalar("SELECT count() FROM revlog WHERE type < 4")
        assert ratings == len(reviews)
        assert col.db.scalar("SELECT count() FROM revlog WHERE type = 4 AND ease = 0") == 1
        by_question: dict[str, Card] = {c.question: c for c in cards}
        today = col.sched.today
        zone = detect_timezone()
        for cid in col.find_cards(""):
            anki_card = col.get_card(cid)
            note = anki_card.note()
            mine = by_question[note["Question"].replace("<br>", "\n")]
            assert note.note_type()["name"] == "Rebound"
            assert note["Kind"] == mine.kind
            assert anki_card.reps == mine.reps and anki_card.lapses == mine.lapses
            if mine.last_review is None:
                assert anki_card.type == 0 and anki_card.memory_state is None
                continue
            state = anki_card.memory_state
            assert state is not None, mine.id
            assert state.stability == pytest.approx(mine.stability, rel=1e-3)
            assert state.difficulty == pytest.approx(mine.difficulty, rel=1e-3)
            if mine.suspended:
                assert anki_card.queue == -1
            if mine.state == 2:
                assert anki_card.type == 2
                days = (drill_day(mine.due, zone) - drill_day(now, zone)).days
                assert anki_card.due - today == days, mine.id
            elif mine.state in (1, 3):
                assert anki_card.type == mine.state  # Anki's 1 learning, 3 relearning
                assert anki_card.due == int(mine.due.timestamp())
        review_note = col.get_note(col.find_notes('"Question:Tell me about review*"')[0])
        # learning, learning (Good, then Good 10 minutes on), then two reviews; the
        # difficulty as Anki's FSRS keeps it in a revlog row: 100 + 1000 x (d - 1) / 9
        rows = col.db.all(
            "SELECT type, ease, ivl, factor, time FROM revlog WHERE cid = ? ORDER BY id",
            review_note.card_ids()[0],
        )
        assert [(kind, ease) for kind, ease, *_ in rows] == [(0, 3), (0, 3), (1, 3), (1, 4)]
        assert rows[0][2] < 0 < rows[1][2]  # a step in seconds, then days
        mine = by_question[review_note["Question"].replace("<br>", "\n")]
        assert mine.difficulty is not None
        assert rows[-1][3] == round(100 + (mine.difficulty - 1) / 9 * 1000)
        assert rows[-1][4] == 4_000
        assert sorted(review_note.tags) == ["hard_one", "leadership::conflict"]
        assert review_note["Answer"] == (
            "Situation: the launch slipped<br>Action: &lt;told&gt; the team &amp; re-planned"
            "<br><br>Result: shipped"
        )
        assert review_note["Hint"] == "Think of STAR"
        # The same export imported again: the notes are found by their guid, not copied.
        _import_into(col, package)
        assert col.note_count() == len(cards)
        assert col.db.scalar("SELECT count() FROM revlog WHERE type < 4") == len(reviews)
    finally:
        col.close()


def test_rebound_reads_its_own_package_back(
    exported: tuple[Path, list[Card], list[Review], datetime],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    package, cards, reviews, now = exported
    capsys.readouterr()
    assert main(["import", str(package), "--data-dir", str(tmp_path / "back")]) == 0
    repo = Repository.open(tmp_path / "back", FixedClock(now), readonly=True)
    back = repo.cards.all()
    assert sorted((c.question, c.answer, c.hint, c.kind) for c in back) == sorted(
        (c.question, c.answer, c.hint, c.kind) for c in cards
    )
    # Spaces cannot be in an Anki tag; the deck, "Rebound", comes back as a tag.
    tags = {c.question: c.tags for c in back}
    assert {c.question: (*(t.replace(" ", "_") for t in c.tags), "Rebound") for c in cards} == tags
    got = sorted((r.rating, r.reviewed_at, r.duration_ms) for r in repo.reviews.all())
    want = sorted(
        (
            r.rating,
            r.reviewed_at.replace(microsecond=r.reviewed_at.microsecond // 1000 * 1000),
            r.duration_ms or 0,  # Anki keeps 0 for "not timed"
        )
        for r in reviews
    )
    assert got == want
    resets = [c for c in back if c.reset_at is not None]
    assert len(resets) == 1


def test_the_schema_is_anki_legacy_schema_11(
    exported: tuple[Path, list[Card], list[Review], datetime], tmp_path: Path
) -> None:
    package, *_ = exported
    with zipfile.ZipFile(package) as archive:
        (tmp_path / "c.anki21").write_bytes(archive.read("collection.anki21"))
    with sqlite3.connect(tmp_path / "c.anki21") as db:
        assert db.execute("SELECT ver FROM col").fetchone() == (11,)


def test_an_apkg_export_needs_a_file(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "apkg", "--data-dir", str(data_dir)]) == 2
    assert "-o" in capsys.readouterr().err
