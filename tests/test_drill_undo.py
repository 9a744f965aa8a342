"""Issue 12: undo takes back ratings, not edits (bug 5); leech alerts come again every half
threshold and a suspend from the leech dialog can be undone (bug 8); the `t` timer's
seconds are saved with the rating (item 10)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card
from rebound_tui.services.drill import DrillSession
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.leech import LeechScreen
from rebound_tui.ui.screens.drill import DrillScreen
from tests.factories import drill_cards
from tests.helpers import open_repo

SIZE = (80, 24)


async def wait_until(pilot: Pilot[Any], check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.1)


def shown_card(app: ReboundApp) -> Card | None:
    screen = app.screen
    return screen.session.current if isinstance(screen, DrillScreen) else None


async def test_undo_takes_back_ratings_but_keeps_an_edit_made_in_between(
    data_dir: Path, clock: FixedClock
) -> None:
    """Rate Again, edit the card when it returns, rate Good, `u` twice: the edited
    question stays; the schedule is as before the first rating, and no review is left."""
    repo = open_repo(data_dir, clock)
    (original,) = drill_cards(clock.now(), 1)
    repo.cards.put(original)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "space", "1")  # Again: back in a minute
        clock.advance(seconds=61)
        await wait_until(pilot, lambda: shown_card(app) is not None)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#card-question", Input).value = "Tell me about a hard call"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert shown_card(app).question == "Tell me about a hard call"  # type: ignore[union-attr]
        await pilot.press("space", "3")  # Good
        assert len(repo.reviews.all()) == 2
        await pilot.press("u", "u")
        await pilot.pause()
        assert shown_card(app).question == "Tell me about a hard call"  # type: ignore[union-attr]
    card = repo.cards.get(original.id)
    assert card is not None
    assert card.question == "Tell me about a hard call"
    assert card.answer == original.answer
    for name in ("state", "step", "stability", "difficulty", "due", "last_review"):
        assert getattr(card, name) == getattr(original, name), name
    assert (card.reps, card.lapses, card.leech, card.buried_until) == (0, 0, False, None)
    assert repo.reviews.all() == []


def test_an_undone_rating_without_an_edit_puts_the_card_back_exactly(
    repo: Repository, clock: FixedClock
) -> None:
    (original,) = drill_cards(clock.now(), 1)
    repo.cards.put(original)
    session = DrillSession(repo)
    clock.advance(seconds=10)
    session.rate(3)
    assert session.undo() == original
    assert repo.cards.get(original.id) == original


def test_undo_gives_back_the_leech_tag_and_keeps_other_tags_added_since(
    repo: Repository, clock: FixedClock
) -> None:
    repo.cards.put(slipping(clock, lapses=7))
    session = DrillSession(repo)
    session.rate(1)  # the 8th lapse: a leech, tagged so
    stored = repo.cards.get("slip")
    assert stored is not None and stored.leech and "leech" in stored.tags
    repo.cards.put(replace(stored, tags=(*stored.tags, "acme")))  # tagged in the browser
    session.undo()
    card = repo.cards.get("slip")
    assert card is not None
    assert (card.lapses, card.leech, card.tags) == (7, False, ("acme",))


def slipping(clock: FixedClock, lapses: int) -> Card:
    """A review card due now that has lapsed `lapses` times."""
    return Card(
        id="slip",
        question="Describe everything about your last job",
        state=2,
        step=None,
        stability=2.0,
        difficulty=9.0,
        due=clock.now(),
        lapses=lapses,
        reps=20,
        last_review=clock.now() - timedelta(days=2),
    )


@pytest.mark.parametrize(
    ("threshold", "alerts"),
    [(8, [8, 12, 16, 20]), (5, [5, 8, 11, 14]), (1, [1, 2, 3, 4]), (2, [2, 3, 4, 5])],
)
def test_leech_alerts_at_the_threshold_then_every_half_threshold(
    threshold: int, alerts: list[int]
) -> None:
    from rebound_tui.services.drill import leech_alert  # new with this rule

    raised = [n for n in range(1, 21) if leech_alert(n - 1, n, threshold)]
    assert raised[: len(alerts)] == alerts
    assert not leech_alert(threshold, threshold, threshold)  # no new lapse, no alert


def test_a_leech_alerts_again_at_twelve_lapses(repo: Repository, clock: FixedClock) -> None:
    """It alerted once, at 8 lapses, and never again; Anki alerts at 12, 16, … too."""
    card = replace(slipping(clock, lapses=11), leech=True, tags=("leech",))
    repo.cards.put(card)
    session = DrillSession(repo)
    rated = session.rate(1)
    assert rated.lapses == 12
    assert session.summary.new_leeches == ["slip"]
    session.undo()
    assert session.summary.new_leeches == []
    repo.cards.put(replace(card, lapses=10))
    again = DrillSession(repo)
    assert again.rate(1).lapses == 11
    assert again.summary.new_leeches == []  # 11: no alert


async def test_a_suspend_from_the_leech_dialog_can_be_undone(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put(slipping(clock, lapses=7))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "space", "1")
        await pilot.pause()
        assert isinstance(app.screen, LeechScreen)
        await pilot.press("s")
        await pilot.pause()
        card = repo.cards.get("slip")
        assert card is not None and card.suspended and card.leech
        await pilot.press("u")  # the suspend
        await pilot.pause()
        card = repo.cards.get("slip")
        assert card is not None and not card.suspended and card.lapses == 8
        assert len(repo.reviews.all()) == 1
        await pilot.press("u")  # then the rating
        await pilot.pause()
        card = repo.cards.get("slip")
        assert card is not None and card.lapses == 7 and not card.leech
        assert repo.reviews.all() == []
        assert shown_card(app) == card


async def test_rehearsal_time_is_saved_with_the_rating(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rebound_tui.ui import drill_parts  # the timer's home since rehearsal time is kept

    seconds = [1000.0]
    monkeypatch.setattr(drill_parts, "monotonic", lambda: seconds[0])
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 2))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "t")  # rehearse c0 aloud: 75 s, paused, then 20 s more
        seconds[0] += 75
        await pilot.press("t")
        seconds[0] += 300  # thinking, not rehearsing
        await pilot.press("t")
        seconds[0] += 20
        clock.advance(seconds=400)
        await pilot.press("space", "3")
        clock.advance(seconds=30)
        await pilot.press("space", "3")  # c1: no rehearsal
        await pilot.pause()
    by_card = {r.card_id: r for r in repo.reviews.all()}
    assert by_card["c0"].rehearsal_ms == 95_000
    assert by_card["c0"].duration_ms == 400_000  # shown → rated, as before
    assert by_card["c1"].rehearsal_ms is None
    assert by_card["c1"].duration_ms == 30_000


def test_a_rating_keeps_an_edit_made_elsewhere_while_the_card_was_shown(
    repo: Repository, clock: FixedClock
) -> None:
    """Edited in the card browser (over the drill) while shown, the card is read again when
    the drill comes back, so its rating does not write the old text back."""
    repo.cards.put_many(drill_cards(clock.now(), 2))
    session = DrillSession(repo)
    assert session.current is not None and session.current.id == "c0"
    session.reveal()
    stored = repo.cards.get("c0")
    assert stored is not None
    repo.cards.put(replace(stored, question="Edited in the browser"))
    session.refresh(force=True)  # back on the drill screen
    assert session.current is not None and session.current.question == "Edited in the browser"
    session.rate(3)
    assert repo.cards.get("c0").question == "Edited in the browser"  # type: ignore[union-attr]
    stored = repo.cards.get("c1")
    assert stored is not None
    repo.cards.put(replace(stored, suspended=True))  # suspended there: the drill moves on
    session.refresh(force=True)
    assert session.current is None
