"""Every scheduling decision goes through the `fsrs` package (FSRS-6); this module only
translates between Rebound's cards and fsrs's, and adds the two things Anki adds around
the same model:

- Days are drill days. fsrs counts the days since a card's last review in 24-hour blocks
  (`(now - last_review).days`); Anki, and Rebound, count local drill days, which start at
  `day_start_hour` in the user's zone. A card rated Tuesday 21:00 and seen Wednesday 08:00
  is one day later, not the same day. fsrs is given a last review exactly that many days
  before now, so everything it computes (short-term stability on the same day,
  retrievability, the next stability) counts drill days. An interval of N days makes the
  card due at the same local wall-clock time N drill days on, so a change to or from
  daylight saving time can neither bring it back the same day nor skip a day.
- One fuzz per card and review. Intervals of 3 days or more are spread a little so cards
  rated together do not all come back together. Anki draws one random number per card
  and review and uses it for every rating, then keeps Hard < Good < Easy; so does
  Rebound. The number comes from the card's id and review count, so the preview on reveal,
  the rating, and a replay of the history all give the same interval.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple, cast

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State
from fsrs.scheduler import FUZZ_RANGES

from rebound_tui.domain.card_records import Card, Review, new_id
from rebound_tui.domain.days import day_bounds, effective_timezone, zone
from rebound_tui.domain.settings_record import Settings

if TYPE_CHECKING:
    from rebound_tui.domain.queue import QueueCard

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
_FSRS_ID = 0  # fsrs needs an int id only to match logs to a card; ours are strings
_DAY = timedelta(days=1)


class Planner(Scheduler):
    """fsrs's scheduler, told the user's drill days. fsrs's own fuzz is off: Rebound
    fuzzes once per card and review (see the module's docstring)."""

    def __init__(self, settings: Settings, *, fuzz: bool = True) -> None:
        options: dict[str, object] = {}
        if settings.fsrs_parameters:
            options["parameters"] = settings.fsrs_parameters
        super().__init__(
            desired_retention=settings.desired_retention,
            learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps_minutes),
            relearning_steps=tuple(
                timedelta(minutes=m) for m in settings.relearning_steps_minutes
            ),
            maximum_interval=settings.maximum_interval_days,
            enable_fuzzing=False,
            **options,  # type: ignore[arg-type]  # only `parameters`, a tuple of floats
        )
        self.fuzz = fuzz
        self.timezone = effective_timezone(settings.timezone)
        self.day_start_hour = settings.day_start_hour
        self._zone = zone(self.timezone)
        self._day_start = timedelta(hours=settings.day_start_hour)

    def drill_day(self, instant: datetime) -> date:
        """`days.drill_day` with the zone looked up once (ratings replay by the thousand)."""
        return (instant.astimezone(self._zone) - self._day_start).date()

    def elapsed_days(self, last_review: datetime, now: datetime) -> int:
        """Drill days from `last_review` to `now` (0 on the same drill day)."""
        return max(0, (self.drill_day(now) - self.drill_day(last_review)).days)

    def due_after(self, now: datetime, days: int) -> datetime:
        """`days` drill days after `now`, at the same local wall-clock time (within that
        drill day even when the clocks changed in between)."""
        local = now.astimezone(self._zone)
        wall = local.replace(tzinfo=None) + timedelta(days=days)
        due = wall.replace(tzinfo=self._zone).astimezone(UTC)
        target = (local - self._day_start).date() + timedelta(days=days)
        if self.drill_day(due) != target:
            start, end = day_bounds(target, self.timezone, self.day_start_hour)
            due = min(max(due, start), end - timedelta(microseconds=1))
        return due


def make_scheduler(settings: Settings, *, fuzz: bool = True) -> Planner:
    """The scheduler for `settings`: their FSRS parameters, steps and retention, and the
    user's zone and day start for counting days."""
    return Planner(settings, fuzz=fuzz)


def _planner(scheduler: Scheduler) -> Planner:
    if isinstance(scheduler, Planner):
        return scheduler
    raise TypeError("schedule with make_scheduler(settings), which knows the drill days")


