"""Fitting personal FSRS parameters from the review log (with fsrs-rs-python: a compiled
optimizer that needs no torch). Used once the log has enough reviews to say something."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from rebound_tui.domain.days import drill_day
from rebound_tui.domain.models import Review

MIN_REVIEWS = 512


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


def review_histories(
    reviews: Iterable[Review], tz: str, day_start_hour: int
) -> list[list[tuple[int, int]]]:
    """Per card: (rating, days since the previous review) in time order, days counted in
    local drill days (the first review has 0)."""
    by_card: dict[str, list[Review]] = defaultdict(list)
    for review in reviews:
        by_card[review.card_id].append(review)
    histories = []
    for card_reviews in by_card.values():
        card_reviews.sort(key=lambda r: r.reviewed_at)
        previous = None
        history = []
        for review in card_reviews:
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
) -> FitResult:
    """Fit FSRS-6 parameters to the log, and measure old and new on the same items."""
    from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

    items = []
    for history in review_histories(reviews, tz, day_start_hour):
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
