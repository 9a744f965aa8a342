"""Search everything you wrote: reflections, journal pages, check-in notes, interview
notes and plans, feedback letters and points, lessons, next steps and cards.

`SearchIndex.build(repo)` reads every record once and folds its text; `index.search(q)`
then answers as fast as the user types. `search(repo, q)` does both, for the command line.
Hits come newest first (by when the record was written); each says what opens it, an
area of `ui/navigation.py` and the arguments its screen takes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import Any, Literal
from weakref import WeakKeyDictionary

from rebound_tui.domain.days import effective_timezone, local_date
from rebound_tui.domain.models import (
    Card,
    CheckIn,
    FeedbackRequest,
    Interview,
    JournalEntry,
    Lesson,
    NextStep,
    Reflection,
)
from rebound_tui.domain.search import Snippet, fold, query_words, snippet
from rebound_tui.services.gc_paused import no_collection
from rebound_tui.store.collections import Collection
from rebound_tui.store.repository import Repository

HitKind = Literal[
    "reflection", "journal", "checkin", "interview", "feedback", "lesson", "next_step", "card"
]
KIND_LABELS: dict[HitKind, str] = {
    "reflection": "reflection",
    "journal": "journal",
    "checkin": "check-in",
    "interview": "interview",
    "feedback": "letter",
    "lesson": "lesson",
    "next_step": "next step",
    "card": "card",
}
"""How each kind is named on screen and on the command line."""


@dataclass(frozen=True)
class Opens:
    """What shows the record: an area id and what its screen takes."""

    area: str
    arguments: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    kind: HitKind
    id: str
    title: str
    when: datetime
    day: date
    """`when` as a date in the user's time zone."""
    snippet: Snippet
    opens: Opens

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def as_json(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "when": self.when.isoformat(),
            "date": self.day.isoformat(),
            "snippet": self.snippet.text,
        }


@dataclass(frozen=True)
class _Entry:
    kind: HitKind
    id: str
    title: str
    when: datetime
    texts: tuple[str, ...]
    opens: Opens
    folded: str


COLLECTIONS = (
    "interviews",
    "rebounds",
    "reflections",
    "journal",
    "checkins",
    "feedback_requests",
    "lessons",
    "next_steps",
    "cards",
)
"""What an index reads (`_entries`)."""


class SearchIndex:
    """Every record's text, folded once."""

    def __init__(self, entries: list[_Entry], tz: str) -> None:
        # Newest first, so hits come out in that order with no sort per query.
        self.entries = sorted(entries, key=lambda e: (e.when, e.id), reverse=True)
        self.tz = tz
        self._last: tuple[tuple[str, ...], list[_Entry]] = ((), [])
        """The last words looked for and the entries holding them."""

    @classmethod
    def build(cls, repo: Repository) -> SearchIndex:
        """Every record read and folded."""
        tz = effective_timezone(repo.settings().timezone)
        with no_collection():
            return cls(list(_entries(repo)), tz)

    @classmethod
    def latest(cls, repo: Repository) -> SearchIndex:
        """The index built last for this store, if no file it read has changed since
        (another session's writes included); else a new one: opened again, Search has
        it at once."""
        state = repo.disk_state(*COLLECTIONS)
        kept = _BUILT.get(repo)
        if kept is not None and kept[0] == state:
            return kept[1]
        index = cls.build(repo)
        _BUILT[repo] = (state, index)
        return index

    def __len__(self) -> int:
        return len(self.entries)

    def count(self, query: str) -> int:
        """How many records hold every word of `query`."""
        return len(self._matching(query_words(query)))

    def search(self, query: str, limit: int | None = None) -> list[Hit]:
        """Records holding every word of `query`, newest first (at most `limit`)."""
        words = query_words(query)
        return [
            Hit(
                kind=entry.kind,
                id=entry.id,
                title=entry.title,
                when=entry.when,
                day=local_date(entry.when, self.tz),
                snippet=snippet(words, entry.texts),
                opens=entry.opens,
            )
            for entry in self._matching(words)[:limit]
        ]

    def _matching(self, words: tuple[str, ...]) -> list[_Entry]:
        """The entries holding every word (newest first). Typing on narrows a search: when
        each word of the last one is part of a word now, only what it found is looked at."""
        if not words:
            return []
        last_words, found = self._last
        if words == last_words:
            return found
        narrower = bool(last_words) and all(
            any(old in word for word in words) for old in last_words
        )
        found = found if narrower else self.entries
        for word in words:
            found = [entry for entry in found if word in entry.folded]
        self._last = (words, found)
        return found


_BUILT: WeakKeyDictionary[Repository, tuple[tuple[Any, ...], SearchIndex]] = WeakKeyDictionary()
"""The last index built for each open store, beside the state of the files it read."""

FOLD_STEP = 1000
"""Records read, or folded, in one step of `building_ahead` (a few milliseconds)."""


