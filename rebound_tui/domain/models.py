"""The records Rebound keeps, as frozen dataclasses.

Records are immutable: change one with `dataclasses.replace`. Every record has a stable
string `id`. Times are timezone-aware and kept in UTC; the user's IANA zone lives in
`Settings.timezone` (and on each check-in, for the zone it was made in).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import ClassVar

OUTCOMES = ("active", "offer", "rejected", "withdrew", "ghosted")
STAGES = ("applied", "screen", "technical", "onsite", "final", "offer")
STAGE_LABELS = {
    "applied": "Applied",
    "screen": "Phone screen",
    "technical": "Technical",
    "onsite": "Onsite / panel",
    "final": "Final round",
    "offer": "Offer stage",
}
REBOUND_STEPS = ("feel", "treat", "went_well", "tough", "feedback", "move_on")
STEP_LABELS = {
    "feel": "Feel",
    "treat": "Treat",
    "went_well": "Went well",
    "tough": "Tough",
    "feedback": "Feedback",
    "move_on": "Move on",
}
FEEDBACK_STATUSES = ("draft", "sent", "replied", "no_reply")
CARD_SOURCES = ("typed", "reflection", "feedback", "starter", "import")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def new_id() -> str:
    """A fresh random record id (64 bits, hex)."""
    return secrets.token_hex(8)


@dataclass(frozen=True)
class Interview:
    KIND: ClassVar[str] = "interviews"
    id: str
    company: str
    role: str = ""
    stage: str = "applied"
    outcome: str = "active"
    applied_on: date | None = None
    interviewed_on: date | None = None
    decided_on: date | None = None
    contact: str = ""
    notes: str = ""
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
    KIND: ClassVar[str] = "checkins"
    id: str
    at: datetime
    pleasantness: int = 0
    energy: int = 0
    words: tuple[str, ...] = ()
    intensity: int = 5
    note: str = ""
    daydream: int | None = None
    tz: str = "UTC"
    rebound_id: str | None = None


@dataclass(frozen=True)
class Rebound:
    KIND: ClassVar[str] = "rebounds"
    id: str
    interview_id: str
    opened_at: datetime
    closed_at: datetime | None = None
    step: str = "feel"
    visited: tuple[str, ...] = ()
    checkin_id: str | None = None
    treat_log_id: str | None = None
    next_step: str = ""
    next_step_on: date | None = None
    updated_at: datetime = EPOCH

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class Reflection:
    KIND: ClassVar[str] = "reflections"
    id: str
    rebound_id: str
    kind: str  # "went_well" or "tough"
    question: str = ""
    situation: str = ""
    task: str = ""
    action: str = ""
    result: str = ""
    note: str = ""  # why it worked / what happened
    prepared: str = ""  # tough only: "yes", "partly", "no"
    interview_id: str | None = None
    card_id: str | None = None
    created_at: datetime = EPOCH
    updated_at: datetime = EPOCH


@dataclass(frozen=True)
class FeedbackRequest:
    KIND: ClassVar[str] = "feedback_requests"
    id: str
    rebound_id: str
    interview_id: str | None = None
    body: str = ""
    status: str = "draft"
    sent_on: date | None = None
    follow_up_on: date | None = None
    replied_on: date | None = None
    points: tuple[str, ...] = ()
    created_at: datetime = EPOCH
    updated_at: datetime = EPOCH


@dataclass(frozen=True)
class Treat:
    """A treat the user wrote themselves (the built-in catalogue is not stored)."""

    KIND: ClassVar[str] = "treats"
    id: str
    title: str
    minutes: int = 15
    cost: int = 0  # 0 free, 1 cheap, 2 a little splurge
    place: str = "indoor"  # "indoor", "outdoor", "either"
    energy: str = "any"  # "low", "high", "any"
    created_at: datetime = EPOCH


@dataclass(frozen=True)
class TreatLog:
    KIND: ClassVar[str] = "treat_log"
    id: str
    treat_id: str
    accepted_at: datetime
    rebound_id: str | None = None
    checkin_id: str | None = None
    done_at: datetime | None = None
    helped: int | None = None  # 1 (not at all) .. 5 (a lot)


@dataclass(frozen=True)
class Lesson:
    KIND: ClassVar[str] = "lessons"
    id: str
    text: str
    kind: str = "lesson"  # "lesson" or "skill"
    position: int = 0  # a rebound's lessons are numbered 1-3 in this order
    rebound_id: str | None = None
    source_id: str | None = None
    done: bool = False
    created_at: datetime = EPOCH


@dataclass(frozen=True)
class Card:
    KIND: ClassVar[str] = "cards"
    id: str
    question: str
    answer: str = ""
    hint: str = ""
    tags: tuple[str, ...] = ()
    source: str = "typed"
    source_id: str | None = None
    created_at: datetime = EPOCH
    updated_at: datetime = EPOCH
    # Scheduler state, as fsrs keeps it (state 1 learning, 2 review, 3 relearning).
    state: int = 1
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime = EPOCH
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    buried_until: datetime | None = None
    leech: bool = False
    reset_at: datetime | None = None
    """When the user last reset the card: reviews before it are history, not schedule."""

    @property
    def is_new(self) -> bool:
        return self.last_review is None


@dataclass(frozen=True)
class Review:
    KIND: ClassVar[str] = "reviews"
    id: str
    card_id: str
    rating: int
    reviewed_at: datetime
    duration_ms: int | None = None
    state_before: int | None = None  # the card's fsrs state when it was rated; None = new


@dataclass(frozen=True)
class Settings:
    KIND: ClassVar[str] = "settings"
    theme: str | None = None
    timezone: str = ""  # IANA name; filled in from the system on first run
    day_start_hour: int = 4
    new_per_day: int = 5
    desired_retention: float = 0.9
    fsrs_parameters: tuple[float, ...] | None = None
    learning_steps_minutes: tuple[int, ...] = (1, 10)
    relearning_steps_minutes: tuple[int, ...] = (10,)
    maximum_interval_days: int = 36500
    leech_lapses: int = 8
    treat_budget: int = 1
    treat_minutes: int = 30
    your_name: str = ""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, e.g. {"home.drill": "D"}; see the help screen for ids."""


RECORD_TYPES: tuple[type, ...] = (
    Interview,
    Rebound,
    CheckIn,
    Reflection,
    FeedbackRequest,
    Treat,
    TreatLog,
    Lesson,
    Card,
    Review,
)
