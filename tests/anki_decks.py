"""Real Anki packages, made with Anki's own Python library (`anki`, a test-only
dependency): a collection with notes of each stock type, HTML fields, tags, nested decks,
a suspended and a buried card, an Image Occlusion note, and a review history made by
answering cards with Anki's scheduler, FSRS on, over the weeks before `now`; then a
"Forget" and a "Set due date". It is exported as a legacy package (`collection.anki21`),
a current one (`collection.anki21b`, zstd) and a current whole-collection `.colpkg`."""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

# A 1x1 PNG, for the Image Occlusion note.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

BASIC_FRONT = "Tell me about a time you <b>failed</b>&nbsp;&amp; what you learned"
BASIC_BACK = (
    "<div>Situation: a launch slipped</div><div>What I did:</div>"
    "<ul><li>told the team early</li><li>re-planned &lt;2 weeks&gt;</li></ul>"
    '<img src="timeline.png">'
)
CLOZE = "{{c1::Paris}} is the capital of {{c2::France::a country}}"


@dataclass
class Built:
    legacy: Path
    current: Path
    collection: Path
    now: datetime
    card_ids: dict[str, int] = field(default_factory=dict)
    """Which Anki card is which: "basic", "forward", "reverse", "cloze1", "cloze2",
    "suspended", "buried"."""
    ratings: dict[int, list[tuple[datetime, int]]] = field(default_factory=dict)
    """Anki card id -> (when, rating) of every answer given with the scheduler."""
    forgotten: int = 0
    rescheduled: int = 0


def build(folder: Path) -> Built:
    from anki.collection import Collection, ExportAnkiPackageOptions
    from anki.scheduler.v3 import CardAnswer

    folder.mkdir(parents=True, exist_ok=True)
    col = Collection(str(folder / "collection.anki2"))
    col.set_config("fsrs", True)  # FSRS on, as Anki's deck options switch does
    models = col.models
    behavioural = col.decks.id("Interviews::Behavioural")
    technical = col.decks.id("Interviews::Technical")
    geography = col.decks.id("Geography")

    def add(kind: str, deck: int | None, tags: list[str], **values: str) -> list[int]:
        note = col.new_note(models.by_name(kind))
        for name, value in values.items():
            note[name.replace("_", " ")] = value
        note.tags = tags
        col.add_note(note, deck)
        # By template (the cloze number, forward before reverse): Anki's card ids are
        # times, not always in template order.
        return [card.id for card in sorted(note.cards(), key=lambda card: card.ord)]

    (basic,) = add("Basic", behavioural, ["star", "leadership::conflict"], Front=BASIC_FRONT,
                   Back=BASIC_BACK)  # fmt: skip
    forward, reverse = add(
        "Basic (and reversed card)", technical, ["http"], Front="HTTP 418",
        Back="I'm a teapot<br>[sound:teapot.mp3]",
    )  # fmt: skip
    cloze1, cloze2 = add("Cloze", geography, [], Text=CLOZE, Back_Extra="Since 508")
    (suspended,) = add("Basic", behavioural, [], Front="Why this company?", Back="Mission")
    (buried,) = add("Basic", technical, [], Front="What is a B-tree?", Back="A tree")
    col.add_image_occlusion_notetype()
    (folder / "map.png").write_bytes(PNG)
    occlusion = col.models.by_name("Image Occlusion")
    assert occlusion is not None
    col.add_image_occlusion_note(
        notetype_id=occlusion["id"],
        image_path=str(folder / "map.png"),
        occlusions="{{c1::image-occlusion:rect:left=.1:top=.1:width=.3:height=.3}}",
        header="",
        back_extra="",
        tags=[],
    )

    now = datetime.fromtimestamp(int(time.time()), UTC)
    start = now - timedelta(days=60)
    built = Built(
        legacy=folder / "legacy.apkg",
        current=folder / "current.apkg",
        collection=folder / "current.colpkg",
        now=now,
        card_ids={
            "basic": basic, "forward": forward, "reverse": reverse, "cloze1": cloze1,
            "cloze2": cloze2, "suspended": suspended, "buried": buried,
        },
    )  # fmt: skip
    buttons = {1: CardAnswer.AGAIN, 2: CardAnswer.HARD, 3: CardAnswer.GOOD, 4: CardAnswer.EASY}
    # (card, day after start, minutes into the day, rating)
    plan = [
        (basic, 0, 0, 3), (basic, 0, 10, 3), (basic, 2, 0, 3), (basic, 9, 0, 1),
        (basic, 9, 12, 3), (basic, 11, 0, 3), (basic, 30, 0, 4),
        (forward, 1, 0, 4), (forward, 20, 0, 2), (reverse, 1, 5, 1), (reverse, 1, 8, 3),
        (cloze1, 3, 0, 3), (cloze1, 3, 10, 3), (cloze1, 7, 0, 3), (cloze2, 3, 1, 2),
        (suspended, 4, 0, 3), (buried, 5, 0, 3),
    ]  # fmt: skip
    for cid, day, minutes, rating in plan:
        card = col.get_card(cid)
        card.start_timer()
        states = col._backend.get_scheduling_states(card.id)
        answer = col.sched.build_answer(card=card, states=states, rating=buttons[rating])
        when = start + timedelta(days=day, minutes=minutes, hours=12)
        answer.answered_at_millis = int(when.timestamp() * 1000)
        col.sched.answer_card(answer)
        built.ratings.setdefault(cid, []).append((when, rating))
    col.sched.suspend_cards([suspended])
    col.sched.bury_cards([buried])
    col.sched.schedule_cards_as_new([reverse])
    col.sched.set_due_date([cloze2], "5")
    built.forgotten, built.rescheduled = 1, 1
    for path, legacy in ((built.legacy, True), (built.current, False)):
        col.export_anki_package(
            out_path=str(path),
            options=ExportAnkiPackageOptions(
                with_scheduling=True, with_deck_configs=True, with_media=True, legacy=legacy
            ),
            limit=None,
        )
    col.export_collection_package(str(built.collection), include_media=True, legacy=False)
    return built
