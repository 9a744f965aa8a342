"""The collections Rebound keeps, declared once: name, record type, the files that hold
them and the order they are exported in. The repository (its `repo.cards`, `repo.reviews`
and so on), the check every data file passes, backups, restore, and the JSON and CSV
exports and the import all read this table; a new record type is one entry here.

Layout of a data directory (every file a TinyDB JSON document, written atomically):

    settings.json        settings and the schema version ("meta")
    interviews.json      interviews
    rebounds.json        rebounds, feedback requests, lessons, next steps
    reflections.json     went-well and tough reflections
    checkins.json        mood check-ins
    treats.json          the user's own treats and the treat log
    cards/cards-NN.json  drill cards, in 16 shards by id, so a rating rewrites ~1/16 of them
    reviews/YYYY-MM.json the review log, one shard per month, so a save never rewrites years
    backups/<name>/      daily snapshots (see `backups`)
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, Protocol, Self, TypeVar, cast, overload

if TYPE_CHECKING:
    from rebound_tui.domain.models import (
        Card,
        CheckIn,
        FeedbackRequest,
        Interview,
        JournalEntry,
        Lesson,
        NextStep,
        Rebound,
        Reflection,
        Review,
        Treat,
        TreatLog,
    )
    from rebound_tui.store.collections import Collection, MonthlyLog
    from rebound_tui.store.repository import Repository


class Record(Protocol):
    """What every stored record has: an id unique within its collection."""

    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=Record)


# -- where a collection's records are kept ---------------------------------------
class OneFile(NamedTuple):
    """Every record in one file (which may hold other collections too)."""

    name: str

    @property
    def glob(self) -> None:
        """One file: nothing to list."""
        return None

    @property
    def alone(self) -> bool:
        """Whether its files hold this collection's table only: not so for one file."""
        return False

    @property
    def root(self) -> str:
        """What it puts in the data directory: the file."""
        return self.name

    def path_of(self, record: Record) -> str:
        return self.name

    def path_of_id(self, record_id: str) -> str | None:
        return self.name

    def holds(self, relpath: str) -> bool:
        return relpath == self.name


class ShardsById:
    """`count` files in `directory`, a record's file chosen by a hash of its id: a write
    rewrites about 1/count of them."""

    __slots__ = ("count", "directory")

    def __init__(self, directory: str, count: int) -> None:
        self.directory = directory
        self.count = count

    def __repr__(self) -> str:
        return f"ShardsById({self.directory!r}, {self.count!r})"

    alone = True
    """Its files hold this collection's table only."""

    @property
    def root(self) -> str:
        """What it puts in the data directory: the folder."""
        return self.directory

    @property
    def glob(self) -> str:
        return f"{self.directory}/{self.directory}-*.json"

    def path_of(self, record: Record) -> str:
        return self.path_of_id(record.id)

    def path_of_id(self, record_id: str) -> str:
        shard = zlib.crc32(record_id.encode()) % self.count
        return f"{self.directory}/{self.directory}-{shard:02d}.json"

    def holds(self, relpath: str) -> bool:
        return (
            re.fullmatch(rf"{self.directory}/{self.directory}-\d{{2}}\.json", relpath) is not None
        )


class ShardsByMonth(NamedTuple):
    """One file per UTC month of the record's `time_field` in `directory` (YYYY-MM.json):
    a save never rewrites years, and a range of time reads only its months."""

    directory: str
    time_field: str

    @property
    def alone(self) -> bool:
        """Its files hold this collection's table only."""
        return True

    @property
    def root(self) -> str:
        """What it puts in the data directory: the folder."""
        return self.directory

    @property
    def glob(self) -> str:
        return f"{self.directory}/*.json"

    def path_of(self, record: Record) -> str:
        return self.month_path(getattr(record, self.time_field))

    def path_of_id(self, record_id: str) -> None:
        return None  # the id does not say which month: every shard is looked in

    def month_path(self, at: datetime) -> str:
        """The file for the month (UTC) that `at` falls in."""
        return f"{self.directory}/{at.astimezone(UTC):%Y-%m}.json"

    def month_start(self, relpath: str) -> datetime:
        """The UTC start of the month that the file `relpath` (one of `holds`) is for."""
        year, month = relpath.removeprefix(f"{self.directory}/")[:7].split("-")
        return datetime(int(year), int(month), 1, tzinfo=UTC)

    def holds(self, relpath: str) -> bool:
        month = r"(?!0000)\d{4}-(0[1-9]|1[0-2])"  # a month that exists: YYYY-MM
        return re.fullmatch(rf"{self.directory}/{month}\.json", relpath) is not None


FileRule = OneFile | ShardsById | ShardsByMonth


