"""The summaries the store keeps (see `summaries`): what a start, `rebound status` and home
read instead of every record.

- `CARD_INDEX`: per card shard, one row per card with what today's queue needs
  (`CARD_FIELDS`): the queue is worked out from it and full cards are built only for
  the ones shown.
- `REVIEW_DAYS`: per month of the review log, the local drill days it has reviews on
  (for a time zone and the hour a day starts): streaks and days practised.
- `LATEST_CHECKIN`: the newest check-in(s) as stored.
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


def _latest_checkins(docs: Docs) -> list[dict[str, Any]]:
    """The check-ins stored with the newest time (as `build_overview` chooses it)."""
    from rebound_tui.domain.codec import parse_time

    best: tuple[datetime, str] | None = None
    for doc in docs.values():
        text = doc.get("at")
        if not isinstance(text, str):
            continue
        try:
            stamp = (parse_time(text), text)
        except (TypeError, ValueError):
            continue
        if best is None or stamp > best:
            best = stamp
    if best is None:
        return []
    return [doc for doc in docs.values() if doc.get("at") == best[1]]


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


def _docs_ok(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(doc, dict) for doc in value)


def _count_ok(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


CARD_INDEX = register(SummarySpec("cards", "card-index", 1, _card_rows, check=_card_rows_ok))
REVIEW_DAYS = register(
    SummarySpec("reviews", "review-days", 1, _review_days, takes_params=True, check=_days_ok)
)
LATEST_CHECKIN = register(
    SummarySpec("checkins", "latest-checkin", 1, _latest_checkins, check=_docs_ok)
)
COUNT_INTERVIEWS = register(
    SummarySpec("interviews", "count-interviews", 1, _count, check=_count_ok)
)
