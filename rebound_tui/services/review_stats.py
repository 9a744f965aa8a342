"""The drill stats' figures from summaries the store keeps per month of the review log and
per card shard (see `store.summaries`), instead of every review and card: years of reviews
are read once, after that only the month that changed.

A month's summary holds, by drill day, the reviews, their timings and the graded ones
split young and mature; and, by card, how many reviews it had that month, the day and due
day of its last one, and its first graded review if the card's previous review is in an
earlier month (young or mature is settled when the months are put together, in order).
What comes out is what `domain.stats` works out from the whole log (tests compare them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from rebound_tui.domain.models import Review
from rebound_tui.domain.stats import (
    MATURE_DAYS,
    Retention,
    TimeSpent,
    Trend,
    capped_ms,
)
from rebound_tui.store.folds import FoldSpec, folded
from rebound_tui.store.groups import GroupIndex, grouped
from rebound_tui.store.repository import Repository
from rebound_tui.store.schema import Collections
from rebound_tui.store.summaries import Docs, SummarySpec, summaries

# A day's row in a month's summary: reviews, timed answers and their capped time, timed
# rehearsals and theirs, young recalled, young graded, mature recalled, mature graded.
COUNT, DUR_N, DUR_MS, REH_N, REH_MS, YOUNG_OK, YOUNG, MATURE_OK, MATURE = range(9)
# By card (in parallel lists): its reviews that month ("n"), and what its next graded
# review will be ("next", see `_next`); the graded reviews whose previous review is in an
# earlier month ("open_ids", "open": 2 * day + recalled), settled young or mature when
# the months are put together in order.
MATURE_NEXT, YOUNG_NEXT = -1, -2

STATES = (None, 0, 1, 2, 3)


def _time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise TypeError(value)
    stamp = datetime.fromisoformat(value)
    if stamp.tzinfo is None:
        raise ValueError(value)
    return stamp


def _ms(value: Any) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(value)
    return value


def _review_month(docs: Docs, tz: str, day_start_hour: int) -> dict[str, Any]:
    from rebound_tui.domain.days import zone

    place = zone(tz)
    shift = timedelta(hours=day_start_hour)

    def day_of(instant: datetime) -> int:
        return (instant.astimezone(place) - shift).date().toordinal()

    timed = []
    for doc in docs.values():
        try:
            card_id, rating, state = doc["card_id"], doc["rating"], doc.get("state_before")
            if not isinstance(card_id, str) or rating not in (1, 2, 3, 4) or state not in STATES:
                continue
            due = doc.get("due")
            timed.append(
                (
                    _time(doc["reviewed_at"]),
                    card_id,
                    rating > 1,
                    state == 2,
                    None if due is None else _time(due),
                    _ms(doc.get("duration_ms")),
                    _ms(doc.get("rehearsal_ms")),
                )
            )
        except (KeyError, TypeError, ValueError, OverflowError):
            continue  # a review every read skips (the shard's check refuses it)
    timed.sort(key=lambda t: t[0])  # stable: as the whole log sorts them
    days: dict[str, list[int]] = {}
    cards: dict[str, list[Any]] = {}  # card id: [reviews, last day, last due day]
    open_ids: list[str] = []
    opened: list[int] = []
    for at, card_id, recalled, graded, due, duration, rehearsal in timed:
        day = day_of(at)
        row = days.setdefault(str(day), [0] * 9)
        row[COUNT] += 1
        if duration is not None:
            row[DUR_N] += 1
            row[DUR_MS] += capped_ms(duration)
        if rehearsal is not None:
            row[REH_N] += 1
            row[REH_MS] += capped_ms(rehearsal)
        card = cards.get(card_id)
        if graded:
            if card is None:  # the previous review, if any, is in an earlier month
                open_ids.append(card_id)
                opened.append(2 * day + recalled)
            else:
                last_day, last_due = card[1], card[2]
                mature = (last_due if last_due is not None else day) - last_day >= MATURE_DAYS
                row[MATURE_OK if mature else YOUNG_OK] += recalled
                row[MATURE if mature else YOUNG] += 1
        due_day = None if due is None else day_of(due)
        if card is None:
            cards[card_id] = [1, day, due_day]
        else:
            card[0] += 1
            card[1], card[2] = day, due_day
    return {
        "days": days,
        "ids": list(cards),
        "n": [card[0] for card in cards.values()],
        "next": [_next(card[1], card[2]) for card in cards.values()],
        "open_ids": open_ids,
        "open": opened,
    }


def _next(last_day: int, last_due: int | None) -> int:
    """What a card's next graded review will be, by its last review: MATURE_NEXT, YOUNG_NEXT,
    or (its due day unknown) the last review's day, for the next review to count from."""
    if last_due is None:
        return last_day
    return MATURE_NEXT if last_due - last_day >= MATURE_DAYS else YOUNG_NEXT


