"""An Anki collection as Rebound cards and reviews.

Cards. A note of a Basic-like type (normal note type whose card templates each show one
field on the front and another on the back: Basic, Basic (and reversed card), Basic
(optional reversed card), Basic (type in the answer), and renamed or translated copies of
them) gives one card per Anki card: the front field is the question and the back field
(or fields, one paragraph each) the answer. A Cloze note gives one card per deletion (see
text.py). Any other note type (Image Occlusion, a template showing several fields on the
front) is skipped, and the summary says how many notes of which type.

- The id is "anki-<Anki card id>": importing the same package again adds nothing.
- Tags: the note's tags, and the card's deck as a tag path, "::" read as "/"
  ("Interviews::Behavioural" → "Interviews/Behavioural"; Anki's "Default" deck gives no
  tag). A card in a filtered deck is tagged with the deck it came from. A hierarchical
  Anki tag ("job::acme") is kept the same way ("job/acme").
- The kind is "technical" (a question and its answer, no STAR form).
- Suspended cards (queue -1) are suspended; buried ones (queue -2, -3) are buried until a
  day after the card last changed, which is when Anki buried it (Anki unburies the next day).

Reviews. Each `revlog` entry with a rating (ease 1-4) of learning, review, relearning or
a filtered deck that rescheduled becomes a Review with id "anki-r<revlog id>", the same
rating, time and duration; the card's schedule is then rebuilt from them by fsrs, as every
import does. Anki's other entries are not ratings and are not imported as ratings:

- "Forget" (Reset, a manual entry with ease factor 0) made the card new: it is the card's
  reset (`Card.reset_at`), so the reviews before it stay history and the schedule starts
  again after it, as in Anki;
- "Set due date" and FSRS rescheduling (manual entries with an ease factor, and type 5)
  only moved a due date: skipped, counted;
- cram reviews in a filtered deck that did not reschedule (type 3, ease factor 0):
  skipped, counted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from rebound_tui.domain.codec import RecordError, from_record, to_record
from rebound_tui.domain.days import plural
from rebound_tui.domain.models import CARD_KINDS, MAX_DURATION_MS, Card, CardKind, Review
from rebound_tui.services.anki.package import Collection, NoteType
from rebound_tui.services.anki.text import cloze_card, html_to_text, template_fields
from rebound_tui.store.errors import ImportFileError

_LEARNING, _REVIEW, _RELEARNING, _FILTERED, _MANUAL, _RESCHEDULED = range(6)
_EARLIEST_MS = 946_684_800_000  # 2000-01-01: Anki's ids are creation times in ms
_LATEST_MS = 4_102_444_800_000  # 2100-01-01


@dataclass
class Converted:
    cards: list[Card] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    notes: int = 0
    skipped: list[str] = field(default_factory=list)
    """What was left out and why, one sentence each."""


def convert(collection: Collection) -> Converted:
    out = Converted()
    skipped_types: Counter[str] = Counter()
    unknown_type = empty = 0
    layouts: dict[int, list[tuple[str, list[str]]] | None] = {}
    fields_of: dict[int, dict[str, str]] = {}
    cards: dict[int, Card] = {}
    for cid, nid, did, ord_, mod, _type, queue, odid in collection.cards:
        note = collection.notes.get(nid)
        if note is None:
            continue  # a card without its note: Anki's "Check database" removes these
        mid, tags, flds = note
        note_type = collection.note_types.get(mid)
        if note_type is None:
            unknown_type += 1
            continue
        if mid not in layouts:
            layouts[mid] = _layout(note_type)
        layout = layouts[mid]
        if layout is None:
            skipped_types[note_type.name] += 1 if nid not in fields_of else 0
            fields_of.setdefault(nid, {})
            continue
        if nid not in fields_of:
            values = flds.split("\x1f")
            fields_of[nid] = {
                name: html_to_text(values[i]) if i < len(values) else ""
                for i, name in enumerate(note_type.fields)
            }
        question, answer = _sides(note_type, layout, fields_of[nid], ord_)
        if not question.strip():
            empty += 1
            continue
        deck = collection.decks.get(odid or did, "")
        hint, kind = _rebound_fields(note_type, fields_of[nid])
        card = Card(
            id=f"anki-{cid}",
            question=question,
            answer=answer,
            hint=hint,
            kind=kind,
            tags=_tags(tags, deck),
            source="import",
            created_at=_created(cid, mod),
            updated_at=_time(mod * 1000),
            suspended=queue == -1,
            buried_until=_time(mod * 1000) + timedelta(days=1) if queue in (-2, -3) else None,
        )
        cards[cid] = card
    out.notes = len({nid for nid, values in fields_of.items() if values})
    for name, count in sorted(skipped_types.items()):
        out.skipped.append(
            f"{plural(count, 'note')} of type '{name}' skipped: not a Basic or Cloze note"
        )
    if unknown_type:
        out.skipped.append(f"{plural(unknown_type, 'card')} of a missing note type skipped")
    if empty:
        out.skipped.append(f"{plural(empty, 'card')} with an empty question skipped")
    _reviews(collection, cards, out)
    out.cards = [_checked(Card, card, f"Anki card {card.id[5:]}") for card in cards.values()]
    return out


def _reviews(collection: Collection, cards: dict[int, Card], out: Converted) -> None:
    resets: dict[int, datetime] = {}
    counts: Counter[str] = Counter()
    for rid, cid, ease, _ivl, factor, taken, kind in collection.revlog:
        if cid not in cards:
            counts["elsewhere"] += 1
            continue
        when = _time(rid)
        if kind == _MANUAL and factor == 0 and ease == 0:
            resets[cid] = max(resets.get(cid, when), when)
            counts["forget"] += 1
            continue
        if kind in (_MANUAL, _RESCHEDULED) or ease == 0:
            counts["moved"] += 1
            continue
        if kind == _FILTERED and factor == 0:
            counts["cram"] += 1
            continue
        if kind not in (_LEARNING, _REVIEW, _RELEARNING, _FILTERED) or not 1 <= ease <= 4:
            counts["unknown"] += 1
            continue
        if collection.v1_scheduler and kind in (_LEARNING, _RELEARNING) and ease > 1:
            ease = min(4, ease + 1)  # three buttons: Again, Good, Easy
        review = Review(
            id=f"anki-r{rid}",
            card_id=f"anki-{cid}",
            rating=ease,
            reviewed_at=when,
            duration_ms=min(max(taken, 0), MAX_DURATION_MS),
        )
        out.reviews.append(_checked(Review, review, f"Anki review {rid}"))
    for cid, when in resets.items():
        cards[cid] = replace(cards[cid], reset_at=when)
    if counts["forget"]:
        out.skipped.append(
            f"{plural(counts['forget'], 'reset')} to new (Anki's Forget) kept as the card's "
            "reset: the reviews before it stay history"
        )
    for key, (one, many, why) in {
        "moved": ("due date", "due dates", "set or rescheduled in Anki skipped: not ratings"),
        "cram": ("cram review", "cram reviews", "skipped: a cram in Anki did not reschedule"),
        "elsewhere": ("review", "reviews", "of cards not imported skipped"),
        "unknown": ("review log entry", "review log entries", "of an unknown kind skipped"),
    }.items():
        if counts[key]:
            out.skipped.append(f"{plural(counts[key], one, many)} {why}")


def _layout(note_type: NoteType) -> list[tuple[str, list[str]]] | None:
    """For each template (by ord), the field on the question side and the fields on the
    answer side; None when the note type is not Basic-like or Cloze."""
    if note_type.image_occlusion or not note_type.templates:
        return None
    if _is_rebound(note_type):  # Rebound's own export: Question on the front, Answer back
        return [("Question", ["Answer"])]
    known = set(note_type.fields)
    out = []
    for question_format, answer_format in note_type.templates:
        front, typed_front = template_fields(question_format)
        back, typed_back = template_fields(answer_format)
        if note_type.cloze:
            front = [name for name in front if name in known]
            extra = [n for n in back if n not in front and n in known]
            if len(front) != 1:
                return None
            out.append((front[0], extra))
            return out  # a cloze note type has one template
        answer = [n for n in [*typed_front, *back, *typed_back] if n not in front and n in known]
        if len(front) != 1 or front[0] not in known or not answer:
            return None
        out.append((front[0], list(dict.fromkeys(answer))))
    return out


_REBOUND_FIELDS = ["Question", "Answer", "Hint", "Kind"]


def _is_rebound(note_type: NoteType) -> bool:
    """The note type of `rebound export --format apkg` (services/export/apkg.py)."""
    return not note_type.cloze and note_type.fields[:4] == _REBOUND_FIELDS


def _rebound_fields(note_type: NoteType, values: dict[str, str]) -> tuple[str, CardKind]:
    """A Rebound note's hint and kind; "" and "technical" for any other note."""
    if not _is_rebound(note_type):
        return "", "technical"
    kind = values.get("Kind", "").strip()
    return values.get("Hint", ""), kind if kind in CARD_KINDS else "technical"


