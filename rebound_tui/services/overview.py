"""What the home screen and `rebound status` show, computed from the repository."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from rebound_tui.domain.codec import parse_time, to_record
from rebound_tui.domain.days import drill_day, effective_timezone, zone
from rebound_tui.domain.models import CheckIn, FeedbackRequest, Interview, NextStep, Rebound
from rebound_tui.domain.queue import CardKey, DailyQueue, DrillCounts
from rebound_tui.domain.status import StatusFacts, status_json
from rebound_tui.domain.status import status_line as status_line_of
from rebound_tui.services.queue import todays_queue
from rebound_tui.store.indexes import (
    CARD_INDEX,
    COUNT_INTERVIEWS,
    HELD_INTERVIEWS,
    NAMED_INTERVIEWS,
    NEWEST_CHECKINS,
    OPEN_REBOUNDS,
    OPEN_STEPS,
    SENT_REQUESTS,
    at_home,
    index_ids,
)
from rebound_tui.store.repository import Repository
from rebound_tui.store.summaries import summaries

if TYPE_CHECKING:
    from rebound_tui.domain.care import CareNotice
    from rebound_tui.services.next_steps import OpenStep

# What only home shows (next steps, the care card, follow-ups with their interviews) is
# imported where it is read: `rebound status` imports this module and must stay quick.

T = TypeVar("T")


@dataclass(frozen=True)
class Overview:
    queue: DailyQueue[CardKey]
    last_checkin: CheckIn | None
    streak_days: int
    open_rebounds: tuple[tuple[Rebound, Interview | None], ...]
    card_count: int
    interview_count: int
    timezone: str
    follow_ups: tuple[tuple[FeedbackRequest, Interview | None], ...] = ()
    next_steps: tuple[OpenStep, ...] = ()
    """Every next step not done yet, the soonest (so the one whose day passed longest
    ago) first."""
    today: date | None = None
    days_practised_7: int = 0
    """Drill days with at least one review among the last seven (today included)."""
    care: CareNotice | None = None
    """The "talk to someone" card, while it is due (see `services.care`)."""
    awaiting_decision: Interview | None = None
    """The latest interview, held and waiting for a decision, with no wish or plan yet."""

    @property
    def counts(self) -> DrillCounts:
        """What is to drill now and later today, as the drill header shows it."""
        return self.queue.counts

    @property
    def next_back_at(self) -> str | None:
        """When the first learning card left for later comes back, on the user's clock
        ("16:10"); None if none does today."""
        next_at = self.counts.next_at
        return f"{next_at.astimezone(zone(self.timezone)):%H:%M}" if next_at else None

    @property
    def facts(self) -> StatusFacts:
        """What `rebound status` shows of these figures."""
        counts = self.counts
        return StatusFacts(
            to_drill=counts.to_drill,
            due_now=counts.due_now,
            new=counts.new,
            later=counts.later,
            held_back=counts.held_back,
            next_learning_at=counts.next_at.isoformat() if counts.next_at else None,
            next_back_at=self.next_back_at,
            last_checkin=self.last_checkin.at.isoformat() if self.last_checkin else None,
            streak_days=self.streak_days,
            days_practised_7=self.days_practised_7,
            open_rebounds=len(self.open_rebounds),
            follow_ups=len(self.follow_ups),
        )

    def status_json(self) -> dict[str, object]:
        return status_json(self.facts)


def days_practised(
    repo: Repository, today: date, tz: str, day_start_hour: int, days: int = 7
) -> int:
    """How many of the last `days` local days (today included) had a review; reads only
    the newest months of the review log."""
    from rebound_tui.store.review_days import review_days_newest_first

    first = today - timedelta(days=days - 1)
    for found, _ in review_days_newest_first(repo, tz, day_start_hour):
        return sum(1 for day in found if first <= day <= today)  # the newest 3 months
    return 0


def awaiting_decision(repo: Repository) -> Interview | None:
    """The most recently held interview still waiting for a decision with nothing of a
    wish, outcome, obstacle or plan written: home offers a minute of planning for it.
    From the store's summary of the interviews held and still active."""
    from rebound_tui.services.contrast import offer_contrast

    held = _records(Interview, summaries(repo, HELD_INTERVIEWS).values())
    waiting = [i for i in held if offer_contrast(i)]
    return max(waiting, key=lambda i: (i.interviewed_on or date.min, i.id), default=None)


