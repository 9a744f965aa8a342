"""`rebound import`: merge a validated export into the data directory, by id (importing
the same file twice changes nothing), all of it or nothing, replaying a card's reviews
through fsrs when the file carries no schedule that matches them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from rebound_tui.domain.factory import next_step_kept_on
from rebound_tui.domain.models import (
    Card,
    Rebound,
    Review,
)
from rebound_tui.domain.scheduling import every_review, make_scheduler, replay
from rebound_tui.services.export.json import ParsedImport
from rebound_tui.store.errors import ImportFileError
from rebound_tui.store.repository import Repository
from rebound_tui.store.schema import COLLECTIONS


@dataclass
class ImportResult:
    added: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    updated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    unchanged: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rescheduled: int = 0
    orphans: int = 0
    duplicates: int = 0

    def summary(self) -> str:
        parts = []
        for spec in COLLECTIONS:
            added, updated = self.added.get(spec.name, 0), self.updated.get(spec.name, 0)
            if added or updated:
                label = spec.name.replace("_", " ")
                parts.append(f"{label}: {added:,} new, {updated:,} updated")
        if not parts:
            return "Nothing new to import: everything in the file is already here."
        text = "Imported " + "; ".join(parts) + "."
        if self.rescheduled:
            text += f" Rebuilt the schedule of {self.rescheduled:,} cards from their reviews."
        if self.orphans:
            text += f" {self.orphans:,} reviews of deleted cards were kept as history."
        if self.duplicates:
            text += f" {self.duplicates:,} exact duplicates were merged."
        return text


def import_document(repo: Repository, parsed: ParsedImport) -> ImportResult:
    """Merge a validated import into the repository (idempotent): all of it or nothing.

    Every merge and replay is computed into a `repo.batch()` first; any failure there
    (say, a replay that overflows) raises `ImportFileError` with nothing written. The
    batch then commits every touched file through one journal: a kill at any moment
    leaves the data as it was before or as it is after, never a mix."""
    import contextlib
    import shutil

    from rebound_tui.store.backups import take_backup

    result = ImportResult(duplicates=parsed.duplicates)
    from rebound_tui.store.errors import StoreError, disk_errors

    _refuse_future(parsed, repo.clock.now())

    def backup() -> Callable[[], None]:
        """The pre-import backup, taken once the merge is computed and changes something,
        just before the commit point: a refused import leaves no backup (and prunes none).
        Returns what removes it again if the commit then fails before its commit point."""
        if not repo.data_files():
            return lambda: None
        with disk_errors("take a backup in", repo.data_dir):
            taken = take_backup(repo, f"pre-import-{repo.clock.now():%Y%m%dT%H%M%S%fZ}")

        def remove() -> None:
            shutil.rmtree(taken, ignore_errors=True)
            with contextlib.suppress(OSError):
                taken.parent.rmdir()  # only if it is empty: the folder this made

        return remove

    with repo.transaction():  # what is there is read under the lock too, not before it
        try:
            with repo.batch(before_commit=backup):
                _move_next_steps_off_rebounds(repo, parsed)
                for spec in COLLECTIONS:
                    if spec.name in ("cards", "reviews"):
                        continue  # merged together below: a review may reschedule its card
                    _merge(repo, spec.name, parsed.records.get(spec.name, []), result)
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


FUTURE_TOLERANCE = timedelta(hours=1)
"""How far ahead of this machine's clock a review may be dated (another device's clock)."""


def _refuse_future(parsed: ParsedImport, now: datetime) -> None:
    """A review dated in the future would schedule its card from a day that has not come
    (due in 2030): refuse the file, in one line, before anything is written."""
    for index, review in enumerate(parsed.records.get("reviews", [])):
        if review.reviewed_at > now + FUTURE_TOLERANCE:
            raise ImportFileError(
                f"reviews[{index}] is dated {review.reviewed_at:%Y-%m-%d %H:%M} UTC, in the "
                "future; nothing was imported"
            )


def _same_review_once(reviews: list[Review], result: ImportResult) -> list[Review]:
    """One review per card, moment and rating: the same rating saved twice under two ids
    (by two devices, or two exports merged by hand) is one review; the first id is kept.
    A later record with the same id as an earlier one replaces it, as every merge does."""
    ids: dict[tuple[str, datetime, int], str] = {}
    kept = []
    for review in reviews:
        key = (review.card_id, review.reviewed_at, review.rating)
        if ids.setdefault(key, review.id) != review.id:
            result.duplicates += 1
            continue
        kept.append(review)
    return kept


def _move_next_steps_off_rebounds(repo: Repository, parsed: ParsedImport) -> None:
    """An export from schema 1 (or of data not yet opened since) keeps a rebound's next
    step on the rebound: it comes in as a `NextStep`, as the schema-2 migration makes it
    (the same id, so importing the file again adds nothing), and the rebound without it."""
    given = {s.id for s in parsed.records.get("next_steps", [])}
    moved = []
    rebounds: list[Rebound] = []
    for rebound in parsed.records.get("rebounds", []):
        if rebound.next_step or rebound.next_step_on is not None:
            step = next_step_kept_on(rebound)
            if step is not None and step.id not in given and repo.next_steps.get(step.id) is None:
                given.add(step.id)
                moved.append(step)
            rebound = replace(rebound, next_step="", next_step_on=None)
        rebounds.append(rebound)
    if rebounds:
        parsed.records["rebounds"] = rebounds
    if moved:
        parsed.records["next_steps"] = [*parsed.records.get("next_steps", []), *moved]


def _merge(repo: Repository, name: str, incoming: list[Any], result: ImportResult) -> None:
    if not incoming:
        return
    current = {r.id: r for r in repo.collections[name].all()}
    _count_and_put(repo, name, incoming, current, result)


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
    for review in _same_review_once([*existing_reviews.values(), *file_reviews], result):
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
                # The due date the last rating gave, when the file kept it: the interval
                # actually given (fuzz and the parameters of the day included).
                due=history[-1].due or rebuilt.due,
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
        # Every review, those from before a reset too: a reset starts a new sequence, and
        # the history stays. Keep a state_before the file gave; fill in the ones it left out.
        for review in every_review(card, given.values(), scheduler):
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
    # A review whose time moved to another month leaves its old shard in the same batch.
    repo.collections[name].put_many(changed, previous=existing)