def _sides(
    note_type: NoteType, layout: list[tuple[str, list[str]]], values: dict[str, str], ord_: int
) -> tuple[str, str]:
    if note_type.cloze:
        text_field, extra = layout[0]
        question, answer = cloze_card(values.get(text_field, ""), ord_ + 1)
        if not answer:
            return "", ""  # no such deletion (any more): Anki shows an empty card
        more = [values.get(name, "") for name in extra]
        return question, "\n\n".join(part for part in (answer, *more) if part)
    if ord_ >= len(layout):
        return "", ""
    front, back = layout[ord_]
    answer = "\n\n".join(values.get(name, "") for name in back if values.get(name, ""))
    return values.get(front, ""), answer


def _tags(note_tags: str, deck: str) -> tuple[str, ...]:
    tags = [tag.replace("::", "/") for tag in note_tags.split()]
    if deck and deck != "Default":
        tags.append(deck.replace("::", "/"))
    return tuple(dict.fromkeys(tag for tag in tags if tag))


def _time(milliseconds: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=milliseconds)


def _created(cid: int, mod: int) -> datetime:
    """Anki's card id is the moment it was made, in ms; a made-up id (a package written by
    another tool) gives the card's last change instead."""
    return _time(cid if _EARLIEST_MS <= cid <= _LATEST_MS else mod * 1000)


def _checked(kind: type[Any], record: Any, where: str) -> Any:
    """`record` held to the rules every stored record obeys (as a JSON import is)."""
    try:
        return from_record(kind, to_record(record))
    except RecordError as error:
        raise ImportFileError(f"{where}: {error.path} {error.problem}".strip()) from None
