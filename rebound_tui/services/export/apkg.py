"""`rebound export --format apkg -o rebound.apkg`: every card as an Anki note, its review
history and its FSRS memory, so that after importing the file into Anki the cards go on
on the same schedule.

The package is of Anki's legacy generation (a zip holding `collection.anki21`, SQLite of
schema 11, and a `media` file "{}"), which every Anki since 2.1 imports; it is written
with the standard library only (apkg_schema.py holds the fixed parts).

- Notes: one per card, of the note type "Rebound" (fields Question, Answer, Hint, Kind;
  one card template), in the deck "Rebound". Text becomes HTML (`<`, `&` escaped, line
  breaks as `<br>`). A note's guid is "rebound:<card id>", so importing a later export
  into the same collection updates the notes rather than adding them again. Tags are
  kept: "/" becomes Anki's "::" (as an Anki import reads it back) and spaces, which
  Anki cannot hold in a tag, "_".
- Cards: ids are the cards' creation times in ms (a card that came from Anki keeps its
  Anki id). New cards are new, in order of creation; a reviewed card keeps its state:
  learning and relearning cards are due at their time (or day, for steps of a day or
  more), review cards on their day, counted as Anki counts days (from the collection's
  creation day, in the user's zone, at the user's day start: Anki moves them by the days
  between the two collections when it imports). The `data` column holds the FSRS memory
  as Anki keeps it: {"s": stability, "d": difficulty, "dr": desired retention, "decay":
  the model's decay, "lrt": the last review, in seconds}. Suspended and buried cards stay
  so.
- Review log: one `revlog` row per review (id its time in ms, kept unique), the rating
  as ease, the type from the card's state before it (0 learning, 1 review, 2
  relearning), the interval it gave (days, or negative seconds for a step), the one
  before it, the difficulty after it as Anki's FSRS writes it (100 + 1000 x (d - 1)/9)
  and the time taken. A card's reset is a "Forget" row (type 4, ease 0), as Anki writes
  one.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import sqlite3
import tempfile
import zipfile
from collections import defaultdict
from contextlib import closing
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from rebound_tui.domain.days import drill_day, effective_timezone, zone
from rebound_tui.domain.models import Card, Review, Settings
from rebound_tui.domain.scheduling import Planner, make_scheduler
from rebound_tui.services.export import apkg_schema as schema
from rebound_tui.store.repository import Repository

_DAY = timedelta(days=1)
_LEARNING, _REVIEW, _RELEARNING = 1, 2, 3  # Rebound's (fsrs's) card states
_NEW_QUEUE, _LEARN_QUEUE, _REVIEW_QUEUE, _DAY_LEARN_QUEUE = 0, 1, 2, 3
_SUSPENDED, _BURIED = -1, -3  # Anki's queues: suspended, buried by the user
_FORGET = 4  # a revlog row of the "manual" type


def _html(text: str) -> str:
    return html.escape(text, quote=False).replace("\r\n", "\n").replace("\n", "<br>")


def anki_tag(tag: str) -> str:
    """A Rebound tag as Anki holds it: "a/b" → "a::b", spaces → "_"."""
    return "_".join(tag.replace("/", "::").split())


def _checksum(text: str) -> int:
    """Anki's first-field checksum: the first 8 hex digits of its SHA-1."""
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16)


def _ms(instant: datetime) -> int:
    return int(instant.timestamp() * 1000)


class _Ids:
    """Anki ids: integers, unique within a table."""

    def __init__(self) -> None:
        self.used: set[int] = set()

    def take(self, wanted: int) -> int:
        while wanted in self.used:
            wanted += 1
        self.used.add(wanted)
        return wanted


def _card_id(card: Card) -> int:
    """A card from Anki keeps its Anki id; any other is its creation time in ms."""
    rest = card.id.removeprefix("anki-")
    if rest != card.id and rest.isdigit() and len(rest) <= 15:
        return int(rest)
    return max(1, _ms(card.created_at))