# -- one entry of the table ----------------------------------------------------
class CollectionSpec(Generic[R]):
    """One collection: its record type, where its records are kept, and the order they
    are exported in (oldest first). Declared on `Collections`, it is also the attribute
    that gives a repository its collection: `repo.cards` is a `Collection[Card]`."""

    name: str
    """The collection's name (the attribute's): its TinyDB table and its list in an
    export."""

    def __init__(
        self,
        record_type: str,
        files: FileRule,
        sort_key: Callable[[R], Any],
        *,
        checked_at_open: bool = True,
    ) -> None:
        self.record_name = record_type
        """The record class's name in `domain.models`."""
        self.files = files
        self.sort_key = sort_key
        self.checked_at_open = checked_at_open
        """False for the big files (reflections, the review log): they are checked when
        first read, as start-up time matters more than finding damage there sooner."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @cached_property
    def record_type(self) -> type[R]:
        """The record class, imported when first needed: a start that paints kept
        figures reads no record, and `domain.models` is a dozen dataclasses to make
        (cards and reviews are in `domain.card_records`: all a drill's start makes)."""
        from rebound_tui.domain import card_records

        found = getattr(card_records, self.record_name, None)
        if found is None:
            from rebound_tui.domain import models

            found = getattr(models, self.record_name)
        return cast("type[R]", found)

    @overload
    def __get__(self, repo: None, owner: type) -> Self: ...
    @overload
    def __get__(self, repo: Repository, owner: type) -> Collection[R]: ...
    def __get__(self, repo: Repository | None, owner: type) -> Self | Collection[R]:
        if repo is None:
            return self
        from rebound_tui.store.collections import Collection

        collection = Collection(repo, self)
        repo.__dict__[self.name] = collection  # found there from now on, not here
        return collection


class MonthlyLogSpec(CollectionSpec[R]):
    """A collection kept by month (the review log): its collection also answers range
    queries (`repo.reviews.between(start, end)`)."""

    files: ShardsByMonth

    def __init__(
        self,
        record_type: str,
        files: ShardsByMonth,
        sort_key: Callable[[R], Any],
        *,
        checked_at_open: bool = True,
    ) -> None:
        super().__init__(record_type, files, sort_key, checked_at_open=checked_at_open)

    @overload
    def __get__(self, repo: None, owner: type) -> Self: ...
    @overload
    def __get__(self, repo: Repository, owner: type) -> MonthlyLog[R]: ...
    def __get__(self, repo: Repository | None, owner: type) -> Self | MonthlyLog[R]:
        if repo is None:
            return self
        from rebound_tui.store.collections import MonthlyLog

        collection = MonthlyLog(repo, self)
        repo.__dict__[self.name] = collection
        return collection


# -- the table -------------------------------------------------------------------
class Collections:
    """Every collection, in the order an export lists them. The repository is a
    `Collections`: each entry is also its attribute (`repo.interviews`, …)."""

    interviews: CollectionSpec[Interview] = CollectionSpec(
        "Interview", OneFile("interviews.json"), lambda r: (r.created_at, r.id)
    )
    rebounds: CollectionSpec[Rebound] = CollectionSpec(
        "Rebound", OneFile("rebounds.json"), lambda r: (r.opened_at, r.id)
    )
    checkins: CollectionSpec[CheckIn] = CollectionSpec(
        "CheckIn", OneFile("checkins.json"), lambda r: (r.at, r.id)
    )
    reflections: CollectionSpec[Reflection] = CollectionSpec(
        "Reflection",
        OneFile("reflections.json"),
        lambda r: (r.created_at, r.id),
        checked_at_open=False,
    )
    journal: CollectionSpec[JournalEntry] = CollectionSpec(
        "JournalEntry", OneFile("journal.json"), lambda r: (r.written_at, r.id)
    )
    feedback_requests: CollectionSpec[FeedbackRequest] = CollectionSpec(
        "FeedbackRequest", OneFile("rebounds.json"), lambda r: (r.created_at, r.id)
    )
    treats: CollectionSpec[Treat] = CollectionSpec(
        "Treat", OneFile("treats.json"), lambda r: (r.created_at, r.id)
    )
    treat_log: CollectionSpec[TreatLog] = CollectionSpec(
        "TreatLog", OneFile("treats.json"), lambda r: (r.accepted_at, r.id)
    )
    lessons: CollectionSpec[Lesson] = CollectionSpec(
        "Lesson", OneFile("rebounds.json"), lambda r: (r.created_at, r.id)
    )
    next_steps: CollectionSpec[NextStep] = CollectionSpec(
        "NextStep", OneFile("rebounds.json"), lambda r: (r.created_at, r.id)
    )
    cards: CollectionSpec[Card] = CollectionSpec(
        "Card", ShardsById("cards", 16), lambda r: (r.created_at, r.id)
    )
    reviews: MonthlyLogSpec[Review] = MonthlyLogSpec(
        "Review",
        ShardsByMonth("reviews", "reviewed_at"),
        lambda r: (r.reviewed_at, r.id),
        checked_at_open=False,
    )


COLLECTIONS: tuple[CollectionSpec[Any], ...] = tuple(
    entry for entry in vars(Collections).values() if isinstance(entry, CollectionSpec)
)
