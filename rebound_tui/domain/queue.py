"""Today's drill queue: a pure function of cards, the review log of the last few days,
settings and now.

What the drill shows on a drill day:

- (Re)learning cards due now, soonest first; those due later today wait for their time.
- Review cards due by the end of the day, weakest (lowest retrievability) first, up to
  today's share (below).
- New cards, oldest first, up to `new_per_day` (cards first seen today count against it).

**Today's share of reviews** is worked out from the day as it began, so rating cards does
not change it. `due` is the review cards due by the end of today when the day began: the
ones still due plus the review cards rated today (`state_before == 2` in the log). The
share is `due`, or less in a backlog (below), and never more than `reviews_per_day`
(Anki's "maximum reviews/day"; 0 means no limit). Shown now: the share less the review
cards rated today. The rest are held back: still due, they come first (being the
weakest) on the days after.

**Backlog mode** (`backlog_mode`, on by default) is for the days after a break. A
catch-up starts on the first day drilled after a day without drilling and lasts
`backlog_days` days (7); a day skipped during it starts a new one with what is left. On
those days there is a backlog when `due` is more than the daily limit, or more than three
days' worth (two after the first day, so it does not stop and start) — a day's worth
being the review cards falling due on each of the next `backlog_days - 1` days, on
average, and at least 10 (so a backlog of 30 cards or fewer is shown at once). Then:

- The reviews are spread evenly over the days left of the catch-up: today's share is
  `ceil((due + the cards falling due on the days left after today) / days left)`: the
  overdue cards spread over the days left plus, on average, what falls due each day,
  evened out so the last day is no heavier than the first. On the catch-up's last day
  the share is everything due, so the backlog is gone within `backlog_days` days (unless
  the daily limit is lower: then it is drilled at the limit until it is gone).
- New cards still come, but half as many (`new_per_day / 2`, rounded up, so one a day
  stays one): the reviews come first, the habit of adding goes on.

It ends by itself: once `due` is below the threshold, or the catch-up's days are over,
every due card is shown (within the daily limit). Someone who drills every day has no
catch-up: only the daily limit applies.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Generic, NamedTuple, Protocol, TypeVar

from rebound_tui.domain.days import day_bounds, drill_day, effective_timezone
from rebound_tui.domain.settings_record import Settings

if TYPE_CHECKING:
    from fsrs import Scheduler

MIN_DAY_WORTH = 10
"""A day's worth of reviews is taken as at least this many cards."""
START_DAYS_WORTH = 3
"""A backlog starts when more than this many days' worth of reviews are due ..."""
KEEP_DAYS_WORTH = 2
"""... and, on the later days of a catch-up, lasts while more than this many are."""


class QueueCard(Protocol):
    """What today's queue reads of a card: a `Card`, or a `CardKey` from the store's card
    index (the queue is then worked out without building every card)."""

    @property
    def id(self) -> str: ...
    @property
    def state(self) -> int: ...
    @property
    def step(self) -> int | None: ...
    @property
    def stability(self) -> float | None: ...
    @property
    def difficulty(self) -> float | None: ...
    @property
    def due(self) -> datetime: ...
    @property
    def last_review(self) -> datetime | None: ...
    @property
    def suspended(self) -> bool: ...
    @property
    def buried_until(self) -> datetime | None: ...
    @property
    def created_at(self) -> datetime: ...


class CardKey(NamedTuple):
    """A card's schedule and id, without its text: what today's queue needs of it (a
    named tuple: thousands are made at once, and a tuple is made fastest)."""

    id: str
    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    suspended: bool
    buried_until: datetime | None
    created_at: datetime


C = TypeVar("C", bound=QueueCard)


class QueueReview(Protocol):
    """What today's queue reads of a review: a `Review`, or a `ReviewKey`."""

    @property
    def card_id(self) -> str: ...
    @property
    def state_before(self) -> int | None: ...
    @property
    def reviewed_at(self) -> datetime: ...


class ReviewKey(NamedTuple):
    """A review's card, state before and time: what today's queue needs of it."""

    card_id: str
    state_before: int | None
    reviewed_at: datetime


