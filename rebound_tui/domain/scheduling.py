"""Every scheduling decision goes through the `fsrs` package (FSRS-6); this module only
translates between Rebound's cards and fsrs's, and keeps lapse and leech counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from rebound_tui.domain.models import Card, Review, Settings, new_id

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
_FSRS_ID = 0  # fsrs needs an int id only to match logs to a card; ours are strings


def make_scheduler(settings: Settings, *, fuzz: bool = True) -> Scheduler:
    kwargs = {}
    if settings.fsrs_parameters:
        kwargs["parameters"] = settings.fsrs_parameters
    return Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps_minutes),
        relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps_minutes),
        maximum_interval=settings.maximum_interval_days,
        enable_fuzzing=fuzz,
        **kwargs,
    )


def to_fsrs(card: Card) -> FsrsCard:
    return FsrsCard(
        card_id=_FSRS_ID,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def _with_fsrs(card: Card, fsrs_card: FsrsCard) -> Card:
    return replace(
        card,
        state=int(fsrs_card.state),
        step=fsrs_card.step,
        stability=fsrs_card.stability,
        difficulty=fsrs_card.difficulty,
        due=fsrs_card.due,
        last_review=fsrs_card.last_review,
    )


def retrievability(card: Card, now: datetime, scheduler: Scheduler) -> float:
    """Probability of recall now, as fsrs computes it (0 for a card never reviewed)."""
    return scheduler.get_card_retrievability(to_fsrs(card), now)


def rate(
    card: Card,
    rating: int,
    now: datetime,
    scheduler: Scheduler,
    *,
    leech_lapses: int = 8,
    duration_ms: int | None = None,
) -> tuple[Card, Review]:
    """Review `card` with `rating` (1-4) at `now`: the new card and its review record."""
    if rating not in RATING_NAMES:
        raise ValueError(f"rating must be 1-4, not {rating!r}")
    state_before = None if card.is_new else card.state
    reviewed, _ = scheduler.review_card(to_fsrs(card), Rating(rating), now)
    lapses = card.lapses + (1 if rating == 1 and card.state == State.Review else 0)
    leech = card.leech or lapses >= leech_lapses
    tags = card.tags if not leech or "leech" in card.tags else (*card.tags, "leech")
    updated = replace(
        _with_fsrs(card, reviewed),
        reps=card.reps + 1,
        lapses=lapses,
        leech=leech,
        tags=tags,
        buried_until=None,
    )
    review = Review(
        id=new_id(),
        card_id=card.id,
        rating=rating,
        reviewed_at=now,
        duration_ms=duration_ms,
        state_before=state_before,
    )
    return updated, review


def preview_intervals(card: Card, now: datetime, scheduler: Scheduler) -> dict[int, timedelta]:
    """What each rating would do, computed once (fuzz included) so the screen can show it
    and then apply exactly that."""
    out = {}
    for rating in RATING_NAMES:
        reviewed, _ = scheduler.review_card(to_fsrs(card), Rating(rating), now)
        out[rating] = reviewed.due - now
    return out


def replay(
    card: Card, reviews: Iterable[Review], scheduler: Scheduler, *, leech_lapses: int = 8
) -> tuple[Card, list[Review]]:
    """Rebuild a card's schedule from its reviews alone, as `Scheduler.reschedule_card`
    does, keeping lapse, rep and leech counts. Reviews from before the card was last reset
    are left out. Returns the card and the reviews that count, in time order, each with
    the state the card was in before it (`state_before`)."""
    current = replace(
        card,
        state=1,
        step=0,
        stability=None,
        difficulty=None,
        due=card.created_at,
        last_review=None,
        reps=0,
        lapses=0,
        leech=False,
        tags=tuple(t for t in card.tags if t != "leech"),
    )
    history = []
    after_reset = [r for r in reviews if card.reset_at is None or r.reviewed_at > card.reset_at]
    for review in sorted(after_reset, key=lambda r: r.reviewed_at):
        state_before = None if current.is_new else current.state
        current, _ = rate(
            current, review.rating, review.reviewed_at, scheduler, leech_lapses=leech_lapses
        )
        history.append(replace(review, state_before=state_before))
    return current, history


def format_interval(delta: timedelta) -> str:
    """A short human interval: 1m, 10m, 3h, 4d, 2mo, 1.5y."""
    seconds = max(0, delta.total_seconds())
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 31:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30.4:.0f}mo" if days >= 61 else f"{days / 30.4:.1f}mo"
    return f"{days / 365:.1f}y"
