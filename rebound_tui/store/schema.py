"""The collections Rebound keeps, declared once: name, record type and the order they
are listed in. The repository, backups, and the JSON, Markdown and CSV exports all read
this table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rebound_tui.domain.models import (
    Card,
    CheckIn,
    FeedbackRequest,
    Interview,
    Lesson,
    Rebound,
    Reflection,
    Review,
    Treat,
    TreatLog,
)


@dataclass(frozen=True)
class CollectionSpec:
    name: str
    """The collection's name: its TinyDB table and its list in an export."""
    record_type: type
    sort_key: Callable[[Any], Any]
    """The order records are exported in (oldest first)."""


COLLECTIONS: tuple[CollectionSpec, ...] = (
    CollectionSpec("interviews", Interview, lambda r: (r.created_at, r.id)),
    CollectionSpec("rebounds", Rebound, lambda r: (r.opened_at, r.id)),
    CollectionSpec("checkins", CheckIn, lambda r: (r.at, r.id)),
    CollectionSpec("reflections", Reflection, lambda r: (r.created_at, r.id)),
    CollectionSpec("feedback_requests", FeedbackRequest, lambda r: (r.created_at, r.id)),
    CollectionSpec("treats", Treat, lambda r: (r.created_at, r.id)),
    CollectionSpec("treat_log", TreatLog, lambda r: (r.accepted_at, r.id)),
    CollectionSpec("lessons", Lesson, lambda r: (r.created_at, r.id)),
    CollectionSpec("cards", Card, lambda r: (r.created_at, r.id)),
    CollectionSpec("reviews", Review, lambda r: (r.reviewed_at, r.id)),
)

RECORD_LISTS: dict[str, type] = {spec.name: spec.record_type for spec in COLLECTIONS}
SORT_KEYS: dict[str, Callable[[Any], Any]] = {spec.name: spec.sort_key for spec in COLLECTIONS}
