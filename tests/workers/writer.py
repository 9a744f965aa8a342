"""A real process writing through the repository, for crash and concurrency tests.

    python -m tests.workers.writer DATA_DIR PREFIX COUNT [GO_FILE]

Writes COUNT records (interviews, cards, and a rating: review + card update, in turn) and
prints "ack KIND ID" after each write returns, i.e. once it is durable. With GO_FILE it
waits for that file to exist first, so two writers can start together.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from rebound_tui.domain.clock import SystemClock
from rebound_tui.domain.models import Card, Interview, Review
from rebound_tui.store.repository import Repository


def main() -> None:
    data_dir, prefix, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    if len(sys.argv) > 4:
        go = Path(sys.argv[4])
        while not go.exists():
            time.sleep(0.005)
    repo = Repository.open(data_dir, SystemClock())
    now = datetime.now(UTC)
    card = None
    for i in range(count):
        record_id = f"{prefix}-{i}"
        if i % 3 == 0:
            repo.interviews.put(Interview(id=record_id, company=f"Co {record_id}", created_at=now))
            kind = "interview"
        elif i % 3 == 1:
            card = repo.cards.put(
                Card(id=record_id, question="Q " * 40, answer="A " * 200, created_at=now, due=now)
            )
            kind = "card"
        else:
            assert card is not None
            review = Review(id=record_id, card_id=card.id, rating=3, reviewed_at=datetime.now(UTC))
            with repo.transaction():
                repo.reviews.put(review)
                repo.cards.put(replace(card, reps=card.reps + 1, last_review=review.reviewed_at))
            kind = "review"
        print(f"ack {kind} {record_id}", flush=True)


if __name__ == "__main__":
    main()