def building_ahead(repo: Repository, fold_step: int = FOLD_STEP) -> Iterator[Callable[[], object]]:
    """Steps that build the index `latest` gives, for a caller that runs each when idle
    (the app, while the user is on other screens): every file read, then every record
    folded, `fold_step` at a time. Kept beside the state the files had before the first
    step, so a file written meanwhile makes `latest` build again. If Search built an
    index first, the steps stop there."""
    before = _BUILT.get(repo)
    state = repo.disk_state(*COLLECTIONS)
    if before is not None and before[0] == state:
        return
    for name in COLLECTIONS:
        collection: Collection[Any] = getattr(repo, name)
        for path in collection.shard_paths():
            yield from collection.read_ahead(path, fold_step)
            if _BUILT.get(repo) is not before:
                return
    pending = _entries(repo)
    entries: list[_Entry] = []
    left = [True]

    def fold() -> None:
        batch = list(islice(pending, fold_step))
        entries.extend(batch)
        left[0] = len(batch) == fold_step

    while left[0]:
        yield fold
        if _BUILT.get(repo) is not before:
            return

    def keep() -> None:
        if _BUILT.get(repo) is before:
            tz = effective_timezone(repo.settings().timezone)
            _BUILT[repo] = (state, SearchIndex(entries, tz))

    yield keep


def search(repo: Repository, query: str, limit: int | None = None) -> list[Hit]:
    """Every record holding every word of `query`, newest first."""
    return SearchIndex.build(repo).search(query, limit)


# -- what each kind of record contributes -------------------------------------------
def _entry(
    kind: HitKind, record_id: str, title: str, when: datetime, texts: tuple[str, ...], opens: Opens
) -> _Entry:
    title = " ".join(title.split())
    return _Entry(kind, record_id, title, when, texts, opens, fold("\n".join(texts)))


def _entries(repo: Repository) -> Iterator[_Entry]:
    interviews = {i.id: i for i in repo.interviews.all()}
    rebounds = {r.id: r for r in repo.rebounds.all()}
    names = {
        rebound.id: interviews[rebound.interview_id].name
        for rebound in rebounds.values()
        if rebound.interview_id in interviews
    }
    open_ones = {rebound.id for rebound in rebounds.values() if rebound.is_open}

    def in_rebound(rebound_id: str | None, step: str) -> Opens:
        """An open rebound at its step; a closed one read back (its retrospective)."""
        if rebound_id is None or rebound_id not in rebounds:
            return Opens("history")
        if rebound_id in open_ones:
            return Opens("rebound", {"rebound_id": rebound_id, "step": step})
        return Opens("retrospective", {"rebound_id": rebound_id})

    for reflection in repo.reflections.all():
        yield _reflection(reflection, names, in_rebound(reflection.rebound_id, reflection.kind))
    for page in repo.journal.all():
        yield _journal(page, names)
    for checkin in repo.checkins.all():
        yield _checkin(checkin)
    for interview in interviews.values():
        yield _interview(interview)
    for request in repo.feedback_requests.all():
        yield _feedback(request, names, in_rebound(request.rebound_id, "feedback"))
    for lesson in repo.lessons.all():
        yield _lesson(lesson, names, in_rebound(lesson.rebound_id, "move_on"))
    for step in repo.next_steps.all():
        yield _next_step(step)
    for card in repo.cards.all():
        yield _card(card)


def _reflection(reflection: Reflection, names: Mapping[str, str], opens: Opens) -> _Entry:
    r = reflection
    fallback = "What went well" if r.kind == "went_well" else "A tough question"
    title = r.question or names.get(r.rebound_id, "") or fallback
    texts = (r.question, r.situation, r.task, r.action, r.result, r.note)
    return _entry("reflection", r.id, title, r.created_at, texts, opens)


def _journal(page: JournalEntry, names: Mapping[str, str]) -> _Entry:
    about = names.get(page.rebound_id, "") if page.rebound_id else ""
    title = f"Writing about {about}" if about else "Free writing"
    texts = (page.text, " ".join(page.tags))
    return _entry(
        "journal", page.id, title, page.written_at, texts, Opens("journal", {"entry_id": page.id})
    )


def _checkin(checkin: CheckIn) -> _Entry:
    title = ", ".join(checkin.words) or "Check-in"
    texts = (checkin.note, checkin.friend)
    return _entry("checkin", checkin.id, title, checkin.at, texts, Opens("history"))


def _interview(interview: Interview) -> _Entry:
    i = interview
    texts = (i.notes, i.wish, i.best_outcome, i.obstacle, i.plan)
    return _entry(
        "interview", i.id, i.name, i.created_at, texts, Opens("interviews", {"select": i.id})
    )


def _feedback(request: FeedbackRequest, names: Mapping[str, str], opens: Opens) -> _Entry:
    about = names.get(request.rebound_id, "")
    title = f"Feedback letter to {about}" if about else "Feedback letter"
    texts = (request.body, *request.points)
    return _entry("feedback", request.id, title, request.created_at, texts, opens)


def _lesson(lesson: Lesson, names: Mapping[str, str], opens: Opens) -> _Entry:
    about = names.get(lesson.rebound_id, "") if lesson.rebound_id else ""
    what = "A skill to build" if lesson.kind == "skill" else "A lesson"
    title = f"{what}, from {about}" if about else what
    return _entry("lesson", lesson.id, title, lesson.created_at, (lesson.text,), opens)


def _next_step(step: NextStep) -> _Entry:
    opens = Opens("next_steps", {"select": step.id})
    return _entry("next_step", step.id, step.text, step.created_at, (step.text,), opens)


def _card(card: Card) -> _Entry:
    texts = (card.question, card.answer, card.hint, " ".join(card.tags))
    return _entry(
        "card", card.id, card.question, card.created_at, texts, Opens("card", {"card_id": card.id})
    )
