"""The "talk to someone" card: whether it is due now, and putting it away for the day.

Reads only the check-ins of the last few weeks (see `domain.care.LOOKBACK`)."""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

from rebound_tui.domain.care import LOOKBACK, WEEK, CareNotice, care_due
from rebound_tui.domain.codec import format_time, parse_time
from rebound_tui.domain.days import effective_timezone
from rebound_tui.domain.models import CheckIn, Settings
from rebound_tui.services.settings import update_settings
from rebound_tui.store.repository import Repository

FAR = datetime.max.replace(tzinfo=UTC)


def recent_checkins(repo: Repository, now: datetime) -> list[CheckIn]:
    """The check-ins from `LOOKBACK` before `now` on (only those records are built)."""
    since = now - LOOKBACK

    def recent(doc: dict[str, Any]) -> bool:
        at = doc.get("at")
        if not isinstance(at, str):
            return False
        try:
            return parse_time(at) >= since
        except (TypeError, ValueError):
            return False  # an unreadable check-in is skipped, as everywhere else

    from rebound_tui.domain.codec import RecordError, from_record
    from rebound_tui.store.indexes import NEWEST_CHECKINS
    from rebound_tui.store.summaries import summaries

    # The store keeps the newest check-ins: enough unless weeks hold more than it keeps.
    (newest,) = summaries(repo, NEWEST_CHECKINS).values()
    if not newest["complete"] and all(recent(doc) for doc in newest["docs"]):
        return repo.checkins.select(recent)  # older ones left out may be recent too
    out = []
    for doc in newest["docs"]:
        if recent(doc):
            try:
                out.append(from_record(CheckIn, doc))
            except RecordError:
                continue  # an unreadable check-in is skipped, as everywhere else
    return out


def care_card(repo: Repository, now: datetime) -> CareNotice | None:
    """The care card to show now, or None (see `domain.care.care_due`)."""
    settings = repo.settings()
    return care_due(
        recent_checkins(repo, now),
        settings.care_dismissed_at,
        now,
        effective_timezone(settings.timezone),
        settings.day_start_hour,
    )


def care_changes_at(repo: Repository, now: datetime) -> datetime:
    """The first moment after `now` at which `care_card` can change without a write: a
    check-in dated ahead (another device's clock) comes in, or one leaves the week a
    trigger is looked for in. (One leaving the weeks read as history changes nothing:
    no trigger still in the week reaches that far back. The day the card was put away
    ends with the drill day: see `overview.figures_change_at`.) `now` itself when the
    store's newest check-ins may not hold all of those weeks."""
    from rebound_tui.store.indexes import NEWEST_CHECKINS
    from rebound_tui.store.summaries import summaries

    (newest,) = summaries(repo, NEWEST_CHECKINS).values()
    stamps = []
    for doc in newest["docs"]:
        with suppress(KeyError, TypeError, ValueError):
            stamps.append(parse_time(doc["at"]))
    if not newest["complete"] and stamps and min(stamps) >= now - LOOKBACK:
        return now
    moments = [m for at in stamps for m in (at, at + WEEK) if m > now]
    return min(moments, default=FAR)


def dismiss_care(repo: Repository, now: datetime) -> Settings:
    """The user put the card away: not shown again today, nor for what was already seen."""
    return update_settings(repo, care_dismissed_at=format_time(now))  # as stored
