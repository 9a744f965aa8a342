"""Typing on narrows a search (only what the last query found is looked at again): what
one index answers to a run of queries, typed as a user types them, is what a fresh index
answers to each."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from rebound_tui.domain.clock import FixedClock
from rebound_tui.services.demo import generate
from rebound_tui.services.search import SearchIndex
from rebound_tui.store.repository import Repository

TYPED = [
    *("i", "in", "int", "inter", "interview", "interview ", "interview t", "interview th"),
    *("interview the", "interview th", "interview", "inter", "view", "view inter"),
    *("e", "ee", "e e", "é", "café", "the the", "", "a", "an", "and", "nd a", "zzzz", "zzz"),
]


def test_typing_on_finds_what_a_fresh_index_finds(data_dir: Path) -> None:
    clock = FixedClock(datetime(2026, 11, 26, 15, 0, tzinfo=UTC))
    repo = Repository.open(data_dir, clock)
    generate(repo, "small")
    typing = SearchIndex.build(repo)
    for query in TYPED:
        fresh = SearchIndex.build(repo)
        assert typing.search(query, limit=7) == fresh.search(query, limit=7), query
        assert typing.count(query) == fresh.count(query), query
        assert typing.search(query) == fresh.search(query), query


def test_the_latest_index_is_kept_until_a_file_it_read_changes(data_dir: Path) -> None:
    from rebound_tui.domain.models import JournalEntry

    clock = FixedClock(datetime(2026, 11, 26, 15, 0, tzinfo=UTC))
    repo = Repository.open(data_dir, clock)
    generate(repo, "small")
    first = SearchIndex.latest(repo)
    assert SearchIndex.latest(repo) is first  # nothing changed: the same index
    assert first.count("zebra") == 0
    other = Repository.open(data_dir, clock)  # another session writes a page
    other.journal.put(JournalEntry(id="z", text="a zebra", written_at=clock.now()))
    again = SearchIndex.latest(repo)
    assert again is not first and again.count("zebra") == 1
    assert SearchIndex.build(repo) is not again  # build: always a new one
