"""The history's mood view reads the check-ins of its window and its newest ones from the
store's summary of the newest check-ins: the same ones, in the same order, as a read of
every check-in gives (fewer than it keeps, more, and windows it does not reach back to)."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import CheckIn
from rebound_tui.services.checkins import checkins_since, newest_checkins
from tests.helpers import open_repo


@pytest.mark.parametrize("count", [0, 40, 700])
def test_window_and_newest_are_what_every_check_in_gives(
    count: int, data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    now = clock.now()
    rng = random.Random(count)
    stamps = [now - timedelta(hours=rng.randint(0, 24 * 400)) for _ in range(count)]
    stamps += stamps[:5]  # some at the very same time
    repo.checkins.put_many(
        CheckIn(id=f"k{i:04}", at=at, pleasantness=rng.randint(-3, 3))
        for i, at in enumerate(stamps)
    )
    every = repo.checkins.all()
    for days in (0, 1, 30, 90, 200, 500):
        since = now - timedelta(days=days)
        assert checkins_since(repo, since) == [c for c in every if c.at >= since], days
    for wanted in (1, 200, 256, 300):
        newest = sorted(every, key=lambda c: c.at, reverse=True)[:wanted]
        assert newest_checkins(repo, wanted) == newest, wanted


def test_rebound_check_ins_are_those_made_in_a_rebound(data_dir: Path, clock: FixedClock) -> None:
    from rebound_tui.services.checkins import all_checkins, rebound_checkins
    from rebound_tui.services.demo import generate

    repo = open_repo(data_dir, clock)
    generate(repo, "small")
    expected = sorted(c.id for c in all_checkins(repo) if c.rebound_id)
    assert expected  # the demo has rebounds
    assert len(expected) < len(all_checkins(repo))  # and everyday check-ins
    assert sorted(c.id for c in rebound_checkins(repo)) == expected
    repo.close()
