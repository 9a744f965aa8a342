"""How the store writes and reads: a batch of changes is one write per file, and reads on
a worker thread survive writes on another."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, Interview
from rebound_tui.store import storage as storage_module
from rebound_tui.store.repository import Repository
from tests.factories import bare_cards


def test_replacing_many_records_is_one_write_per_file(
    repo: Repository, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.interviews.put_many(Interview(id=f"i{i}", company=f"Co {i}") for i in range(5))
    writes: list[Path] = []
    real = storage_module.atomic_write_bytes
    monkeypatch.setattr(
        storage_module,
        "atomic_write_bytes",
        lambda path, payload: writes.append(path) or real(path, payload),
    )
    repo.interviews.put_many(
        [
            *(Interview(id=f"i{i}", company=f"Renamed {i}") for i in range(3)),
            Interview(id="new", company="New"),
        ]
    )
    assert writes == [repo.data_dir / "interviews.json"]
    on_disk = json.loads((repo.data_dir / "interviews.json").read_text())["interviews"]
    assert sorted(d["company"] for d in on_disk.values()) == [
        "Co 3",
        "Co 4",
        "New",
        "Renamed 0",
        "Renamed 1",
        "Renamed 2",
    ]


def test_reads_on_a_worker_thread_survive_writes(repo: Repository, clock: FixedClock) -> None:
    repo.cards.put_many(bare_cards(clock.now(), 200))
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                repo.cards.all()
                repo.cards.select(lambda doc: doc.get("last_review") is None)
                repo.cards.count()
        except BaseException as error:
            errors.append(error)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(150):
            repo.cards.put(Card(id=f"w{i}", question="q", created_at=clock.now()))
    finally:
        stop.set()
        reader.join()
    assert errors == []
    assert repo.cards.count() == 350
