"""Screens prepared while the first one is read (ui/prepare.py): every area's module is
imported and its styles read once, so opening a screen later makes Textual parse and
restyle nothing; and a screen looks exactly as it does when its styles come with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.services.demo import generate
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.prepare import Preparer, style_paths
from tests.helpers import open_repo

ROUTES = {
    "history": ["h"],
    "history, funnel": ["h", *["right_square_bracket"] * 4],
    "cards": ["k"],
    "starter bank": ["k", "n"],
    "card editor": ["k", "a"],
    "drill stats": ["k", "S"],
    "interviews": ["i"],
    "next steps": ["n"],
    "check-in": ["c"],
    "settings": ["ctrl+p", *"settings", "enter"],
}


def test_every_area_names_its_screens_styles_as_textual_does() -> None:
    """`Area.styles` (read ahead without importing the screen) is the screen's CSS_PATH,
    as Textual names its files when it pushes the screen."""
    from textual._path import _css_path_type_as_list, _make_path_object_relative

    from rebound_tui.ui.navigation import AREAS
    from rebound_tui.ui.styles import STYLES

    prepared = {str(path) for path in style_paths()}
    for area in AREAS:
        module, _, name = area.screen.partition(":")
        screen_class = getattr(__import__(module, fromlist=[name]), name)
        named = [
            str(_make_path_object_relative(path, screen_class))
            for path in _css_path_type_as_list(screen_class.CSS_PATH or [])
        ]
        assert named == [str(STYLES / style) for style in area.styles], area.id
        assert set(named) <= prepared
    assert all(Path(path).is_file() for path in prepared)


async def _screenshot(data_dir: Path, clock: FixedClock, keys: list[str], prepare: bool) -> str:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    reparsed: list[Any] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if prepare:
            Preparer(app).run_all()
            await pilot.pause()
            original = app.stylesheet.reparse

            def spy() -> None:
                reparsed.append(True)
                original()

            app.stylesheet.reparse = spy  # type: ignore[method-assign]
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.pause(0.3)
        screen = app.export_screenshot()
    assert reparsed == [], "a prepared app parsed its styles again on opening a screen"
    return screen


@pytest.mark.parametrize("route", list(ROUTES))
async def test_a_prepared_screen_opens_without_a_restyle_and_looks_the_same(
    route: str, data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    generate(repo, "small")
    repo.close()
    keys = ROUTES[route]
    as_before = await _screenshot(data_dir, clock, keys, prepare=False)
    prepared = await _screenshot(data_dir, clock, keys, prepare=True)
    assert prepared == as_before


async def test_the_command_line_app_prepares_after_the_first_screen(
    data_dir: Path, clock: FixedClock
) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock, load_in_background=True)
    async with app.run_test(size=(80, 24)) as pilot:
        while app.preparer is None or not app.preparer.done:
            await pilot.pause(0.05)
        sources = {name for name, _ in app.stylesheet.source}
    assert {str(path) for path in style_paths()} <= sources


async def test_a_test_app_prepares_nothing(data_dir: Path, clock: FixedClock) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(1.0)
        assert app.preparer is None


@pytest.mark.parametrize("served", [False, True])
async def test_collection_resumes_after_the_start_rarer_except_when_served(
    served: bool, data_dir: Path, clock: FixedClock
) -> None:
    import gc

    from rebound_tui.ui.prepare import GC_THRESHOLDS

    before = gc.get_threshold()
    gc.disable()  # as the command line does for the start
    try:
        app = ReboundApp(open_repo(data_dir, clock), clock, resume_gc=True, served=served)
        async with app.run_test(size=(80, 24)) as pilot:
            while not gc.isenabled():
                await pilot.pause(0.05)
            assert gc.get_threshold() == (before if served else GC_THRESHOLDS)
    finally:
        gc.set_threshold(*before)
        gc.enable()
        gc.unfreeze()


async def test_the_card_browser_of_a_prepared_app_builds_no_card(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rebound_tui.store import open_files
    from rebound_tui.ui.screens.cards import CardsScreen

    app = demo_app(data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await prepared(app, pilot)
        built: list[object] = []
        original = open_files.from_record

        def counted(*args: Any) -> Any:
            built.append(args[0])
            return original(*args)

        monkeypatch.setattr(open_files, "from_record", counted)
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, CardsScreen)
        assert app.screen.shown  # the deck is listed
    assert [kind for kind in built if kind.__name__ == "Card"] == []


@pytest.mark.parametrize("served", [False, True])
async def test_search_in_a_prepared_app_opens_on_the_index_built_ahead(
    served: bool, data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside a served session the search index is built while the user is elsewhere:
    the first search builds none. A served session keeps to what it shows."""
    from rebound_tui.services.search import SearchIndex
    from rebound_tui.ui.screens.search import SearchScreen

    app = demo_app(data_dir, clock, served=served)
    async with app.run_test(size=(80, 24)) as pilot:
        await prepared(app, pilot)
        builds: list[object] = []
        original = SearchIndex.build
        monkeypatch.setattr(
            SearchIndex, "build", classmethod(lambda cls, r: builds.append(r) or original(r))
        )
        await pilot.press("slash", *"the")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.index is not None and app.screen.index.count("the") > 0
    assert len(builds) == (1 if served else 0)