def current_streak(repo: Repository, today: date, tz: str, day_start_hour: int) -> int:
    """The drill streak (as `stats.drill_streak` counts it: days in a row with reviews,
    ending today, or yesterday if today has none yet), reading month shards newest first
    only as far as it reaches, and counting each day once."""
    from rebound_tui.store.review_days import review_days_newest_first

    one_day = timedelta(days=1)
    days: set[date] = set()
    start = cursor = today
    streak = 0
    for found, read_from in review_days_newest_first(repo, tz, day_start_hour):
        days |= found
        begin = today if today in days else today - one_day
        if begin != start:  # today's reviews found only now: count from today
            start, cursor, streak = begin, begin, 0
        while cursor in days:
            streak += 1
            cursor -= one_day
        # `cursor` is the first day without reviews. A local day can begin in the
        # previous UTC month: keep a two-day margin.
        margin = datetime.combine(cursor - timedelta(days=2), time(12), tzinfo=UTC)
        if margin >= read_from:
            break  # the streak ends inside what was read
    return streak


def last_checkin(repo: Repository) -> CheckIn | None:
    """The newest check-in, from the store's summary of the newest check-ins (no other
    is read or built)."""
    from rebound_tui.domain.codec import RecordError, from_record

    newest = []
    for value in summaries(repo, NEWEST_CHECKINS).values():
        stamps = []
        for doc in value["docs"]:
            try:
                stamps.append((parse_time(doc["at"]), doc["at"]))
            except (TypeError, ValueError):
                continue
        if not stamps:
            continue
        latest = max(stamps)[1]
        for doc in value["docs"]:
            if doc.get("at") == latest:
                try:
                    newest.append(from_record(CheckIn, doc))
                except RecordError:
                    continue  # an unreadable check-in is skipped, as everywhere else
    return max(newest, key=lambda c: c.at, default=None)


def card_count(repo: Repository) -> int:
    """How many cards there are, from the store's card index."""
    index = summaries(repo, CARD_INDEX)
    if at_home(index):
        return sum(value["count"] for value in index.values())
    return len(set().union(*map(index_ids, index.values())))


def interview_count(repo: Repository) -> int:
    return sum(summaries(repo, COUNT_INTERVIEWS).values())


def build_overview(repo: Repository, now: datetime, brief: bool = False) -> Overview:
    """Everything the home screen shows. Built on the start-up path, so it builds records
    only for what it shows: due and new cards, the last check-in, open rebounds.

    `brief`: only what `rebound status` shows, from the store's summaries (no interview
    is read: open rebounds and follow-ups come without theirs; no next steps, care card
    or decision waiting)."""
    settings = repo.settings()
    tz = effective_timezone(settings.timezone)
    queue = todays_queue(repo, now, rank=False)
    open_rebounds = sorted(
        _records(Rebound, summaries(repo, OPEN_REBOUNDS).values()),
        key=lambda r: r.opened_at,
        reverse=True,
    )
    today = drill_day(now, tz, settings.day_start_hour)
    figures = Overview(
        queue=queue,
        last_checkin=last_checkin(repo),
        streak_days=current_streak(repo, today, tz, settings.day_start_hour),
        open_rebounds=tuple((r, None) for r in open_rebounds),
        card_count=card_count(repo),
        interview_count=interview_count(repo),
        timezone=tz,
        today=today,
        days_practised_7=days_practised(repo, today, tz, settings.day_start_hour),
    )
    if brief:
        return replace(figures, follow_ups=tuple((f, None) for f in follow_ups_brief(repo)))
    from rebound_tui.services.care import care_card
    from rebound_tui.services.next_steps import today as steps_today

    follow_ups = follow_ups_brief(repo)
    wanted = {r.interview_id for r in open_rebounds}
    wanted.update(f.interview_id for f in follow_ups if f.interview_id)
    named = interviews_named(repo, wanted)
    return replace(
        figures,
        open_rebounds=tuple((r, named.get(r.interview_id)) for r in open_rebounds),
        follow_ups=tuple((f, named.get(f.interview_id or "")) for f in follow_ups),
        next_steps=tuple(open_steps(repo, steps_today(repo, now))),
        care=care_card(repo, now),
        awaiting_decision=awaiting_decision(repo),
    )


