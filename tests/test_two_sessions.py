"""Issue 13, item 2: two sessions of one user (a laptop and a phone over SSH, two local
terminals) on one data directory stay correct. A card rated in one is skipped in the
other, never rated twice from a stale copy; undo never restores a stale state; a letter
or a reflection typed in both places keeps both texts."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card, Interview, Rebound, Reflection
from rebound_tui.services import cards, feedback, interviews, reflections
from rebound_tui.services.drill import NOT_UNDONE, RATED_ELSEWHERE, DrillSession
from rebound_tui.services.versions import CONFLICT_NOTE, KEPT_MARK
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.drill import DrillScreen
from tests.factories import drill_cards
from tests.helpers import REPO_ROOT, open_repo

SIZE = (80, 24)


@pytest.fixture
def two(data_dir: Path, clock: FixedClock) -> Iterator[tuple[Repository, Repository]]:
    """Two repositories on one data directory, as two processes would have them, with
    ten cards due and room for all of them as new cards today."""
    first = open_repo(data_dir, clock)
    first.save_settings(replace(first.settings(), new_per_day=20))
    first.cards.put_many(drill_cards(clock.now(), 10))
    second = Repository.open(data_dir, clock)
    yield first, second
    first.close()
    second.close()


def reviews_by_card(repo: Repository) -> Counter[str]:
    return Counter(review.card_id for review in repo.reviews.all())


# -- ratings -------------------------------------------------------------------------
def test_a_card_rated_in_one_session_is_skipped_in_the_other(
    two: tuple[Repository, Repository],
) -> None:
    """Both show c0; the first rates it; the second's rating of its stale copy writes
    nothing, says so in one line, and shows the next card."""
    first, second = two
    a, b = DrillSession(first), DrillSession(second)
    assert a.current is not None and b.current is not None
    assert a.current.id == b.current.id == "c0"
    a.reveal()
    rated = a.rate(3)
    b.reveal()
    b.rate(1)  # from a copy shown before the first session's rating
    assert b.drain_notes() == [RATED_ELSEWHERE]
    assert reviews_by_card(first) == {"c0": 1}
    assert first.cards.get("c0") == rated  # scheduled from the first rating only
    assert b.current is not None and b.current.id != "c0"
    assert b.summary.reviews == 0


def test_the_drill_drops_a_card_rated_elsewhere_on_its_next_second(
    two: tuple[Repository, Repository],
) -> None:
    """The drill screen calls `refresh()` each second: the other session's rating is seen
    from the files' stats, and the card on screen goes."""
    first, second = two
    a, b = DrillSession(first), DrillSession(second)
    a.reveal()
    a.rate(3)
    assert b.current is not None and b.current.id == "c0"
    assert b.refresh() is True
    assert b.current is not None and b.current.id == "c1"
    assert b.drain_notes() == [RATED_ELSEWHERE]
    assert b.refresh() is False  # nothing new on disk: nothing rebuilt


def test_alternating_sessions_rate_each_card_once(two: tuple[Repository, Repository]) -> None:
    """The issue's story (alternating, 5 ratings each, 12 reviews for 6 cards), with each
    session's second passing between the ratings: one review a rating, each card once."""
    first, second = two
    sessions = [DrillSession(first), DrillSession(second)]
    for turn in range(10):
        session = sessions[turn % 2]
        session.refresh()
        assert session.current is not None
        session.reveal()
        session.rate(3)
    assert reviews_by_card(first) == {f"c{i}": 1 for i in range(10)}
    assert all(card.reps == 1 for card in first.cards.all())


def test_an_edit_elsewhere_is_kept_by_the_rating(two: tuple[Repository, Repository]) -> None:
    """Text edited on the other device is not a conflict: the rating keeps it."""
    first, second = two
    a = DrillSession(first)
    a.reveal()
    stored = second.cards.get("c0")
    assert stored is not None
    cards.save_card(second, replace(stored, question="Edited on the phone"))
    rated = a.rate(3)
    assert a.drain_notes() == []
    assert rated.question == "Edited on the phone" and rated.reps == 1
    assert first.cards.get("c0") == rated


