"""Optimizer choices (issue 12, bug 10): after a fit the user keeps the parameters they
have, uses the new ones for future reviews only (every due date stays), or uses them and
reschedules now; each choice shows the workload it implies, simulated with the drill's
own `rate`. Cancel changes nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.days import drill_day, today_bounds
from rebound_tui.domain.forecast import FORECAST_DAYS, simulate_workload
from rebound_tui.domain.models import Card, Review, Settings
from rebound_tui.domain.scheduling import make_scheduler, replay
from rebound_tui.domain.stats import due_forecast
from rebound_tui.services.optimizing import apply_choice, fit, forecast_choices
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.optimize import OptimizeDialog
from rebound_tui.ui.widgets.option_list import OptionList
from tests.helpers import TEST_ZONE, open_repo, tree_digest
from tests.test_optimize import real_reviews

AFTER_THE_LOG = datetime(2024, 10, 7, 9, 0, tzinfo=UTC)  # the morning after its last review
# Parameters other than the defaults the deck was scheduled with: initial stabilities
# doubled and a different forgetting curve, as a fit might give.
NEW_PARAMETERS = tuple(
    value * 2 if index < 4 else value for index, value in enumerate(DEFAULT_PARAMETERS)
)


@pytest.fixture
def deck_clock() -> FixedClock:
    return FixedClock(AFTER_THE_LOG)


@pytest.fixture
def deck(data_dir: Path, deck_clock: FixedClock) -> Repository:
    """300 cards of a real review log, each scheduled by the drill with the default
    parameters from its history (as if drilled in Rebound), one suspended, one new."""
    repo = open_repo(data_dir, deck_clock)
    scheduler = make_scheduler(repo.settings())
    log = real_reviews()
    ids = sorted({r.card_id for r in log})[:300]
    by_card: dict[str, list[Review]] = {cid: [] for cid in ids}
    for review in log:
        if review.card_id in by_card:
            by_card[review.card_id].append(review)
    cards, reviews = [], []
    for cid, history in by_card.items():
        card = Card(id=cid, question=f"q {cid}", created_at=min(r.reviewed_at for r in history))
        card, kept = replay(card, history, scheduler)
        cards.append(card)
        reviews.extend(kept)
    cards[0] = replace(cards[0], suspended=True)
    cards.append(Card(id="new", question="new", created_at=AFTER_THE_LOG))
    repo.cards.put_many(cards)
    repo.reviews.put_many(reviews)
    return repo


def due_today(cards: list[Card], now: datetime) -> int:
    """Cards the drill shows today that it has shown before: counted directly."""
    _, end = today_bounds(now, TEST_ZONE, 4)
    return sum(1 for c in cards if not c.suspended and not c.is_new and c.due < end)


def test_keeping_the_parameters_forecasts_todays_due_cards(deck: Repository) -> None:
    cards = deck.cards.all()
    forecasts = forecast_choices(deck, NEW_PARAMETERS)
    direct = due_today(cards, AFTER_THE_LOG)
    assert direct > 0
    assert forecasts.keep.today == direct
    assert (
        forecasts.keep.today
        == due_forecast(cards, drill_day(AFTER_THE_LOG, TEST_ZONE), TEST_ZONE, 4)[0]
    )
    # Future reviews only: today's cards are the same cards.
    assert forecasts.future.today == direct
    assert len(forecasts.keep.per_day) == FORECAST_DAYS
    assert forecasts.keep.average == sum(forecasts.keep.per_day) / FORECAST_DAYS


def test_the_forecast_is_the_same_every_time(deck: Repository) -> None:
    assert forecast_choices(deck, NEW_PARAMETERS) == forecast_choices(deck, NEW_PARAMETERS)


def test_future_reviews_only_keeps_every_due_date(deck: Repository, data_dir: Path) -> None:
    before = {c.id: c for c in deck.cards.all()}
    assert apply_choice(deck, "future", NEW_PARAMETERS) == 0
    assert deck.settings().fsrs_parameters == NEW_PARAMETERS
    assert {c.id: c for c in deck.cards.all()} == before


def test_rescheduling_now_moves_due_dates_as_forecast(deck: Repository) -> None:
    before = {c.id: c for c in deck.cards.all()}
    forecasts = forecast_choices(deck, NEW_PARAMETERS)
    assert forecasts.moved > 0
    # Every reviewed card is rebuilt, the suspended one too (it keeps its place when back).
    assert apply_choice(deck, "reschedule", NEW_PARAMETERS) == len(before) - 1
    assert deck.settings().fsrs_parameters == NEW_PARAMETERS
    after = deck.cards.all()
    moved = [c for c in after if c.due != before[c.id].due]
    assert len(moved) == forecasts.moved
    assert forecasts.reschedule.today == due_today(after, AFTER_THE_LOG)
    # The forecast for the new schedule is the forecast of "keep" once it is in place.
    assert forecast_choices(deck, NEW_PARAMETERS).keep == forecasts.reschedule


def test_keep_changes_nothing(deck: Repository, data_dir: Path) -> None:
    digest = tree_digest(data_dir)
    assert apply_choice(deck, "keep", NEW_PARAMETERS) == 0
    assert tree_digest(data_dir) == digest


def test_a_card_recalled_on_its_due_day_counts_once_that_day() -> None:
    now = AFTER_THE_LOG
    settings = Settings(timezone="UTC")
    sure = Card(
        id="sure",
        question="q",
        state=2,
        step=None,
        stability=3650.0,  # recalled for certain, next due years on
        difficulty=5.0,
        last_review=now - timedelta(days=3650),
        due=now + timedelta(days=2),
        reps=5,
    )
    skipped = [replace(sure, id="suspended", suspended=True), Card(id="new", question="q")]
    workload = simulate_workload([sure, *skipped], make_scheduler(settings), now, "UTC", 4)
    assert workload.per_day == tuple(1 if day == 2 else 0 for day in range(FORECAST_DAYS))


async def choose(app: ReboundApp, key: str) -> tuple[OptimizeDialog, list[str]]:
    """Open the drill stats, press o, wait for the fit and the forecasts, press `key`:
    the dialog and the rows it offered, as shown."""
    async with app.run_test(size=(100, 40)) as pilot:
        app.open("stats")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OptimizeDialog)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert dialog.fit is not None and dialog.moved is not None
        rows = dialog.query_one("#optimize-choices", OptionList).options
        assert [o.id for o in rows] == ["keep", "future", "reschedule"]
        offered = [str(o.prompt) for o in rows]
        await pilot.press(key)
        await app.workers.wait_for_complete()  # rescheduling runs in a worker too
        await pilot.pause()
        assert app.screen is not dialog
        return dialog, offered


async def test_the_dialog_offers_three_choices_and_escape_changes_nothing(
    deck: Repository, deck_clock: FixedClock, data_dir: Path
) -> None:
    digest = tree_digest(data_dir)
    forecasts = forecast_choices(deck, fit(deck).after)
    _, offered = await choose(ReboundApp(deck, deck_clock), "escape")
    workloads = [forecasts.of(kind) for kind in ("keep", "future", "reschedule")]
    for row, workload in zip(offered, workloads, strict=True):
        assert row.split()[-3:-1] == [f"{workload.today:,}", f"{workload.average:.1f}"]
    assert tree_digest(data_dir) == digest


async def test_choosing_future_reviews_only_in_the_dialog(
    deck: Repository, deck_clock: FixedClock
) -> None:
    before = {c.id: c.due for c in deck.cards.all()}
    dialog, _ = await choose(ReboundApp(deck, deck_clock), "f")
    assert dialog.fit is not None
    assert deck.settings().fsrs_parameters == dialog.fit.after
    assert {c.id: c.due for c in deck.cards.all()} == before


async def test_choosing_reschedule_now_in_the_dialog(
    deck: Repository, deck_clock: FixedClock
) -> None:
    before = {c.id: c.due for c in deck.cards.all()}
    dialog, _ = await choose(ReboundApp(deck, deck_clock), "r")
    assert dialog.fit is not None
    assert deck.settings().fsrs_parameters == dialog.fit.after
    moved = sum(1 for c in deck.cards.all() if c.due != before[c.id])
    assert dialog.moved is not None and moved == dialog.moved > 0