def to_fsrs(
    card: Card, now: datetime | None = None, scheduler: Scheduler | None = None
) -> FsrsCard:
    """fsrs's view of `card`. Given `now` and the planner, the last review is placed
    exactly as many whole days before `now` as drill days have passed since it, so that
    fsrs's 24-hour arithmetic counts drill days."""
    last_review = card.last_review
    if last_review is not None and now is not None and scheduler is not None:
        last_review = now - _planner(scheduler).elapsed_days(last_review, now) * _DAY
    return FsrsCard(
        card_id=_FSRS_ID,
        state=State(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=last_review,
    )


def retrievability(card: Card, now: datetime, scheduler: Scheduler) -> float:
    """Probability of recall now, as fsrs computes it with drill days (0 for a card
    never reviewed)."""
    return scheduler.get_card_retrievability(to_fsrs(card, now, scheduler), now)


class _Recalled(NamedTuple):
    """What fsrs reads of a card for its retrievability."""

    last_review: datetime | None
    stability: float | None


def recall_at(now: datetime, scheduler: Scheduler) -> Callable[[QueueCard], float]:
    """`retrievability(card, now, scheduler)` for many cards at one `now` (the queue ranks
    thousands of due cards): the same numbers, from fsrs, with today's drill day worked
    out once and no fsrs card built per card."""
    planner = _planner(scheduler)
    today = planner.drill_day(now)
    recall = planner.get_card_retrievability
    day_of = planner.drill_day

    def recall_of(card: QueueCard) -> float:
        last = card.last_review
        if last is None:
            return 0
        elapsed = max(0, (today - day_of(last)).days)
        placed = _Recalled(now - elapsed * _DAY, card.stability)
        return recall(cast(FsrsCard, placed), now)

    return recall_of


def fuzz_factor(card: Card) -> float:
    """The one random number in [0, 1) for this card's next review: the same on reveal,
    on rating and on replay (Anki seeds it from the card's id and review count too)."""
    digest = hashlib.sha256(f"{card.id}:{card.reps}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def fuzzed_days(days: int, factor: float, maximum: int) -> int:
    """`days` spread by fsrs's fuzz ranges (none under 2.5 days), at `factor` in
    [0, 1) of the way from the lowest to the highest interval allowed."""
    if days < 2.5:
        return days
    delta = 1.0
    for fuzz_range in FUZZ_RANGES:
        delta += fuzz_range["factor"] * max(
            min(float(days), fuzz_range["end"]) - fuzz_range["start"], 0.0
        )
    high = min(round(days + delta), maximum)
    low = min(max(2, round(days - delta)), high)
    return min(math.floor(low + factor * (high - low + 1)), high)


def _outcomes(
    card: Card, now: datetime, scheduler: Scheduler, ratings: Iterable[int]
) -> dict[int, FsrsCard]:
    """fsrs's card after each of `ratings` (in order 1-4), due dates in drill days: one
    fuzz for all of them, and Hard < Good < Easy among those that give days."""
    planner = _planner(scheduler)
    before = to_fsrs(card, now, planner)
    factor = fuzz_factor(card)
    floor = 1  # the shortest interval the next passing rating may give
    out: dict[int, FsrsCard] = {}
    for rating in ratings:
        reviewed, _ = planner.review_card(before, Rating(rating), now)
        reviewed.last_review = now
        if reviewed.state == State.Review:
            days = round((reviewed.due - now) / _DAY)
            if planner.fuzz:
                days = fuzzed_days(days, factor, planner.maximum_interval)
            if rating > 1:
                days = min(max(days, floor), planner.maximum_interval)
                floor = days + 1
            reviewed.due = planner.due_after(now, days)
        out[rating] = reviewed
    return out


def rate(
    card: Card,
    rating: int,
    now: datetime,
    scheduler: Scheduler,
    *,
    leech_lapses: int = 8,
    duration_ms: int | None = None,
) -> tuple[Card, Review]:
    """Review `card` with `rating` (1-4) at `now`: the new card and its review record,
    which keeps the due date the rating gave."""
    if rating not in RATING_NAMES:
        raise ValueError(f"rating must be 1-4, not {rating!r}")
    state_before = None if card.is_new else card.state
    # Good and Easy need the ratings below them: each must give more days than the last.
    reviewed = _outcomes(card, now, scheduler, range(2 if rating > 1 else 1, rating + 1))[rating]
    lapses = card.lapses + (1 if rating == 1 and card.state == State.Review else 0)
    leech = card.leech or lapses >= leech_lapses
    tags = card.tags if not leech or "leech" in card.tags else (*card.tags, "leech")
    updated = replace(
        card,
        state=int(reviewed.state),
        step=reviewed.step,
        stability=reviewed.stability,
        difficulty=reviewed.difficulty,
        due=reviewed.due,
        last_review=reviewed.last_review,
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
        due=updated.due,
    )
    return updated, review


def preview_intervals(card: Card, now: datetime, scheduler: Scheduler) -> dict[int, timedelta]:
    """What each rating would do: exactly what `rate` applies."""
    return {r: c.due - now for r, c in _outcomes(card, now, scheduler, RATING_NAMES).items()}


def replay(
    card: Card, reviews: Iterable[Review], scheduler: Scheduler, *, leech_lapses: int = 8
) -> tuple[Card, list[Review]]:
    """Rebuild a card's schedule from its reviews alone, as `Scheduler.reschedule_card`
    does, keeping lapse, rep and leech counts. Reviews from before the card was last reset
    are history, not schedule: left out here (see `every_review`). Returns the card and
    the reviews that count, in time order, each with the state the card was in before it
    (`state_before`)."""
    after_reset = [r for r in reviews if card.reset_at is None or r.reviewed_at > card.reset_at]
    return _replay_from_new(card, after_reset, scheduler, leech_lapses)


def every_review(card: Card, reviews: Iterable[Review], scheduler: Scheduler) -> list[Review]:
    """All of a card's reviews in time order, each with the state the card was in before
    it: those before its last reset replayed as the schedule they made then, those after
    as the schedule it has now (a reset starts a new sequence; history is kept)."""
    before: list[Review] = []
    after: list[Review] = []
    for review in reviews:
        reset = card.reset_at is not None and review.reviewed_at <= card.reset_at
        (before if reset else after).append(review)
    return [
        *_replay_from_new(card, before, scheduler, leech_lapses=8)[1],
        *_replay_from_new(card, after, scheduler, leech_lapses=8)[1],
    ]


def _replay_from_new(
    card: Card, reviews: Iterable[Review], scheduler: Scheduler, leech_lapses: int
) -> tuple[Card, list[Review]]:
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
    for review in sorted(reviews, key=lambda r: (r.reviewed_at, r.id)):
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
    if seconds < 20 * 3600:  # a day interval is 23 or 25 hours across a clock change
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 31:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30.4:.0f}mo" if days >= 61 else f"{days / 30.4:.1f}mo"
    return f"{days / 365:.1f}y"
