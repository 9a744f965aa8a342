"""Figures derived from the review log and check-ins.

Everything here counts by drill day in the user's zone (`days.drill_day`), as Anki counts
by its day boundary. Time spent counts each review for at most `ANSWER_CAP_MS` (five
minutes): a card left open over lunch is not an hour of practice. Anki caps answer time
the same way ("maximum answer seconds", 60 s by default); a spoken STAR answer runs about
two minutes, so the cap here is longer. Rehearsal timings are capped the same way.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rebound_tui.domain.days import drill_day, zone
from rebound_tui.domain.models import Card, Review

ANSWER_CAP_MS = 5 * 60_000
MATURE_DAYS = 21  # Anki: a card whose interval is 21 days or more is mature
LEVELS = 4  # heatmap intensities above "no reviews"


def drill_streak(drill_days: Iterable[date], today: date) -> int:
    """Consecutive days with at least one review, ending today, or yesterday if today has
    none yet (a streak is not broken until the day is over)."""
    days = set(drill_days)
    cursor = today if today in days else today - timedelta(days=1)
    streak = 0
    while cursor in days:
        streak += 1
        cursor -= timedelta(days=1)
    return streak


def true_retention(reviews: Iterable[Review], since: datetime) -> tuple[float | None, int]:
    """Share of reviews of cards in the Review state (not learning) that were recalled
    (rated Hard, Good or Easy), since `since`; and how many such reviews there were."""
    graded = [r for r in reviews if r.state_before == 2 and r.reviewed_at >= since]
    if not graded:
        return None, 0
    return sum(1 for r in graded if r.rating > 1) / len(graded), len(graded)


def due_forecast(
    cards: Iterable[Card], today: date, tz: str, day_start_hour: int, days: int = 30
) -> list[int]:
    """Cards falling due on each of the next `days` drill days (overdue ones count today).
    New and suspended cards are left out: they are not due until introduced."""
    counts = [0] * days
    for card in cards:
        if card.suspended or card.is_new:
            continue
        offset = (drill_day(card.due, tz, day_start_hour) - today).days
        if offset < days:
            counts[max(0, offset)] += 1
    return counts


class ReviewLog:
    """The review log in time order, each review with its drill day (worked out once:
    years of heavy use are a hundred thousand reviews)."""

    def __init__(self, reviews: Iterable[Review], tz: str, day_start_hour: int = 4) -> None:
        self._zone = zone(tz)
        self._shift = timedelta(hours=day_start_hour)
        self.reviews = sorted(reviews, key=lambda r: r.reviewed_at)
        self.days = [self.day_of(r.reviewed_at) for r in self.reviews]

    def dated(self) -> Iterable[tuple[date, Review]]:
        return zip(self.days, self.reviews, strict=True)

    def day_of(self, instant: datetime) -> date:
        """`days.drill_day`, with the zone looked up once (a third of the time)."""
        return (instant.astimezone(self._zone) - self._shift).date()


def capped_ms(ms: int | None) -> int:
    """A timing as it counts towards time spent: at most `ANSWER_CAP_MS`, 0 if unknown."""
    return min(ms or 0, ANSWER_CAP_MS)


def counts_by_day(log: ReviewLog) -> Counter[date]:
    """Reviews on each drill day."""
    return Counter(log.days)


def daily_counts(counts: Mapping[date, int], today: date, days: int = 30) -> list[int]:
    """Reviews on each of the last `days` drill days, the oldest first and today last."""
    return [counts.get(today - timedelta(days=back), 0) for back in range(days - 1, -1, -1)]


def intensity(count: int, busiest: int) -> int:
    """How dark a heatmap cell is: 0 for no reviews, else 1 to `LEVELS` by quarters of
    the busiest day (a day with the most reviews is always the darkest)."""
    if count <= 0 or busiest <= 0:
        return 0
    return min(LEVELS, math.ceil(LEVELS * count / busiest))


def level_ranges(busiest: int) -> list[tuple[int, int, int]]:
    """(level, fewest, most reviews) for each level some count can reach, for a legend."""
    ranges = []
    for level in range(1, LEVELS + 1):
        low = (level - 1) * busiest // LEVELS + 1
        high = level * busiest // LEVELS
        if low <= high:
            ranges.append((level, low, high))
    return ranges


@dataclass(frozen=True)
class Heatmap:
    """Reviews a drill day over whole weeks (Monday to Sunday) ending with this week."""

    first: date  # the Monday of the first week
    weeks: int
    today: date
    counts: Mapping[date, int]  # only days in the window
    busiest: tuple[date, int] | None  # the first day with the most reviews
    total: int
    days_drilled: int

    @property
    def days(self) -> int:
        """Days in the window up to and including today."""
        return (self.today - self.first).days + 1

    def cell(self, week: int, weekday: int) -> date | None:
        """The day in column `week`, row `weekday` (0 = Monday), None after today."""
        day = self.first + timedelta(days=7 * week + weekday)
        return day if day <= self.today else None

    def level(self, day: date) -> int:
        return intensity(self.counts.get(day, 0), self.busiest[1] if self.busiest else 0)


def heatmap(counts: Mapping[date, int], today: date, weeks: int = 26) -> Heatmap:
    """The last `weeks` weeks of `counts`, this week last."""
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    window = {d: n for d, n in counts.items() if first <= d <= today and n > 0}
    busiest = min(window.items(), key=lambda item: (-item[1], item[0])) if window else None
    return Heatmap(
        first=first,
        weeks=weeks,
        today=today,
        counts=window,
        busiest=busiest,
        total=sum(window.values()),
        days_drilled=len(window),
    )


@dataclass(frozen=True)
class TimeSpent:
    """Time spent answering (each review capped at `ANSWER_CAP_MS`), in milliseconds."""

    today_ms: int
    this_week_ms: int  # Monday to today
    last_week_ms: int
    last_30_ms: int  # the last 30 drill days, today included
    drill_days_30: int  # days with reviews among those 30

    @property
    def per_drill_day_ms(self) -> int:
        """Average over the days drilled in the last 30 (a day off is not a short day)."""
        return self.last_30_ms // self.drill_days_30 if self.drill_days_30 else 0


def time_by_day(log: ReviewLog) -> dict[date, int]:
    """Capped answer time on each drill day, in milliseconds."""
    spent: dict[date, int] = defaultdict(int)
    for day, review in log.dated():
        spent[day] += capped_ms(review.duration_ms)
    return dict(spent)


def time_spent(log: ReviewLog, today: date) -> TimeSpent:
    spent = time_by_day(log)
    monday = today - timedelta(days=today.weekday())
    month = today - timedelta(days=29)

    def total(first: date, last: date) -> int:
        return sum(ms for day, ms in spent.items() if first <= day <= last)

    return TimeSpent(
        today_ms=spent.get(today, 0),
        this_week_ms=total(monday, today),
        last_week_ms=total(monday - timedelta(days=7), monday - timedelta(days=1)),
        last_30_ms=total(month, today),
        drill_days_30=len(set(d for d in log.days if month <= d <= today)),
    )


@dataclass(frozen=True)
class Retention:
    """Reviews of cards in the Review state, recalled (Hard, Good, Easy) out of all, split
    as Anki splits them: young (interval before the review under 21 days) and mature."""

    young_recalled: int = 0
    young: int = 0
    mature_recalled: int = 0
    mature: int = 0

    @property
    def recalled(self) -> int:
        return self.young_recalled + self.mature_recalled

    @property
    def total(self) -> int:
        return self.young + self.mature

    @staticmethod
    def share(recalled: int, total: int) -> float | None:
        return recalled / total if total else None


def interval_before(log: ReviewLog) -> dict[str, int]:
    """For each review of a card in the Review state: the card's interval in
    drill days when it was reviewed (Anki's "last interval"), read from the due date the
    previous rating stored; for older reviews without one, the drill days that passed."""
    last: dict[str, tuple[date, Review]] = {}
    out: dict[str, int] = {}
    for day, review in log.dated():
        previous = last.get(review.card_id)
        if previous is not None and review.state_before == 2:
            previous_day, previous_review = previous
            if previous_review.due is not None:
                out[review.id] = (log.day_of(previous_review.due) - previous_day).days
            else:
                out[review.id] = (day - previous_day).days
        last[review.card_id] = (day, review)
    return out


def retention_by_period(
    log: ReviewLog, today: date, periods: Iterable[int | None] = (7, 30, 365, None)
) -> list[Retention]:
    """Young and mature retention over the last N drill days (today included) for each N
    in `periods`; None is all time."""
    before = interval_before(log)
    graded = [
        (day, before.get(review.id, 0) >= MATURE_DAYS, review.rating > 1)
        for day, review in log.dated()
        if review.state_before == 2
    ]
    by_day = Counter(graded)
    out = []
    for period in periods:
        first = date.min if period is None else today - timedelta(days=period - 1)
        counts: Counter[tuple[bool, bool]] = Counter()
        for (day, mature, recalled), n in by_day.items():
            if day >= first:
                counts[mature, recalled] += n
        out.append(
            Retention(
                young_recalled=counts[False, True],
                young=counts[False, True] + counts[False, False],
                mature_recalled=counts[True, True],
                mature=counts[True, True] + counts[True, False],
            )
        )
    return out


@dataclass(frozen=True)
class Trend:
    """An average timing over the last 30 drill days against the 30 before."""

    recent_ms: int | None
    recent: int  # how many timings
    before_ms: int | None
    before: int

    @property
    def change(self) -> float | None:
        """Recent over before, minus one: -0.1 is 10% quicker."""
        if self.recent_ms is None or not self.before_ms:
            return None
        return self.recent_ms / self.before_ms - 1


def timing_trend(log: ReviewLog, today: date, rehearsal: bool = False, days: int = 30) -> Trend:
    """Average time per answer (`duration_ms`), or per answer rehearsed aloud
    (`rehearsal_ms`), each capped at `ANSWER_CAP_MS`: the last `days` drill days against
    the `days` before them. Reviews without that timing are left out."""
    recent: list[int] = []
    earlier: list[int] = []
    start = today - timedelta(days=days - 1)
    for day, review in log.dated():
        ms = review.rehearsal_ms if rehearsal else review.duration_ms
        if ms is None or day > today:
            continue
        if day >= start:
            recent.append(capped_ms(ms))
        elif day >= start - timedelta(days=days):
            earlier.append(capped_ms(ms))
    return Trend(
        recent_ms=sum(recent) // len(recent) if recent else None,
        recent=len(recent),
        before_ms=sum(earlier) // len(earlier) if earlier else None,
        before=len(earlier),
    )


def minutes_text(ms: int) -> str:
    """Time spent in words: '0 min', '12 min', '2 h 05 min'."""
    minutes = round(ms / 60_000)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def clock_text(ms: int) -> str:
    """A timing as a stopwatch shows it: '0:42', '2:05', '1:02:10'."""
    seconds = round(ms / 1000)
    hours, rest = divmod(seconds, 3600)
    if hours:
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return f"{rest // 60}:{rest % 60:02d}"


# An interval a rating gave: whole drill days, or a learning step shorter than that.
Given = int | timedelta


@dataclass(frozen=True)
class HistoryRow:
    """One line of a card's history: a review, or (review None) the card's reset."""

    when: datetime
    review: Review | None = None
    interval: Given | None = None  # None: not stored (reviews saved before Rebound kept it)


def given_interval(reviewed_at: datetime, due: datetime, tz: str, day_start_hour: int) -> Given:
    """The interval from a review to the due date it gave: a step (under 12 hours, or due
    the same drill day) as a time, otherwise the drill days between them, so a 1-day card
    is 1 day even across a DST change (23 or 25 hours)."""
    delta = due - reviewed_at
    days = (drill_day(due, tz, day_start_hour) - drill_day(reviewed_at, tz, day_start_hour)).days
    if delta < timedelta(hours=12) or days <= 0:
        return max(delta, timedelta(0))
    return days


def card_history(
    card: Card, reviews: Iterable[Review], tz: str, day_start_hour: int = 4
) -> list[HistoryRow]:
    """Every review of `card` in time order with the interval it actually gave (read from
    the stored `Review.due`; for the latest review, the card's own due date if the review
    stored none), and the card's reset, if any, where it happened: reviews before a reset
    are history and stay listed."""
    mine = sorted((r for r in reviews if r.card_id == card.id), key=lambda r: r.reviewed_at)
    rows = []
    for index, review in enumerate(mine):
        due = review.due
        latest = index == len(mine) - 1
        if (
            due is None
            and latest
            and not card.is_new
            and card.last_review is not None
            and abs(card.last_review - review.reviewed_at) < timedelta(seconds=1)
        ):
            due = card.due
        interval = (
            None if due is None else given_interval(review.reviewed_at, due, tz, day_start_hour)
        )
        rows.append(HistoryRow(review.reviewed_at, review, interval))
    if card.reset_at is not None:
        # A review at the reset's instant came before it (replay counts after the reset).
        at = sum(1 for row in rows if row.when <= card.reset_at)
        rows.insert(at, HistoryRow(card.reset_at))
    return rows
