"""The summaries the store keeps (see `summaries`): what a start, `rebound status` and home
read instead of every record.

- `CARD_INDEX`: per card shard, how many cards and the shards their ids belong in, and
  one row per card with what today's queue needs (`CARD_FIELDS`), cards seen sorted by
  due time and new cards in the order they are drilled: the queue takes the rows due
  before a time by bisection and the first new cards, and full cards are built only for
  the ones shown.
- `CARD_LAST`: per card shard, each card's last review (a drill's start looks for a
  rating interrupted between its review and its card).
- `BURIED_UNTIL`: per card shard, the times cards are buried until, as stored: when
  today's queue changes without a write (`rebound status` keeps its figures until then).
- `REVIEW_DAYS`: per month of the review log, the local drill days it has reviews on
  (for a time zone and the hour a day starts): streaks and days practised. Kept in a
  rollup too (`rollups`): a streak of years reads one file, not one per month.
- `REVIEW_LOG`: per month of the review log, each review's time, state before and card,
  sorted by time: today's queue reads the last days' reviews from it.
- `NEWEST_CHECKINS`: the newest check-ins as stored (the last one, the care card's weeks).
- `OPEN_REBOUNDS`, `SENT_REQUESTS`: the rebounds not closed and the feedback requests
  sent (waiting for a reply), as stored.
- `COUNT_INTERVIEWS`: how many interviews there are.
- `OPEN_STEPS`: the next steps not done, as stored (home's list).
- `HELD_INTERVIEWS`: the interviews held (a day set), still active and with no contrast
  written, as stored (home's offer of a minute of planning while a decision is pending).
- `NAMED_INTERVIEWS`: the interviews of the ids it is asked for, as stored (the
  interviews of home's open rebounds and feedback follow-ups; kept for the ids last
  asked for, which change only when a rebound or a request does).

Every function here is pure and total: odd documents are skipped (a file that passed
its check holds none), never raise.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rebound_tui.store.schema import Collections
from rebound_tui.store.summaries import Docs, SummarySpec, register

CARD_FIELDS = (
    "due",
    "last_review",
    "state",
    "step",
    "stability",
    "difficulty",
    "suspended",
    "buried_until",
    "created_at",
    "id",
)
"""The fields of a `CARD_INDEX` row, in order. A row is one string, the fields joined by
"|" (the id last, so it may hold one): times as stored (UTC ISO strings), numbers as
written, True as "1", None and False as "". Due first, so rows compare with a time by
their due date (`row < due_before`), and strings load many times faster than lists."""


def card_row(doc: dict[str, Any]) -> str:
    get = doc.get
    return "|".join([_field(get(name)) for name in CARD_FIELDS])


def row_id(row: str) -> str:
    """The id of the card a `CARD_INDEX` row is of."""
    return row.split("|", len(CARD_FIELDS) - 1)[-1]


def _field(value: Any) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    return value if isinstance(value, str) else repr(value)


CardPart = tuple[str, int, str, str, str, str]


def _card_part(record_id: str, doc: dict[str, Any]) -> CardPart:
    """A card's id, which list of `CARD_INDEX` its row goes in (0 `by_due`, 1 `new`, 2
    `always`), what it is sorted by there, its row, its last review as stored ("" for
    none, "?" for one that is not a time as Rebound writes it), and the shard its id
    belongs in."""
    row = card_row(doc)
    last = doc.get("last_review")
    seen = "" if last is None else last if isinstance(last, str) and _canonical(last) else "?"
    home = Collections.cards.files.path_of_id(record_id) or ""
    if last is None:
        created = doc.get("created_at")
        if isinstance(created, str) and _canonical(created):
            return record_id, 1, f"{created}|{record_id}", row, seen, home
        return record_id, 2, "", row, seen, home
    if _canonical(doc.get("due")):
        return record_id, 0, row, row, seen, home
    return record_id, 2, "", row, seen, home


def _card_rows(parts: list[CardPart]) -> dict[str, Any]:
    """`{"count": n, "homes": [...], "by_due": [...], "new": [...], "always": [...]}`:
    how many cards, the shards their ids belong in (this one alone, unless another
    version left a card here: `at_home`), and each card's row in one of three lists:
    `by_due`, cards reviewed before, sorted (by due time: a bisection finds those due
    before a time); `new`, cards never reviewed, the oldest first (by creation time, then
    id: the order new cards are drilled in); `always`, any card whose times are not as
    Rebound writes them (every reader looks at these)."""
    lists: tuple[list[tuple[str, str]], ...] = ([], [], [])
    for _, kind, key, row, _, _ in parts:
        lists[kind].append((key, row))
    by_due, new, always = (
        [row for _, row in sorted(found)] if kind < 2 else [row for _, row in found]
        for kind, found in enumerate(lists)
    )
    homes = sorted({part[5] for part in parts})
    return {"count": len(parts), "homes": homes, "by_due": by_due, "new": new, "always": always}


def at_home(index: dict[str, Any]) -> bool:
    """Whether every card of `index` (`summaries(repo, CARD_INDEX)`: shard -> value) is
    in the shard its id belongs in: then none is in two shards, and the shards' counts
    add up (a copy another version left elsewhere makes readers look at the ids)."""
    return all(value["homes"] in ([], [shard]) for shard, value in index.items())


def index_ids(value: dict[str, Any]) -> set[str]:
    """The ids of the cards of one shard's `CARD_INDEX` value."""
    return {row_id(row) for name in ("by_due", "new", "always") for row in value[name]}


