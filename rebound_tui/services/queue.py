"""Today's drill queue, read from the repository: the one source of what is to drill now,
what comes back later today and what is held for later days, for the drill, home and
`rebound status` alike (the rules are in `rebound_tui.domain.queue`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rebound_tui.domain.codec import format_time, parse_time
from rebound_tui.domain.models import EPOCH
from rebound_tui.domain.queue import CardKey, DailyQueue, build_daily_queue, queue_reads
from rebound_tui.store.indexes import CARD_INDEX
from rebound_tui.store.repository import Repository
from rebound_tui.store.summaries import summaries

# The scheduler (fsrs) is imported where it is used: `rebound status` reads today's queue
# through this module and must stay quick enough for a shell prompt.


def todays_queue(repo: Repository, now: datetime, *, rank: bool = True) -> DailyQueue[CardKey]:
    """Today's drill queue at `now` (`rank=False` skips ordering reviews, for callers
    that only count). It is worked out from the store's card index (`indexes.CARD_INDEX`):
    no card is built, only the schedule of the cards that can be in today's queue, or
    that backlog mode looks ahead to (the drill builds the card it shows, `full_card`);
    the review log is read for today and, in backlog mode, the days before."""
    settings = repo.settings()
    reads = queue_reads(settings, now)
    due_before = format_time(reads.cards_due_before)

    def maybe_needed(row: list[Any]) -> bool:
        due = row[5]
        # Stored times are UTC ISO strings, which sort as times; anything odd is kept.
        return row[6] is None or not isinstance(due, str) or due < due_before

    cards = card_keys(repo, maybe_needed)
    reviews = repo.reviews.between(reads.reviews_from, reads.day_end)
    today = [r for r in reviews if r.reviewed_at >= reads.day_start]
    earlier = [r for r in reviews if r.reviewed_at < reads.day_start]
    return build_daily_queue(
        cards,
        today,
        settings,
        now,
        rank=rank,
        earlier_reviews=earlier if settings.backlog_mode else None,
    )


def card_keys(repo: Repository, keep: Callable[[list[Any]], bool]) -> list[CardKey]:
    """The cards whose index row (`indexes.CARD_FIELDS`, times as stored) passes `keep`,
    as `CardKey`s. A card another version left in two shards is taken once, from the
    later shard (as every read does); a row that is not a card's is skipped."""
    rows: dict[str, list[Any]] = {}
    for shard_rows in summaries(repo, CARD_INDEX).values():
        for row in shard_rows:
            rows.pop(row[0], None)  # a copy in a later shard wins
            rows[row[0]] = row
    out = []
    for row in rows.values():
        if keep(row):
            key = _card_key(row)
            if key is not None:
                out.append(key)
    return out


def _card_key(row: list[Any]) -> CardKey | None:
    card_id, state, step, stability, difficulty, due, last, suspended, buried, created = row
    try:  # a field left out has the record's default (a file's check refuses a null)
        return CardKey(
            id=card_id,
            state=1 if state is None else state,
            step=step,
            stability=stability,
            difficulty=difficulty,
            due=EPOCH if due is None else parse_time(due),
            last_review=None if last is None else parse_time(last),
            suspended=bool(suspended),
            buried_until=None if buried is None else parse_time(buried),
            created_at=EPOCH if created is None else parse_time(created),
        )
    except (TypeError, ValueError, OverflowError):
        return None  # refused by the shard's check too: never in a queue
