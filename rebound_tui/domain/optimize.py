"""Fitting personal FSRS parameters from the review log (with fsrs-rs-python: a compiled
optimizer that needs no torch), and applying them to every card. Used once the log has
enough reviews to say something."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from rebound_tui.domain.days import drill_day
from rebound_tui.domain.models import Card, Review, Settings

MIN_REVIEWS = 512


@dataclass(frozen=True)
class TrainingSet:
    """What the optimizer learns from, and what counts toward `MIN_REVIEWS`: the reviews
    of cards that still exist (a deleted card's reviews stay in the log as history), with
    each card's last reset."""

    reviews: list[Review]
    resets: dict[str, datetime | None]


def training_set(cards: Iterable[Card], reviews: Iterable[Review]) -> TrainingSet:
    resets = {card.id: card.reset_at for card in cards}
    return TrainingSet([r for r in reviews if r.card_id in resets], resets)


@dataclass(frozen=True)
class FitResult:
    before: tuple[float, ...]
    after: tuple[float, ...]
    log_loss_before: float
    log_loss_after: float
    rmse_before: float
    rmse_after: float
    reviews: int
    items: int


def review_sequences(
    reviews: Iterable[Review], resets: Mapping[str, datetime | None] | None = None
) -> list[list[Review]]:
    """Each card's reviews in time order, split where the card was reset, so that what
    was learnt before a reset never runs into what was learnt after: a review of a new
    card (`state_before` None) that is not the card's first starts a new sequence, and so
    does the first review after the card's `reset_at` (in `resets`, by card id). A card
    none of whose reviews knows its state (a log from elsewhere) splits at `reset_at` only."""
    by_card: dict[str, list[Review]] = defaultdict(list)
    for review in reviews:
        by_card[review.card_id].append(review)
    sequences = []
    for card_id, card_reviews in by_card.items():
        card_reviews.sort(key=lambda r: r.reviewed_at)
        states_known = any(r.state_before is not None for r in card_reviews)
        reset_at = resets.get(card_id) if resets else None
        sequence: list[Review] = []
        for review in card_reviews:
            if sequence and (
                (states_known and review.state_before is None)
                or (
                    reset_at is not None
                    and sequence[-1].reviewed_at <= reset_at < review.reviewed_at
                )
            ):
                sequences.append(sequence)
                sequence = []
            sequence.append(review)
        sequences.append(sequence)
    return sequences


def review_histories(
    reviews: Iterable[Review],
    tz: str,
    day_start_hour: int,
    resets: Mapping[str, datetime | None] | None = None,
) -> list[list[tuple[int, int]]]:
    """Per sequence (see `review_sequences`): (rating, days since the previous review) in
    time order, days counted in local drill days (the first review has 0)."""
    histories = []
    for sequence in review_sequences(reviews, resets):
        previous = None
        history = []
        for review in sequence:
            day = drill_day(review.reviewed_at, tz, day_start_hour)
            history.append((review.rating, 0 if previous is None else (day - previous).days))
            previous = day
        histories.append(history)
    return histories


def clamp_parameters(parameters: Sequence[float]) -> tuple[float, ...]:
    """Within fsrs's bounds; a value that is not a number (NaN from a failed fit) takes
    the default, since settings with NaN could not be saved."""
    return tuple(
        min(max(value, low), high) if value == value else default
        for value, low, high, default in zip(
            parameters,
            LOWER_BOUNDS_PARAMETERS,
            UPPER_BOUNDS_PARAMETERS,
            DEFAULT_PARAMETERS,
            strict=True,
        )
    )


def fit_parameters(
    reviews: Sequence[Review],
    tz: str,
    day_start_hour: int,
    current: Sequence[float] | None = None,
    *,
    resets: Mapping[str, datetime | None] | None = None,
) -> FitResult:
    """Fit FSRS-6 parameters to the log (`reviews`, split at `resets` as
    `review_sequences` says), and measure old and new on the same items."""
    from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

    items = []
    for history in review_histories(reviews, tz, day_start_hour, resets):
        so_far: list[FSRSReview] = []
        for rating, delta in history:
            so_far.append(FSRSReview(rating, delta))
            # One item per review made on a later day than the one before: the history up
            # to it, with it as the outcome to predict.
            if len(so_far) > 1 and delta > 0:
                items.append(FSRSItem(list(so_far)))
    before = tuple(current) if current else tuple(DEFAULT_PARAMETERS)
    if not items:
        raise ValueError("no review history spans more than a day yet")
    after = clamp_parameters(FSRS(list(before)).compute_parameters(items))
    old = FSRS(list(before)).evaluate(items)
    new = FSRS(list(after)).evaluate(items)
    return FitResult(
        before=before,
        after=after,
        log_loss_before=old.log_loss,
        log_loss_after=new.log_loss,
        rmse_before=old.rmse_bins,
        rmse_after=new.rmse_bins,
        reviews=len(reviews),
        items=len(items),
    )


def rescheduled(
    cards: Iterable[Card], reviews: Iterable[Review], settings: Settings
) -> list[Card]:
    """Every reviewed card with its schedule rebuilt from its history under `settings`
    (its parameters), as the drill would have scheduled it, fuzz included (the drill's
    fuzz is one number per card and review, so this is repeatable, and cards rescheduled
    together do not all fall due on the same day). Cards whose every review predates
    their reset, and cards never reviewed, are left out: nothing to rebuild."""
    from rebound_tui.domain.scheduling import make_scheduler, replay

    scheduler = make_scheduler(settings)
    by_card: dict[str, list[Review]] = defaultdict(list)
    for review in reviews:
        by_card[review.card_id].append(review)
    changed = []
    for card in cards:
        history = by_card.get(card.id)
        if not history:
            continue
        rebuilt, kept = replay(card, history, scheduler, leech_lapses=settings.leech_lapses)
        if not kept:
            continue
        changed.append(
            replace(
                card,
                state=rebuilt.state,
                step=rebuilt.step,
                stability=rebuilt.stability,
                difficulty=rebuilt.difficulty,
                due=rebuilt.due,
                last_review=rebuilt.last_review,
            )
        )
    return changed
