"""Home paints its figures in its first frame: the panels it showed last are kept beside
`rebound status`'s figures (`ui.home_panels.kept_form`) and shown again at the next start
while everything they depend on holds. At any moment, what is shown from them is what
working the panels out again from the records gives."""

from __future__ import annotations

import json
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.content import Content

from rebound_tui.domain.care import WEEK
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import CheckIn, FeedbackRequest, Interview, NextStep, Rebound
from rebound_tui.services import status_snapshot
from rebound_tui.services.overview import build_overview, build_overview_kept
from rebound_tui.store.repository import Repository
from rebound_tui.store.summaries import SUMMARY_DIR
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.home_panels import HomeTexts, kept_form, kept_texts, texts
from rebound_tui.ui.screens.home import HomeScreen
from rebound_tui.ui.text import from_kept, template, to_kept
from tests.factories import drill_cards
from tests.helpers import START, fresh_python, open_repo

SNAPSHOT = Path(SUMMARY_DIR) / status_snapshot.NAME


def worked_out(data_dir: Path, now: datetime) -> HomeTexts:
    """The panels worked out from the records at `now`, nothing kept consulted."""
    repo = Repository.open(data_dir, FixedClock(now), readonly=True)
    try:
        return texts(build_overview(repo, now), now)
    finally:
        repo.close()


def keep(data_dir: Path, now: datetime) -> None:
    """What home does once it has read the store at `now`."""
    repo = Repository.open(data_dir, FixedClock(now))
    try:
        build_overview_kept(repo, now, kept_form)
    finally:
        repo.close()


def from_file(data_dir: Path, now: datetime) -> HomeTexts | None:
    return kept_texts(status_snapshot.remembered_home(Kept(data_dir), now), now)


class Kept(NamedTuple):
    """A data directory, as `remembered_home` reads it (no store opened)."""

    data_dir: Path


# -- kept text: exactly what was shown, and nothing a changed file could slip in -----------
@given(st.text(max_size=40), st.text(max_size=40))
@settings(max_examples=200, deadline=None, database=None)
def test_kept_panels_show_exactly_what_they_kept(name: str, words: str) -> None:
    shown = template(
        "• $name  [dim]left at:[/] [b]$step[/]\n$words", name=name, step=words, words=words
    )
    kept = json.loads(json.dumps(to_kept(shown)))
    back = from_kept(kept)
    assert back is not None
    assert (back.plain, back.spans) == (shown.plain, shown.spans)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "text",
        ["text"],
        ["a\x1b[31mred", []],  # a control character: never shown from a file
        ["a\x9b", []],
        ["abc", [[0, 4, "b"]]],  # a span past the text
        ["abc", [[2, 1, "b"]]],
        ["abc", [[-1, 1, "b"]]],
        ["abc", [[0, 1, "link=https://example.com"]]],  # a style we never keep
        ["abc", [[0, 1, "@click=app.quit"]]],
        ["abc", [[True, 1, "b"]]],
        ["abc", [[0, 1.0, "b"]]],
        ["abc", [[0, 1]]],
        ["abc", "b"],
    ],
)
def test_kept_text_that_is_not_what_we_write_is_refused(value: object) -> None:
    assert from_kept(value) is None


def test_a_style_that_cannot_be_kept_keeps_nothing() -> None:
    assert to_kept(Content.from_markup("[red]x[/]")) is None


@pytest.mark.parametrize(
    "change",
    [
        {"practised": 8},
        {"practised": True},
        {"practised": "3"},
        {"mood": ["2026-11-26T13:00:00", "tired"]},  # no offset
        {"mood": ["yesterday", "tired"]},
        {"mood": ["2026-11-26T13:00:00+00:00", 3]},
        {"drill": ["a\x07", []]},
        {"hint": None},
    ],
)
def test_a_changed_kept_home_is_not_shown(
    filled: Path, clock: FixedClock, change: dict[str, object]
) -> None:
    keep(filled, clock.now())
    kept = status_snapshot.remembered_home(Kept(filled), clock.now())
    assert kept_texts(kept, clock.now()) == worked_out(filled, clock.now())
    assert kept_texts({**kept, **change}, clock.now()) is None


