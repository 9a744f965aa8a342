"""The card browser (issue 12, Deliver 10): filters (due today, new, learning, leech,
suspended, buried, a tag, a kind) that combine with the search, sorts, and changes to many
marked cards at once (tag, untag, suspend, unbury, reset, delete), each one write and each
undone by u, exactly."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.codec import to_record
from rebound_tui.domain.models import Card, Review
from rebound_tui.domain.scheduling import make_scheduler, retrievability
from rebound_tui.services import cards
from rebound_tui.services.cards import CardView
from rebound_tui.store.journal import Journal
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.confirm import ConfirmScreen
from rebound_tui.ui.screens.cards import CardsScreen
from tests.factories import bare_cards
from tests.helpers import open_repo, toasts
from tests.test_literal_text import screen_text
from tests.test_rebound_story import type_text

SIZE = (80, 24)


def seen(card_id: str, now: Any, *, days: float, due: timedelta, **fields: Any) -> Card:
    """A card reviewed `days` ago, due `due` from now."""
    return Card(
        id=card_id,
        question=f"Question {card_id}",
        state=fields.pop("state", 2),
        step=fields.pop("step", None),
        stability=fields.pop("stability", 5.0),
        difficulty=5.0,
        last_review=now - timedelta(days=days),
        due=now + due,
        reps=3,
        created_at=now - timedelta(days=30),
        **fields,
    )


def deck(repo: Repository, clock: FixedClock) -> dict[str, Card]:
    """One card of every sort. It is 16:00 in Berlin; the drill day ends at 04:00."""
    now = clock.now()
    made = [
        Card(
            id="new",
            question="Question new",
            tags=("sql",),
            kind="technical",
            created_at=now - timedelta(days=1),
            due=now,
        ),
        seen("due", now, days=5, due=-timedelta(hours=2), kind="technical", lapses=1),
        seen("later", now, days=20, due=timedelta(days=10), stability=30.0, tags=("sql",)),
        seen("learn", now, days=0.05, due=timedelta(minutes=10), state=1, step=0),
        seen("tonight", now, days=2, due=timedelta(hours=9), stability=2.0),
        seen("leech", now, days=3, due=-timedelta(days=1), leech=True, lapses=8),
        seen("susp", now, days=4, due=-timedelta(hours=1), suspended=True),
        seen(
            "buried", now, days=4, due=-timedelta(hours=1), buried_until=now + timedelta(hours=5)
        ),
    ]
    repo.cards.put_many(made)
    return {c.id: c for c in made}


def shown(app: ReboundApp) -> list[str]:
    """The ids of the rows shown, top to bottom."""
    return [str(row.key.value) for row in app.screen.query_one(DataTable).ordered_rows]


def title(app: ReboundApp) -> str:
    """The table's border title as it reads on screen."""
    return Content.from_markup(app.screen.query_one(DataTable).border_title or "").plain


async def pick(pilot: Pilot[Any], label: str) -> None:
    """Choose `label` in the open picker."""
    options = pilot.app.screen.query_one(OptionList)
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    options.highlighted = labels.index(label)
    await pilot.press("enter")
    await pilot.pause()


async def open_cards(pilot: Pilot[Any]) -> None:
    await pilot.press("k")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CardsScreen)


# -- the view ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "ids"),
    [
        ("due", {"due", "learn", "tonight", "leech"}),
        ("new", {"new"}),
        ("learning", {"learn"}),
        ("leech", {"leech"}),
        ("suspended", {"susp"}),
        ("buried", {"buried"}),
        ("all", {"new", "due", "later", "learn", "tonight", "leech", "susp", "buried"}),
    ],
)
def test_each_filter_shows_its_cards(
    repo: Repository, clock: FixedClock, status: Any, ids: set[str]
) -> None:
    deck(repo, clock)
    assert {c.id for c in cards.browse(repo, CardView(status=status))} == ids


