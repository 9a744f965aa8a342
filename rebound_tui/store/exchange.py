"""The JSON interchange format: `rebound export --format json` and `rebound import`.

    {"format": "rebound-export", "schema_version": 1, "exported_at": "...",
     "interviews": [...], "rebounds": [...], "checkins": [...], "reflections": [...],
     "feedback_requests": [...], "treats": [...], "treat_log": [...], "lessons": [...],
     "cards": [...], "reviews": [...], "settings": {...}}

Import validates the whole file before writing anything, merges by `id` (so importing the
same file twice changes nothing the second time), and rebuilds a card's schedule by
replaying its reviews through fsrs whenever the file does not carry a schedule that
matches them. A card needs only `question` and `answer`; a review only `card_id`,
`rating` and `reviewed_at`; a missing id is derived from the content, so it is stable.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from rebound_tui import __version__
from rebound_tui.domain.codec import RecordError, format_time, from_record, to_record
from rebound_tui.domain.models import (
    Card,
    CheckIn,
    FeedbackRequest,
    Interview,
    Lesson,
    Rebound,
    Reflection,
    Review,
    Settings,
    Treat,
    TreatLog,
)
from rebound_tui.domain.scheduling import make_scheduler, replay
from rebound_tui.store.errors import ImportFileError
from rebound_tui.store.repository import SCHEMA_VERSION, Repository

FORMAT = "rebound-export"

RECORD_LISTS: dict[str, type] = {
    "interviews": Interview,
    "rebounds": Rebound,
    "checkins": CheckIn,
    "reflections": Reflection,
    "feedback_requests": FeedbackRequest,
    "treats": Treat,
    "treat_log": TreatLog,
    "lessons": Lesson,
    "cards": Card,
    "reviews": Review,
}

SORT_KEYS: dict[str, Callable[[Any], Any]] = {
    "interviews": lambda r: (r.created_at, r.id),
    "rebounds": lambda r: (r.opened_at, r.id),
    "checkins": lambda r: (r.at, r.id),
    "reflections": lambda r: (r.created_at, r.id),
    "feedback_requests": lambda r: (r.created_at, r.id),
    "treats": lambda r: (r.created_at, r.id),
    "treat_log": lambda r: (r.accepted_at, r.id),
    "lessons": lambda r: (r.created_at, r.id),
    "cards": lambda r: (r.created_at, r.id),
    "reviews": lambda r: (r.reviewed_at, r.id),
}

_SCHEDULE_FIELDS = ("state", "stability", "difficulty", "due", "last_review")


def export_document(repo: Repository, now: datetime) -> dict[str, Any]:
    """Everything in the data directory as one JSON-ready document."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "exported_at": format_time(now),
    }
    for name, collection in repo.collections.items():
        records = sorted(collection.all(), key=SORT_KEYS[name])
        document[name] = [to_record(r) for r in records]
    document["settings"] = to_record(repo.settings())
    return document


@dataclass
class ParsedImport:
    """A validated import file, ready to merge."""

    records: dict[str, list[Any]]
    cards_with_schedule: set[str] = field(default_factory=set)
    settings: Settings | None = None


@dataclass
class ImportResult:
    added: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rescheduled: int = 0
    orphans: int = 0

    def summary(self) -> str:
        parts = []
        for name in RECORD_LISTS:
            added, updated = self.added.get(name, 0), self.updated.get(name, 0)
            if added or updated:
                label = name.replace("_", " ")
                parts.append(f"{label}: {added:,} new, {updated:,} updated")
        if not parts:
            return "Nothing new to import: everything in the file is already here."
        text = "Imported " + "; ".join(parts) + "."
        if self.rescheduled:
            text += f" Rebuilt the schedule of {self.rescheduled:,} cards from their reviews."
        if self.orphans:
            text += f" {self.orphans:,} reviews of deleted cards were kept as history."
        return text


def _derived_id(kind: str, raw: dict[str, Any], keys: tuple[str, ...] | None = None) -> str:
    basis = {k: raw.get(k) for k in keys} if keys else raw
    digest = hashlib.sha256((kind + json.dumps(basis, sort_keys=True)).encode()).hexdigest()
    return digest[:16]