def _card_last(parts: list[CardPart]) -> dict[str, str]:
    return {part[0]: part[4] for part in parts}


def _buried_part(record_id: str, doc: dict[str, Any]) -> str | None:
    buried = doc.get("buried_until")
    return buried if isinstance(buried, str) else None


def _distinct(parts: list[str | None]) -> list[str]:
    return sorted({part for part in parts if part is not None})


def _canonical(value: Any) -> bool:
    """A time as Rebound writes it (UTC ISO 8601): these sort as strings."""
    return isinstance(value, str) and len(value) in (25, 32) and value.endswith("+00:00")


def _review_day(record_id: str, doc: dict[str, Any], tz: str, day_start_hour: int) -> str | None:
    """The local drill day of a review, or None for one whose time does not read (the
    shard's check refuses such a review; never crash here)."""
    from rebound_tui.domain.days import drill_day

    stamp = doc.get("reviewed_at")
    if not isinstance(stamp, str):
        return None
    try:
        return drill_day(datetime.fromisoformat(stamp), tz, day_start_hour).isoformat()
    except (TypeError, ValueError, OverflowError):
        return None


def _days(parts: list[str | None]) -> list[str]:
    return sorted({day for day in parts if day is not None})


def _review_part(record_id: str, doc: dict[str, Any]) -> tuple[str, int, str, str, str]:
    """A review's id, which list of `REVIEW_LOG` its row goes in (0 `by_time`, 1
    `always`, 2 none: no card), its row, its card and its time ("?" if odd)."""
    card_id = doc.get("card_id")
    if not isinstance(card_id, str):
        return record_id, 2, "", "", ""
    at = doc.get("reviewed_at")
    row = f"{at if isinstance(at, str) else ''}|{_field(doc.get('state_before'))}|"
    row += f"{len(card_id)}|{card_id}{record_id}"
    if isinstance(at, str) and _canonical(at):
        return record_id, 0, row, card_id, at
    return record_id, 1, row, card_id, "?"


def review_row(row: str) -> tuple[str, str, str, str]:
    """A `REVIEW_LOG` row's time, state before, card id and review id (as stored)."""
    at, state_before, size, rest = row.split("|", 3)
    return at, state_before, rest[: int(size)], rest[int(size) :]


def _review_rows(parts: list[tuple[str, int, str, str, str]]) -> dict[str, Any]:
    """`{"ids": [...], "by_time": [...], "always": [...], "latest": {...}}`: every
    review's id, a row per review (`REVIEW_FIELDS`) in `by_time` (sorted: a bisection
    finds a range of time) or, if its time is not as Rebound writes it, in `always`, and
    each card's latest review time ("?" if one of its times is odd)."""
    by_time = sorted(row for _, kind, row, _, _ in parts if kind == 0)
    always = [row for _, kind, row, _, _ in parts if kind == 1]
    latest: dict[str, str] = {}
    for _, kind, _, card_id, at in parts:
        if kind == 2:
            continue
        known = latest.get(card_id)
        if known is None or (known != "?" and (at == "?" or at > known)):
            latest[card_id] = at
    ids = [part[0] for part in parts]
    return {"ids": ids, "by_time": by_time, "always": always, "latest": latest}


REVIEW_FIELDS = ("reviewed_at", "state_before", "len(card_id)", "card_id + id")
"""A `REVIEW_LOG` row: "reviewed_at|state_before|len(card_id)|card_id" then the review's
id (ids may hold "|": the card id's length says where it ends)."""

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


def _open_rebounds(docs: Docs) -> list[dict[str, Any]]:
    return [doc for doc in docs.values() if doc.get("closed_at") is None]


def _sent_requests(docs: Docs) -> list[dict[str, Any]]:
    return [doc for doc in docs.values() if doc.get("status") == "sent"]


def _count(docs: Docs) -> int:
    return len(docs)


