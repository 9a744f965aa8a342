"""`rebound status` shows the figures it last worked out while they hold
(`services.status_snapshot`): at any moment, and after any write, what it prints is
what working them out again from the records gives."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rebound_tui.cli import build_parser, main, plain_args
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import CheckIn, FeedbackRequest, Rebound, Review
from rebound_tui.domain.status import status_json, status_line
from rebound_tui.services import status_snapshot
from rebound_tui.services.overview import build_overview
from rebound_tui.store.locking import LOCK_NAME
from rebound_tui.store.repository import Repository
from rebound_tui.store.summaries import SUMMARY_DIR
from tests.factories import drill_cards
from tests.helpers import START, open_repo
from tests.test_drill_counts import World, card_sets

SNAPSHOT = Path(SUMMARY_DIR) / status_snapshot.NAME


def status(data_dir: Path, now: datetime, *options: str, code: int = 0) -> tuple[str, str]:
    """What `rebound status` prints at `now` (run in this process): out, err."""
    out, err = io.StringIO(), io.StringIO()
    with (
        pytest.MonkeyPatch.context() as patch,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        patch.setenv("REBOUND_FAKE_NOW", now.isoformat())
        assert main(["status", *options, "--data-dir", str(data_dir)]) == code
    return out.getvalue(), err.getvalue()


def truth(data_dir: Path, now: datetime) -> tuple[dict[str, object], str]:
    """The figures worked out from the records at `now`, nothing kept consulted."""
    repo = Repository.open(data_dir, FixedClock(now), readonly=True)
    facts = build_overview(repo, now, True).facts
    repo.close()
    return status_json(facts), status_line(facts, now)


def shown(data_dir: Path, now: datetime) -> tuple[dict[str, object], str]:
    document = json.loads(status(data_dir, now, "--json")[0])
    return document, status(data_dir, now)[0].strip()


# -- the property: kept figures are never shown once they no longer hold -------------------
@given(
    world=card_sets(),
    follow_up_in=st.integers(-1, 3),
    practised=st.sets(st.integers(1, 9), max_size=5),
    steps=st.lists(st.integers(1, 36 * 60), min_size=1, max_size=6),
)
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
def test_status_at_any_later_moment_is_the_figures_worked_out_again(
    world: World, follow_up_in: int, practised: set[int], steps: list[int]
) -> None:
    now, day_settings, cards, introduced = world
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        repo = Repository.open(data_dir, FixedClock(now))
        repo.save_settings(replace(repo.settings(), **vars(day_settings)))
        repo.cards.put_many(cards)
        repo.reviews.put_many(introduced)
        repo.reviews.put_many(
            Review(id=f"p{d}", card_id="gone", rating=3, reviewed_at=now - timedelta(days=d))
            for d in practised
        )
        repo.checkins.put(CheckIn(id="k", at=now - timedelta(hours=5)))
        repo.rebounds.put(Rebound(id="b", interview_id="i", opened_at=now))
        repo.feedback_requests.put(
            FeedbackRequest(
                id="f",
                rebound_id="b",
                status="sent",
                follow_up_on=now.date() + timedelta(days=follow_up_in),
            )
        )
        repo.close()
        moment = now
        assert shown(data_dir, moment) == truth(data_dir, moment)
        for minutes in steps:  # kept at the first, then shown again or worked out again
            moment += timedelta(minutes=minutes)
            assert shown(data_dir, moment) == truth(data_dir, moment), moment


# -- writes, copies and odd files ----------------------------------------------------------
@pytest.fixture
def filled(data_dir: Path, clock: FixedClock) -> Path:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 4))
    repo.checkins.put(CheckIn(id="k", at=clock.now() - timedelta(hours=2)))
    repo.close()
    return data_dir


def test_figures_are_kept_and_shown_again(filled: Path, clock: FixedClock) -> None:
    first = shown(filled, clock.now())
    assert (filled / SNAPSHOT).is_file()
    kept = json.loads((filled / SNAPSHOT).read_text())
    assert kept["facts"][0] == 4  # four new cards to drill
    assert shown(filled, clock.now() + timedelta(minutes=1)) == first
    # Only the time since the last check-in moves within the day.
    later = shown(filled, clock.now() + timedelta(hours=3))
    assert "last check-in 5 h ago" in later[1]


def test_a_write_by_another_process_is_seen_at_once(filled: Path, clock: FixedClock) -> None:
    before = shown(filled, clock.now())[0]["to_drill"]
    repo = Repository.open(filled, clock)
    repo.cards.put(replace(drill_cards(clock.now(), 1)[0], id="more"))
    repo.close()
    document, line = shown(filled, clock.now())
    assert document["to_drill"] == before + 1 == 5
    assert (document, line) == truth(filled, clock.now())


def test_a_copied_data_directory_works_its_figures_out_again(
    filled: Path, clock: FixedClock, tmp_path: Path
) -> None:
    import shutil

    shown(filled, clock.now())
    kept = json.loads((filled / SNAPSHOT).read_text())
    kept["facts"][0] = 99  # were they trusted, the copy would say 99
    (filled / SNAPSHOT).write_text(json.dumps(kept))
    copy = tmp_path / "copy"
    shutil.copytree(filled, copy)
    assert shown(copy, clock.now()) == truth(copy, clock.now())


@pytest.mark.parametrize(
    "damage",
    [
        lambda kept: {**kept, "facts": kept["facts"][:-1]},
        lambda kept: {**kept, "facts": ["\x1b[31m", *kept["facts"][1:]]},
        lambda kept: {**kept, "facts": [*kept["facts"][:6], "\x1b]0;x\x07", *kept["facts"][7:]]},
        lambda kept: {**kept, "facts": [*kept["facts"][:7], "yesterday", *kept["facts"][8:]]},
        lambda kept: {**kept, "facts": [10**30, *kept["facts"][1:]]},
        lambda kept: {**kept, "facts": [True, *kept["facts"][1:]]},
        lambda kept: {**kept, "until": "2999-01-01T00:00:00"},
        lambda kept: {**kept, "version": "0.0.1"},
        lambda kept: {**kept, "format": 0},
        lambda kept: [kept],
    ],
)
def test_kept_figures_that_are_not_what_we_write_are_ignored(
    filled: Path, clock: FixedClock, damage: object
) -> None:
    shown(filled, clock.now())
    kept = json.loads((filled / SNAPSHOT).read_text())
    kept["facts"][0] = 99  # trusted, it would show
    assert callable(damage)
    (filled / SNAPSHOT).write_text(json.dumps(damage(kept)))
    out = status(filled, clock.now())[0]
    assert "\x1b" not in out and "\x07" not in out
    assert (json.loads(status(filled, clock.now(), "--json")[0]), out.strip()) == truth(
        filled, clock.now()
    )


def test_a_fifo_in_place_of_the_kept_figures_does_not_block(
    filled: Path, clock: FixedClock
) -> None:
    (filled / SUMMARY_DIR).mkdir(exist_ok=True)
    os.mkfifo(filled / SNAPSHOT)
    assert status(filled, clock.now())[0].strip() == truth(filled, clock.now())[1]


def test_kept_figures_hold_only_as_long_as_they_can(filled: Path, clock: FixedClock) -> None:
    """A clock put back, or a moment past the end of the drill day, works them out again."""
    shown(filled, clock.now())
    kept = json.loads((filled / SNAPSHOT).read_text())
    kept["facts"][0] = 99
    (filled / SNAPSHOT).write_text(json.dumps(kept))
    until = datetime.fromisoformat(kept["until"])
    for moment in (clock.now() - timedelta(seconds=1), until):
        assert shown(filled, moment) == truth(filled, moment)


def test_a_system_time_zone_that_changed_works_them_out_again(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rebound_tui.domain import days

    repo = Repository.open(data_dir, clock)
    repo.save_settings(replace(repo.settings(), timezone=""))  # the system's, as read
    repo.cards.put_many(drill_cards(clock.now(), 1))
    repo.close()
    monkeypatch.setattr(days, "detect_timezone", lambda: "Asia/Tokyo")
    shown(data_dir, clock.now())
    assert json.loads((data_dir / SNAPSHOT).read_text())["system_zone"] == "Asia/Tokyo"
    kept = json.loads((data_dir / SNAPSHOT).read_text())
    kept["facts"][0] = 99
    (data_dir / SNAPSHOT).write_text(json.dumps(kept))
    monkeypatch.setattr(days, "detect_timezone", lambda: "America/Los_Angeles")
    assert shown(data_dir, clock.now())[0]["to_drill"] == 1


def test_a_damaged_file_is_said_every_time_and_nothing_is_kept(
    filled: Path, clock: FixedClock
) -> None:
    shown(filled, clock.now())
    (filled / "checkins.json").write_text("{not json")
    kept = (filled / SNAPSHOT).read_bytes()
    for _ in range(2):
        out, err = status(filled, clock.now(), code=1)
        assert out == "" and err.count("\n") == 1 and "checkins.json is damaged" in err, err
    assert (filled / SNAPSHOT).read_bytes() == kept


def test_status_never_creates_a_data_directory(tmp_path: Path, clock: FixedClock) -> None:
    missing = tmp_path / "none"
    status(missing, clock.now())
    assert not missing.exists()


def test_the_names_it_skips_are_the_stores(filled: Path) -> None:
    assert status_snapshot.FOLDER == SUMMARY_DIR
    assert LOCK_NAME in status_snapshot.NOT_DATA
    from rebound_tui.store.backups import BACKUP_DIR

    assert BACKUP_DIR in status_snapshot.NOT_DATA


def test_kept_figures_are_shown_without_importing_the_store(
    filled: Path, clock: FixedClock
) -> None:
    """What makes it quick: with figures that hold, neither the store nor TinyDB, orjson,
    argparse or threading is imported."""
    shown(filled, clock.now())
    probe = (
        "import sys; from rebound_tui.cli import main; code = main(sys.argv[1:]); "
        "print(sorted(m for m in ('rebound_tui.store.storage', 'tinydb', 'orjson', "
        "'rebound_tui.services.overview', 'argparse', 'threading') if m in sys.modules), "
        "code)"
    )
    env = {**os.environ, "REBOUND_FAKE_NOW": clock.now().isoformat()}
    run = subprocess.run(
        [sys.executable, "-c", probe, "status", "--data-dir", str(filled)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert run.stdout.splitlines()[-1] == "[] 0", run.stdout
    assert run.stdout.startswith("Rebound: 4 cards to drill")


# -- the command line read without argparse --------------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["status", "--json"],
        ["--data-dir", "d", "status"],
        ["--data-dir", "d", "status", "--json"],
        ["status", "--data-dir", "d"],
        ["status", "--json", "--data-dir", "d"],
        ["status", "--data-dir", ""],
        ["status", "--data-dir", "-d"],
        ["--data-dir", "d", "status", "--data-dir", "e"],
        ["status", "--json", "--json"],
        ["--json", "status"],
        ["status", "extra"],
        ["status", "--help"],
        ["--version", "status"],
        ["status", "--data-dir"],
        ["status", "--data-dir=d"],
        ["status", "--js"],
        ["drill", "status"],
        ["--theme", "x", "status"],
        ["--no-mouse", "status"],
        [],
        ["--data-dir", "d"],
        ["--data-dir", "drill"],
        ["--data-dir", "status"],
        ["status", "--data-dir", "status"],
        ["drill"],
        ["--data-dir", "d", "drill"],
        ["drill", "--data-dir", "d"],
        ["drill", "--limit", "5"],
        ["drill", "--tag", "x"],
        ["drill", "drill"],
        ["--data", "d"],
        ["--data-dir", "d", "--data-dir", "e"],
        ["--theme", "x"],
        ["checkin"],
        ["--", "drill"],
    ],
)
def test_the_quick_reading_of_the_commands_run_most_is_argparses(argv: list[str]) -> None:
    quick = plain_args(argv)
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            parsed = vars(build_parser().parse_args(argv))
    except SystemExit:
        parsed = None
    if quick is not None:  # read without argparse: exactly what argparse reads
        assert vars(quick) == parsed
    elif argv in QUICK:
        pytest.fail(f"{argv} should be read quickly")


QUICK = (
    ["status"],
    ["status", "--json"],
    ["--data-dir", "d", "status"],
    [],
    ["--data-dir", "d"],
    ["drill"],
    ["drill", "--data-dir", "d"],
)


def test_kept_until_the_first_moment_the_figures_can_change(
    filled: Path, clock: FixedClock
) -> None:
    """At 16:00 in Berlin (drill days start at 04:00): until midnight there, when a
    follow-up can fall due; a learning card back at 17:10 brings it to then."""
    assert clock.now() == START
    shown(filled, clock.now())
    until = datetime.fromisoformat(json.loads((filled / SNAPSHOT).read_text())["until"])
    assert until == datetime(2026, 11, 26, 23, 0, tzinfo=UTC)
    repo = Repository.open(filled, clock)
    learning = replace(
        drill_cards(clock.now(), 1)[0],
        id="learning",
        state=1,
        step=0,
        stability=1.0,
        difficulty=5.0,
        due=START + timedelta(hours=1, minutes=10),
        last_review=START - timedelta(minutes=5),
    )
    repo.cards.put(learning)
    repo.close()
    assert "back later today (at 17:10)" in shown(filled, clock.now())[1]
    until = datetime.fromisoformat(json.loads((filled / SNAPSHOT).read_text())["until"])
    assert until == learning.due


def test_a_card_whose_burial_ends_today_counts_from_then(filled: Path, clock: FixedClock) -> None:
    repo = Repository.open(filled, clock)
    buried = START + timedelta(hours=2)
    repo.cards.put(replace(drill_cards(clock.now(), 1)[0], id="buried", buried_until=buried))
    repo.close()
    assert shown(filled, clock.now())[0]["to_drill"] == 4
    until = datetime.fromisoformat(json.loads((filled / SNAPSHOT).read_text())["until"])
    assert until == buried
    assert shown(filled, buried)[0]["to_drill"] == 5


async def test_home_keeps_the_figures_status_shows(filled: Path, clock: FixedClock) -> None:
    """Right after the app, `rebound status` answers from what home worked out."""
    from rebound_tui.ui.app import ReboundApp

    repo = Repository.open(filled, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
    repo.close()
    kept = json.loads((filled / SNAPSHOT).read_text())
    assert kept["state"] == status_snapshot.data_state(filled)
    assert status_snapshot.remembered(filled, clock.now()) is not None
    assert shown(filled, clock.now()) == truth(filled, clock.now())