def test_the_deck_is_read_ahead_a_few_hundred_cards_a_step(
    data_dir: Path, clock: FixedClock
) -> None:
    from rebound_tui.services.cards import READ_AHEAD_CARDS, reading_ahead
    from rebound_tui.store.repository import Repository
    from tests.factories import drill_cards

    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 3 * READ_AHEAD_CARDS))
    repo.close()
    repo = Repository.open(data_dir, clock)
    shards = repo.cards.shard_paths()

    def built() -> int:
        return sum(len(repo._files.cache(path, repo.cards).records) for path in shards)

    counts = []
    for step in reading_ahead(repo):
        before = built()
        step()
        counts.append(built() - before)
    assert max(counts) <= READ_AHEAD_CARDS
    assert sum(counts) == built() == 3 * READ_AHEAD_CARDS
    assert len(counts) >= len(shards) + 3  # a step to read each file, then its cards


def demo_app(data_dir: Path, clock: FixedClock, *, served: bool = False) -> ReboundApp:
    """The command line's app (it prepares) on a store of demo data."""
    repo = open_repo(data_dir, clock)
    generate(repo, "small")
    repo.close()
    return ReboundApp(open_repo(data_dir, clock), clock, load_in_background=True, served=served)


async def prepared(app: ReboundApp, pilot: Any) -> None:
    """Once every step of the app's preparer, and what its first screen read, is done."""
    while app.preparer is None or not app.preparer.done:
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()


async def test_the_card_browser_in_a_prepared_app_searches_texts_worked_out_ahead(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deck is kept newest first with each card's searchable text while the user is
    elsewhere: the first search in the card browser lower-cases no card."""
    from rebound_tui.services import deck_order
    from rebound_tui.ui.screens.cards import CardsScreen

    app = demo_app(data_dir, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await prepared(app, pilot)
        worked_out: list[object] = []
        original = deck_order.searchable
        monkeypatch.setattr(
            deck_order, "searchable", lambda card: worked_out.append(card) or original(card)
        )
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, CardsScreen)
        app.screen.query_one("#cards-search").focus()
        await pilot.press(*"tell")
        await pilot.pause()
        searched = len(worked_out)
        assert isinstance(app.screen, CardsScreen) and app.screen.shown
        assert all("tell" in original(card) for card in app.screen.shown)
    assert searched == 0  # every text was worked out ahead


def test_the_deck_texts_are_worked_out_a_bounded_number_a_step(
    data_dir: Path, clock: FixedClock
) -> None:
    from rebound_tui.services import deck_order
    from tests.factories import drill_cards

    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 25))
    done = []
    for step in deck_order.ordering_ahead(repo, per_step=10):
        step()
        done.append(len(deck_order.newest_first(repo)._texts))
    deck = deck_order.newest_first(repo)
    assert done == [0, 10, 20, 25]
    assert deck.texts == [deck_order.searchable(card) for card in deck.cards]
