"""Today's drill queue, read from the repository: the one source of what is to drill now,
what comes back later today and what is held for later days, for the drill, home and
`rebound status` alike (the rules are in `rebound_tui.domain.queue`)."""

from __future__ import annotations

from datetime import datetime

from rebound_tui.domain.codec import format_time
from rebound_tui.domain.queue import DailyQueue, build_daily_queue, queue_reads
from rebound_tui.store.repository import Repository

# The scheduler (fsrs) is imported where it is used: `rebound status` reads today's queue
# through this module and must stay quick enough for a shell prompt.


def todays_queue(repo: Repository, now: datetime, *, rank: bool = True) -> DailyQueue:
    """Today's drill queue at `now` (`rank=False` skips ordering reviews, for callers
    that only count). Only cards that can be in today's queue, or that backlog mode looks
    ahead to, are built into records, so home and status stay quick with thousands of
    cards; the review log is read for today and, in backlog mode, the days before."""
    settings = repo.settings()
    reads = queue_reads(settings, now)
    due_before = format_time(reads.cards_due_before)

    def maybe_needed(doc: dict[str, object]) -> bool:
        due = doc.get("due")
        # Stored times are UTC ISO strings, which sort as times; anything odd is kept.
        return doc.get("last_review") is None or not isinstance(due, str) or due < due_before

    cards = repo.cards.select(maybe_needed)
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