def test_an_editor_saved_late_keeps_the_rating_made_meanwhile(
    two: tuple[Repository, Repository],
) -> None:
    """A card editor opened before a rating elsewhere saves its text, not its stale
    schedule."""
    first, second = two
    opened = second.cards.get("c0")
    assert opened is not None
    a = DrillSession(first)
    a.reveal()
    rated = a.rate(3)
    saved = cards.save_card(second, replace(opened, question="Reworded"))
    assert saved.question == "Reworded"
    assert (saved.reps, saved.due, saved.state) == (rated.reps, rated.due, rated.state)


def test_undo_refuses_when_the_other_session_rated_the_card_since(
    two: tuple[Repository, Repository], clock: FixedClock
) -> None:
    """The first rates Again; a minute later the second shows the card and rates Good.
    The first's undo would put back the card as it was before both: it refuses in one
    line, and the second's rating stays, with both reviews."""
    first, second = two
    a = DrillSession(first)
    a.reveal()
    a.rate(1)  # Again: back in a minute
    clock.advance(seconds=61)
    b = DrillSession(second)
    assert b.current is not None and b.current.id == "c0"
    b.reveal()
    after_b = b.rate(3)
    assert a.undo() is None
    assert a.drain_notes() == [NOT_UNDONE]
    assert first.cards.get("c0") == after_b
    assert reviews_by_card(first) == {"c0": 2}
    assert b.undo() is not None  # the second's own undo is exact: nothing came after it
    assert reviews_by_card(first) == {"c0": 1}


