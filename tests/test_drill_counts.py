"""One truth for the drill counts (issue 11, item 3): home, `rebound status`, `--json`, the
drill header and `rebound drill` count the same cards at the same moment, and when only
learning cards remain the drill says when the next is back and waits for it."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual.pilot import Pilot

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.days import today_bounds
from rebound_tui.domain.models import Card, Review, Settings
from rebound_tui.services.drill import DrillSession
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.drill import DrillScreen
from tests.factories import drill_cards
from tests.helpers import START, open_repo

SIZE = (80, 24)


def three_cards_learning(repo: Repository, clock: FixedClock) -> None:
    """Three new cards drilled a moment ago: two rated Good (back in 10m), one Again (1m)."""
    repo.cards.put_many(drill_cards(clock.now(), 3))
    session = DrillSession(repo)
    for rating in (3, 3, 1):
        session.reveal()
        session.rate(rating)
    assert session.current is None


def status(data_dir: Path, clock: FixedClock, *options: str) -> str:
    """What `rebound status` prints at the clock's time (run in this process)."""
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out):
        patch.setenv("REBOUND_FAKE_NOW", clock.now().isoformat())
        assert main(["status", *options, "--data-dir", str(data_dir)]) == 0
    return out.getvalue().strip()


def status_json(data_dir: Path, clock: FixedClock) -> dict[str, object]:
    document: dict[str, object] = json.loads(status(data_dir, clock, "--json"))
    return document


def shown(app: ReboundApp, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def card_shown(app: ReboundApp) -> bool:
    screen = app.screen
    return isinstance(screen, DrillScreen) and screen.session.current is not None


async def wait_until(pilot: Pilot[Any], check: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app's one-second timers run until `check()` holds."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.1)


async def test_learning_cards_due_in_minutes_are_later_not_to_drill_now(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    three_cards_learning(repo, clock)
    clock.advance(seconds=30)

    # Before: status said "3 cards to drill (3 due)" and home "3 cards to drill · 3 due";
    # then the drill said "Nothing to drill right now… tomorrow".
    assert status_json(data_dir, clock) == {
        "to_drill": 0,
        "cards_due": 0,
        "new_available": 0,
        "learning_later": 3,
        "next_learning_at": "2026-11-26T15:01:00+00:00",
        "last_checkin": None,
        "streak_days": 1,
        "days_practised_7": 1,
        "open_rebounds": 0,
    }
    assert status(data_dir, clock).startswith(
        "Rebound: nothing to drill right now · 3 cards back later today (the next at 16:01)"
    )

    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = shown(app, "#home-drill")
        assert "Nothing to drill right now" in home
        assert "0 due · 0 new" in home
        assert "3 back later today, next at 16:01" in home

        await pilot.press("d")
        assert isinstance(app.screen, DrillScreen)
        assert shown(app, "#drill-counts").startswith("New 0 · Learn 0 · Due 0 · Later 3")
        waiting = shown(app, "#drill-question")
        assert "tomorrow" not in waiting
        assert "3 cards are still learning. The next is back in 0:30." in waiting
        assert "q to leave" in shown(app, "#drill-ratings")

        # The countdown is live; when the card falls due it is shown, and counted as now.
        clock.advance(seconds=10)
        await wait_until(pilot, lambda: "back in 0:20" in shown(app, "#drill-question"))
        clock.advance(seconds=25)
        await wait_until(pilot, lambda: card_shown(app))
        assert shown(app, "#drill-question").startswith("Question 2")
        assert shown(app, "#drill-counts").startswith("New 0 · Learn 1 · Due 0 · Later 2")
        assert status_json(data_dir, clock)["cards_due"] == 1

        # Rated Good it goes 10 minutes ahead: waiting again, for the first two (at 15:10).
        await pilot.press("space", "3")
        assert shown(app, "#drill-counts").startswith("New 0 · Learn 0 · Due 0 · Later 3")
        assert "The next is back in 8:55." in shown(app, "#drill-question")
        await pilot.press("q")
        await pilot.pause()
        home = shown(app, "#home-drill")
        assert "3 back later today, next at 16:10" in home


async def test_rebound_drill_waits_for_learning_cards_instead_of_saying_done(
    data_dir: Path, clock: FixedClock
) -> None:
    """`rebound drill` (exit_when_done) used to exit with "Drill done" while cards were
    coming back in minutes; it now waits for them too, and leaves only when asked."""
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 1))
    app = ReboundApp(repo, clock, start="drill")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        await pilot.press("space", "1")  # Again: back in a minute
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert "Drill done" not in shown(app, "#drill-question")
        assert "1 card is still learning. It is back in 1:00." in shown(app, "#drill-question")
        clock.advance(seconds=61)
        await wait_until(pilot, lambda: card_shown(app))
        await pilot.press("space", "4")  # Easy: out of today's queue; now it is done
        await pilot.pause()
    assert app.return_code == 0


def test_rebound_drill_opens_to_wait_when_only_learning_cards_are_left(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rebound_tui.cli import app as cli_app

    repo = open_repo(data_dir, clock)
    three_cards_learning(repo, clock)
    repo.close()
    launched: list[str] = []
    monkeypatch.setattr(cli_app, "launch", lambda args, *, start, **_: launched.append(start))
    monkeypatch.setenv("REBOUND_FAKE_NOW", clock.now().isoformat())
    assert main(["drill", "--data-dir", str(data_dir)]) == 0
    assert launched == ["drill"]
    assert "Nothing to drill" not in capsys.readouterr().out


# -- the property: at any fixed clock, status --json and the drill header agree -------------
ZONES = ["Europe/Berlin", "America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney", "UTC"]
World = tuple[datetime, Settings, list[Card], list[Review]]
"""A moment, the day settings, the cards, and reviews of cards introduced today."""
HEADER = re.compile(r"New (\d+) · Learn (\d+) · Due (\d+)(?: · Later (\d+))?")


@st.composite
def card_sets(draw: st.DrawFn) -> World:
    """A moment, the user's day settings, and cards around it: new ones, learning ones
    due from hours ago to a day ahead (most within minutes), reviews due from days ago to
    days ahead, some suspended or buried; and new cards already introduced today."""
    now = draw(st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31), timezones=st.just(UTC)))
    settings = Settings(
        timezone=draw(st.sampled_from(ZONES)),
        day_start_hour=draw(st.integers(0, 23)),
        new_per_day=draw(st.integers(0, 6)),
    )
    cards = []
    for i in range(draw(st.integers(0, 10))):
        kind = draw(st.sampled_from(["new", "learning", "learning", "relearning", "review"]))
        card = Card(id=f"c{i}", question=f"Question {i}", created_at=now - timedelta(days=3))
        if kind == "learning" or kind == "relearning":
            minutes = draw(st.one_of(st.integers(-180, 60), st.integers(-24 * 60, 24 * 60)))
            seconds = draw(st.integers(-59, 59))
            card = replace(
                card,
                state=1 if kind == "learning" else 3,
                step=0,
                stability=1.0,
                difficulty=5.0,
                due=now + timedelta(minutes=minutes, seconds=seconds),
                last_review=now - timedelta(minutes=draw(st.integers(1, 600))),
            )
        elif kind == "review":
            card = replace(
                card,
                state=2,
                step=None,
                stability=5.0,
                difficulty=5.0,
                due=now + timedelta(hours=draw(st.integers(-72, 72))),
                last_review=now - timedelta(days=4),
            )
        if draw(st.integers(0, 9)) == 0:
            card = replace(card, suspended=True)
        elif draw(st.integers(0, 9)) == 0:
            card = replace(card, buried_until=now + timedelta(hours=draw(st.integers(-12, 12))))
        cards.append(card)
    start, _ = today_bounds(now, settings.timezone, settings.day_start_hour)
    introduced = [
        Review(
            id=f"r{i}",
            card_id=f"gone{i}",  # cards since deleted: they count against today's limit
            rating=3,
            reviewed_at=start + (now - start) * draw(st.floats(0, 1)),
            state_before=None,
        )
        for i in range(draw(st.integers(0, 4)))
    ]
    return now, settings, cards, introduced


