"""A drill session: today's queue, one card at a time, ratings that are durable before
the next card shows, and undo several steps deep. No terminal here: the drill screen
renders what this holds."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta
from typing import NamedTuple

from rebound_tui.domain.card_records import MAX_DURATION_MS, Card, Review, new_id
from rebound_tui.domain.days import day_bounds, drill_day, effective_timezone
from rebound_tui.domain.queue import CardKey, DailyQueue, DrillCounts
from rebound_tui.domain.settings_record import Settings
from rebound_tui.services.interrupted import (
    ratings_maybe_interrupted,
    reconcile_interrupted_ratings,
)
from rebound_tui.services.queue import StartingQueue, card_of, todays_queue
from rebound_tui.store.repository import Repository

# The scheduler (fsrs) is imported where it is used: `rebound status` reads today's queue
# through this module and must stay quick enough for a shell prompt.


class Outcome(NamedTuple):
    """What one rating would do, worked out once when the answer is revealed."""

    card: Card
    review: Review
    interval: timedelta


SCHEDULE_FIELDS = (
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "leech",
    "buried_until",
)
"""What a rating changes on a card, and so what undoing it gives back (with the leech
tag): never the card's text, which may have been edited since."""

RATED_ELSEWHERE = "Rated on another device: skipped."
CHANGED_ELSEWHERE = "Changed on another device: skipped."
NOT_UNDONE = "Changed on another device since: not undone."


def schedule_of(card: Card) -> tuple[object, ...]:
    """What says whether a card was rated (or suspended, buried, reset) since a copy of it
    was read: a copy whose schedule is not the stored one is stale, and nothing is
    worked out from it. (Its text may differ: an edit is merged, never a conflict.)"""
    return (*(getattr(card, name) for name in SCHEDULE_FIELDS), card.suspended, card.reset_at)


def onto_stored(stored: Card, rated: Card) -> Card:
    """A rating (worked out from a copy with the stored schedule) applied to the card as
    stored: its schedule and leech tag, the text as it is now (an edit made elsewhere
    since stays)."""
    tags = stored.tags
    if rated.leech and "leech" in rated.tags and "leech" not in tags:
        tags = (*tags, "leech")
    schedule = {name: getattr(rated, name) for name in SCHEDULE_FIELDS}
    return replace(stored, **schedule, tags=tags, updated_at=rated.updated_at)


class UndoStep(NamedTuple):
    before: Card
    after: Card
    """The card as this step stored it: if it is still so, undo puts `before` back as it
    was; if it was edited since, only `fields` (and the leech tag) go back."""
    review: Review | None  # None: a suspend or bury, not a rating
    fields: tuple[str, ...] = SCHEDULE_FIELDS
    counted_card: bool = False
    alerted: bool = False
    """The rating raised a leech alert."""
    shown: bool = True
    """The card was on screen (a suspend from the leech dialog is of the card before)."""


def leech_alert(lapses_before: int, lapses_after: int, threshold: int) -> bool:
    """Whether a lapse raises the leech alert: at `threshold` lapses, then every half
    threshold (rounded up) more, as Anki does: 8, 12, 16… for 8; 5, 8, 11… for 5."""
    if lapses_after <= lapses_before or lapses_after < threshold:
        return False
    return (lapses_after - threshold) % max(1, math.ceil(threshold / 2)) == 0


def undone(step: UndoStep, stored: Card, now: datetime) -> Card:
    """The card with `step` taken back: exactly as it was before, unless it changed
    since (an edit); then its scheduling fields and leech tag as they were before, on
    the card as it is now."""
    if stored == step.after:
        return step.before
    tags = tuple(t for t in stored.tags if t != "leech")
    if "leech" in step.before.tags:
        tags = (*tags, "leech")
    restored = {name: getattr(step.before, name) for name in step.fields}
    if "leech" in step.fields:
        restored["tags"] = tags
    return replace(stored, **restored, updated_at=now)


class SessionSummary:
    """What this session rated: how often each rating, which cards, new leeches."""

    def __init__(self) -> None:
        self.ratings: Counter[int] = Counter()
        self.cards: set[str] = set()
        self.new_leeches: list[str] = []

    @property
    def reviews(self) -> int:
        return sum(self.ratings.values())