# -- two processes -----------------------------------------------------------------
class Driller:
    """`tests.workers.driller` in its own process: a drill driven line by line."""

    def __init__(self, data_dir: Path, clock: FixedClock) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.workers.driller",
                str(data_dir),
                clock.now().isoformat(),
            ],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, command: str) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def close(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("quit\n")
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()


def test_two_processes_alternating_write_one_review_per_rating(
    two: tuple[Repository, Repository], data_dir: Path, clock: FixedClock
) -> None:
    """Two drill processes rate in turn, five ratings each, never looking at the disk in
    between (no second passes): only ratings of a fresh copy are written, one review
    each, and no card is rated twice."""
    first, _ = two
    drills = [Driller(data_dir, clock), Driller(data_dir, clock)]
    try:
        answers = [drills[turn % 2].ask("rate 3") for turn in range(10)]
    finally:
        for drill in drills:
            drill.close()
    rated = [a.split()[1] for a in answers if a.startswith("rated")]
    skipped = [a.split()[1] for a in answers if a.startswith("skipped")]
    assert len(rated) + len(skipped) == 10 and skipped  # the stale copies were caught
    assert reviews_by_card(first) == Counter(rated)
    assert len(set(rated)) == len(rated)
    for card_id in rated:
        card = first.cards.get(card_id)
        assert card is not None and card.reps == 1


def test_two_processes_undo_after_the_other_rated_refuses(
    two: tuple[Repository, Repository], data_dir: Path, clock: FixedClock
) -> None:
    """The laptop rates c0 Again; a minute later the phone (another process) shows it and
    rates it Good; the laptop's undo refuses, and the phone's rating stands."""
    first, _ = two
    laptop = Driller(data_dir, clock)
    try:
        assert laptop.ask("rate 1") == "rated c0"  # Again: back in a minute
        phone = Driller(data_dir, FixedClock(clock.now() + timedelta(seconds=61)))
        try:
            assert phone.ask("show") == "shown c0"
            assert phone.ask("rate 3") == "rated c0"
        finally:
            phone.close()
        assert laptop.ask("undo") == "refused"
    finally:
        laptop.close()
    card = first.cards.get("c0")
    assert card is not None and card.reps == 2  # not put back to a stale copy
    assert reviews_by_card(first) == {"c0": 2}


# -- text typed in two places ------------------------------------------------------------
def _rebound(repo: Repository, clock: FixedClock) -> Rebound:
    repo.interviews.put(Interview(id="i1", company="Acme", created_at=clock.now()))
    return repo.rebounds.put(Rebound(id="r1", interview_id="i1", opened_at=clock.now()))


def test_a_letter_typed_on_two_devices_keeps_both_texts(
    two: tuple[Repository, Repository], clock: FixedClock
) -> None:
    first, second = two
    rebound = _rebound(first, clock)
    laptop_base = feedback.feedback_request_for(first, rebound)
    phone_base = feedback.feedback_request_for(second, rebound)
    assert laptop_base == phone_base
    clock.advance(seconds=5)
    phone = feedback.save_letter_body(second, phone_base, "Dear Ana, written on the phone.")
    assert phone.note == ""
    clock.advance(seconds=5)
    laptop = feedback.save_letter_body(first, laptop_base, "Dear Ana, typed on the laptop.")
    assert laptop.note == CONFLICT_NOTE
    body = laptop.record.body
    assert body.startswith("Dear Ana, typed on the laptop.")
    assert KEPT_MARK in body and "Dear Ana, written on the phone." in body
    stored = second.feedback_requests.get(laptop_base.id)
    assert stored is not None and stored.body == body
    # Typing on from the merged letter is an ordinary save again.
    again = feedback.save_letter_body(first, laptop.record, body + " More.")
    assert again.note == "" and again.record.body.endswith("More.")


def test_a_letter_edited_here_keeps_a_status_set_there(
    two: tuple[Repository, Repository], clock: FixedClock
) -> None:
    first, second = two
    rebound = _rebound(first, clock)
    base = feedback.feedback_request_for(first, rebound)
    feedback.set_feedback_status(second, base, "sent")
    saved = feedback.save_letter_body(first, base, "New words")
    assert saved.note == "" and saved.record.body == "New words"
    assert saved.record.status == "sent"
    # and a save of an unchanged letter takes the other's text, writing nothing
    phone = feedback.save_letter_body(second, base, base.body)
    assert phone.record.body == "New words"


def test_a_reflection_edited_in_two_places_merges_and_keeps_both(
    two: tuple[Repository, Repository], clock: FixedClock
) -> None:
    first, second = two
    base = first.reflections.put(
        Reflection(id="x1", rebound_id="r1", kind="tough", question="Why us?")
    )
    phone = reflections.save_reflection_edit(
        second, replace(base, task="Phone task", note="Phone note"), base
    )
    assert phone.note == ""
    laptop = reflections.save_reflection_edit(
        first, replace(base, action="Laptop action", note="Laptop note"), base
    )
    assert laptop.note == CONFLICT_NOTE
    saved = laptop.record
    assert (saved.task, saved.action) == ("Phone task", "Laptop action")
    assert saved.note.startswith("Laptop note") and "Phone note" in saved.note


def test_a_reflection_sent_to_drill_from_a_stale_copy_keeps_the_newer_text(
    two: tuple[Repository, Repository], clock: FixedClock
) -> None:
    first, second = two
    base = reflections.save_reflection(
        first, Reflection(id="x1", rebound_id="r1", kind="tough", question="Why us?")
    )
    clock.advance(seconds=5)
    reflections.save_reflection_edit(second, replace(base, result="Phone result"), base)
    linked, card = reflections.send_to_drill(first, base)
    assert linked.result == "Phone result" and "Phone result" in card.answer


def test_interview_notes_edited_in_two_places_keep_both(
    two: tuple[Repository, Repository], clock: FixedClock
) -> None:
    first, second = two
    base = interviews.save_interview(first, Interview(id="i1", company="Acme", notes="Met Ana."))
    clock.advance(seconds=5)
    phone = interviews.save_interview_edit(
        second, replace(base, notes="Met Ana. Ask about the team.", stage="onsite"), base
    )
    assert phone.note == ""
    laptop = interviews.save_interview_edit(
        first, replace(base, notes="Met Ana and Bo.", role="Engineer"), base
    )
    assert laptop.note == CONFLICT_NOTE
    saved = laptop.record
    assert (saved.stage, saved.role) == ("onsite", "Engineer")
    assert saved.notes.startswith("Met Ana and Bo.") and "Ask about the team." in saved.notes


# -- the app, twice ------------------------------------------------------------------------
async def _wait_until(pilot: Pilot[Any], check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.1)


def _shown(app: ReboundApp) -> Card | None:
    screen = app.screen
    return screen.session.current if isinstance(screen, DrillScreen) else None


async def test_two_apps_the_second_drops_a_card_the_first_rated(
    two: tuple[Repository, Repository], clock: FixedClock
) -> None:
    """Two Rebounds on one data directory, both drilling c0: the laptop rates it, and
    within a second the phone's drill shows c1 and says why."""
    first, second = two
    laptop, phone = ReboundApp(first, clock), ReboundApp(second, clock)
    async with phone.run_test(size=SIZE) as phone_pilot:
        await phone_pilot.press("d")
        await _wait_until(phone_pilot, lambda: _shown(phone) is not None)
        card = _shown(phone)
        assert card is not None and card.id == "c0"
        async with laptop.run_test(size=SIZE) as laptop_pilot:
            await laptop_pilot.press("d")
            await _wait_until(laptop_pilot, lambda: _shown(laptop) is not None)
            card = _shown(laptop)
            assert card is not None and card.id == "c0"
            await laptop_pilot.press("space", "3")
            await laptop_pilot.pause()
        await _wait_until(phone_pilot, lambda: (_shown(phone) or card).id == "c1", 3.0)
        # The note the phone's user is given (as a notification of the phone's app).
        assert RATED_ELSEWHERE in [n.message for n in phone._notifications]
        await phone_pilot.press("space", "3")
        await phone_pilot.pause()
    assert reviews_by_card(first) == {"c0": 1, "c1": 1}


async def test_the_letter_step_shows_both_texts_after_a_save_that_met_the_phones(
    two: tuple[Repository, Repository], clock: FixedClock
) -> None:
    """The laptop has the letter open; the phone saves its version; the laptop's typing
    is saved beside it, the letter on screen shows both, and a line says so."""
    from textual.widgets import TextArea

    from rebound_tui.ui.screens.rebound import ReboundScreen
    from rebound_tui.ui.widgets.feedback_composer import FeedbackComposer

    first, second = two
    rebound = _rebound(first, clock)
    app = ReboundApp(first, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReboundScreen(rebound.id))
        screen = app.screen
        assert isinstance(screen, ReboundScreen)
        await screen.go_to("feedback")
        await pilot.pause()
        composer = screen.query_one(FeedbackComposer)
        base = feedback.feedback_request_for(second, rebound)
        feedback.save_letter_body(second, base, "Written on the phone.")
        composer.query_one(TextArea).load_text("Typed on the laptop.")
        await pilot.pause()
        app.autosave.flush()
        await pilot.pause()
        shown = composer.query_one(TextArea).text
        assert shown.startswith("Typed on the laptop.") and "Written on the phone." in shown
        assert CONFLICT_NOTE in [n.message for n in app._notifications]
    stored = first.feedback_requests.get(base.id)
    assert stored is not None and stored.body == shown


def test_a_next_step_edited_in_two_places_keeps_both_texts_on_one_line(
    two: tuple[Repository, Repository],
) -> None:
    from rebound_tui.services import next_steps

    first, second = two
    base = next_steps.add_step(first, "Email Ana")
    next_steps.edit_step(second, base, "Email Ana about the team", None)
    saved = next_steps.edit_step(first, base, "Email Ana and Bo", None)
    assert saved.text.startswith("Email Ana and Bo ") and "about the team" in saved.text
    assert "\n" not in saved.text
    done = next_steps.mark_done(second, base)  # from a stale copy: the text stays
    assert done.text == saved.text and done.is_done
