"""What the home screen and `rebound status` show, computed from the repository."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from rebound_tui.domain.codec import format_time, parse_time
from rebound_tui.domain.days import ago, drill_day, effective_timezone, plural, today_bounds
from rebound_tui.domain.models import CheckIn, FeedbackRequest, Interview, Rebound
from rebound_tui.domain.queue import DailyQueue, build_daily_queue
from rebound_tui.domain.stats import drill_streak
from rebound_tui.services.feedback import follow_ups_due
from rebound_tui.services.next_steps import OpenStep, open_steps
from rebound_tui.services.next_steps import today as steps_today
from rebound_tui.store.repository import Repository


@dataclass(frozen=True)
class Overview:
    queue: DailyQueue
    last_checkin: CheckIn | None
    streak_days: int
    open_rebounds: tuple[tuple[Rebound, Interview | None], ...]
    card_count: int
    interview_count: int
    timezone: str
    follow_ups: tuple[tuple[FeedbackRequest, Interview | None], ...] = ()
    next_steps: tuple[OpenStep, ...] = ()
    """Every next step not done yet, the soonest (so the longest overdue) first."""
    today: date | None = None

    @property
    def cards_due(self) -> int:
        return self.queue.learn_count + self.queue.due_count

    @property
    def new_available(self) -> int:
        return self.queue.new_count

    def status_json(self) -> dict[str, object]:
        return {
            "cards_due": self.cards_due,
            "new_available": self.new_available,
            "last_checkin": self.last_checkin.at.isoformat() if self.last_checkin else None,
            "streak_days": self.streak_days,
            "open_rebounds": len(self.open_rebounds),
        }


def current_streak(repo: Repository, today: date, tz: str, day_start_hour: int) -> int:
    """The drill streak, reading month shards newest first only as far as it reaches."""
    from rebound_tui.store.review_days import review_days_newest_first

    days: set[date] = set()
    streak = 0
    for found, read_from in review_days_newest_first(repo, tz, day_start_hour):
        days |= found
        streak = drill_streak(days, today)
        first_gap = (today if today in days else today - timedelta(days=1)) - timedelta(
            days=streak
        )
        # A local day can begin in the previous UTC month: keep a two-day margin.
        margin = datetime.combine(first_gap - timedelta(days=2), time(12), tzinfo=UTC)
        if margin >= read_from:
            break  # the streak ends inside what was read
    return streak


def build_overview(repo: Repository, now: datetime) -> Overview:
    """Everything the home screen shows. Built on the start-up path, so it builds records
    only for what it shows: due and new cards, the last check-in, open rebounds."""
    settings = repo.settings()
    tz = effective_timezone(settings.timezone)
    start, end = today_bounds(now, tz, settings.day_start_hour)
    end_text = format_time(end)

    def maybe_today(doc: dict[str, object]) -> bool:
        due = doc.get("due")
        # Stored times are UTC ISO strings, which sort as times; anything odd is kept.
        return doc.get("last_review") is None or not isinstance(due, str) or due < end_text

    cards = repo.cards.select(maybe_today)
    queue = build_daily_queue(cards, repo.reviews.between(start, end), settings, now, rank=False)
    stamps = []
    for text in repo.checkins.raw_field("at"):
        try:
            stamps.append((parse_time(text), text))
        except (TypeError, ValueError):
            continue  # an unreadable check-in is skipped, as everywhere else
    last = None
    if stamps:
        latest = max(stamps)[1]
        found = repo.checkins.select(lambda doc: doc.get("at") == latest)
        last = max(found, key=lambda c: c.at) if found else None
    open_rebounds = sorted(
        repo.rebounds.select(lambda doc: doc.get("closed_at") is None),
        key=lambda r: r.opened_at,
        reverse=True,
    )
    today = drill_day(now, tz, settings.day_start_hour)
    next_steps = open_steps(repo, steps_today(repo, now))
    return Overview(
        queue=queue,
        last_checkin=last,
        streak_days=current_streak(repo, today, tz, settings.day_start_hour),
        open_rebounds=tuple((r, repo.interviews.get(r.interview_id)) for r in open_rebounds),
        card_count=repo.cards.count(),
        interview_count=repo.interviews.count(),
        timezone=tz,
        follow_ups=tuple(follow_ups_due(repo)),
        next_steps=tuple(next_steps),
        today=today,
    )


def status_line(overview: Overview, now: datetime) -> str:
    """One line for a shell prompt or a login message."""
    parts = []
    todo = overview.cards_due + overview.new_available
    if todo:
        detail = []
        if overview.cards_due:
            detail.append(f"{overview.cards_due} due")
        if overview.new_available:
            detail.append(f"{overview.new_available} new")
        parts.append(f"{plural(todo, 'card')} to drill ({', '.join(detail)})")
    else:
        parts.append("nothing to drill today")
    if overview.last_checkin:
        parts.append(f"last check-in {ago(overview.last_checkin.at, now)}")
    else:
        parts.append("no check-ins yet")
    if overview.open_rebounds:
        parts.append(plural(len(overview.open_rebounds), "open rebound"))
    if overview.follow_ups:
        parts.append(plural(len(overview.follow_ups), "feedback follow-up") + " due")
    if overview.streak_days:
        parts.append(f"{overview.streak_days}-day streak")
    return "Rebound: " + " · ".join(parts)
