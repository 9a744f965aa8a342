"""The records Rebound keeps, as frozen dataclasses.

Records are immutable: change one with `dataclasses.replace`. Every record has a stable
string `id`. Times are timezone-aware and kept in UTC; the user's IANA zone lives in
`Settings.timezone` (and on each check-in, for the zone it was made in).

The `Annotated` metadata on the fields is what a valid record is: `codec.from_record`
enforces it on import and on every read from disk (see codec for the rules every field
shares: valid Unicode, finite numbers, times between 1970 and 2199). Text caps are far
above what anyone types, because several inputs take a paste of any length and a record
over a cap makes its whole file damaged: ids 128 characters; words and tags 1,000;
names, titles and other one-line fields 10,000; questions, hints and lessons 100,000;
notes, answers, letters and reflections 1,000,000 (codec.TEXT_MAX).
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Literal

from rebound_tui.domain.card_records import CARD_KINDS as CARD_KINDS
from rebound_tui.domain.card_records import CARD_SOURCES as CARD_SOURCES
from rebound_tui.domain.card_records import CARD_STATES as CARD_STATES
from rebound_tui.domain.card_records import EPOCH as EPOCH
from rebound_tui.domain.card_records import MAX_DURATION_MS as MAX_DURATION_MS
from rebound_tui.domain.card_records import Card as Card
from rebound_tui.domain.card_records import CardKind as CardKind
from rebound_tui.domain.card_records import CardSource as CardSource
from rebound_tui.domain.card_records import Review as Review
from rebound_tui.domain.card_records import new_id as new_id
from rebound_tui.domain.codec import (
    Later,
    MaxLen,
    Range,
)
from rebound_tui.domain.fields import Grid, Id, Line, Prompt, Word, Zone
from rebound_tui.domain.settings_record import Settings as Settings

Outcome = Literal["active", "offer", "rejected", "withdrew", "ghosted"]
OUTCOMES: tuple[Outcome, ...] = typing.get_args(Outcome)
Stage = Literal["applied", "screen", "technical", "onsite", "final", "offer"]
STAGES: tuple[Stage, ...] = typing.get_args(Stage)
STAGE_LABELS = {
    "applied": "Applied",
    "screen": "Phone screen",
    "technical": "Technical",
    "onsite": "Onsite / panel",
    "final": "Final round",
    "offer": "Offer stage",
}
ReboundStep = Literal["feel", "treat", "went_well", "tough", "feedback", "move_on"]
REBOUND_STEPS: tuple[ReboundStep, ...] = typing.get_args(ReboundStep)
STEP_LABELS = {
    "feel": "Feel",
    "treat": "Treat",
    "went_well": "Went well",
    "tough": "Tough",
    "feedback": "Feedback",
    "move_on": "Move on",
}
FeedbackStatus = Literal["draft", "sent", "replied", "no_reply"]
FEEDBACK_STATUSES: tuple[FeedbackStatus, ...] = typing.get_args(FeedbackStatus)
ReflectionKind = Literal["went_well", "tough"]
REFLECTION_KINDS: tuple[ReflectionKind, ...] = typing.get_args(ReflectionKind)
Prepared = Literal["", "yes", "partly", "no"]
PREPARED: tuple[Prepared, ...] = typing.get_args(Prepared)
LessonKind = Literal["lesson", "skill"]
LESSON_KINDS: tuple[LessonKind, ...] = typing.get_args(LessonKind)
TreatPlace = Literal["indoor", "outdoor", "either"]
TREAT_PLACES: tuple[TreatPlace, ...] = typing.get_args(TreatPlace)
TreatEnergy = Literal["low", "high", "any"]
TREAT_ENERGIES: tuple[TreatEnergy, ...] = typing.get_args(TreatEnergy)


@dataclass(frozen=True)
class Interview:
    """An application to one company and role, from applied to its outcome."""

    id: Id
    company: Line
    role: Line = ""
    stage: Stage = "applied"
    outcome: Outcome = "active"
    applied_on: date | None = None
    interviewed_on: date | None = None
    decided_on: date | None = None
    contact: Line = ""
    notes: str = ""
    # Mental contrasting while the decision is pending (wish, best outcome, obstacle,
    # plan), and how much of the new life had been pictured (0-10): asked when the
    # interview is logged and while waiting, not on the day of the no.
    wish: str = ""
    best_outcome: str = ""
    obstacle: str = ""
    plan: str = ""
    pictured: Annotated[int, Range(0, 10)] | None = None
    created_at: datetime = EPOCH
    updated_at: datetime = EPOCH

    @property
    def reached_interview(self) -> bool:
        return self.stage != "applied"

    @property
    def name(self) -> str:
        """'Company — Role', or just the company."""
        return f"{self.company} — {self.role}" if self.role.strip() else self.company


@dataclass(frozen=True)
class CheckIn:
    """A mood check-in: where the feeling sits on the grid, its words and intensity."""

    id: Id
    at: datetime
    pleasantness: Grid = 0
    energy: Grid = 0
    words: tuple[Word, ...] = ()
    intensity: Annotated[int, Range(1, 10)] | None = None  # None: the slider was never touched
    note: str = ""
    daydream: Annotated[int, Range(0, 10)] | None = None
    tz: Zone = "UTC"
    rebound_id: Id | None = None
    friend: str = ""
    """What you would tell a friend who got the same news (self-compassion, optional)."""


@dataclass(frozen=True)
class Rebound:
    """The guided recovery after a rejection, one step at a time."""

    id: Id
    interview_id: Id  # may name an interview that was deleted: shown as "(deleted)"
    opened_at: datetime
    closed_at: datetime | None = None
    step: ReboundStep = "feel"
    visited: Annotated[tuple[ReboundStep, ...], MaxLen(100)] = ()
    checkin_id: Id | None = None
    treat_log_id: Id | None = None
    # Schema 1 kept the rebound's one next step here; it is a `NextStep` now. Read only
    # from old data: opening it (migration 1 → 2) and importing it move it there.
    next_step: Line = ""
    next_step_on: date | None = None
    paused_on: date | None = None
    """The day the user said "that's enough for today": the rest waits for another day."""
    updated_at: datetime = EPOCH

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class Reflection:
    """What went well or was tough in an interview, in STAR form."""

    id: Id
    rebound_id: Id
    kind: ReflectionKind
    question: Prompt = ""
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    note: str = ""  # why it worked / what happened
    prepared: Prepared = ""  # tough only: "yes", "partly", "no"
    interview_id: Id | None = None
    card_id: Id | None = None
    created_at: datetime = EPOCH
    updated_at: datetime = EPOCH


@dataclass(frozen=True)
class FeedbackRequest:
    """A request for feedback to the employer, from draft to its reply."""

    id: Id
    rebound_id: Id
    interview_id: Id | None = None
    body: str = ""
    status: FeedbackStatus = "draft"
    sent_on: date | None = None
    follow_up_on: Annotated[date, Later(1)] | None = None  # a week after sent_on
    replied_on: date | None = None
    nudged_on: date | None = None
    """The day the one follow-up was sent (or let go): after it, the request is closed
    for the user; what the employer does next is theirs."""
    points: tuple[Prompt, ...] = ()
    created_at: datetime = EPOCH
    updated_at: datetime = EPOCH


@dataclass(frozen=True)
class Treat:
    """A treat the user wrote themselves (the built-in catalogue is not stored)."""

    id: Id
    title: Line
    minutes: Annotated[int, Range(1, 1_440)] = 15
    cost: Annotated[int, Range(0, 2)] = 0  # 0 free, 1 cheap, 2 a little splurge
    place: TreatPlace = "indoor"
    energy: TreatEnergy = "any"
    created_at: datetime = EPOCH


@dataclass(frozen=True)
class TreatLog:
    """A treat accepted (and maybe done), and how much it helped."""

    id: Id
    treat_id: Id
    accepted_at: datetime
    rebound_id: Id | None = None
    checkin_id: Id | None = None
    done_at: datetime | None = None
    helped: Annotated[int, Range(1, 5)] | None = None  # 1 (not at all) .. 5 (a lot)


@dataclass(frozen=True)
class Lesson:
    """A lesson or a skill to work on, drawn from a rebound or written on its own."""

    id: Id
    text: Prompt
    kind: LessonKind = "lesson"
    position: Annotated[int, Range(0, 1_000)] = 0  # a rebound's lessons, in this order
    rebound_id: Id | None = None
    source_id: Id | None = None
    done: bool = False
    created_at: datetime = EPOCH


@dataclass(frozen=True)
class JournalEntry:
    """A page of private free writing ("write it out"), optionally from a rebound."""

    id: Id
    written_at: datetime
    text: str = ""
    rebound_id: Id | None = None
    tags: tuple[Word, ...] = ()
    updated_at: datetime = EPOCH


@dataclass(frozen=True)
class NextStep:
    """Something concrete to do next (from a rebound's Move-on step, or added on its
    own), by a day or not. Open until done; snoozing moves the day it is shown for."""

    id: Id
    text: Line
    due_on: date | None = None
    rebound_id: Id | None = None
    snoozed_until: date | None = None
    """Set by snoozing: the day it is for now (its `due_on` stays what the user set)."""
    done_at: datetime | None = None
    created_at: datetime = EPOCH
    updated_at: datetime = EPOCH

    @property
    def day(self) -> date | None:
        """The day it is for: the snoozed-to day, else the day it was set for."""
        return self.snoozed_until or self.due_on

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def is_overdue(self, today: date) -> bool:
        """Open, and its day is before `today`."""
        return self.done_at is None and self.day is not None and self.day < today


RECORD_TYPES: tuple[type, ...] = (
    Interview,
    Rebound,
    CheckIn,
    Reflection,
    JournalEntry,
    FeedbackRequest,
    Treat,
    TreatLog,
    Lesson,
    NextStep,
    Card,
    Review,
)