async def drill_header(repo: Repository, clock: FixedClock) -> str:
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(DrillScreen())
        await pilot.pause()
        return shown(app, "#drill-counts")


LEARNING_IN_FIVE_MINUTES: World = (
    START,
    Settings(timezone="Europe/Berlin"),
    [
        Card(
            id="l",
            question="Learning",
            state=1,
            step=1,
            stability=1.0,
            difficulty=5.0,
            due=START + timedelta(minutes=5),
            last_review=START - timedelta(minutes=5),
        ),
        Card(
            id="r",
            question="Review",
            state=2,
            step=None,
            stability=5.0,
            difficulty=5.0,
            due=START - timedelta(hours=1),
            last_review=START - timedelta(days=5),
        ),
        Card(id="n", question="New", created_at=START),
    ],
    [],
)


@given(world=card_sets())
@example(world=LEARNING_IN_FIVE_MINUTES)  # the case the user met: "3 due", then nothing
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
def test_status_json_and_the_drill_header_agree_at_any_moment(
    world: World,
) -> None:
    now, day_settings, cards, introduced = world
    clock = FixedClock(now)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        repo = Repository.open(data_dir, clock)
        repo.save_settings(replace(repo.settings(), **vars(day_settings)))
        repo.cards.put_many(cards)
        repo.reviews.put_many(introduced)
        document = status_json(data_dir, clock)
        header = HEADER.match(asyncio.run(drill_header(repo, clock)))
        repo.close()
    assert header is not None
    new, learn, due, later = (int(n or 0) for n in header.groups())
    assert {
        "to_drill": new + learn + due,
        "cards_due": learn + due,
        "new_available": new,
        "learning_later": later,
    } == {
        key: document[key] for key in ("to_drill", "cards_due", "new_available", "learning_later")
    }
    # And both are what the queue rules say, worked out here from the generated cards.
    _, day_end = today_bounds(now, day_settings.timezone, day_settings.day_start_hour)
    active = [
        c for c in cards if not c.suspended and (c.buried_until is None or c.buried_until <= now)
    ]
    seen = [c for c in active if c.last_review is not None]
    assert learn == sum(1 for c in seen if c.state != 2 and c.due <= now)
    assert later == sum(1 for c in seen if c.state != 2 and now < c.due < day_end)
    assert due == sum(1 for c in seen if c.state == 2 and c.due < day_end)
    unseen = len(active) - len(seen)
    assert new == min(unseen, max(0, day_settings.new_per_day - len(introduced)))


async def test_the_drill_replans_when_settings_change_over_it(
    data_dir: Path, clock: FixedClock
) -> None:
    """Settings opened from the palette over a drill: fewer new cards a day shows in the
    drill's header as soon as the user is back, not at its next card."""
    from rebound_tui.services.settings import update_settings

    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 5))
    update_settings(repo, new_per_day=5)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert shown(app, "#drill-counts").startswith("New 5 ")
        app.open("settings")
        await pilot.pause()
        update_settings(repo, new_per_day=2)  # what the settings screen saves
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert shown(app, "#drill-counts").startswith("New 2 ")
