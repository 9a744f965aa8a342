"""Typing on narrows a search (only what the last query found is looked at again): what
one index answers to a run of queries, typed as a user types them, is what a fresh index
answers to each."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

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


def test_an_index_built_ahead_in_steps_is_the_one_search_then_uses(data_dir: Path) -> None:
    """The app builds the index while the user is elsewhere, a few thousand records a
    step: Search then opens on it, and it answers as a fresh index does."""
    from rebound_tui.services.search import FOLD_STEP, building_ahead

    clock = FixedClock(datetime(2026, 11, 26, 15, 0, tzinfo=UTC))
    repo = Repository.open(data_dir, clock)
    generate(repo, "small")
    repo.close()
    repo = Repository.open(data_dir, clock)
    steps = 0
    for step in building_ahead(repo, fold_step=50):
        step()
        steps += 1
    assert steps > 3
    ahead = SearchIndex.latest(repo)
    assert SearchIndex.latest(repo) is ahead  # kept, not built again
    fresh = SearchIndex.build(repo)
    assert ahead.entries == fresh.entries
    for query in ("interview", "the", "zzzz", "é"):
        assert ahead.search(query) == fresh.search(query), query
    assert FOLD_STEP <= 5000


def test_an_index_built_ahead_while_a_file_changed_is_not_kept_as_latest(
    data_dir: Path,
) -> None:
    from rebound_tui.domain.models import JournalEntry

    repo, steps = first_step_taken(data_dir)
    clock = repo.clock
    other = Repository.open(data_dir, clock)  # another session writes a page meanwhile
    other.journal.put(JournalEntry(id="z", text="a zebra", written_at=clock.now()))
    for step in steps:
        step()
    assert SearchIndex.latest(repo).count("zebra") == 1


def test_an_index_built_ahead_gives_way_to_one_search_built_first(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Search opened before the steps ended: its index is kept, the steps stop."""
    from rebound_tui.services import search

    repo, steps = first_step_taken(data_dir)
    opened = SearchIndex.latest(repo)
    folded: list[str] = []
    original = search._entry
    monkeypatch.setattr(search, "_entry", lambda *a: folded.append(a[1]) or original(*a))
    for step in steps:
        step()
    assert folded == []
    assert SearchIndex.latest(repo) is opened


def first_step_taken(data_dir: Path) -> tuple[Repository, Iterator[Callable[[], object]]]:
    """A store of demo data, and the steps building its index ahead, the first one run."""
    from rebound_tui.services.search import building_ahead

    repo = Repository.open(data_dir, FixedClock(datetime(2026, 11, 26, 15, 0, tzinfo=UTC)))
    generate(repo, "small")
    steps = building_ahead(repo, fold_step=50)
    next(steps)()
    return repo, steps