class _Days:
    """Anki's day numbers: days since the collection's creation day, each day starting
    at the user's day start in the user's zone (as Rebound's drill days)."""

    def __init__(self, settings: Settings, first: date) -> None:
        self.timezone = effective_timezone(settings.timezone)
        self.day_start = settings.day_start_hour
        self.first = first
        noon = datetime.combine(first, time(12), tzinfo=zone(self.timezone))
        self.created = int(noon.timestamp())
        offset = noon.utcoffset() or timedelta(0)
        self.minutes_west = -int(offset.total_seconds() // 60)

    def day(self, instant: datetime) -> date:
        return drill_day(instant, self.timezone, self.day_start)

    def number(self, instant: datetime) -> int:
        return (self.day(instant) - self.first).days


def export_apkg(repo: Repository, now: datetime) -> bytes:
    """The whole package, as bytes (write them with `files.write_private`)."""
    with tempfile.TemporaryDirectory(prefix="rebound-apkg-") as folder:
        path = Path(folder) / "collection.anki21"
        with closing(sqlite3.connect(path)) as db:
            _fill(db, repo, now)
            db.commit()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(path, "collection.anki21")
            archive.writestr("media", "{}")
        return buffer.getvalue()


def _fill(db: sqlite3.Connection, repo: Repository, now: datetime) -> None:
    settings = repo.settings()
    cards = sorted(repo.cards.all(), key=lambda c: (c.created_at, c.id))
    reviews: dict[str, list[Review]] = defaultdict(list)
    for review in repo.reviews.all():
        reviews[review.card_id].append(review)
    tz, day_start = effective_timezone(settings.timezone), settings.day_start_hour
    # The collection was made the day before the earliest due day (or today): no due
    # day is before it.
    earliest = min(
        [drill_day(c.due, tz, day_start) for c in cards if c.last_review is not None],
        default=drill_day(now, tz, day_start),
    )
    days = _Days(settings, min(earliest, drill_day(now, tz, day_start)) - _DAY)
    scheduler = make_scheduler(settings, fuzz=False)
    decay = float(scheduler.parameters[20])
    stamp = int(now.timestamp())
    db.executescript(schema.SCHEMA)
    card_ids, note_ids, revlog_ids = _Ids(), _Ids(), _Ids()
    new_position = 0
    for card in cards:
        cid = card_ids.take(_card_id(card))
        nid = note_ids.take(cid)
        _note(db, card, nid)
        if card.last_review is None:
            new_position += 1
        _card(db, card, cid, nid, days, settings, now, new_position, decay)
        _revlog(db, card, cid, reviews.get(card.id, []), scheduler, days, revlog_ids)
    db.execute(
        "INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')",
        (
            days.created,
            stamp * 1000,
            stamp * 1000,
            json.dumps(
                schema.configuration(
                    creation_offset=days.minutes_west,
                    rollover=settings.day_start_hour,
                    next_position=new_position + 1,
                )
            ),
            json.dumps({str(schema.NOTE_TYPE_ID): schema.note_type(stamp)}),
            json.dumps(schema.decks(stamp)),
            json.dumps(schema.deck_options(stamp, _options(settings), settings.desired_retention)),
        ),
    )


def _options(settings: Settings) -> dict[str, Any]:
    return {
        "learning": [float(m) for m in settings.learning_steps_minutes],
        "relearning": [float(m) for m in settings.relearning_steps_minutes],
        "new_per_day": settings.new_per_day,
        "reviews_per_day": settings.reviews_per_day,
        "maximum_interval": settings.maximum_interval_days,
        "leech_lapses": settings.leech_lapses,
        "parameters": list(settings.fsrs_parameters or []),
    }


def _note(db: sqlite3.Connection, card: Card, nid: int) -> None:
    fields = (card.question, card.answer, card.hint, card.kind)
    tags = " ".join(dict.fromkeys(t for t in (anki_tag(tag) for tag in card.tags) if t))
    db.execute(
        "INSERT INTO notes VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, 0, '')",
        (
            nid,
            f"rebound:{card.id}",
            schema.NOTE_TYPE_ID,
            int(card.updated_at.timestamp()),
            f" {tags} " if tags else "",
            "\x1f".join(_html(f) for f in fields),
            card.question,
            _checksum(card.question),
        ),
    )


def _card(
    db: sqlite3.Connection,
    card: Card,
    cid: int,
    nid: int,
    days: _Days,
    settings: Settings,
    now: datetime,
    position: int,
    decay: float,
) -> None:
    data: dict[str, Any] = {}
    left = ivl = factor = 0
    if card.last_review is None:
        kind, queue, due = 0, _NEW_QUEUE, position
        data["pos"] = position
    else:
        factor = 2500  # the first scheduler's ease, which FSRS does not use
        if card.stability is not None and card.difficulty is not None:
            data.update(s=round(card.stability, 4), d=round(card.difficulty, 3))
        data.update(
            dr=settings.desired_retention,
            decay=round(decay, 3),
            lrt=int(card.last_review.timestamp()),
        )
        if card.state == _REVIEW:
            kind, queue, due = 2, _REVIEW_QUEUE, days.number(card.due)
            ivl = max(1, (days.day(card.due) - days.day(card.last_review)).days)
        else:
            kind = 1 if card.state == _LEARNING else 3
            steps = (
                settings.learning_steps_minutes
                if card.state == _LEARNING
                else settings.relearning_steps_minutes
            )
            left = max(1, len(steps) - (card.step or 0))
            if card.due - card.last_review >= _DAY:
                queue, due = _DAY_LEARN_QUEUE, days.number(card.due)
            else:
                queue, due = _LEARN_QUEUE, int(card.due.timestamp())
            if card.state == _RELEARNING and card.stability is not None:
                ivl = max(1, min(round(card.stability), settings.maximum_interval_days))
    if card.suspended:
        queue = _SUSPENDED
    elif card.buried_until is not None and card.buried_until > now:
        queue = _BURIED
    db.execute(
        "INSERT INTO cards VALUES (?, ?, ?, 0, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)",
        (
            cid,
            nid,
            schema.DECK_ID,
            int(card.updated_at.timestamp()),
            kind,
            queue,
            due,
            ivl,
            factor,
            card.reps,
            card.lapses,
            left,
            json.dumps(data, separators=(",", ":")),
        ),
    )


def _revlog(
    db: sqlite3.Connection,
    card: Card,
    cid: int,
    reviews: list[Review],
    scheduler: Planner,
    days: _Days,
    ids: _Ids,
) -> None:
    """The card's reviews replayed through fsrs as Rebound schedules them (in drill days;
    a reset starts again from new, as `scheduling.every_review` does): one revlog row
    each, with the state before it and the difficulty after it. One fsrs step per review
    (not `scheduling.rate`, which also works out the other ratings for the fuzz): the
    state and memory are the same, and the interval is the one the review kept."""
    from fsrs import Card as FsrsCard
    from fsrs import Rating

    ordered = sorted(reviews, key=lambda r: (r.reviewed_at, r.id))
    reset = card.reset_at
    parts = [
        [r for r in ordered if reset is not None and r.reviewed_at <= reset],
        [r for r in ordered if reset is None or r.reviewed_at > reset],
    ]
    rows: list[tuple[int, ...]] = []
    for index, part in enumerate(parts):
        if index == 1 and reset is not None:
            rows.append((ids.take(_ms(reset)), cid, 0, 0, 0, 0, 0, _FORGET))
        memory = FsrsCard(card_id=0)
        last: datetime | None = None
        last_ivl = 0
        for review in part:
            when = review.reviewed_at
            before = None if last is None else int(memory.state)
            if last is not None:
                memory.last_review = when - scheduler.elapsed_days(last, when) * _DAY
            memory, _ = scheduler.review_card(memory, Rating(review.rating), when)
            last = when
            due = review.due or memory.due
            if memory.state == _REVIEW:
                ivl = max(1, (days.day(due) - days.day(when)).days)
            else:
                ivl = -max(1, int((due - when).total_seconds()))
            difficulty = memory.difficulty or 5.0
            rows.append(
                (
                    ids.take(_ms(when)),
                    cid,
                    review.rating,
                    ivl,
                    last_ivl,
                    round(100 + (difficulty - 1) / 9 * 1000),
                    review.duration_ms or 0,
                    {None: 0, _LEARNING: 0, _REVIEW: 1, _RELEARNING: 2}[before],
                )
            )
            last_ivl = ivl
    db.executemany(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?)",
        rows,
    )