class DrillSession:
    def __init__(
        self, repo: Repository, *, limit: int | None = None, start: StartingQueue | None = None
    ) -> None:
        self.repo = repo
        self.limit = limit
        self._start = start
        self.summary = SessionSummary()
        self.undo_stack: list[UndoStep] = []
        self.current: Card | None = None
        self.outcomes: dict[int, Outcome] | None = None
        self.shown_at: datetime | None = None
        self.revealed_at: datetime | None = None
        self.queue: DailyQueue[CardKey] | None = None
        self.notes: list[str] = []
        """One-line messages for the user (a card rated on another device was skipped)."""
        self._disk: tuple[object, ...] = ()
        if ratings_maybe_interrupted(repo):
            with repo.transaction():
                reconcile_interrupted_ratings(repo)
        self.advance()

    # -- state -----------------------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self.repo.settings()

    def _now(self) -> datetime:
        return self.repo.clock.now()

    def _build_queue(self) -> DailyQueue[CardKey]:
        self._disk = self._disk_state()  # before reading: a write meanwhile is seen later
        start, self._start = self._start, None
        if start is not None and start.disk == self._disk:
            return start.queue
        return todays_queue(self.repo, self._now())

    def _disk_state(self) -> tuple[object, ...]:
        return self.repo.disk_state("cards")

    def drain_notes(self) -> list[str]:
        out, self.notes = self.notes, []
        return out

    @property
    def limit_reached(self) -> bool:
        return self.limit is not None and len(self.summary.cards) >= self.limit

    @property
    def counts(self) -> DrillCounts:
        """Today's counts, as `rebound status` gives them at the same moment."""
        assert self.queue is not None
        return self.queue.counts

    @property
    def waiting_for(self) -> tuple[CardKey, ...]:
        """Learning cards due later today that this session will still show, soonest
        first (with a `limit` reached, only cards already drilled in it come back)."""
        if self.queue is None:
            return ()
        later = self.queue.learning_later
        if self.limit_reached:
            later = tuple(c for c in later if c.id in self.summary.cards)
        return later

    def refresh(self, *, force: bool = False) -> bool:
        """Rebuild the queue if time alone has changed it since it was built (a learning
        card fell due, a new drill day began), or always with `force` (the settings
        changed). With no card showing, the next one due is shown. Returns whether it
        was rebuilt; the card on screen, if any, stays. With `force` it is read again
        too: edited elsewhere (the card browser), it shows the edit, and its rating
        keeps it; suspended, buried or deleted there, the next card is shown.

        Another session's writes (a second terminal, a phone over SSH) are noticed here
        too, from the files' `stat`s (the drill screen calls this each second): the queue
        is rebuilt, and a card on screen that was rated there is dropped with a note."""
        elsewhere = bool(self._disk) and self._disk_state() != self._disk
        if (
            self.queue is not None
            and not force
            and not elsewhere
            and self._now() < self.queue.changes_at
        ):
            return False
        if self.current is None:
            self.advance()
            return True
        self.queue = self._build_queue()
        if force or elsewhere:
            fresh = self.repo.cards.get(self.current.id)
            now = self._now()
            if fresh is None or fresh.suspended or (fresh.buried_until or now) > now:
                self.advance()
            elif not force and schedule_of(fresh) != schedule_of(self.current):
                if fresh.last_review != self.current.last_review:
                    self.notes.append(RATED_ELSEWHERE)
                self.advance()
            elif force and fresh != self.current:
                self.replace_current(fresh)
            elif fresh != self.current:
                self.current = fresh  # its text edited there: shown, the answer stays open
        return True

    def advance(self) -> Card | None:
        """Show the next card (None when today's work, or the session's limit, is done)."""
        self.queue = self._build_queue()
        self.outcomes = None
        self.revealed_at = None
        candidates = self.queue.candidates(self._now())
        if self.limit_reached:  # only cards already in this session may come back
            candidates = (c for c in candidates if c.id in self.summary.cards)
        card = None
        for key in candidates:  # the queue holds keys: only the card shown is built
            card = card_of(self.repo, key)
            if card is not None:
                break
        self.current = card
        self.shown_at = self._now() if card else None
        return card

    def prepare_rating(self) -> None:
        """While the card is read: what its rating will write beside the card and the
        review is worked out ahead (the store's summaries of the two shards)."""
        if self.current is not None and not self.repo.readonly:
            self.repo.cards.prepare_write(self.current)
            self.repo.reviews.prepare_month(self._now())

    @property
    def revealed(self) -> bool:
        return self.outcomes is not None

    # -- actions ---------------------------------------------------------------------
    def reveal(self) -> dict[int, Outcome]:
        """Work out what each rating would do, once: what is shown is what is applied."""
        assert self.current is not None, "no card to reveal"
        if self.outcomes is None:
            from rebound_tui.domain.scheduling import make_scheduler, rate

            now = self._now()
            settings = self.settings
            scheduler = make_scheduler(settings)
            outcomes = {}
            for rating in (1, 2, 3, 4):
                card, review = rate(
                    self.current, rating, now, scheduler, leech_lapses=settings.leech_lapses
                )
                outcomes[rating] = Outcome(card, review, card.due - now)
            self.outcomes = outcomes
            self.revealed_at = now
        return self.outcomes

    def rate(self, rating: int, *, rehearsal_ms: int | None = None) -> Card:
        """Apply the rating shown on reveal; durable when this returns. `rehearsal_ms`:
        how long the answer was rehearsed aloud with the timer, if it was."""
        outcomes = self.reveal()
        outcome = outcomes[rating]
        before = self.current
        assert before is not None and self.revealed_at is not None
        now = self._now()
        shift = now - self.revealed_at  # keep the interval that was shown, from now
        duration = int((now - (self.shown_at or now)).total_seconds() * 1000)
        duration = min(max(duration, 0), MAX_DURATION_MS)  # a clock set back, a card left open
        card = replace(
            outcome.card,
            due=outcome.card.due + shift,
            last_review=now,
            updated_at=now,
        )
        if rehearsal_ms is not None:
            rehearsal_ms = min(max(rehearsal_ms, 0), MAX_DURATION_MS)
        review = replace(
            outcome.review,
            id=new_id(),
            reviewed_at=now,
            duration_ms=duration,
            due=card.due,  # the interval given, from the moment of rating
            rehearsal_ms=rehearsal_ms,
        )
        with self.repo.transaction():  # checked against the disk, under the lock
            stored = self.repo.cards.get(before.id)
            if stored is None or schedule_of(stored) != schedule_of(before):
                rated_there = stored is not None and stored.last_review != before.last_review
                self.notes.append(RATED_ELSEWHERE if rated_there else CHANGED_ELSEWHERE)
                self.advance()
                return stored or before
            card = onto_stored(stored, card)
            before = stored
            self.repo.reviews.put(review)  # review first: a crash in between is repaired
            self.repo.cards.put(card)
        counted = card.id not in self.summary.cards
        self.summary.cards.add(card.id)
        self.summary.ratings[rating] += 1
        alerted = leech_alert(before.lapses, card.lapses, self.settings.leech_lapses) or (
            card.leech and not before.leech
        )
        if alerted:
            self.summary.new_leeches.append(card.id)
        self.undo_stack.append(
            UndoStep(before, card, review, counted_card=counted, alerted=alerted)
        )
        self.advance()
        return card

    def undo(self) -> Card | None:
        """Take back the last rating, suspend or bury: the card's schedule as it was (its
        text as it is now: an edit made since stays), the rating's review gone. Returns
        the card; it is shown again if it was the one on screen.

        If another session changed what the step changed (rated the card again, say)
        since, nothing is undone: what is stored was worked out from this step's result,
        and putting `before` back would restore a stale state. The step is dropped, a
        note says so, and None is returned."""
        if not self.undo_stack:
            return None
        step = self.undo_stack.pop()
        with self.repo.transaction():  # checked against the disk, under the lock
            stored = self.repo.cards.get(step.before.id)
            if stored is not None and any(
                getattr(stored, name) != getattr(step.after, name) for name in step.fields
            ):
                self.notes.append(NOT_UNDONE)
                return None
            card = step.before if stored is None else undone(step, stored, self._now())
            # Card first: a crash in between leaves a review newer than the card, which
            # the next session re-applies; the other order would lose it silently.
            if stored is not None:
                self.repo.cards.put(card)
            if step.review is not None:
                self.repo.reviews.delete(step.review)
        if step.review is not None:
            self.summary.ratings[step.review.rating] -= 1
        if step.counted_card:
            self.summary.cards.discard(step.before.id)
        if step.alerted and step.before.id in self.summary.new_leeches:
            leeches = self.summary.new_leeches
            del leeches[len(leeches) - 1 - leeches[::-1].index(step.before.id)]
        if not step.shown:
            self.refresh(force=True)
            return card
        self.queue = self._build_queue()
        self.current = card
        self.outcomes = None
        self.revealed_at = None
        self.shown_at = self._now()
        return card

    def suspend(self) -> None:
        """Take the card on screen out of the drill (undo brings it back)."""
        assert self.current is not None
        self.suspend_card(self.current)

    def suspend_card(self, card: Card) -> Card:
        """Suspend `card` (the one on screen, or one just rated, from the leech dialog);
        undo brings it back like any rating."""
        with self.repo.transaction():  # the stored card, as it is now, is suspended
            stored = self.repo.cards.get(card.id) or card
            after = replace(stored, suspended=True, updated_at=self._now())
            self.repo.cards.put(after)
        shown = self.current is not None and self.current.id == card.id
        self.undo_stack.append(UndoStep(stored, after, None, fields=("suspended",), shown=shown))
        if shown:
            self.advance()
        else:
            self.refresh(force=True)
        return after

    def bury(self) -> None:
        """Hide the card until the next drill day."""
        assert self.current is not None
        settings = self.settings
        tz = effective_timezone(settings.timezone)
        today = drill_day(self._now(), tz, settings.day_start_hour)
        tomorrow_start, _ = day_bounds(today + timedelta(days=1), tz, settings.day_start_hour)
        with self.repo.transaction():  # checked against the disk, under the lock
            stored = self.repo.cards.get(self.current.id)
            if stored is None or schedule_of(stored) != schedule_of(self.current):
                self.notes.append(CHANGED_ELSEWHERE)
                self.advance()
                return
            after = replace(stored, buried_until=tomorrow_start, updated_at=self._now())
            self.repo.cards.put(after)
        self.undo_stack.append(UndoStep(stored, after, None, fields=("buried_until",)))
        self.advance()

    def replace_current(self, card: Card) -> None:
        """The current card was edited: show the new text (its schedule is unchanged)."""
        self.current = card
        self.outcomes = None
        self.revealed_at = None
