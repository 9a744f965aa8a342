"""A rating writes its review, then its card: a rating interrupted between the two (a
kill, a lost connection) is found when a drill starts and applied to its card."""

from __future__ import annotations

import contextlib
from dataclasses import replace

from rebound_tui.store.repository import Repository

__all__ = ["keep_ratings_complete", "ratings_maybe_interrupted", "reconcile_interrupted_ratings"]

FACT = "ratings-complete"
"""Kept (`store.facts`) when a look found no rating half-done, beside the state of the
files it looked at: the next start that finds them unchanged does not look again."""


def ratings_maybe_interrupted(repo: Repository) -> bool:
    """Whether the newest review shard may hold a rating its card missed: read from the
    store's summaries without the lock, so a drill that has nothing to repair (nearly
    every one) starts without taking it; `reconcile_interrupted_ratings` looks again
    under the lock. Not looked for again while the card shards and the newest month of
    reviews are as they were when a look last found none (at ten years of cards, a look
    reads every card's last review)."""
    from rebound_tui.store import facts

    state = _files_state(repo)  # before reading: a write meanwhile is seen next time
    if facts.kept(repo, FACT, state) is True:
        return False
    found = bool(_ratings_maybe_interrupted(repo))
    if not found:
        facts.keep(repo, FACT, state, True)
    return found


def keep_ratings_complete(repo: Repository) -> None:
    """At the end of the app: look once more, so that the ratings it made are known to
    be complete at the next start (the look at a start cannot know of the ratings that
    come after it). Derived data: a store that cannot be read now is looked at then."""
    from rebound_tui.store.errors import StoreError

    with contextlib.suppress(StoreError, OSError):
        ratings_maybe_interrupted(repo)


def _files_state(repo: Repository) -> tuple[object, ...]:
    """The state of what a look reads: the card shards (and settings) and the newest
    month of reviews."""
    return repo.disk_state("cards", more=repo.reviews.shard_paths()[-1:])


def reconcile_interrupted_ratings(repo: Repository) -> int:
    """A rating writes its review, then its card. If the process died between the two,
    the newest review shard holds a review the card has not caught up with: apply it.
    Returns how many cards were repaired."""
    from rebound_tui.domain.scheduling import make_scheduler, rate

    suspects = _ratings_maybe_interrupted(repo)
    if not suspects:
        return 0
    newest = repo.reviews.select(
        lambda doc: doc.get("card_id") in suspects, repo.reviews.shard_paths()[-1:]
    )
    if not newest:
        return 0
    settings = repo.settings()
    scheduler = make_scheduler(settings)  # its fuzz is the rating's own: repeatable
    repaired = 0
    for review in sorted(newest, key=lambda r: r.reviewed_at):
        card = repo.cards.get(review.card_id)
        if card is None or (
            card.last_review is not None and card.last_review >= review.reviewed_at
        ):
            continue
        if card.reset_at is not None and review.reviewed_at <= card.reset_at:
            continue  # history from before a reset, not a rating the card missed
        updated, _ = rate(
            card, review.rating, review.reviewed_at, scheduler, leech_lapses=settings.leech_lapses
        )
        if review.due is not None:  # the due date the rating gave, as it was shown
            updated = replace(updated, due=review.due)
        repo.cards.put(updated)
        repaired += 1
    return repaired


def _ratings_maybe_interrupted(repo: Repository) -> set[str]:
    """The cards a review of the newest month may be ahead of, from the store's summaries
    (the review log's rows and each card's last review): a card whose last review is as
    new as every review of it there is left out, and no record is built. Anything odd is
    kept, for `reconcile_interrupted_ratings` to look at."""
    from rebound_tui.store.indexes import CARD_LAST, REVIEW_LOG
    from rebound_tui.store.summaries import summaries

    shards = repo.reviews.shard_paths()[-1:]
    if not shards:
        return set()
    (log,) = summaries(repo, REVIEW_LOG, shards).values()
    if not log["latest"]:
        return set()
    last: dict[str, str] = {}
    for value in summaries(repo, CARD_LAST).values():
        last.update(value)  # a copy in a later shard wins, as every read does
    suspects = set()
    for card_id, at in log["latest"].items():
        seen = last.get(card_id)
        if seen is None:
            continue  # no such card: nothing to repair
        if not seen or seen == "?" or at == "?" or seen < at:
            suspects.add(card_id)  # never reviewed, a time to read as a time, or behind
    return suspects