class DrillCounts(NamedTuple):
    """What is to drill now and what comes back later today, at one moment. The one
    reckoning that home, `rebound status` (and `--json`), the drill header and
    `rebound drill` all show, so they cannot disagree."""

    new: int
    """New cards within today's limit."""
    learning: int
    """(Re)learning cards due now."""
    due: int
    """Review cards to drill today: those due, within today's share."""
    later: int
    """(Re)learning cards due later today (a step of minutes or hours): not yet."""
    next_at: datetime | None
    """When the first of the `later` cards is due."""
    held_back: int = 0
    """Review cards due today held for later days (the daily limit, or a backlog spread
    over days): "Due 200 (+340 held for later days)"."""

    @property
    def to_drill(self) -> int:
        """Cards the drill would show now, one after another."""
        return self.new + self.learning + self.due

    @property
    def due_now(self) -> int:
        """Cards seen before that are due now: learning and review."""
        return self.learning + self.due

    @property
    def waiting(self) -> bool:
        """Nothing to drill now, but learning cards come back later today."""
        return self.to_drill == 0 and self.later > 0


class Backlog(NamedTuple):
    """A backlog of reviews, as today's queue spreads it (see the module's docstring)."""

    due: int
    """Review cards due by the end of today, as the day began."""
    day_worth: int
    """Review cards falling due a day over the coming days, on average (at least 10)."""
    day: int
    """Which day of the catch-up today is: 1 on the first day back."""
    days: int
    """How many days the catch-up lasts (`backlog_days`)."""
    share: int
    """Today's share of reviews, before the daily limit."""

    @property
    def days_left(self) -> int:
        """Days left to spread over, today included."""
        return self.days - self.day + 1


class DailyQueue(NamedTuple, Generic[C]):
    """Today's queue, of `Card`s or of `CardKey`s (`services.queue.todays_queue`: the
    drill builds the one card it shows)."""

    learning: tuple[C, ...]
    """(Re)learning cards due now, soonest first."""
    review: tuple[C, ...]
    """Review cards to drill today, lowest retrievability first: those due by the end of
    the local day, within today's share. (Built with `rank=False`, the right number of
    cards but not necessarily the right ones.)"""
    new: tuple[C, ...]
    """New cards allowed today, oldest first."""
    learning_later: tuple[C, ...]
    """(Re)learning cards due later today, soonest first."""
    day_end: datetime
    """When the local drill day ends (and tomorrow's queue begins)."""
    held_back: int = 0
    """Review cards due today that today's share leaves for later days."""
    backlog: Backlog | None = None
    """The backlog being spread, if there is one today."""

    @property
    def counts(self) -> DrillCounts:
        return DrillCounts(
            new=len(self.new),
            learning=len(self.learning),
            due=len(self.review),
            later=len(self.learning_later),
            next_at=self.learning_later[0].due if self.learning_later else None,
            held_back=self.held_back,
        )

    @property
    def changes_at(self) -> datetime:
        """The next moment time alone changes this queue: a learning card falls due, or
        the day ends. Until then it holds as built."""
        if self.learning_later:
            return min(self.learning_later[0].due, self.day_end)
        return self.day_end

    def candidates(self, now: datetime) -> Iterator[C]:
        """Cards in the order to show them: due learning, then reviews, then new. Learning
        cards due later are not shown early: a card just rated Good ("10m") coming straight
        back would make the step meaningless; the drill screen shows it once it is due."""
        yield from self.learning
        yield from self.review
        yield from self.new

    def next_card(self, now: datetime) -> C | None:
        return next(self.candidates(now), None)


class QueueReads(NamedTuple):
    """What building today's queue needs read from the store: the review log from
    `reviews_from` (today's, and the days before for backlog mode) and the cards due
    before `cards_due_before` (today's end, or the end of the days backlog mode looks
    ahead to), with the new ones."""

    reviews_from: datetime
    day_start: datetime
    day_end: datetime
    cards_due_before: datetime


def queue_reads(settings: Settings, now: datetime) -> QueueReads:
    """The stretch of the review log and of due dates today's queue depends on."""
    tz = effective_timezone(settings.timezone)
    today = drill_day(now, tz, settings.day_start_hour)
    start, end = day_bounds(today, tz, settings.day_start_hour)
    if not settings.backlog_mode:
        return QueueReads(start, start, end, end)
    # Back far enough to tell the last day of a catch-up from the days after it.
    first, _ = day_bounds(
        today - timedelta(days=settings.backlog_days), tz, settings.day_start_hour
    )
    _, last = day_bounds(
        today + timedelta(days=settings.backlog_days - 1), tz, settings.day_start_hour
    )
    return QueueReads(first, start, end, last)


def new_cards_introduced(reviews_today: Iterable[QueueReview]) -> int:
    """How many distinct cards had their first ever review today."""
    return len({r.card_id for r in reviews_today if r.state_before is None})


def days_drilled_before(
    earlier_reviews: Iterable[QueueReview], today: date, tz: str, hour: int
) -> int:
    """How many drill days in a row, ending yesterday, have reviews (0 after a break)."""
    days = {drill_day(r.reviewed_at, tz, hour) for r in earlier_reviews}
    run = 0
    while today - timedelta(days=run + 1) in days:
        run += 1
    return run