def _month_ok(value: Any) -> bool:
    if not isinstance(value, dict) or not isinstance(value.get("days"), dict):
        return False
    if not all(isinstance(row, list) and len(row) == 9 for row in value["days"].values()):
        return False
    lists: list[Any] = [value.get(name) for name in ("ids", "n", "next", "open_ids", "open")]
    if not all(isinstance(column, list) for column in lists):
        return False
    ids, counts, nexts, open_ids, opened = lists
    if len(ids) != len(counts) or len(ids) != len(nexts) or len(open_ids) != len(opened):
        return False
    sum(counts), sum(nexts), sum(opened)  # numbers, or TypeError: rebuilt
    return True


def _card_rows(docs: Docs, tz: str, day_start_hour: int) -> list[list[Any]]:
    """Per card: id, suspended, slipping (leech), and its due drill day if not new."""
    from rebound_tui.domain.days import zone

    place = zone(tz)
    shift = timedelta(hours=day_start_hour)
    rows: list[list[Any]] = []
    for card_id, doc in docs.items():
        try:
            new = doc.get("last_review") is None
            due = None if new else (_time(doc["due"]).astimezone(place) - shift).date()
            rows.append(
                [
                    card_id,
                    doc.get("suspended") is True,
                    doc.get("leech") is True,
                    None if due is None else due.toordinal(),
                ]
            )
        except (KeyError, TypeError, ValueError, OverflowError):
            continue
    return rows


def _rows_ok(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(row, list) and len(row) == 4 and isinstance(row[0], str) for row in value
    )


# Not registered with the store: it would then work them out again on every rating
# (a month of a big deck is thousands of reviews) once a screen had asked for them;
# read, a month that changed is worked out once, when a screen needs it.
REVIEW_MONTH = SummarySpec(
    "reviews", "review-month-stats", 2, _review_month, takes_params=True, check=_month_ok
)
CARD_ROWS = SummarySpec("cards", "card-stats", 1, _card_rows, takes_params=True, check=_rows_ok)


REVIEWS_BY_CARD = GroupIndex("reviews", "card_id", "reviews-by-card", 1)


def reviews_of(repo: Repository, card_id: str) -> list[Review]:
    """A card's reviews (in no order): one small file and the newest month read."""
    return grouped(repo, REVIEWS_BY_CARD, card_id)


@dataclass(frozen=True)
class DrillFigures:
    """What the drill stats show, as `domain.stats` works it out from the whole log."""

    counts: dict[date, int]
    """Reviews on each drill day."""
    by_period: list[Retention]
    spent: TimeSpent
    answering: Trend
    rehearsing: Trend
    reviews: int
    """Reviews in the log."""
    training_reviews: int
    """Reviews of cards that still exist (what the optimizer learns from)."""
    cards: int
    suspended: int
    slipping: int
    due_forecast: list[int]


def _start() -> dict[str, Any]:
    """The fold of no months: rows by drill day, and by card what its next graded review
    will be (`_next`) and its reviews so far."""
    return {"days": {}, "next": {}, "n": {}, "reviews": 0}


def _step(state: dict[str, Any], month: dict[str, Any]) -> None:
    """Fold a month's summary into the months before it."""
    days: dict[str, list[int]] = state["days"]
    last: dict[str, int] = state["next"]
    for key, row in month["days"].items():
        have = days.get(key)  # a day across two months (a zone behind UTC)
        days[key] = list(row) if have is None else [a + b for a, b in zip(have, row, strict=True)]
    # Counted, not looped over: a month of a big deck is thousands of cards.
    settled = Counter(zip(map(last.get, month["open_ids"]), month["open"], strict=True))
    for (previous, opened), times in settled.items():
        day, recalled = divmod(opened, 2)
        if previous is None or previous == YOUNG_NEXT:
            mature = False
        elif previous == MATURE_NEXT:
            mature = True
        else:
            mature = day - previous >= MATURE_DAYS
        day_row = days.setdefault(str(day), [0] * 9)
        day_row[MATURE_OK if mature else YOUNG_OK] += recalled * times
        day_row[MATURE if mature else YOUNG] += times
    last.update(zip(month["ids"], month["next"], strict=True))
    counts: dict[str, int] = state["n"]
    for card_id, n in zip(month["ids"], month["n"], strict=True):
        counts[card_id] = counts.get(card_id, 0) + n
    state["reviews"] += sum(month["n"])