# -- the property ----------------------------------------------------------------------
@given(
    cards=st.integers(0, 6),
    checkins=st.lists(
        st.tuples(
            st.one_of(st.integers(-30 * 24, 0), st.integers(-7 * 24, -6 * 24), st.integers(1, 7)),
            st.booleans(),
        ),
        max_size=4,
    ),  # hours from now (some ahead of it, as another device's clock), and whether low
    steps_due=st.lists(st.one_of(st.none(), st.integers(-2, 3)), max_size=4),
    follow_up_in=st.one_of(st.none(), st.integers(-1, 3)),
    walk=st.lists(st.integers(1, 10 * 60), min_size=1, max_size=8),
)
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
def test_home_shown_from_kept_panels_is_home_worked_out_again(
    cards: int,
    checkins: list[tuple[int, bool]],
    steps_due: list[int | None],
    follow_up_in: int | None,
    walk: list[int],
) -> None:
    now = START
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        repo = open_repo(data_dir, FixedClock(now))
        repo.cards.put_many(drill_cards(now, cards))
        repo.interviews.put(Interview(id="i", company="Acme [b]Ltd[/b]", created_at=now))
        repo.rebounds.put(Rebound(id="b", interview_id="i", opened_at=now))
        repo.checkins.put_many(
            CheckIn(
                id=f"k{n}",
                at=now + timedelta(hours=hours),
                pleasantness=-3 if low else 2,
                words=("hopeless",) if low else ("calm",),
            )
            for n, (hours, low) in enumerate(checkins)
        )
        repo.next_steps.put_many(
            NextStep(
                id=f"s{n}",
                text=f"Step {n} \x1b[2J",
                due_on=None if due is None else date(2026, 11, 26) + timedelta(days=due),
                created_at=now,
            )
            for n, due in enumerate(steps_due)
        )
        if follow_up_in is not None:
            repo.feedback_requests.put(
                FeedbackRequest(
                    id="f",
                    rebound_id="b",
                    interview_id="i",
                    status="sent",
                    follow_up_on=now.date() + timedelta(days=follow_up_in),
                )
            )
        repo.close()
        moment = now
        keep(data_dir, moment)
        for minutes in walk:
            moment += timedelta(minutes=minutes)
            shown = from_file(data_dir, moment)
            if shown is None:
                keep(data_dir, moment)  # as home does at a start that finds none
            else:
                assert shown == worked_out(data_dir, moment), moment


# -- the app ---------------------------------------------------------------------------
@pytest.fixture
def filled(data_dir: Path, clock: FixedClock) -> Path:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 4))
    repo.checkins.put(CheckIn(id="k", at=clock.now() - timedelta(hours=2), words=("tired",)))
    repo.interviews.put(Interview(id="i", company="Acme", created_at=clock.now()))
    repo.rebounds.put(Rebound(id="b", interview_id="i", opened_at=clock.now()))
    repo.close()
    return data_dir


