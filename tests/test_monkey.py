"""A monkey in the suite: thousands of seeded random keys over every screen, on an empty
data directory and on demo data with markup- and escape-laden records planted first; any
unhandled exception fails the test with the seed, the key index and the last 30 keys.
Below it, one regression test per crash the monkey found, replaying the key sequence.

The CI run is short (about a minute for both data sets). A long run by hand:

    REBOUND_MONKEY_KEYS=50000 REBOUND_MONKEY_SEED=1,2 \\
        .venv/bin/pytest -q -p no:xdist tests/test_monkey.py -k monkey_walk -s

REBOUND_MONKEY_KEYS is the number of keys per data set and seed (default 1000);
REBOUND_MONKEY_SEED is one seed or a comma-separated list (default 20261126). A failure
prints `replay: REBOUND_MONKEY_SEED=… REBOUND_MONKEY_KEYS=…` to run the same walk again
(key timing is not part of the seed, so a race may need a few tries to come back).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette

from rebound_tui.domain.clock import FixedClock
from rebound_tui.services.demo import generate
from rebound_tui.store.repository import Repository
from tests.helpers import open_repo
from tests.monkey import MonkeyApp, key_event, plant_hostile_records, press_fast, run_monkey

KEYS = int(os.environ.get("REBOUND_MONKEY_KEYS", "1000"))
SEEDS = [int(s) for s in os.environ.get("REBOUND_MONKEY_SEED", "20261126").split(",")]
# Screens a walk of this length reaches from home on its own (if it does not, the
# weights are wrong and the monkey only tests the home screen).
MUST_VISIT = {
    "HomeScreen",
    "CheckInScreen",
    "DrillScreen",
    "CardsScreen",
    "InterviewsScreen",
    "HistoryScreen",
    "HelpScreen",
}
# With demo data there are rebounds to open and interviews to edit: the six steps and the
# forms are walked too (reached by seeds 1, 2, 3 and 20261126 alike).
MUST_VISIT_WITH_DATA = {*MUST_VISIT, "ReboundScreen", "InterviewForm"}
# A walk goes on past KEYS until it has reached them all, up to this many times KEYS.
MAX_KEYS_FACTOR = 4


def make_repo(data: str, data_dir: Path, clock: FixedClock) -> Repository:
    repo = open_repo(data_dir, clock)
    if data.startswith("demo"):
        generate(repo, "small")
        plant_hostile_records(repo, clock)
    return repo


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
# "demo, as launched": the app as the command line runs it, home's figures read on a
# worker thread and the other screens prepared while keys arrive (ui/prepare.py).
@pytest.mark.parametrize("data", ["empty", "demo", "demo, as launched"])
async def test_monkey_walk(data: str, seed: int, data_dir: Path, clock: FixedClock) -> None:
    repo = make_repo(data, data_dir, clock)
    launched = data == "demo, as launched"
    wanted = MUST_VISIT_WITH_DATA if data.startswith("demo") else MUST_VISIT
    result = await run_monkey(
        lambda: MonkeyApp(repo, clock, load_in_background=launched),
        seed=seed,
        keys=KEYS,
        log=print if KEYS > 5000 else None,
        # A screen reached two or three times in a thousand keys can be missed when a key
        # lands mid-opening and sends the walk elsewhere: walk on until it is reached.
        visit=frozenset(wanted) if KEYS >= 1000 else frozenset(),
        max_keys=MAX_KEYS_FACTOR * KEYS,
    )
    print(
        f"monkey {data} seed {seed}: {result.keys} keys in {result.seconds:.1f} s "
        f"({result.keys_per_second:.0f}/s), {result.apps} apps, {result.exits} quits, "
        f"screens {sorted(result.screens)}"
    )
    assert KEYS <= result.keys <= MAX_KEYS_FACTOR * KEYS
    if KEYS >= 1000:
        assert result.screens >= wanted, f"never reached {wanted - result.screens}"
    repo.close()


# -- regressions: one per crash the monkey found -----------------------------------------


@pytest.mark.parametrize(
    "keys",
    [
        ["ctrl+p", "pagedown"],
        ["ctrl+p", "pageup"],
    ],
)
async def test_pagedown_in_a_palette_not_laid_out_yet(
    keys: list[str], repo: Repository, clock: FixedClock
) -> None:
    """Textual's palette raised KeyError on pageup/pagedown before its list had a size."""
    app = MonkeyApp(repo, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        await press_fast(pilot, keys)
        await pilot.pause()
        assert CommandPalette.is_open(app)
        await pilot.press("escape")
        assert not CommandPalette.is_open(app)
    assert app.errors == []


async def test_palette_search_that_starts_after_the_palette_closed(
    repo: Repository, clock: FixedClock
) -> None:
    """Typing a query and pressing enter fast (ctrl+p h e l p enter) could close the
    palette before the search for the last letter started: NoMatches on CommandList in a
    worker ended the app. Replayed deterministically: the list is gone when the search
    runs."""
    app = MonkeyApp(repo, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", "h", "e", "l")
        palette = app.screen
        assert CommandPalette.is_open(app)
        await palette.query_one(CommandList).remove()
        worker = palette._gather_commands("help")  # type: ignore[attr-defined]
        await worker.wait()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.errors == []
    assert app.return_code in (None, 0)


@pytest.mark.parametrize(
    "keys",
    [
        ["c", "q"],  # the NoMatches: '#checkin-grid' on CheckInScreen()
        ["h", "q"],  # '#mood-chart' on HistoryScreen()
        ["d", "q"],  # 'HeaderTitle' on Header()
        ["k", "ctrl+q"],
        ["i", "n", "q"],
    ],
)
async def test_quit_typed_right_after_a_screen_key(
    keys: list[str], clock: FixedClock, data_dir: Path
) -> None:
    """Keys typed ahead (tmux, a paste, a fast typist): a screen key then quit. The
    shutdown removed the new screen's widgets before its mount handler looked them up,
    and the app ended with a NoMatches traceback and exit code 1."""
    repo = make_repo("demo", data_dir, clock)
    app = MonkeyApp(repo, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        await press_fast(pilot, keys, settle=False)
    # The quit may still be queued when the test ends the app: either way, no error.
    assert app.errors == []
    assert app.return_code in (None, 0)
    repo.close()


@pytest.mark.parametrize("query", ["interv", "new"])
async def test_ctrl_p_typed_right_after_choosing_a_palette_command(
    query: str, repo: Repository, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl+p typed right after choosing a command ("new" matches Interviews) opened a
    second palette before the command ran; the command's screen opened on top of it, the
    palette was stranded under it, and the next ctrl+p raised DuplicateIds. Replayed
    deterministically: the ctrl+p is queued just before the palette schedules the
    command, as when both keys arrive in one read."""
    app = MonkeyApp(repo, clock)
    schedule = app.call_later

    def typed_ahead(callback: Any, *args: Any, **kwargs: Any) -> bool:
        if not args and not kwargs and CommandPalette.is_open(app):  # type: ignore[arg-type]
            app.post_message(key_event("ctrl+p", app))
        return schedule(callback, *args, **kwargs)

    async with app.run_test() as pilot:
        await pilot.pause()
        await press_fast(pilot, ["ctrl+p", *query])
        monkeypatch.setattr(app, "call_later", typed_ahead)
        await press_fast(pilot, ["enter"])
        await pilot.pause()
        monkeypatch.setattr(app, "call_later", schedule)
        names = [type(s).__name__ for s in app.screen_stack]
        assert "InterviewsScreen" in names, names
        assert not any(isinstance(s, CommandPalette) for s in app.screen_stack[:-1]), names
        if CommandPalette.is_open(app):  # type: ignore[arg-type]
            await press_fast(pilot, ["escape"])  # the command ran first this time
        await press_fast(pilot, ["ctrl+p"])
        await app.keys_handled()  # a key may wait its turn (ui/keys.py) up to a second
        await pilot.pause()
        assert CommandPalette.is_open(app)  # type: ignore[arg-type]
        await press_fast(pilot, ["escape"])
        await app.keys_handled()
        await pilot.pause()
        assert type(app.screen).__name__ == "InterviewsScreen"
    assert app.errors == []


@pytest.mark.parametrize("size", [(12, 24), (10, 4), (1, 1)])
async def test_rejection_list_in_a_terminal_a_few_columns_wide(
    size: tuple[int, int], clock: FixedClock, data_dir: Path
) -> None:
    """With interviews to choose from, `r` in a terminal 12 columns wide or less raised
    ValueError (Textual wrapping an option into zero columns)."""
    repo = make_repo("demo", data_dir, clock)
    app = MonkeyApp(repo, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await press_fast(pilot, ["r"])
        await pilot.pause()
        assert type(app.screen).__name__ == "LogRejectionScreen"
        await press_fast(pilot, ["down", "escape"])
        await pilot.pause()
    assert app.errors == []
    repo.close()


@pytest.mark.parametrize("keys", [["h"], ["i"]])
async def test_palette_back_command_of_a_screen(
    keys: list[str], repo: Repository, clock: FixedClock
) -> None:
    """Screens whose Back binding is `app.pop_screen` offered "Back" in the palette as
    `screen.app.pop_screen`: choosing it raised ActionError."""
    app = MonkeyApp(repo, clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        await press_fast(pilot, keys)
        await pilot.pause()
        before = [type(s).__name__ for s in app.screen_stack]
        await press_fast(pilot, ["ctrl+p", *"back"])
        await pilot.pause(0.3)  # the palette searches on a worker
        await press_fast(pilot, ["enter"])  # the best match; "Backups" comes after it
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack] == before[:-1]
    assert app.errors == []


@pytest.mark.parametrize("size", [(1, 1), (10, 4)])
async def test_pagedown_in_the_starter_bank_of_a_tiny_terminal(
    size: tuple[int, int], repo: Repository, clock: FixedClock
) -> None:
    """pageup/pagedown in a list with no size yet raised KeyError (Textual's OptionList
    maps options to lines only once laid out)."""
    app = MonkeyApp(repo, clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert type(app.screen).__name__ == "StarterBankScreen"
        await press_fast(pilot, ["pagedown", "pageup", "pagedown", "escape"])
        await pilot.pause()
    assert app.errors == []
