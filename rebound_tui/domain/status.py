"""What `rebound status` says: the few figures it shows (`StatusFacts`), as one line for a
shell prompt or as JSON. Plain values only (numbers, and times as ISO strings), so that the
figures can be kept in a small file and shown again without reading the data
(`services.status_snapshot`)."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from rebound_tui.domain.days import ago, plural


class StatusFacts(NamedTuple):
    to_drill: int
    """Cards the drill would show now (new, learning and review)."""
    due_now: int
    """Cards seen before that are due now."""
    new: int
    """New cards within today's limit."""
    later: int
    """Learning cards that come back later today."""
    held_back: int
    """Review cards due today held for later days."""
    next_learning_at: str | None
    """When the first of the `later` cards comes back (ISO 8601), if any."""
    next_back_at: str | None
    """The same on the user's clock ("16:10")."""
    last_checkin: str | None
    """When the last check-in was made (ISO 8601), if any."""
    streak_days: int
    days_practised_7: int
    """Drill days with at least one review among the last seven (today included)."""
    open_rebounds: int
    follow_ups: int
    """Feedback requests whose follow-up day has come."""


def status_json(facts: StatusFacts) -> dict[str, object]:
    """`rebound status --json`."""
    return {
        "to_drill": facts.to_drill,
        "cards_due": facts.due_now,
        "new_available": facts.new,
        "learning_later": facts.later,
        "next_learning_at": facts.next_learning_at,
        "last_checkin": facts.last_checkin,
        "streak_days": facts.streak_days,
        "days_practised_7": facts.days_practised_7,
        "open_rebounds": facts.open_rebounds,
    }


def status_line(facts: StatusFacts, now: datetime) -> str:
    """One line for a shell prompt or a login message."""
    parts = []
    if facts.to_drill:
        detail = []
        if facts.due_now:
            detail.append(f"{facts.due_now} due")
        if facts.new:
            detail.append(f"{facts.new} new")
        parts.append(f"{plural(facts.to_drill, 'card')} to drill ({', '.join(detail)})")
    elif facts.later:
        parts.append("nothing to drill right now")
    else:
        parts.append("nothing to drill today")
    if facts.held_back:  # the daily review limit, or a backlog spread over days
        parts.append(f"{facts.held_back:,} held for later days")
    if facts.later:
        parts.append(
            f"{plural(facts.later, 'card')} back later today "
            f"({'the next ' if facts.later > 1 else ''}at {facts.next_back_at})"
        )
    if facts.last_checkin:
        parts.append(f"last check-in {ago(datetime.fromisoformat(facts.last_checkin), now)}")
    else:
        parts.append("no check-ins yet")
    if facts.open_rebounds:
        parts.append(plural(facts.open_rebounds, "open rebound"))
    if facts.follow_ups:
        parts.append(plural(facts.follow_ups, "feedback follow-up") + " due")
    if facts.days_practised_7:
        parts.append(f"practised {facts.days_practised_7} of the last 7 days")
    return "Rebound: " + " · ".join(parts)