@asynccontextmanager
async def before_the_store_is_read(data_dir: Path, clock: FixedClock) -> AsyncIterator[ReboundApp]:
    """A command-line start, painted, with home's reading of the store held off."""
    repo = Repository.open(data_dir, clock)
    app = ReboundApp(repo, clock, load_in_background=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(HomeScreen, "_load_figures", lambda self: None)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            yield app
    repo.close()


async def first_frame(data_dir: Path, clock: FixedClock) -> dict[str, str]:
    """Home's panels as a command-line start shows them before the store is read."""
    async with before_the_store_is_read(data_dir, clock) as app:
        shown = {
            name: str(app.screen.query_one(f"#home-{name}").render())
            for name in ("drill", "mood", "rebounds")
        }
        shown["practised"] = str(app.screen.query_one("#home-drill").border_subtitle)
    return shown


async def test_a_start_paints_the_figures_home_kept(filled: Path, clock: FixedClock) -> None:
    before = await first_frame(filled, clock)
    assert before["drill"] == "…"  # nothing kept yet
    keep(filled, clock.now())
    clock.advance(timedelta(hours=1))
    shown = await first_frame(filled, clock)
    expected = worked_out(filled, clock.now())
    assert shown["drill"] == expected.drill.plain
    assert "4 cards to drill" in shown["drill"]
    assert shown["mood"] == expected.mood.plain
    assert "Last check-in 3 h ago" in shown["mood"]  # the time since, worked out now
    assert shown["rebounds"] == expected.rebounds.plain
    assert shown["practised"] == expected.practised


async def test_home_keeps_its_panels_once_it_has_read_the_store(
    filled: Path, clock: FixedClock
) -> None:
    repo = Repository.open(filled, clock)
    app = ReboundApp(repo, clock, load_in_background=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    repo.close()
    assert from_file(filled, clock.now()) == worked_out(filled, clock.now())


async def test_after_a_write_the_kept_panels_are_not_shown(
    filled: Path, clock: FixedClock
) -> None:
    keep(filled, clock.now())
    repo = Repository.open(filled, clock)
    repo.cards.put(replace(drill_cards(clock.now(), 1)[0], id="fifth"))
    repo.close()
    assert (await first_frame(filled, clock))["drill"] == "…"


def home_until(data_dir: Path) -> datetime:
    return datetime.fromisoformat(json.loads((data_dir / SNAPSHOT).read_text())["home"][1])


def test_the_care_card_is_kept_until_its_check_in_leaves_the_week(
    filled: Path, clock: FixedClock
) -> None:
    low = clock.now() - timedelta(minutes=5)
    repo = Repository.open(filled, clock)
    repo.checkins.put(CheckIn(id="low", at=low, pleasantness=-3, words=("hopeless",)))
    repo.close()
    keep(filled, clock.now())
    shown = from_file(filled, clock.now())
    assert shown is not None and shown.care
    assert home_until(filled) == datetime(2026, 11, 26, 23, 0, tzinfo=UTC)  # midnight
    # A week on, the other check-in (two hours older) has left the week: the low one
    # leaving it is the next change, and the card goes with it.
    keep(filled, low + WEEK - timedelta(hours=1))
    assert home_until(filled) == low + WEEK
    before = from_file(filled, low + WEEK - timedelta(seconds=1))
    assert before is not None and before.care
    assert from_file(filled, low + WEEK) is None
    keep(filled, low + WEEK + timedelta(seconds=1))
    after = from_file(filled, low + WEEK + timedelta(seconds=1))
    assert after is not None and not after.care


async def test_a_start_shows_the_kept_care_card(filled: Path, clock: FixedClock) -> None:
    from rebound_tui.ui.widgets.care_card import CareCard

    repo = Repository.open(filled, clock)
    repo.checkins.put(
        CheckIn(
            id="low", at=clock.now() - timedelta(minutes=5), pleasantness=-3, words=("hopeless",)
        )
    )
    repo.close()
    keep(filled, clock.now())
    async with before_the_store_is_read(filled, clock) as app:
        assert app.screen.query_one(CareCard).display


def test_a_check_in_dated_ahead_bounds_how_long_home_holds(
    filled: Path, clock: FixedClock
) -> None:
    """Another device's clock ahead: its very low check-in raises the care card once it
    is no longer in the future, so the kept panels hold until then (the status figures,
    which show no care card, longer)."""
    ahead = clock.now() + timedelta(minutes=20)
    repo = Repository.open(filled, clock)
    repo.checkins.put(CheckIn(id="ahead", at=ahead, pleasantness=-3, words=("hopeless",)))
    repo.close()
    keep(filled, clock.now())
    assert home_until(filled) == ahead
    assert from_file(filled, ahead - timedelta(seconds=1)) is not None
    assert from_file(filled, ahead) is None
    assert status_snapshot.remembered(filled, ahead) is not None


def test_more_check_ins_in_the_weeks_than_the_store_keeps_keep_no_home(
    filled: Path, clock: FixedClock
) -> None:
    from rebound_tui.store.indexes import NEWEST

    repo = Repository.open(filled, clock)
    repo.checkins.put_many(
        CheckIn(id=f"c{n}", at=clock.now() - timedelta(hours=1, minutes=n))
        for n in range(NEWEST + 1)
    )
    repo.close()
    keep(filled, clock.now())
    assert from_file(filled, clock.now()) is None
    assert status_snapshot.remembered(filled, clock.now()) is not None


async def test_a_start_from_kept_panels_still_reads_the_store_a_moment_later(
    filled: Path, clock: FixedClock
) -> None:
    """The kept panels let the first frame out; the store is then read as ever (its
    notices shown, the figures kept again for status)."""
    keep(filled, clock.now())
    repo = Repository.open(filled, clock)
    app = ReboundApp(repo, clock, load_in_background=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert texts(home.overview, clock.now()) == worked_out(filled, clock.now())
    repo.close()


async def test_a_start_from_kept_panels_is_done_once_they_are_painted(
    filled: Path, clock: FixedClock
) -> None:
    """The other screens are prepared from the first frame on (not only once the store
    has been read), as the content a start waits for is up."""

    keep(filled, clock.now())
    async with before_the_store_is_read(filled, clock) as app:
        assert app.preparer is not None


def test_the_start_path_makes_no_record_type(filled: Path) -> None:
    """The store opens and home paints its kept panels with the settings alone; a drill
    starts and builds its first card with the card records alone (`domain.card_records`):
    the dozen record dataclasses of `domain.models` are made once something reads one of
    them (in a fresh interpreter, as a start is)."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import rebound_tui.cli, rebound_tui.cli.app, rebound_tui.ui.app\n"
        "import rebound_tui.ui.screens.home, rebound_tui.services.status_snapshot\n"
        "from rebound_tui.domain.clock import clock_from_environment\n"
        "from rebound_tui.store.repository import Repository\n"
        "def made():\n"
        "    print([m in sys.modules for m in ('rebound_tui.domain.card_records',\n"
        "        'rebound_tui.domain.models')])\n"
        "repo = Repository.open(Path(sys.argv[1]), clock_from_environment(), check_files=False)\n"
        "repo.settings()\n"
        "made()\n"
        "import rebound_tui.ui.screens.drill\n"
        "from rebound_tui.services.drill import DrillSession\n"
        "from rebound_tui.services.queue import starting_queue\n"
        "session = DrillSession(repo, start=starting_queue(repo))\n"
        "assert session.current is not None\n"
        "made()\n"
        "repo.interviews.all()\n"
        "made()\n"
    )
    assert fresh_python(code, str(filled))[:3] == [
        "[False, False]",
        "[True, False]",
        "[True, True]",
    ]


async def test_a_home_with_no_care_card_due_mounts_none(data_dir: Path, clock: FixedClock) -> None:
    """The care card (and its button, whose styles are Textual's largest) is mounted only
    once it is due: a start that does not show it does not read them."""
    from textual.widgets import Button

    from rebound_tui.ui.widgets.care_card import CareCard

    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query(CareCard) and not app.screen.query(Button)
        assert app.screen.query_one("#home-drill").display