def figures_change_at(repo: Repository, overview: Overview, now: datetime) -> datetime:
    """The first moment after `now` at which what `rebound status` shows of `overview`
    can change without a write: when today's queue changes (`DailyQueue.changes_at`: a
    learning card falls due, the drill day ends), the next local midnight (follow-ups
    fall due by calendar day), or the first card whose burial ends."""
    from rebound_tui.store.indexes import BURIED_UNTIL

    zone_info = zone(overview.timezone)
    local = now.astimezone(zone_info)
    midnight = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=zone_info)
    moments = [overview.queue.changes_at, midnight.astimezone(UTC)]
    for stamps in summaries(repo, BURIED_UNTIL).values():
        for stamp in stamps:
            try:
                buried = parse_time(stamp)
            except (TypeError, ValueError):
                continue  # such a card does not read: it is never in the queue
            if buried > now:
                moments.append(buried)
    return max(now, min(moments))


def keep_for_status(
    repo: Repository, overview: Overview, now: datetime, state: Any, home: object = None
) -> None:
    """Keep what `rebound status` shows of `overview` (built at `now` from the files as
    `status_snapshot.data_state` found them before reading), with `home`'s panels if
    given (which hold no longer than the care card they show), unless the store had
    something to say since it was opened (a damaged file is said every time)."""
    from rebound_tui.domain.days import detect_timezone
    from rebound_tui.services.care import care_changes_at
    from rebound_tui.services.status_snapshot import remember

    if state is None or repo.noticed:
        return
    until = figures_change_at(repo, overview, now)
    system_zone = None if repo.settings().timezone else detect_timezone()
    kept = (home, min(until, care_changes_at(repo, now))) if home is not None else None
    shown_with = None if home is None else to_record(repo.settings())  # a start paints with it
    remember(repo.data_dir, state, overview.facts, now, until, system_zone, kept, shown_with)


def build_overview_kept(
    repo: Repository, now: datetime, home: Callable[[Overview], object] | None = None
) -> Overview:
    """`build_overview`, and its status figures kept for `rebound status`, with what
    `home` makes of it (the home screen's panels, shown again at its next start)."""
    from rebound_tui.services.status_snapshot import data_state

    state = data_state(repo.data_dir)  # before anything is read: a write meanwhile shows
    overview = build_overview(repo, now)
    keep_for_status(repo, overview, now, state, None if home is None else home(overview))
    return overview


def interviews_named(repo: Repository, ids: Iterable[str]) -> dict[str, Interview]:
    """The interviews of `ids` that exist and read (as `repo.interviews.get` gives them),
    from the store's summary of the interviews asked for: the interviews file is parsed
    only when it changed or other ids are asked for."""
    spec = NAMED_INTERVIEWS.with_params(*sorted(ids))
    out: dict[str, Interview] = {}
    for value in summaries(repo, spec).values():  # a later shard's copy wins
        for interview in _records(Interview, [list(value.values())]):
            out[interview.id] = interview
    return out


def open_steps(repo: Repository, on: date) -> tuple[OpenStep, ...]:
    """`services.next_steps.open_steps`, from the store's summary of the next steps not
    done (the rebounds file is not parsed)."""
    from rebound_tui.services.next_steps import OpenStep, _order

    steps = sorted(_records(NextStep, summaries(repo, OPEN_STEPS).values()), key=_order)
    return tuple(OpenStep(s, s.is_overdue(on)) for s in steps)


def follow_ups_brief(repo: Repository) -> list[FeedbackRequest]:
    """`services.feedback.follow_ups_due` without their interviews, from the store's
    summary of the requests sent."""
    from rebound_tui.domain.feedback import nudge_due
    from rebound_tui.services.clock import today as clock_today

    day = clock_today(repo)
    sent = _records(FeedbackRequest, summaries(repo, SENT_REQUESTS).values())
    due = [f for f in sent if nudge_due(f, day)]
    due.sort(key=lambda f: (f.follow_up_on or day, f.id))
    return due


def _records(record_type: type[T], values: Iterable[list[dict[str, Any]]]) -> list[T]:
    """Records from summaries holding documents as stored (one that does not read is
    skipped, as every read does)."""
    from rebound_tui.domain.codec import RecordError, from_record

    out = []
    for docs in values:
        for doc in docs:
            try:
                out.append(from_record(record_type, doc))
            except RecordError:
                continue
    return out


def status_line(overview: Overview, now: datetime) -> str:
    """One line for a shell prompt or a login message."""
    return status_line_of(overview.facts, now)
