"""Today's drill queue, read from the repository: the one source of what is to drill now,
what comes back later today and what is held for later days, for the drill, home and
`rebound status` alike (the rules are in `rebound_tui.domain.queue`)."""

from __future__ import annotations

from bisect import bisect_left
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from rebound_tui.domain.card_records import EPOCH
from rebound_tui.domain.codec import format_time, parse_time
from rebound_tui.domain.queue import (
    CardKey,
    DailyQueue,
    ReviewKey,
    build_daily_queue,
    queue_reads,
)
from rebound_tui.store.indexes import (
    CARD_INDEX,
    REVIEW_LOG,
    at_home,
    index_ids,
    review_row,
    row_id,
)
from rebound_tui.store.repository import Repository
from rebound_tui.store.schema import Collections
from rebound_tui.store.summaries import summaries

if TYPE_CHECKING:
    from rebound_tui.domain.card_records import Card

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

    # New cards come oldest first, at most `new_per_day` a day: each shard's first ones
    # that can be shown are enough.
    cards = card_keys(repo, due_before, new=settings.new_per_day, now=format_time(now))
    reviews = review_keys(repo, reads.reviews_from, reads.day_end)
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


class StartingQueue(NamedTuple):
    """Today's queue as `rebound drill` worked it out to decide whether to open at all,
    beside the state of the card files it read: the session starts on it while they
    hold (`DrillSession`), rather than working it out again."""

    queue: DailyQueue[CardKey]
    disk: tuple[object, ...]


def starting_queue(repo: Repository) -> StartingQueue:
    disk = repo.disk_state("cards")  # before reading: a write meanwhile is seen later
    return StartingQueue(todays_queue(repo, repo.clock.now()), disk)


def card_of(repo: Repository, key: CardKey) -> Card | None:
    """The card `key` is of: read alone while its shard is not loaded yet (`peek`: a
    drill's first card, at ten years of cards) if it has the schedule the queue ranked
    it by, else read as every card is."""
    card = repo.cards.peek(key.id)
    if card is not None and tuple(getattr(card, name) for name in CardKey._fields) != key:
        card = repo.cards.get(key.id)
    return card


def card_keys(
    repo: Repository, due_before: str | None = None, *, new: int | None = None, now: str = ""
) -> list[CardKey]:
    """Cards as `CardKey`s from the card index: every card, or (`due_before`, a time as
    stored) only those seen before and due before it, with (`new`) the first `new` new
    cards of each shard that are neither suspended nor buried past `now` (as stored),
    and any card whose times are odd. A card another version left in two shards is taken
    once, from the later shard (as every read does); a row that does not read is
    skipped."""
    index = summaries(repo, CARD_INDEX)
    shards = list(index.values())
    twice = not at_home(index)  # a card may be in two shards: look at the ids
    chosen: list[list[str]] = []
    for value in shards:
        by_due = value["by_due"]
        cut = len(by_due) if due_before is None else bisect_left(by_due, due_before)
        whole = new is None or twice  # a copy dropped below may leave a shard short
        fresh = value["new"] if whole else _first_new(value["new"], new or 0, now)
        chosen.append(value["always"] + fresh + by_due[:cut])
    if twice:
        later: set[str] = set()
        for at in reversed(range(len(shards))):
            chosen[at] = [row for row in chosen[at] if row_id(row) not in later]
            later.update(index_ids(shards[at]))
    out = []
    for rows in chosen:
        for row in rows:
            key = _card_key(row)
            if key is not None:
                out.append(key)
    return out


def _first_new(rows: list[str], wanted: int, now: str) -> list[str]:
    """The first rows (new cards, in the order they are drilled) up to `wanted` that are
    neither suspended nor buried past `now`, and the ones skipped on the way that may be
    (the queue decides on those)."""
    out: list[str] = []
    counted = 0
    for row in rows:
        if counted >= wanted:
            break
        fields = row.split("|", 8)
        if fields[6]:  # suspended
            continue
        buried = fields[7]
        if buried and len(buried) in (25, 32) and buried.endswith("+00:00"):
            if buried > now:
                continue  # buried past now
        elif buried:
            out.append(row)  # an odd time: the queue decides
            continue
        out.append(row)
        counted += 1
    return out


def review_keys(repo: Repository, start: datetime, end: datetime) -> list[ReviewKey]:
    """The reviews with start <= time < end (time zone aware), as `ReviewKey`s from the
    store's summary of each month involved (`indexes.REVIEW_LOG`): no review is built.
    A review another version left in two months is taken once, from the later month
    (as `MonthlyLog.between` does)."""
    if start >= end:
        return []
    files = Collections.reviews.files
    shards = []
    month = files.month_start(files.month_path(start))
    while month < end:
        shards.append(files.month_path(month))
        month = (month + timedelta(days=32)).replace(day=1)
    months = list(summaries(repo, REVIEW_LOG, shards).values())
    low, high = format_time(start), format_time(end)
    chosen = [
        [
            *value["always"],
            *value["by_time"][
                bisect_left(value["by_time"], low) : bisect_left(value["by_time"], high)
            ],
        ]
        for value in months
    ]
    ids = [value["ids"] for value in months]
    if sum(map(len, ids)) != len(set().union(*ids)):  # the same review in two months
        later: set[str] = set()
        for index in reversed(range(len(months))):
            chosen[index] = [row for row in chosen[index] if _review_id(row) not in later]
            later.update(ids[index])
    out = []
    for rows in chosen:
        for row in rows:
            key = _review_key(row)
            if key is not None and start <= key.reviewed_at < end:
                out.append(key)
    return out


def _review_id(row: str) -> str:
    return review_row(row)[3]


def _review_key(row: str) -> ReviewKey | None:
    try:
        at, state_before, card_id, _ = review_row(row)
        return ReviewKey(
            card_id=card_id,
            state_before=int(state_before) if state_before else None,
            reviewed_at=_time(at),
        )
    except (TypeError, ValueError, OverflowError):
        return None  # refused by the shard's check too: never in a queue


@lru_cache(maxsize=8192)
def _card_key(row: str) -> CardKey | None:
    """A card's key from its index row. Kept for the rows seen lately: after a rating the
    drill builds the queue again from rows all but one the same (thousands at a backlog)."""
    due, last, state, step, stability, difficulty, suspended, buried, created, card_id = row.split(
        "|", 9
    )
    try:  # a field left out has the record's default (a file's check refuses a null)
        return CardKey(  # by position: thousands are made at a drill's start
            card_id,
            int(state) if state else 1,
            int(step) if step else None,
            float(stability) if stability else None,
            float(difficulty) if difficulty else None,
            _time(due) if due else EPOCH,
            _time(last) if last else None,
            bool(suspended),
            _time(buried) if buried else None,
            _time(created) if created else EPOCH,
        )
    except (TypeError, ValueError, OverflowError):
        return None  # refused by the shard's check too: never in a queue


_from_iso = datetime.fromisoformat


def _time(text: str) -> datetime:
    """A stored time: as Rebound writes it (UTC ISO, which passed the file's check) read
    directly, anything else by the record rules."""
    if text[-6:] == "+00:00" and len(text) in (25, 32):
        return _from_iso(text)  # UTC: the same value parse_time gives
    return parse_time(text)