def _open_steps(docs: Docs) -> list[dict[str, Any]]:
    return [doc for doc in docs.values() if doc.get("done_at") is None]


CONTRAST_FIELDS = ("wish", "best_outcome", "obstacle", "plan")


def _held_interviews(docs: Docs) -> list[dict[str, Any]]:
    """Active interviews with a day set and nothing of a contrast written (a text with
    more than spaces, or a picturing): any other either has one or does not read."""
    return [
        doc
        for doc in docs.values()
        if doc.get("outcome") == "active"
        and doc.get("interviewed_on") is not None
        and doc.get("pictured") is None
        and not any(_written(doc.get(name)) for name in CONTRAST_FIELDS)
    ]


def _written(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _named(docs: Docs, *ids: str) -> dict[str, dict[str, Any]]:
    return {record_id: docs[record_id] for record_id in ids if record_id in docs}


def _card_rows_ok(value: Any) -> bool:
    return (
        type(value) is dict
        and value.keys() == {"count", "homes", "by_due", "new", "always"}
        and type(value["count"]) is int
        and value["count"] == len(value["by_due"]) + len(value["new"]) + len(value["always"])
        and all(
            type(value[name]) is list and set(map(type, value[name])) <= {str}
            for name in ("homes", "by_due", "new", "always")
        )
        and value["by_due"] == sorted(value["by_due"])
    )


def _last_ok(value: Any) -> bool:
    return type(value) is dict and set(map(type, value.values())) <= {str}


def _strings_ok(value: Any) -> bool:
    return type(value) is list and set(map(type, value)) <= {str}


def _days_ok(value: Any) -> bool:
    if not isinstance(value, list):
        return False
    for day in value:
        date.fromisoformat(day)  # raises for anything else: not trusted
    return True


def _review_rows_ok(value: Any) -> bool:
    return (
        type(value) is dict
        and value.keys() == {"ids", "by_time", "always", "latest"}
        and all(
            type(value[part]) is list and set(map(type, value[part])) <= {str}
            for part in ("ids", "by_time", "always")
        )
        and type(value["latest"]) is dict
        and set(map(type, value["latest"].values())) <= {str}
        and value["by_time"] == sorted(value["by_time"])
    )


def _docs_ok(value: Any) -> bool:
    return type(value) is list and all(type(doc) is dict for doc in value)


def _named_ok(value: Any) -> bool:
    return type(value) is dict and all(type(doc) is dict for doc in value.values())


def _newest_ok(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("complete"), bool)
        and isinstance(value.get("docs"), list)
        and all(isinstance(doc, dict) for doc in value["docs"])
    )


def _count_ok(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


CARD_INDEX = register(
    SummarySpec.by_document("cards", "card-index", 7, _card_part, _card_rows, check=_card_rows_ok)
)
CARD_LAST = register(
    SummarySpec.by_document("cards", "card-last", 1, _card_part, _card_last, check=_last_ok)
)
"""Each card's last review by id, as stored ("" for none, "?" for an odd time)."""
BURIED_UNTIL = register(
    SummarySpec.by_document("cards", "buried-until", 1, _buried_part, _distinct, check=_strings_ok)
)
"""The distinct times the cards of a shard are buried until, as stored, sorted."""
REVIEW_DAYS = register(
    SummarySpec.by_document(
        "reviews",
        "review-days",
        1,
        _review_day,
        _days,
        takes_params=True,
        check=_days_ok,
        rollup=True,  # a streak of years reads every month: one file
    )
)
REVIEW_LOG = register(
    SummarySpec.by_document(
        "reviews", "review-log", 2, _review_part, _review_rows, check=_review_rows_ok
    )
)
NEWEST_CHECKINS = register(
    SummarySpec("checkins", "newest-checkins", 1, _newest_checkins, check=_newest_ok)
)
OPEN_REBOUNDS = register(
    SummarySpec("rebounds", "open-rebounds", 1, _open_rebounds, check=_docs_ok)
)
SENT_REQUESTS = register(
    SummarySpec("feedback_requests", "sent-requests", 1, _sent_requests, check=_docs_ok)
)
COUNT_INTERVIEWS = register(
    SummarySpec("interviews", "count-interviews", 1, _count, check=_count_ok)
)
OPEN_STEPS = register(SummarySpec("next_steps", "open-steps", 1, _open_steps, check=_docs_ok))
HELD_INTERVIEWS = register(
    SummarySpec("interviews", "held-interviews", 2, _held_interviews, check=_docs_ok)
)
NAMED_INTERVIEWS = register(
    SummarySpec("interviews", "named-interviews", 1, _named, takes_params=True, check=_named_ok)
)
