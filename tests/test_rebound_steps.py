"""Each rebound step hears its widget's typed messages and stores what the user chose:
the messages are posted to the real widgets on the real screen, and what is stored is
read back through services."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Select, Static, TextArea

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Interview, Rebound, ReboundStep
from rebound_tui.services import cards, feedback, interviews, rebounds, reflections, treats
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.card_editor import CardEditor
from rebound_tui.ui.dialogs.confirm import ConfirmScreen, PromptScreen
from rebound_tui.ui.dialogs.reflection_editor import ReflectionEditor
from rebound_tui.ui.screens.home import HomeScreen
from rebound_tui.ui.screens.rebound import ReboundScreen
from rebound_tui.ui.widgets.feedback_composer import FeedbackComposer
from rebound_tui.ui.widgets.move_on_panel import MoveOnPanel
from rebound_tui.ui.widgets.reflection_panes import ReflectionPanes
from rebound_tui.ui.widgets.step_bar import StepBar
from rebound_tui.ui.widgets.treat_picker import TreatPicker
from tests.helpers import open_repo, toasts

SIZE = (80, 24)
TODAY = date(2026, 11, 26)  # the fixed clock's day, in the test time zone
W = TypeVar("W", bound=Widget)


def rejected(data_dir: Path, clock: FixedClock) -> tuple[Repository, Rebound]:
    repo = open_repo(data_dir, clock)
    interview = interviews.save_interview(repo, Interview(id="i1", company="Hooli"))
    _, rebound = interviews.mark_rejected(repo, interview)
    return repo, rebound


async def at_step(pilot: Pilot[Any], rebound_id: str, step: ReboundStep, widget: type[W]) -> W:
    """Open the rebound at `step` and hand back the step's widget."""
    await pilot.app.push_screen(ReboundScreen(rebound_id))
    screen = pilot.app.screen
    assert isinstance(screen, ReboundScreen)
    await screen.go_to(step)
    await pilot.pause()
    return screen.query_one(widget)


def stored(repo: Repository, rebound: Rebound) -> Rebound:
    found = rebounds.rebound(repo, rebound.id)
    assert found is not None
    return found


def step_bar(app: ReboundApp) -> StepBar:
    return app.screen.query_one(StepBar)


