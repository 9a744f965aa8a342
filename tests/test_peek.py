"""A card read alone from its shard (`Collection.peek`, `storage.one_document`): what a
drill's first card needs at ten years of cards, without parsing the 700 KB shard it is
in. Whatever is peeked is what the shard, read whole, gives; anything that cannot be told
so cheaply is read as every card is."""

from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.codec import to_record
from rebound_tui.domain.models import Card
from rebound_tui.services.drill import DrillSession
from rebound_tui.services.queue import card_of, starting_queue
from rebound_tui.store.repository import Repository
from rebound_tui.store.schema import Collections
from rebound_tui.store.storage import one_document
from tests.factories import drill_cards
from tests.helpers import START, open_repo

HOSTILE = 'a {"id":"c1","question":"not c1"} and \\ " \x1b[31m ünï 🙂'


def seen_cards(now_: FixedClock, n: int) -> list[Card]:
    """Cards reviewed before and due now, some with text that looks like a record."""
    now = now_.now()
    cards = [
        replace(card, state=2, stability=3.5 + i, difficulty=5.0, last_review=now - timedelta(3))
        for i, card in enumerate(drill_cards(now, n))
    ]
    cards[2] = replace(cards[2], question=HOSTILE, tags=("team", "x"), hint="{}")
    return cards


def aged(data_dir: Path) -> None:
    """Every data file last changed a minute ago: only a file older than a second is
    remembered as checked (`CheckedFiles.add`)."""
    past = time.time() - 60
    for path in data_dir.rglob("*.json"):
        os.utime(path, (past, past))


@pytest.fixture
def checked(data_dir: Path, clock: FixedClock) -> Path:
    """A data directory whose card shards passed their check unchanged since."""
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(seen_cards(clock, 40))
    repo.close()
    aged(data_dir)
    repo = Repository.open(data_dir, clock)
    assert len(repo.cards.all()) == 40  # every shard read whole, checked, remembered
    repo.close()
    return data_dir


def test_a_peeked_card_is_the_card_its_shard_gives(checked: Path, clock: FixedClock) -> None:
    peeking = Repository.open(checked, clock, check_files=False)
    reading = Repository.open(checked, clock, check_files=False, readonly=True)
    for i in range(40):
        assert peeking.cards.peek(f"c{i}") == reading.cards.get(f"c{i}")
    assert peeking.cards.peek("c2") is not None
    assert peeking.cards.peek("c2").question == HOSTILE  # type: ignore[union-attr]
    shards = {Collections.cards.files.path_of_id(f"c{i}") for i in range(40)}
    assert not any(peeking._files.is_open(path) for path in shards)  # none read whole
    assert peeking.cards.peek("missing") is None  # not in its shard: read whole to know


def test_a_shard_changed_since_its_check_is_read_whole(checked: Path, clock: FixedClock) -> None:
    path = Collections.cards.files.path_of_id("c5")
    assert path is not None
    os.utime(checked / path)  # a new mtime: not known to have passed its check
    repo = Repository.open(checked, clock, check_files=False)
    card = repo.cards.peek("c5")
    assert card is not None and card.question == "Question 5"
    assert repo._files.is_open(path)


def test_the_drill_starts_without_reading_its_first_cards_shard(
    checked: Path, clock: FixedClock
) -> None:
    repo = Repository.open(checked, clock, check_files=False)
    session = DrillSession(repo, start=starting_queue(repo))
    assert session.current is not None
    path = Collections.cards.files.path_of_id(session.current.id)
    assert path is not None and not repo._files.is_open(path)
    assert session.current == Repository.open(checked, clock, readonly=True).cards.get(
        session.current.id
    )


def test_a_card_whose_schedule_is_not_the_keys_is_read_whole(
    checked: Path, clock: FixedClock
) -> None:
    repo = Repository.open(checked, clock, check_files=False)
    key = next(iter(starting_queue(repo).queue.candidates(clock.now())))
    path = Collections.cards.files.path_of_id(key.id)
    assert card_of(repo, key) is not None and path is not None
    assert not repo._files.is_open(path)
    card = card_of(repo, key._replace(stability=1.0))  # not what the shard holds
    assert card is not None and card.id == key.id and repo._files.is_open(path)


def shard(*docs: dict[str, object]) -> bytes:
    return orjson.dumps({"cards": {str(n): doc for n, doc in enumerate(docs, 1)}})


def card_doc(card_id: str, **fields: object) -> dict[str, object]:
    return {**to_record(Card(id=card_id, question="q", created_at=START)), **fields}


def test_one_document_finds_any_record_as_rebound_writes_it() -> None:
    docs = [card_doc(f"id-{n}_x", question=f"q{n}") for n in range(5)]
    raw = shard(*docs)
    for doc in docs:
        assert one_document(raw, "cards", str(doc["id"])) == doc
    assert one_document(raw, "cards", "id-9_x") is None


@pytest.mark.parametrize(
    "raw",
    [
        # written by another JSON writer: spaces after the colons
        json.dumps({"cards": {"1": card_doc("c1")}}).encode(),
        # the id not the record's first field
        orjson.dumps({"cards": {"1": {"question": "q", **card_doc("c1")}}}),
        # a copy inside another record's field (a field of a later version): twice
        shard(card_doc("c0", future={"1": card_doc("c1", question="fake")}), card_doc("c1")),
        # only inside another record's field, not in the table itself
        shard(card_doc("c0", future={"1": card_doc("c1", question="fake")})),
        # another table first
        orjson.dumps({"meta": {}, "cards": {"1": card_doc("c1")}}),
        # not valid JSON after the record
        shard(card_doc("c1"))[:-1] + b"x",
        b'{"cards":{"1":{"id":"c1",\xff}}}',
    ],
)
def test_one_document_reads_nothing_it_cannot_tell_apart(raw: bytes) -> None:
    assert one_document(raw, "cards", "c1") is None


@pytest.mark.parametrize("card_id", ['c"1', "c\\1", "c 1", "ünï", "c.1", ""])
def test_an_id_json_may_write_escaped_is_not_looked_for(card_id: str) -> None:
    assert one_document(shard(card_doc(card_id)), "cards", card_id) is None


def test_a_file_of_several_tables_is_read_as_every_record_is(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rebounds.json holds rebounds, feedback requests, lessons and next steps: nothing
    is looked for in it alone (a record of another table may have the id)."""
    import rebound_tui.store.open_files as open_files
    from rebound_tui.domain.models import Rebound

    looked: list[str] = []
    monkeypatch.setattr(
        open_files, "one_document", lambda raw, table, record_id: looked.append(table)
    )
    repo = open_repo(data_dir, clock)
    repo.rebounds.put(Rebound(id="x1", interview_id="i1", opened_at=clock.now()))
    repo.close()
    aged(data_dir)
    Repository.open(data_dir, clock).rebounds.all()  # read whole, checked, remembered
    again = Repository.open(data_dir, clock, check_files=False)
    assert again.feedback_requests.peek("x1") is None
    assert again.rebounds.peek("x1") == again.rebounds.get("x1")
    assert looked == []