def read_import_file(path: Path) -> ParsedImport:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFileError(f"{path}: cannot be read ({error})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"{path} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); nothing was imported"
        ) from None
    try:
        return validate_document(document)
    except ImportFileError as error:
        raise ImportFileError(f"{path}: {error}; nothing was imported") from None


def validate_document(document: Any) -> ParsedImport:
    """Check every record of an export document; raise `ImportFileError` on the first
    problem, naming where it is."""
    if not isinstance(document, dict):
        raise ImportFileError("not a Rebound export (expected a JSON object)")
    if document.get("format") != FORMAT:
        raise ImportFileError(
            f'not a Rebound export ("format" is {document.get("format")!r}, expected {FORMAT!r})'
        )
    version = document.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportFileError(f"schema_version {version!r} is not a valid version")
    if version > SCHEMA_VERSION:
        raise ImportFileError(
            f"written by a newer Rebound (schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}); upgrade Rebound to import it"
        )
    parsed = ParsedImport(records={})
    for name, record_type in RECORD_LISTS.items():
        entries = document.get(name, [])
        if not isinstance(entries, list):
            raise ImportFileError(f'"{name}" must be a list')
        seen: set[str] = set()
        out = []
        for index, raw in enumerate(entries):
            where = f"{name}[{index}]"
            if not isinstance(raw, dict):
                raise ImportFileError(f"{where} is not an object")
            raw = dict(raw)
            if name == "cards":
                for required in ("question", "answer"):
                    if not isinstance(raw.get(required), str):
                        raise ImportFileError(f'{where} needs "{required}" as text')
                raw.setdefault("id", _derived_id("card", raw, ("question", "answer")))
            elif name == "reviews":
                rating = raw.get("rating")
                if isinstance(rating, bool) or rating not in (1, 2, 3, 4):
                    raise ImportFileError(f'{where} "rating" must be 1, 2, 3 or 4')
                if not isinstance(raw.get("card_id"), str):
                    raise ImportFileError(f'{where} needs "card_id" as text')
                raw.setdefault(
                    "id", _derived_id("review", raw, ("card_id", "rating", "reviewed_at"))
                )
            else:
                raw.setdefault("id", _derived_id(name, raw))
            if not isinstance(raw["id"], str) or not raw["id"]:
                raise ImportFileError(f'{where} "id" must be non-empty text')
            if raw["id"] in seen:
                raise ImportFileError(f"{where} repeats id {raw['id']!r}")
            seen.add(raw["id"])
            try:
                record: Any = from_record(record_type, raw)
            except RecordError as error:
                raise ImportFileError(f"{where}: {error}") from None
            if (
                name == "cards"
                and raw.get("last_review")
                and all(k in raw for k in _SCHEDULE_FIELDS)
            ):
                parsed.cards_with_schedule.add(record.id)
            out.append(record)
        parsed.records[name] = out
    if "settings" in document:
        try:
            parsed.settings = from_record(Settings, document["settings"])
            make_scheduler(parsed.settings)  # refuses out-of-range FSRS parameters
        except (RecordError, ValueError) as error:
            raise ImportFileError(f"settings: {error}") from None
    return parsed


def import_document(repo: Repository, parsed: ParsedImport) -> ImportResult:
    """Merge a validated import into the repository (idempotent): all of it or nothing.

    Every merge and replay is computed into a `repo.batch()` first; any failure there
    (say, a replay that overflows) raises `ImportFileError` with nothing written. The
    batch then commits every touched file through one journal: a kill at any moment
    leaves the data as it was before or as it is after, never a mix."""
    result = ImportResult()
    from rebound_tui.store.backups import take_backup
    from rebound_tui.store.errors import StoreError, disk_errors

    with repo.transaction():  # what is there is read under the lock too, not before it
        if repo.data_files():
            with disk_errors("take a backup in", repo.data_dir):
                take_backup(repo, f"pre-import-{repo.clock.now():%Y%m%dT%H%M%S%fZ}")
        try:
            with repo.batch():
                for name in RECORD_LISTS:
                    if name in ("cards", "reviews"):
                        continue
                    _merge(repo, name, parsed.records.get(name, []), result)
                existing_cards = {c.id: c for c in repo.cards.all()}
                _merge_cards_and_reviews(repo, parsed, existing_cards, result)
                if parsed.settings is not None and parsed.settings != repo.settings():
                    repo.save_settings(parsed.settings)
        except StoreError:
            raise
        except Exception as error:  # a record the merge cannot take: nothing was written
            detail = " ".join(str(error).split())[:160] or type(error).__name__
            raise ImportFileError(
                f"the file could not be merged ({type(error).__name__}: {detail}); "
                "nothing was imported"
            ) from None
    return result