def test_filters_kind_tag_and_search_combine(repo: Repository, clock: FixedClock) -> None:
    deck(repo, clock)
    assert [c.id for c in cards.browse(repo, CardView(status="due", kind="technical"))] == ["due"]
    assert {c.id for c in cards.browse(repo, CardView(tag="sql"))} == {"new", "later"}
    assert [c.id for c in cards.browse(repo, CardView(tag="sql", search="NEW"))] == ["new"]
    assert cards.browse(repo, CardView(status="suspended", tag="sql")) == []


def test_sorts_put_cards_never_reviewed_last(repo: Repository, clock: FixedClock) -> None:
    made = deck(repo, clock)
    now = clock.now()

    def order(how: Any) -> list[str]:
        return [c.id for c in cards.browse(repo, CardView(order=how))]

    assert order("due")[-1] == "new" and order("due")[0] == "leech"
    assert order("lapses")[:2] == ["leech", "due"]
    assert order("last_review")[0] == "learn" and order("last_review")[-1] == "new"
    assert order("question") == sorted(made, key=lambda i: made[i].question.casefold())
    assert order("created")[0] == "new"
    scheduler = make_scheduler(repo.settings())
    weakest = order("weakest")
    recall = [retrievability(made[i], now, scheduler) for i in weakest[:-1]]
    assert recall == sorted(recall) and weakest[-1] == "new"


