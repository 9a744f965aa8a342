"""The summaries the store keeps (see `summaries`): what a start, `rebound status` and home
read instead of every record.

- `CARD_INDEX`: per card shard, one row per card with what today's queue needs
  (`CARD_FIELDS`): the queue is worked out from it and full cards are built only for
  the ones shown.
- `REVIEW_DAYS`: per month of the review log, the local drill days it has reviews on
  (for a time zone and the hour a day starts): streaks and days practised.
- `NEWEST_CHECKINS`: the newest check-ins as stored (the last one, the care card's weeks).
- `COUNT_INTERVIEWS`: how many interviews there are.

Every function here is pure and total: odd documents are skipped (a file that passed
its check holds none), never raise.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rebound_tui.store.summaries import Docs, SummarySpec, register

CARD_FIELDS = (
    "id",
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "suspended",
    "buried_until",
    "created_at",
)
"""The columns of a `CARD_INDEX` row: times as stored (UTC ISO strings)."""


def _card_rows(docs: Docs) -> list[list[Any]]:
    return [[doc.get(name) for name in CARD_FIELDS] for doc in docs.values()]


def _review_days(docs: Docs, tz: str, day_start_hour: int) -> list[str]:
    from rebound_tui.domain.days import drill_day

    days: set[date] = set()
    for doc in docs.values():
        stamp = doc.get("reviewed_at")
        try:
            days.add(drill_day(datetime.fromisoformat(stamp), tz, day_start_hour))  # type: ignore[arg-type]  # odd values raise TypeError, caught
        except (TypeError, ValueError, OverflowError):
            continue  # the shard's check refuses such a review; never crash here
    return sorted(day.isoformat() for day in days)


NEWEST = 256
"""How many check-ins `NEWEST_CHECKINS` keeps: weeks of them, for the last one and the
care card's look back."""


def _newest_checkins(docs: Docs) -> dict[str, Any]:
    """The `NEWEST` newest check-ins as stored (in the file's order) and whether they are
    all there are (check-ins whose time does not read are left out, as every read
    does): `{"complete": bool, "docs": [...]}`. Any check-in left out is no newer than
    the oldest kept."""
    from rebound_tui.domain.codec import parse_time

    timed: list[tuple[datetime, int]] = []
    values = list(docs.values())
    for index, doc in enumerate(values):
        text = doc.get("at")
        if not isinstance(text, str):
            continue
        try:
            timed.append((parse_time(text), index))
        except (TypeError, ValueError):
            continue
    timed.sort(reverse=True)
    kept = sorted(index for _, index in timed[:NEWEST])
    return {"complete": len(timed) <= NEWEST, "docs": [values[index] for index in kept]}


def _count(docs: Docs) -> int:
    return len(docs)


def _card_rows_ok(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(row, list) and len(row) == len(CARD_FIELDS) and isinstance(row[0], str)
        for row in value
    )


def _days_ok(value: Any) -> bool:
    if not isinstance(value, list):
        return False
    for day in value:
        date.fromisoformat(day)  # raises for anything else: not trusted
    return True


def _newest_ok(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("complete"), bool)
        and isinstance(value.get("docs"), list)
        and all(isinstance(doc, dict) for doc in value["docs"])
    )


def _count_ok(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


CARD_INDEX = register(SummarySpec("cards", "card-index", 1, _card_rows, check=_card_rows_ok))
REVIEW_DAYS = register(
    SummarySpec("reviews", "review-days", 1, _review_days, takes_params=True, check=_days_ok)
)
NEWEST_CHECKINS = register(
    SummarySpec("checkins", "newest-checkins", 1, _newest_checkins, check=_newest_ok)
)
COUNT_INTERVIEWS = register(
    SummarySpec("interviews", "count-interviews", 1, _count, check=_count_ok)
)