def _merge(repo: Repository, name: str, incoming: list[Any], result: ImportResult) -> None:
    if not incoming:
        return
    collection = repo.collections[name]
    current = {r.id: r for r in collection.all()}
    changed = []
    for record in incoming:
        old = current.get(record.id)
        if old is None:
            result.added[name] += 1
            changed.append(record)
        elif old != record:
            result.updated[name] += 1
            changed.append(record)
        else:
            result.unchanged[name] += 1
    collection.put_many(changed)


def _merge_cards_and_reviews(
    repo: Repository,
    parsed: ParsedImport,
    existing_cards: dict[str, Card],
    result: ImportResult,
) -> None:
    file_cards = {c.id: c for c in parsed.records.get("cards", [])}
    known = set(file_cards) | set(existing_cards)
    # Reviews of a card that was deleted stay history: kept, not replayed.
    orphans = [r for r in parsed.records.get("reviews", []) if r.card_id not in known]
    file_reviews = [r for r in parsed.records.get("reviews", []) if r.card_id in known]
    if orphans:
        old = {r.id: r for r in repo.reviews.all() if r.card_id not in known}
        _count_and_put(repo, "reviews", orphans, old, result)
        result.orphans = len(orphans)
    if not file_cards and not file_reviews:
        return
    touched = set(file_cards) | {r.card_id for r in file_reviews}
    existing_reviews = {
        r.id: r for r in (repo.reviews.all() if existing_cards else []) if r.card_id in touched
    }
    by_card: dict[str, dict[str, Review]] = defaultdict(dict)
    for review in [*existing_reviews.values(), *file_reviews]:
        by_card[review.card_id][review.id] = review

    settings = parsed.settings or repo.settings()
    scheduler = make_scheduler(settings, fuzz=False)
    cards: list[Card] = []
    reviews: list[Review] = []
    for card_id in sorted(touched):
        card = file_cards.get(card_id) or existing_cards[card_id]
        rebuilt, history = replay(
            card, by_card[card_id].values(), scheduler, leech_lapses=settings.leech_lapses
        )
        last = history[-1].reviewed_at if history else None
        schedule_given = card_id in parsed.cards_with_schedule or card_id not in file_cards
        if history and not (schedule_given and card.last_review == last):
            card = replace(
                card,
                state=rebuilt.state,
                step=rebuilt.step,
                stability=rebuilt.stability,
                difficulty=rebuilt.difficulty,
                due=rebuilt.due,
                last_review=rebuilt.last_review,
                reps=rebuilt.reps,
                lapses=rebuilt.lapses,
                leech=rebuilt.leech or card.leech,
                tags=rebuilt.tags if rebuilt.leech else card.tags,
            )
            if history and card != existing_cards.get(card_id):
                result.rescheduled += 1
        cards.append(card)
        given = by_card[card_id]
        for review in history:
            # Keep a state_before the file gave; fill in the ones it left out.
            if given[review.id].state_before is not None:
                review = given[review.id]
            reviews.append(review)
    _count_and_put(repo, "cards", cards, existing_cards, result)
    _count_and_put(repo, "reviews", reviews, existing_reviews, result)


def _count_and_put(
    repo: Repository,
    name: str,
    records: list[Any],
    existing: dict[str, Any],
    result: ImportResult,
) -> None:
    changed = []
    for record in records:
        old = existing.get(record.id)
        if old is None:
            result.added[name] += 1
            changed.append(record)
        elif old != record:
            result.updated[name] += 1
            changed.append(record)
        else:
            result.unchanged[name] += 1
    repo.collections[name].put_many(changed)