async def test_filter_and_sort_from_the_keyboard(data_dir: Path, clock: FixedClock) -> None:
    """Due today, then weakest first, then technical only, then a search; every part shows
    in the table's title; 'Every card' clears the filters and keeps the sort."""
    repo = open_repo(data_dir, clock)
    made = deck(repo, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_cards(pilot)
        assert title(app) == "Every card · newest first"
        await pilot.press("F")
        await pick(pilot, "Due today")
        assert set(shown(app)) == {"due", "learn", "tonight", "leech"}
        assert title(app) == "Due today · newest first"

        await pilot.press("o")
        await pick(pilot, "Weakest first")
        scheduler = make_scheduler(repo.settings())
        recall = [retrievability(made[i], clock.now(), scheduler) for i in shown(app)]
        assert recall == sorted(recall)
        assert "Due today · weakest first" in screen_text(app)

        await pilot.press("f")  # behavioural only
        await pilot.pause()
        assert title(app) == "Due today · behavioural only · weakest first"
        await pilot.press("f")  # technical only
        await pilot.pause()
        assert shown(app) == ["due"]
        await pilot.press("f", "f")  # skills, then every kind
        await pilot.press("slash")
        await type_text(pilot, "leech")
        await pilot.press("enter")
        await pilot.pause()
        assert shown(app) == ["leech"]
        assert "1 of 8 cards" in screen_text(app)

        await pilot.press("F")
        await pick(pilot, "Tag: sql")
        assert shown(app) == []  # due today, tagged sql, and "leech" in it: none
        await pilot.press("F")
        await pick(pilot, "Every card (no filter)")
        assert title(app) == "Every card · weakest first"
        assert shown(app) == ["leech"]  # the search stays


async def test_a_choice_in_a_picker_reads_the_cards_once(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The picker's answer reloads the list; coming back from the picker does not read
    it all again (on ten years of cards each reading is tens of milliseconds)."""
    repo = open_repo(data_dir, clock)
    deck(repo, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_cards(pilot)
        reads: list[CardView] = []
        browse = cards.browse
        monkeypatch.setattr(
            cards, "browse", lambda repo, view: reads.append(view) or browse(repo, view)
        )
        for key, label in (("o", "Weakest first"), ("F", "Due today")):
            reads.clear()
            await pilot.press(key)
            await pick(pilot, label)
            await pilot.pause()
            assert len(reads) == 1, reads
        assert title(app) == "Due today · weakest first"


# -- marks and changes to many cards ---------------------------------------------------
async def test_suspend_the_marked_cards_then_undo(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(bare_cards(clock.now(), 4))
    before = {c.id: to_record(c) for c in repo.cards.all()}
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_cards(pilot)
        first, second, third, _ = shown(app)
        await pilot.press("space", "j", "space")  # mark the first and the third
        await pilot.pause()
        assert "2 marked" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert {c.id for c in repo.cards.all() if c.suspended} == {first, third}
        assert "Suspended 2 cards. u undoes it." in toasts(app)
        await pilot.press("s")  # both suspended already: s unsuspends them
        await pilot.pause()
        assert not any(c.suspended for c in repo.cards.all())
        await pilot.press("u", "u")
        await pilot.pause()
        assert "Undone: suspended 2 cards." in toasts(app)
        assert {c.id: to_record(c) for c in repo.cards.all()} == before
        await pilot.press("c", "j", "s")  # no marks: the card under the cursor
        await pilot.pause()
        assert [c.id for c in repo.cards.all() if c.suspended] == [second]


async def test_delete_many_then_undo_brings_them_back(data_dir: Path, clock: FixedClock) -> None:
    """Deleting every card shown asks first; u brings them back with their ids and every
    field; their reviews were never touched."""
    repo = open_repo(data_dir, clock)
    made = deck(repo, clock)
    review = Review(id="r1", card_id="leech", rating=1, reviewed_at=clock.now(), state_before=2)
    repo.reviews.put(review)
    before = {c.id: to_record(c) for c in repo.cards.all()}
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_cards(pilot)
        await pilot.press("F")
        await pick(pilot, "Due today")
        await pilot.press("asterisk", "D")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete 4 marked cards?" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert {c.id for c in repo.cards.all()} == set(made) - {"due", "learn", "tonight", "leech"}
        assert shown(app) == []
        assert "Deleted 4 cards. u undoes it." in toasts(app)
        assert repo.reviews.all() == [review]
        await pilot.press("u")
        await pilot.pause()
        assert {c.id: to_record(c) for c in repo.cards.all()} == before
        assert set(shown(app)) == {"due", "learn", "tonight", "leech"}
    reopened = Repository.open(data_dir, clock)
    assert {c.id: to_record(c) for c in reopened.cards.all()} == before


async def test_tag_and_untag_the_marked_cards(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(bare_cards(clock.now(), 3))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_cards(pilot)
        ids = shown(app)
        await pilot.press("space", "space", "t")
        await pilot.pause()
        await type_text(pilot, "onsite [b]")
        await pilot.press("enter")
        await pilot.pause()
        tagged = {c.id for c in repo.cards.all() if "onsite [b]" in c.tags}
        assert tagged == set(ids[:2])
        assert "Tagged 2 cards “onsite [b]”. u undoes it." in toasts(app)
        await pilot.press("T")
        await pick(pilot, "onsite [b]")
        assert not any(c.tags for c in repo.cards.all())
        await pilot.press("u")
        await pilot.pause()
        assert {c.id for c in repo.cards.all() if c.tags == ("onsite [b]",)} == set(ids[:2])
        await pilot.press("F")
        await pick(pilot, "Tag: onsite [b]")
        assert sorted(shown(app)) == sorted(ids[:2])
        assert title(app) == "tag onsite [b] · newest first"


async def test_unbury_and_reset_are_undone_too(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    made = deck(repo, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_cards(pilot)
        await pilot.press("F")
        await pick(pilot, "Buried")
        await pilot.press("b")
        await pilot.pause()
        assert repo.cards.get("buried").buried_until is None  # type: ignore[union-attr]
        assert shown(app) == []  # no longer buried: out of this filter
        await pilot.press("u")
        await pilot.pause()
        assert repo.cards.get("buried") == made["buried"]
        await pilot.press("F")
        await pick(pilot, "Keeps slipping")
        await pilot.press("R", "y")
        await pilot.pause()
        assert repo.cards.get("leech").is_new  # type: ignore[union-attr]
        await pilot.press("u")
        await pilot.pause()
        assert to_record(repo.cards.get("leech")) == to_record(made["leech"])


async def test_escape_clears_the_marks_before_it_leaves(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(bare_cards(clock.now(), 2))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_cards(pilot)
        await pilot.press("asterisk")
        await pilot.pause()
        assert "2 marked" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CardsScreen) and "marked" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CardsScreen)


# -- the service: one write, undo never overwrites later changes ------------------------
def test_a_change_to_many_cards_is_one_write(
    repo: Repository, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Twenty cards lie in several shards: one journal commits them all together."""
    repo.cards.put_many(bare_cards(clock.now(), 20))
    ids = [c.id for c in repo.cards.all()]
    assert len({repo.cards.spec.files.path_of(c) for c in repo.cards.all()}) > 1
    journals: list[object] = []
    real = Journal.write

    def counted(self: Journal, payloads: Any) -> None:
        journals.append(payloads)
        real(self, payloads)

    monkeypatch.setattr(Journal, "write", counted)
    change = cards.delete_cards(repo, ids)
    assert len(journals) == 1 and change.changed == 20 and repo.cards.all() == []
    assert cards.undo_change(repo, change) is None
    assert len(journals) == 2 and len(repo.cards.all()) == 20


def test_undo_refuses_once_a_card_changed_since(repo: Repository, clock: FixedClock) -> None:
    """A rating or an edit made after a change is never undone with it."""
    repo.cards.put_many(bare_cards(clock.now(), 2))
    change = cards.suspend_cards(repo, ["c0", "c1"], True)
    edited = repo.cards.get("c1")
    assert edited is not None
    cards.save_card(repo, Card(**{**edited.__dict__, "question": "edited"}))
    assert cards.undo_change(repo, change) == "Not undone: 2 cards changed since."
    assert all(c.suspended for c in repo.cards.all())


def test_a_change_that_changes_nothing_is_not_undoable(
    repo: Repository, clock: FixedClock
) -> None:
    repo.cards.put_many(bare_cards(clock.now(), 2))
    assert cards.unbury_cards(repo, ["c0", "c1", "gone"]).changed == 0
    assert cards.untag_cards(repo, ["c0"], "nope").changed == 0


def test_searches_over_the_kept_deck_find_what_a_fresh_read_finds(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The deck is read, sorted and made searchable once, and kept while the card files
    stay as they were: each letter of a search filters the kept list. A card written
    since (here, or by another session) is there at the next search."""
    from rebound_tui.store.repository import Repository

    repo = open_repo(data_dir, clock)
    repo.cards.put_many(bare_cards(clock.now(), 40))
    reads: list[object] = []
    read = repo.cards.all
    monkeypatch.setattr(repo.cards, "all", lambda: reads.append(1) or read())
    typed = ["q", "q1", "Q3", "q39", "zzz", "", "  Q2 "]
    for query in typed:
        assert cards.browse(repo, CardView(search=query)) == _fresh(repo, query), query
    assert len(reads) == 1
    other = Repository.open(data_dir, clock)  # another session adds a card
    other.cards.put(Card(id="late", question="Question late", created_at=clock.now()))
    assert [c.id for c in cards.browse(repo, CardView(search="late"))] == ["late"]
    repo.cards.put(Card(id="later", question="Question later", created_at=clock.now()))
    assert [c.id for c in cards.browse(repo, CardView(search="late"))] == ["later", "late"]
    assert len(reads) == 3


def _fresh(repo: Repository, query: str) -> list[Card]:
    """What the browser lists for `query`, worked out from every card read anew."""
    needle = query.strip().lower()
    found = [
        c
        for c in repo.cards.select(lambda doc: True)
        if needle in f"{c.question}\n{c.answer}\n{' '.join(c.tags)}".lower()
    ]
    return sorted(found, key=lambda c: (c.created_at, c.id), reverse=True)


async def test_a_search_in_a_deck_of_thousands_counts_with_separators(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(bare_cards(clock.now(), 1_200))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k", "slash")
        await type_text(pilot, "q")
        await pilot.pause()
        assert "1,200 of 1,200 cards" in screen_text(app)
