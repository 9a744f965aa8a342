"""`rebound export --format ics -o rebound.ics`: your dates, for a calendar (RFC 5545,
written with the `icalendar` library).

- Each feedback follow-up still to send (a request sent, with no reply, not yet followed
  up) is an all-day entry on its follow-up day, and each open next step with a day one on
  its day; both carry a reminder (VALARM) at 09:00 that day.
- Each interview still open whose day is today or ahead is an all-day entry, with a
  reminder at 18:00 the evening before.
- With a drill reminder set (Settings.drill_reminder, "HH:MM"), a 15-minute entry at that
  time every day (an RRULE made with python-dateutil's `rrule`), in the user's zone.

Every entry's UID comes from its record's id ("follow-up-<id>@rebound"), so importing
or subscribing to a later export updates the entries instead of adding them again; DTSTAMP
is the time of the export. User text goes through icalendar's escaping (commas,
semicolons, backslashes, new lines), with control characters (a terminal escape) shown
as text, never passed on.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from rebound_tui.domain.days import effective_timezone, local_date, zone
from rebound_tui.domain.models import FeedbackRequest, Interview, NextStep
from rebound_tui.domain.safe_text import escape_controls
from rebound_tui.store.repository import Repository

PRODUCT = "-//Rebound//Rebound calendar//EN"
REMINDER = timedelta(hours=9)  # 09:00 on the day (an all-day entry starts at midnight)
EVENING_BEFORE = -timedelta(hours=6)  # 18:00 the day before
DRILL_MINUTES = 15


def _text(value: str) -> str:
    return escape_controls(value).strip()


def follow_ups(repo: Repository) -> list[FeedbackRequest]:
    """Follow-ups still to send, whatever their day: sent, no reply, not nudged."""
    return sorted(
        (
            f
            for f in repo.feedback_requests.all()
            if f.status == "sent"
            and f.follow_up_on is not None
            and f.replied_on is None
            and f.nudged_on is None
        ),
        key=lambda f: (f.follow_up_on or date.min, f.id),
    )


def dated_steps(repo: Repository) -> list[NextStep]:
    """Open next steps with a day."""
    steps = [s for s in repo.next_steps.all() if not s.is_done and s.day is not None]
    return sorted(steps, key=lambda s: (s.day or date.min, s.id))


def coming_interviews(repo: Repository, today: date) -> list[Interview]:
    """Interviews still open on a day today or later."""
    found = [
        i
        for i in repo.interviews.all()
        if i.outcome == "active" and i.interviewed_on is not None and i.interviewed_on >= today
    ]
    return sorted(found, key=lambda i: (i.interviewed_on or date.min, i.id))


def export_ics(repo: Repository, now: datetime) -> bytes:
    """The calendar, as the bytes of an .ics file."""
    return build_calendar(repo, now).to_ical()


def build_calendar(repo: Repository, now: datetime) -> Any:
    from icalendar import Calendar

    settings = repo.settings()
    tz = effective_timezone(settings.timezone)
    today = local_date(now, tz)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Rebound")
    interviews = {i.id: i for i in repo.interviews.all()}
    for request in follow_ups(repo):
        interview = interviews.get(request.interview_id or "")
        company = _text(interview.company) if interview else ""
        assert request.follow_up_on is not None
        calendar.add_component(
            _day_entry(
                f"follow-up-{request.id}@rebound",
                request.follow_up_on,
                f"Follow up with {company}" if company else "Follow up on a feedback request",
                "One short note to ask again about feedback. The draft is in Rebound; "
                "after this one, what they do is theirs.",
                request.updated_at,
                now,
                REMINDER,
            )
        )
    for step in dated_steps(repo):
        assert step.day is not None
        calendar.add_component(
            _day_entry(
                f"next-step-{step.id}@rebound",
                step.day,
                _text(step.text) or "A next step",
                "A next step you set in Rebound.",
                step.updated_at,
                now,
                REMINDER,
            )
        )
    for interview in coming_interviews(repo, today):
        assert interview.interviewed_on is not None
        name = _text(interview.company)
        role = _text(interview.role)
        calendar.add_component(
            _day_entry(
                f"interview-{interview.id}@rebound",
                interview.interviewed_on,
                f"Interview: {name}" + (f", {role}" if role else ""),
                "Your interview, as kept in Rebound.",
                interview.updated_at,
                now,
                EVENING_BEFORE,
            )
        )
    if settings.drill_reminder:
        calendar.add_component(_drill(settings.drill_reminder, tz, today, now))
    calendar.add_missing_timezones()
    return calendar


def _alarm(trigger: timedelta, description: str) -> Any:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    alarm.add("trigger", trigger)  # from the entry's start
    return alarm


def _day_entry(
    uid: str,
    day: date,
    summary: str,
    description: str,
    changed: datetime,
    now: datetime,
    reminder: timedelta,
) -> Any:
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("summary", summary)
    event.add("description", description)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
    if changed.year > 1970:
        event.add("last-modified", changed)
    event.add_component(_alarm(reminder, summary))
    return event


def _drill(at: str, tz: str, today: date, now: datetime) -> Any:
    """Every day at `at` ("HH:MM") in the user's zone: an RRULE built with dateutil."""
    from dateutil.rrule import DAILY, rrule
    from icalendar import Event, vRecur

    hours, minutes = (int(part) for part in at.split(":"))
    start = datetime.combine(today, time(hours, minutes), tzinfo=zone(tz))
    rule = rrule(DAILY, dtstart=start)
    line = next(x for x in str(rule).splitlines() if x.startswith("RRULE:"))
    event = Event()
    event.add("uid", "drill-reminder@rebound")
    event.add("dtstamp", now)
    event.add("summary", "Drill a few cards")
    event.add("description", "A few minutes with your questions in Rebound.")
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=DRILL_MINUTES))
    event.add("rrule", vRecur.from_ical(line.removeprefix("RRULE:")))
    event.add("transp", "TRANSPARENT")
    event.add_component(_alarm(timedelta(0), "Drill a few cards"))
    return event