def _state_ok(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and all(isinstance(value.get(name), dict) for name in ("days", "next", "n"))
        and type(value.get("reviews")) is int
        and all(isinstance(row, list) and len(row) == 9 for row in value["days"].values())
    )


DRILL_FOLD = FoldSpec(REVIEW_MONTH, "drill-fold", 1, _start, _step, _state_ok)
"""Every month of the review log put together, kept as of the month before this one."""


def drill_figures(
    repo: Repository,
    today: date,
    tz: str,
    day_start_hour: int,
    periods: Iterable[int | None],
    forecast_days: int = 30,
) -> DrillFigures:
    card_rows = [
        row
        for rows in summaries(repo, CARD_ROWS.with_params(tz, day_start_hour)).values()
        for row in rows
    ]
    existing = {row[0] for row in card_rows}
    state = folded(repo, DRILL_FOLD.with_params(tz, day_start_hour))
    by_day = {int(key): row for key, row in state["days"].items()}
    total = state["reviews"]
    training = sum(n for card_id, n in state["n"].items() if card_id in existing)
    return DrillFigures(
        counts={date.fromordinal(d): row[COUNT] for d, row in by_day.items() if row[COUNT]},
        by_period=_retention(by_day, today, periods),
        spent=_spent(by_day, today),
        answering=_trend(by_day, today, DUR_N, DUR_MS),
        rehearsing=_trend(by_day, today, REH_N, REH_MS),
        reviews=total,
        training_reviews=training,
        cards=len(card_rows),
        suspended=sum(1 for row in card_rows if row[1]),
        slipping=sum(1 for row in card_rows if row[2]),
        due_forecast=_forecast(card_rows, today, forecast_days),
    )


def _retention(
    by_day: dict[int, list[int]], today: date, periods: Iterable[int | None]
) -> list[Retention]:
    out = []
    for period in periods:
        first = 0 if period is None else (today - timedelta(days=period - 1)).toordinal()
        sums = [0, 0, 0, 0]
        for day, row in by_day.items():
            if day >= first:
                for index, column in enumerate((YOUNG_OK, YOUNG, MATURE_OK, MATURE)):
                    sums[index] += row[column]
        out.append(Retention(*sums))
    return out


def _spent(by_day: dict[int, list[int]], today: date) -> TimeSpent:
    now = today.toordinal()
    monday = now - today.weekday()
    month = now - 29

    def total(first: int, last: int) -> int:
        return sum(row[DUR_MS] for day, row in by_day.items() if first <= day <= last)

    return TimeSpent(
        today_ms=by_day[now][DUR_MS] if now in by_day else 0,
        this_week_ms=total(monday, now),
        last_week_ms=total(monday - 7, monday - 1),
        last_30_ms=total(month, now),
        drill_days_30=sum(1 for day, row in by_day.items() if month <= day <= now and row[COUNT]),
    )


def _trend(
    by_day: dict[int, list[int]], today: date, count: int, ms: int, days: int = 30
) -> Trend:
    now = today.toordinal()
    start = now - (days - 1)
    recent = [0, 0]
    earlier = [0, 0]
    for day, row in by_day.items():
        if day > now:
            continue
        if day >= start:
            recent[0] += row[count]
            recent[1] += row[ms]
        elif day >= start - days:
            earlier[0] += row[count]
            earlier[1] += row[ms]
    return Trend(
        recent_ms=recent[1] // recent[0] if recent[0] else None,
        recent=recent[0],
        before_ms=earlier[1] // earlier[0] if earlier[0] else None,
        before=earlier[0],
    )


def due_forecast(
    repo: Repository, today: date, tz: str, day_start_hour: int, days: int = 30
) -> list[int]:
    """`domain.stats.due_forecast` of every card, from the card shards' summaries."""
    rows = summaries(repo, CARD_ROWS.with_params(tz, day_start_hour)).values()
    return _forecast([row for shard in rows for row in shard], today, days)


def reviews_since(repo: Repository, since: datetime) -> list[Review]:
    """The reviews at or after `since`, reading only the months from its month on."""
    first = Collections.reviews.files.month_path(since)
    paths = [path for path in repo.reviews.shard_paths() if path >= first]
    return [r for r in repo.reviews.in_shards(paths) if r.reviewed_at >= since]


def _forecast(card_rows: list[list[Any]], today: date, days: int) -> list[int]:
    counts = [0] * days
    now = today.toordinal()
    for _, suspended, _, due in card_rows:
        if suspended or due is None:
            continue
        offset = due - now
        if offset < days:
            counts[max(0, offset)] += 1
    return counts