async def test_a_treat_is_accepted_done_and_rated(data_dir: Path, clock: FixedClock) -> None:
    repo, rebound = rejected(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        picker = await at_step(pilot, rebound.id, "treat", TreatPicker)
        picker.post_message(TreatPicker.Accepted())
        await pilot.pause()
        entry_id = stored(repo, rebound).treat_log_id
        assert entry_id is not None
        entry = treats.treat_log_entry(repo, entry_id)
        assert entry is not None and (entry.done_at, entry.helped) == (None, None)
        assert step_bar(app).statuses["treat"] == "done"

        picker.post_message(TreatPicker.MarkedDone())
        await pilot.pause()
        entry = treats.treat_log_entry(repo, entry_id)
        assert entry is not None and entry.done_at == clock.now() and entry.helped is None

        picker.post_message(TreatPicker.Rated(4))
        await pilot.pause()
    assert treats.treat_log_entry(repo, entry_id) == replace(entry, helped=4)
    assert len(treats.treat_log(repo)) == 1


async def test_another_suggestion_and_a_shorter_time(data_dir: Path, clock: FixedClock) -> None:
    repo, rebound = rejected(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        picker = await at_step(pilot, rebound.id, "treat", TreatPicker)
        card = picker.query_one("#treat-card", Static)
        first = str(card.render())
        picker.post_message(TreatPicker.NextRequested())
        await pilot.pause()
        assert str(card.render()) != first

        picker.query_one("#treat-minutes", Select).value = 10  # posts ConstraintsChanged
        await pilot.pause()
        picker.post_message(TreatPicker.Accepted())
        await pilot.pause()
    (entry,) = treats.treat_log(repo)
    treat = treats.treat_by_id(repo, entry.treat_id)
    assert treat is not None and treat.minutes <= 10


async def test_your_own_treat_joins_the_suggestions(data_dir: Path, clock: FixedClock) -> None:
    repo, rebound = rejected(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        picker = await at_step(pilot, rebound.id, "treat", TreatPicker)
        picker.post_message(TreatPicker.OwnRequested())
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = "A walk by the river"
        await pilot.press("enter")
        await pilot.pause()
        picker.post_message(TreatPicker.Accepted())
        await pilot.pause()
    (entry,) = treats.treat_log(repo)
    treat = treats.treat_by_id(repo, entry.treat_id)
    assert treat is not None and treat.title == "A walk by the river"
    assert treat in treats.all_treats(repo)


async def test_marking_the_request_sent_then_replied(data_dir: Path, clock: FixedClock) -> None:
    repo, rebound = rejected(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        composer = await at_step(pilot, rebound.id, "feedback", FeedbackComposer)
        assert step_bar(app).statuses["feedback"] != "done"
        composer.post_message(FeedbackComposer.StatusChosen("sent"))
        await pilot.pause()
        request = feedback.feedback_request_for(repo, rebound)
        assert (request.status, request.sent_on, request.follow_up_on) == (
            "sent",
            TODAY,
            date(2026, 12, 3),  # a week later
        )
        assert step_bar(app).statuses["feedback"] == "done"

        composer.post_message(FeedbackComposer.StatusChosen("replied"))
        await pilot.pause()
    request = feedback.feedback_request_for(repo, rebound)
    assert (request.status, request.sent_on, request.replied_on, request.follow_up_on) == (
        "replied",
        TODAY,
        TODAY,
        None,
    )


async def test_the_letter_is_copied_and_saved_as_edited(
    data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    repo, rebound = rejected(data_dir, clock)
    letter = tmp_path / "letters" / "hooli.txt"
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        composer = await at_step(pilot, rebound.id, "feedback", FeedbackComposer)
        composer.query_one(TextArea).load_text("Dear Priya, one question.")  # still unsaved
        await pilot.pause()
        composer.post_message(FeedbackComposer.CopyRequested())
        await pilot.pause()
        assert app.clipboard == "Dear Priya, one question."
        assert feedback.feedback_request_for(repo, rebound).body == "Dear Priya, one question."

        composer.post_message(FeedbackComposer.SaveToFileRequested())
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = str(letter)
        await pilot.press("enter")
        await pilot.pause()
    assert letter.read_text(encoding="utf-8") == "Dear Priya, one question."


async def test_points_become_a_card_and_a_skill_or_go(data_dir: Path, clock: FixedClock) -> None:
    repo, rebound = rejected(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        composer = await at_step(pilot, rebound.id, "feedback", FeedbackComposer)
        composer.post_message(FeedbackComposer.PointAdded("Quantify impact"))
        composer.post_message(FeedbackComposer.PointAdded("Go deeper on trade-offs"))
        await pilot.pause()
        request = feedback.feedback_request_for(repo, rebound)
        assert request.points == ("Quantify impact", "Go deeper on trade-offs")

        composer.post_message(FeedbackComposer.PointToCard(1))
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, CardEditor)
        editor.query_one("#card-question", Input).value = "Which trade-off would you make?"
        await pilot.press("ctrl+s")
        await pilot.pause()
        composer.post_message(FeedbackComposer.PointToSkill(0))
        await pilot.pause()
        (card,) = cards.all_cards(repo)
        assert (card.question, card.hint, card.source, card.source_id) == (
            "Which trade-off would you make?",
            "Go deeper on trade-offs",
            "feedback",
            request.id,
        )
        assert [x.text for x in feedback.skills_from(repo, request)] == ["Quantify impact"]

        composer.post_message(FeedbackComposer.PointRemoved(0))
        await pilot.pause()
    assert feedback.feedback_request_for(repo, rebound).points == ("Go deeper on trade-offs",)
    assert len(cards.all_cards(repo)) == 1  # the card stays


async def test_working_in_the_tough_pane_is_being_at_tough(
    data_dir: Path, clock: FixedClock
) -> None:
    repo, rebound = rejected(data_dir, clock)
    tough = reflections.save_reflection(
        repo,
        replace(
            reflections.new_reflection(repo, rebound, "tough"),
            question="Why are you leaving?",
            action="I say what I want next and why",
        ),
    )
    blank = reflections.save_reflection(repo, reflections.new_reflection(repo, rebound, "tough"))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        panes = await at_step(pilot, rebound.id, "went_well", ReflectionPanes)
        assert stored(repo, rebound).step == "went_well"

        panes.post_message(ReflectionPanes.DrillRequested("tough", tough.id))
        await pilot.pause()
        assert stored(repo, rebound).step == "tough"
        assert step_bar(app).current == "tough"
        drilled = reflections.reflection(repo, tough.id)
        assert drilled is not None and drilled.card_id is not None
        card = cards.card(repo, drilled.card_id)
        assert card is not None and card.question == "Why are you leaving?"

        panes.post_message(ReflectionPanes.DrillRequested("tough", blank.id))
        await pilot.pause()
        assert reflections.reflection(repo, blank.id) == blank  # nothing to drill yet
        assert any("Write the question first" in toast for toast in toasts(app))

        panes.post_message(ReflectionPanes.DeleteRequested("tough", tough.id))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert reflections.reflection(repo, tough.id) is None
        assert cards.card(repo, drilled.card_id) == card  # its drill card stays

        panes.post_message(ReflectionPanes.EditRequested("tough", blank.id))
        await pilot.pause()
        assert isinstance(app.screen, ReflectionEditor) and app.screen.reflection == blank
        await pilot.press("escape")
        await pilot.pause()

        panes.post_message(ReflectionPanes.AddRequested("went_well"))
        await pilot.pause()
        assert isinstance(app.screen, ReflectionEditor)
        assert app.screen.reflection.kind == "went_well"
    assert stored(repo, rebound).step == "went_well"


async def test_closing_the_rebound_goes_home(data_dir: Path, clock: FixedClock) -> None:
    repo, rebound = rejected(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        panel = await at_step(pilot, rebound.id, "move_on", MoveOnPanel)
        panel.post_message(MoveOnPanel.CloseRequested())
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # yes is the default
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert stored(repo, rebound).closed_at == clock.now()


async def test_next_step_walks_all_six_in_order(data_dir: Path, clock: FixedClock) -> None:
    """ctrl+n from Feel reaches Move on one step at a time, the bar, the stored step and
    the panel shown agreeing at each (leaving the Tough pane once sent the user back to
    Went well, because its list lost the focus as it was hidden)."""
    from textual.widgets import ContentSwitcher

    from rebound_tui.domain.models import REBOUND_STEPS

    repo, rebound = rejected(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open("rebound", rebound_id=rebound.id, step="feel")
        await pilot.pause()
        for step in REBOUND_STEPS:
            screen = app.screen
            assert isinstance(screen, ReboundScreen)
            await pilot.pause()
            assert step_bar(app).current == step
            assert stored(repo, rebound).step == step
            shown = screen.query_one(ContentSwitcher).visible_content
            assert shown is not None and step in getattr(shown, "STEPS", ())
            await pilot.press("ctrl+n")
            await pilot.pause()
