"""Text edited in two places at once (a laptop and a phone on one account, two terminals):
the later save merges, and never silently drops the other's words.

An editor keeps the record it loaded (or last saved): its *base*. Saving sends the base and
the edited record; under the directory lock the stored record is read again and, field
by field:

- changed only here (the stored field is still the base's): this side's text is saved;
- changed only there (this side's field is still the base's): the other side's is kept;
- changed in both places to different text: this side's text is saved with the other's
  kept below it, after a line `KEPT_MARK` names (so both are in the field, nothing is
  lost), and the save returns a one-line note for the user. The editor then shows the
  merged text, which is the new base.

Fields that are not text (a status, a date) follow the same rule, except that when both
sides changed them this side's value wins: there is nothing to keep beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rebound_tui.domain.days import effective_timezone, zone

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from rebound_tui.store.collections import Collection
    from rebound_tui.store.repository import Repository

T = TypeVar("T")
D = TypeVar("D", bound="DataclassInstance")

KEPT_MARK = "—— Kept from another device"
CONFLICT_NOTE = "Also edited on another device: its text is kept below yours."


@dataclass(frozen=True)
class Saved(Generic[T]):
    """What a checked save stored, and the one-line note for the user if both places had
    changed the same text (else "")."""

    record: T
    note: str = ""


def kept_block(theirs: str, at: datetime, timezone: str = "") -> str:
    """The other device's text, as it is kept below this side's."""
    stamp = at.astimezone(zone(effective_timezone(timezone))).strftime("%Y-%m-%d %H:%M")
    return f"{KEPT_MARK} ({stamp}) ——\n{theirs}"


def merge_text(base: str, mine: str, theirs: str, *, kept: str) -> tuple[str, bool]:
    """The text to save, and whether both sides had changed it (then `kept`, the other's
    text as `kept_block` words it, follows this side's)."""
    if mine == theirs or theirs == base:
        return mine, False
    if mine == base:
        return theirs, False
    if theirs.strip() and theirs.strip() in mine:
        return mine, False  # this side's text already holds the other's (a kept block)
    return f"{mine.rstrip()}\n\n{kept}", True


def merge_record(
    base: D,
    mine: D,
    theirs: D,
    text_fields: Iterable[str],
    *,
    at: datetime,
    timezone: str = "",
) -> tuple[D, bool]:
    """`mine` (base as edited here) merged with `theirs` (what is stored now) field by
    field as the module says; whether any text was changed in both places."""
    texts = set(text_fields)
    changes: dict[str, Any] = {}
    conflicted = False
    for spec in fields(mine):
        name = spec.name
        b, m, t = getattr(base, name), getattr(mine, name), getattr(theirs, name)
        if name in texts and isinstance(m, str) and isinstance(t, str):
            merged, both = merge_text(b, m, t, kept=kept_block(t, at, timezone))
            conflicted |= both
            changes[name] = merged
        elif m == b:
            changes[name] = t  # unchanged here: whatever is stored now
        else:
            changes[name] = m
    return replace(theirs, **changes), conflicted


def save_checked(
    repo: Repository,
    collection: Collection[Any],
    base: D,
    edited: D,
    text_fields: Iterable[str],
    save: Callable[[D], D],
) -> Saved[D]:
    """The checked save every editor uses: under the directory lock, `edited` (`base` as
    edited here) merged with what `collection` stores now, saved with `save` unless the
    merge leaves the stored record as it is; with the note when text was changed in both
    places."""
    with repo.transaction():
        stored = collection.get(base.id)  # type: ignore[attr-defined]  # every record has an id
        if stored is None:
            return Saved(save(edited))
        merged, conflicted = merge_record(
            base,
            edited,
            stored,
            text_fields,
            at=stored.updated_at,
            timezone=repo.settings().timezone,
        )
        if merged == stored:
            return Saved(stored)
        saved = save(merged)
    return Saved(saved, CONFLICT_NOTE if conflicted else "")
