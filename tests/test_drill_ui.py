"""The drill screen, by keys: rate, undo, rate again, quit, relaunch."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.codec import to_record
from rebound_tui.domain.models import Card
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.leech import LeechScreen
from rebound_tui.ui.screens.cards import CardsScreen
from rebound_tui.ui.screens.drill import DrillScreen
from rebound_tui.ui.screens.home import HomeScreen
from tests.factories import drill_cards
from tests.helpers import open_repo

SIZE = (80, 24)


def seed_cards(repo: Repository, clock: FixedClock) -> None:
    repo.cards.put_many(drill_cards(clock.now(), 4))


def snapshot_of(repo: Repository) -> tuple[list[dict[str, object]], list[tuple[object, ...]]]:
    cards = sorted((to_record(c) for c in repo.cards.all()), key=lambda c: str(c["id"]))
    reviews = sorted(
        (r.card_id, r.rating, r.reviewed_at, r.state_before) for r in repo.reviews.all()
    )
    return cards, reviews  # type: ignore[return-value]


async def test_drill_three_undo_two_rate_again_and_relaunch(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    seed_cards(repo, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert isinstance(app.screen, DrillScreen)
        for rating in ("3", "4", "1"):  # three cards
            clock.advance(seconds=20)
            await pilot.press("space", rating)
        assert len(repo.reviews.all()) == 3
        await pilot.press("u", "u")  # take back Easy and Again
        assert [r.card_id for r in repo.reviews.all()] == ["c0"]
        assert app.screen.session.current.id == "c1"  # type: ignore[attr-defined, union-attr]
        clock.advance(seconds=20)
        await pilot.press("space", "2")  # c1 again, now Hard
        clock.advance(seconds=20)
        await pilot.press("space", "3")  # c2, Good
        expected = snapshot_of(repo)
        await pilot.press("q")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("q")
    # Relaunch: exactly as the last ratings left them.
    again = Repository.open(data_dir, clock)
    assert snapshot_of(again) == expected
    cards, reviews = expected
    assert [(r[0], r[1]) for r in reviews] == [("c0", 3), ("c1", 2), ("c2", 3)]
    by_id = {c["id"]: c for c in cards}
    assert by_id["c3"]["last_review"] is None
    assert by_id["c1"]["reps"] == 1


async def test_suspend_bury_and_edit_from_the_drill(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    seed_cards(repo, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "s")
        assert repo.cards.get("c0").suspended  # type: ignore[union-attr]
        await pilot.press("b")
        assert repo.cards.get("c1").buried_until is not None  # type: ignore[union-attr]
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#card-answer").load_text("A better answer")  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert repo.cards.get("c2").answer == "A better answer"  # type: ignore[union-attr]
        await pilot.press("space")
        assert "A better answer" in str(app.screen.query_one("#drill-answer").render())
        await pilot.press("t")
        assert "say it out loud" in str(app.screen.query_one("#drill-timer").render())


async def test_a_leech_asks_to_be_rewritten(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put(
        Card(
            id="leech",
            question="Describe everything about your last job",
            state=2,
            step=None,
            stability=2.0,
            difficulty=9.0,
            due=clock.now(),
            lapses=7,
            reps=15,
            last_review=clock.now() - timedelta(days=2),
        )
    )
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "space", "1")
        await pilot.pause()
        assert isinstance(app.screen, LeechScreen)
        await pilot.press("s")
        await pilot.pause()
        card = repo.cards.get("leech")
        assert card is not None and card.leech and card.suspended and "leech" in card.tags


async def test_starter_bank_adds_only_what_is_picked(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k")
        assert isinstance(app.screen, CardsScreen)
        await pilot.press("n")
        await pilot.pause()
        assert repo.cards.all() == []
        await pilot.press("space", "j", "j", "space", "enter")
        await pilot.pause()
        questions = sorted(c.question for c in repo.cards.all())
        assert questions == [
            "Walk me through your background.",
            "What made you start looking for a new role?",
        ]
        assert all(c.source == "starter" and c.hint for c in repo.cards.all())


async def test_search_in_the_card_list(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    seed_cards(repo, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k", "slash")
        await pilot.press("2", "enter")
        from textual.widgets import DataTable

        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        assert str(table.get_row_at(0)[0]) == "Question 2"
        await pilot.press("enter")
        await pilot.pause()
        assert "Card history" in app.screen.title


def drill_app(data_dir: Path, clock: FixedClock) -> ReboundApp:
    repo = open_repo(data_dir, clock)
    seed_cards(repo, clock)
    repo.cards.put(
        Card(
            id="mature",
            question="Why should we hire you?",
            answer="Three things",
            state=2,
            step=None,
            stability=12.0,
            difficulty=4.0,
            due=clock.now() - timedelta(hours=2),
            reps=6,
            last_review=clock.now() - timedelta(days=12),
            tags=("closing",),
        )
    )
    return ReboundApp(repo, clock)


def test_drill_question_side(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    assert snap_compare(drill_app(data_dir, clock), press=["d"], terminal_size=(80, 24))


def test_drill_answer_side_with_intervals(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    async def reveal(pilot: Pilot[object]) -> None:
        random.seed(2026)  # fsrs fuzzes review intervals with the global random
        await pilot.press("d", "space")

    assert snap_compare(drill_app(data_dir, clock), run_before=reveal, terminal_size=(80, 24))


def test_card_browser(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    assert snap_compare(drill_app(data_dir, clock), press=["k"], terminal_size=(80, 24))


def test_drill_stats(snap_compare, data_dir: Path, clock: FixedClock) -> None:
    assert snap_compare(drill_app(data_dir, clock), press=["k", "S"], terminal_size=(80, 24))


async def test_drilling_leaves_no_old_footer_keys_behind(
    data_dir: Path, clock: FixedClock
) -> None:
    """Each card changes the footer's keys (Show answer, then the ratings). Textual binds
    every key it mounts to the footer's `compact` and lets go of those bindings only when
    `compact` changes, which it never does: the keys removed stayed alive, a few more with
    every card (memory that grew through a served session's drill)."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 8))
    app = ReboundApp(repo, clock, start="drill")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(6):
            await pilot.press("space")
            await pilot.pause()
            await pilot.press("3")
            await pilot.pause()
        footer = app.screen.query_one(Footer)
        bound = [node for node, _ in getattr(footer, "__watchers", {}).get("compact", [])]
        mounted = list(footer.query(FooterKey))
        assert bound and all(node in mounted for node in bound)
    repo.close()


async def test_each_card_shown_has_its_ratings_writes_worked_out_ahead(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rebound_tui.services.drill import DrillSession
    from rebound_tui.ui.screens import drill

    prepared: list[str] = []
    monkeypatch.setattr(
        DrillSession, "prepare_rating", lambda self: prepared.append(self.current.id)
    )
    monkeypatch.setattr(drill, "PREPARE_AFTER", 0.01)
    repo = open_repo(data_dir, clock)
    seed_cards(repo, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause(0.1)
        await pilot.press("space")  # the same card, its answer shown: nothing again
        await pilot.pause(0.1)
        await pilot.press("3")
        await pilot.pause(0.1)
    assert prepared == ["c0", "c1"]


async def test_rebound_drill_opens_on_the_queue_it_was_handed(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rebound_tui.services import drill
    from rebound_tui.services.queue import starting_queue

    repo = open_repo(data_dir, clock)
    seed_cards(repo, clock)
    start = starting_queue(repo)
    worked_out: list[object] = []
    monkeypatch.setattr(drill, "todays_queue", lambda *a, **k: worked_out.append(a))
    app = ReboundApp(repo, clock, start="drill", queue=start)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen)
        assert app.screen.session.queue is start.queue
        assert worked_out == []


async def test_the_drills_footer_changes_its_keys_in_place_as_a_rebuild_would_show_them(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each card changes the footer's keys. They are changed in place (spare keys hidden,
    none mounted once there are enough, no rebuild), in the frame the card changes in,
    and the keys shown are, in order, those a footer built afresh shows."""
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    from rebound_tui.ui.widgets.footer import QuietFooter

    rebuilt: list[object] = []
    rebuild = Footer.recompose

    async def counted(self: Footer) -> None:
        rebuilt.append(self)
        await rebuild(self)

    monkeypatch.setattr(Footer, "recompose", counted)
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(drill_cards(clock.now(), 8))
    app = ReboundApp(repo, clock, start="drill")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(QuietFooter)
        rebuilt.clear()  # its first keys, built when the screen's bindings were ready

        def shown() -> list[tuple[str, str]]:
            return [
                (key.key, key.description)
                for key in footer.query(FooterKey)
                if not key.has_class("-spare") and not key.has_class("-command-palette")
            ]

        def afresh() -> list[tuple[str, str]]:
            """As Footer.compose lists them: the first binding of each action shown."""
            first: dict[str, tuple[str, str]] = {}
            for active in app.screen.active_bindings.values():
                shows = active.binding
                if shows.show:
                    first.setdefault(shows.action, (shows.key, shows.description))
            return list(first.values())

        seen: set[tuple[tuple[str, str], ...]] = set()
        for key in ["space", "3"] * 4 + ["u", "space", "1"]:
            await pilot.press(key)
            await pilot.pause()
            assert shown() == afresh(), key
            seen.add(tuple(shown()))
        assert len(seen) >= 3  # question side, answer side, and Undo come and gone
        assert rebuilt == []
        assert len(footer.query(FooterKey)) <= max(map(len, seen)) + 1  # the palette's
    repo.close()
