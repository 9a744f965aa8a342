"""A real review history (12,580 reviews of 1,205 cards) imported with nothing but
card_id, rating and reviewed_at: every card's schedule equals what fsrs itself rebuilds
when it is given the days as drill days (the user's local days from 04:00)."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.days import drill_day, effective_timezone
from rebound_tui.store.repository import Repository
from tests.helpers import SHARED_DATA, START

CSV = SHARED_DATA / "fsrs-review-logs.csv"


def csv_rows() -> list[dict[str, str]]:
    with CSV.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_data_is_what_the_readme_says() -> None:
    rows = csv_rows()
    assert len(rows) == 12_580
    assert len({r["card_id"] for r in rows}) == 1_205


def test_imported_history_rebuilds_fsrs_state_exactly(
    tmp_path: Path,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REBOUND_FAKE_NOW", START.isoformat())
    rows = csv_rows()
    card_ids = sorted({r["card_id"] for r in rows})
    document = {
        "format": "rebound-export",
        "schema_version": 1,
        "cards": [
            {"id": cid, "question": f"Practice question {cid}", "answer": "(answer)"}
            for cid in card_ids
        ],
        "reviews": [
            {
                "card_id": r["card_id"],
                "rating": int(r["review_rating"]),
                "reviewed_at": r["review_time"],
            }
            for r in rows
        ],
    }
    path = tmp_path / "history.json"
    path.write_text(json.dumps(document))
    assert main(["import", str(path), "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "cards: 1,205 new" in out and "reviews: 12,580 new" in out

    repo = Repository.open(data_dir, FixedClock(START), readonly=True)
    zone = effective_timezone(repo.settings().timezone)
    # fsrs counts 24-hour blocks; review k of a card on drill day d is given to it at
    # d days + k seconds after a fixed start, so its blocks are exactly the drill days.
    base = datetime(2000, 1, 1, tzinfo=UTC)
    first_day = min(drill_day(datetime.fromisoformat(r["review_time"]), zone) for r in rows)
    logs: dict[str, list[fsrs.ReviewLog]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: datetime.fromisoformat(r["review_time"])):
        day = drill_day(datetime.fromisoformat(r["review_time"]), zone)
        logs[r["card_id"]].append(
            fsrs.ReviewLog(
                card_id=int(r["card_id"]),
                rating=fsrs.Rating(int(r["review_rating"])),
                review_datetime=base
                + timedelta(days=(day - first_day).days, seconds=len(logs[r["card_id"]])),
                review_duration=None,
            )
        )
    scheduler = fsrs.Scheduler()
    cards = {c.id: c for c in repo.cards.all()}
    assert len(cards) == 1_205
    assert len(repo.reviews.all()) == 12_580
    for cid in card_ids:
        expected = scheduler.reschedule_card(fsrs.Card(card_id=int(cid)), logs[cid])
        card = cards[cid]
        assert card.state == int(expected.state), cid
        assert card.stability == expected.stability, cid
        assert card.difficulty == expected.difficulty, cid
        last = max(datetime.fromisoformat(r["review_time"]) for r in rows if r["card_id"] == cid)
        assert card.last_review == last, cid
        assert card.reps == len(logs[cid])
