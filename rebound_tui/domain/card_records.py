"""The drill's records, cards and their reviews: apart from the other records
(`domain.models`, which gives them too) so that `rebound drill` makes only the dataclasses
it reads before its first question. The rules every record follows are in `models`."""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Literal

from rebound_tui.domain.codec import Later, OneOf, Range
from rebound_tui.domain.fields import Count, Id, Prompt, Word
from rebound_tui.domain.record_checks import card_schedule

CardSource = Literal["typed", "reflection", "feedback", "starter", "import"]
CARD_SOURCES: tuple[CardSource, ...] = typing.get_args(CardSource)
# What a card drills: a behavioural question (answered in STAR form, so STAR checks
# apply), a technical or knowledge question (question → answer), or a skill to practise.
# Cards kept before kinds existed were all drilled as behavioural, so that is the default.
CardKind = Literal["behavioural", "technical", "skill"]
CARD_KINDS: tuple[CardKind, ...] = typing.get_args(CardKind)
CARD_STATES = (1, 2, 3)  # fsrs: learning, review, relearning
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_DURATION_MS = 7 * 86_400_000  # a review timed at more than a week is kept as a week


def new_id() -> str:
    """A fresh random record id (64 bits, hex)."""
    import secrets

    return secrets.token_hex(8)


@dataclass(frozen=True)
class Card:
    """A flash card to drill, with its fsrs scheduling state."""

    CHECKS: ClassVar[tuple[Callable[[Any], str | None], ...]]
    id: Id
    question: Prompt
    answer: str = ""
    hint: Prompt = ""
    kind: CardKind = "behavioural"
    tags: tuple[Word, ...] = ()
    source: CardSource = "typed"
    source_id: Id | None = None
    created_at: datetime = EPOCH
    updated_at: datetime = EPOCH
    # Scheduler state, as fsrs keeps it (state 1 learning, 2 review, 3 relearning).
    state: Annotated[int, OneOf(CARD_STATES)] = 1
    step: Annotated[int, Range(0, 1_000)] | None = 0
    # fsrs keeps stability >= 0.001 days and difficulty in 1-10; stability has no upper
    # bound there, only finiteness matters (the cap is far above anything fsrs reaches).
    stability: Annotated[float, Range(0.001, 1e12)] | None = None
    difficulty: Annotated[float, Range(1.0, 10.0)] | None = None
    due: Annotated[datetime, Later(200)] = EPOCH  # last review + up to 36,500 days
    last_review: datetime | None = None
    reps: Count = 0
    lapses: Count = 0
    suspended: bool = False
    buried_until: Annotated[datetime, Later(1)] | None = None  # the next day
    leech: bool = False
    reset_at: datetime | None = None
    """When the user last reset the card: reviews before it are history, not schedule."""

    @property
    def is_new(self) -> bool:
        return self.last_review is None


Card.CHECKS = (card_schedule,)


@dataclass(frozen=True)
class Review:
    """One rating of a card in the drill."""

    id: Id
    card_id: Id
    rating: Annotated[int, OneOf((1, 2, 3, 4))]
    reviewed_at: datetime
    duration_ms: Annotated[int, Range(0, MAX_DURATION_MS)] | None = None
    # The card's fsrs state when it was rated; None = new.
    state_before: Annotated[int, OneOf(CARD_STATES)] | None = None
    due: Annotated[datetime, Later(200)] | None = None
    """When this rating made the card due next: the interval actually given (None for
    reviews saved before Rebound kept it)."""
    rehearsal_ms: Annotated[int, Range(0, MAX_DURATION_MS)] | None = None
    """How long the answer was rehearsed aloud with the drill's timer, if it was."""