def build_daily_queue(
    cards: Iterable[C],
    reviews_today: Sequence[QueueReview],
    settings: Settings,
    now: datetime,
    *,
    scheduler: Scheduler | None = None,
    rank: bool = True,
    earlier_reviews: Iterable[QueueReview] | None = None,
) -> DailyQueue[C]:
    """Build today's queue (the rules are in the module's docstring).

    `reviews_today` are the reviews made since the start of the local drill day (they
    count against the daily limits). `earlier_reviews` are those of the days before, as
    far back as `queue_reads` says: they tell whether a catch-up after a break is under
    way; None (not read) spreads no backlog over days. `cards` should hold the cards due
    before `queue_reads(...).cards_due_before` (the coming days' due cards size a day's
    worth). `rank=False` skips ordering reviews by retrievability, for callers that only
    need the counts.
    """
    tz = effective_timezone(settings.timezone)
    hour = settings.day_start_hour
    today = drill_day(now, tz, hour)
    day_start, day_end = day_bounds(today, tz, hour)
    span = settings.backlog_days if settings.backlog_mode else 1
    # The end of each drill day from today on: a due date's day is found by bisection.
    day_ends = [day_end] + [
        day_bounds(today + timedelta(days=k), tz, hour)[1] for k in range(1, span)
    ]
    learning: list[C] = []
    later: list[C] = []
    review: list[C] = []
    new: list[C] = []
    falling_due = [0] * span  # review cards not rated today, by the day they fall due
    for card in cards:
        if card.suspended:
            continue
        buried = card.buried_until is not None and card.buried_until > now
        if card.last_review is None:
            if not buried:
                new.append(card)
        elif card.state == 2:
            if card.due < day_end:
                if not buried:
                    review.append(card)
            elif card.due < day_ends[-1] and card.last_review < day_start:
                falling_due[bisect_right(day_ends, card.due)] += 1
        elif buried:
            continue
        elif card.due <= now:
            learning.append(card)
        elif card.due < day_end:
            later.append(card)

    rated = {r.card_id for r in reviews_today if r.state_before == 2}
    due = sum(1 for c in review if c.last_review is not None and c.last_review < day_start)
    due += len(rated)
    backlog = None
    if settings.backlog_mode:
        drilled = (
            None
            if earlier_reviews is None
            else days_drilled_before(earlier_reviews, today, tz, hour)
        )
        backlog = _backlog(due, falling_due, drilled, settings)
    share = backlog.share if backlog else due
    if settings.reviews_per_day:
        share = min(share, settings.reviews_per_day)
    shown = min(len(review), max(0, min(share, due) - len(rated)))

    if review and rank and shown:
        from rebound_tui.domain.scheduling import make_scheduler, recall_at

        recall = recall_at(now, scheduler or make_scheduler(settings))
        review.sort(key=lambda c: (recall(c), c.due, c.id))
    new_limit = math.ceil(settings.new_per_day / 2) if backlog else settings.new_per_day
    remaining = max(0, new_limit - new_cards_introduced(reviews_today))
    new.sort(key=lambda c: (c.created_at, c.id))
    learning.sort(key=lambda c: (c.due, c.id))
    later.sort(key=lambda c: (c.due, c.id))
    return DailyQueue(
        tuple(learning),
        tuple(review[:shown]),
        tuple(new[:remaining]),
        tuple(later),
        day_end,
        held_back=len(review) - shown,
        backlog=backlog,
    )


def _backlog(
    due: int, falling_due: list[int], drilled: int | None, settings: Settings
) -> Backlog | None:
    """The backlog today, if there is one: `due` reviews due as the day began,
    `falling_due[k]` cards falling due k days on, `drilled` days drilled in a row before
    today (None: not known, so no catch-up is under way)."""
    days = settings.backlog_days
    if drilled is None or drilled >= days:
        return None  # no break in the last `backlog_days` days: the daily limit only
    day = drilled + 1
    day_worth = max(MIN_DAY_WORTH, math.ceil(sum(falling_due[1:]) / (days - 1)))
    factor = START_DAYS_WORTH if day == 1 else KEEP_DAYS_WORTH
    limit = settings.reviews_per_day
    if due <= factor * day_worth and not (limit and due > limit):
        return None
    days_left = days - day + 1
    share = math.ceil((due + sum(falling_due[1:days_left])) / days_left)
    return Backlog(due=due, day_worth=day_worth, day=day, days=days, share=min(share, due))
