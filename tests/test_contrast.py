"""Before the decision: logging an interview offers a short wish, best outcome, obstacle
and plan (mental contrasting), with how much life there has been pictured; it is saved on
the interview as it is typed, and can be opened again from the interviews list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Select

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Interview
from rebound_tui.services import contrast, interviews
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.contrast import ContrastDialog
from rebound_tui.ui.dialogs.interview_form import InterviewForm
from rebound_tui.ui.screens.interviews import InterviewsScreen
from tests.helpers import open_repo
from tests.test_rebound_story import type_text

SIZE = (80, 24)


async def test_logging_an_interview_offers_the_wish_and_plan(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "a")
        assert isinstance(app.screen, InterviewForm)
        await type_text(pilot, "Globex")
        app.screen.query_one("#interview-stage", Select).value = "screen"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewsScreen), "offered, not forced"
        (offer,) = app._notifications
        assert "what you hope for" in offer.message and "Press w" in offer.message
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ContrastDialog), "logging it offers the prompt"
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Hoping is normal" in text
        await type_text(pilot, "A team that ships carefully")
        await pilot.press("tab")
        await type_text(pilot, "Relieved, and proud")
        await pilot.press("tab")
        await type_text(pilot, "I stop applying elsewhere while I wait")
        plan = app.screen.query_one("#contrast-plan", Input)
        assert str(plan.border_title) == "If I stop applying elsewhere while I wait, then I will …"
        await pilot.press("tab")
        await type_text(pilot, "send one more application each week")
        await pilot.press("tab", "7")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InterviewsScreen)
        (saved,) = repo.interviews.all()
        assert (saved.wish, saved.best_outcome, saved.obstacle, saved.plan, saved.pictured) == (
            "A team that ships carefully",
            "Relieved, and proud",
            "I stop applying elsewhere while I wait",
            "send one more application each week",
            7,
        )

        # Later, from the list: w opens it again with what was written.
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ContrastDialog)
        assert app.screen.query_one("#contrast-wish", Input).value == (
            "A team that ships carefully"
        )
        await pilot.press("escape")


async def test_a_decided_interview_is_not_offered_the_prompt(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "a")
        await type_text(pilot, "Initech")
        app.screen.query_one("#interview-stage", Select).value = "onsite"
        app.screen.query_one("#interview-outcome", Select).value = "rejected"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, InterviewsScreen)
        assert not app._notifications, "nothing is offered once it is decided"


async def test_closing_without_writing_saves_nothing(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    interviews.save_interview(repo, Interview(id="acme", company="Acme"))
    app = ReboundApp(repo, clock)
    results: list[Interview | None] = []
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ContrastDialog("acme"), results.append)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert results == [None]
    stored = repo.interviews.get("acme")
    assert stored is not None and not contrast.has_contrast(stored)


def test_the_plan_reads_as_one_sentence() -> None:
    assert contrast.plan_lead("") == "If that gets in the way, then I will …"
    assert contrast.plan_lead("Nerves take over.") == "If nerves take over, then I will …"
    assert contrast.plan_lead("I freeze") == "If I freeze, then I will …"
    assert contrast.plan_lead("AWS questions") == "If AWS questions, then I will …"


def test_offered_only_while_waiting_and_unwritten() -> None:
    waiting = Interview(id="a", company="A", stage="screen")
    assert contrast.offer_contrast(waiting)
    assert contrast.offer_contrast(
        Interview(id="e", company="E", interviewed_on=date(2026, 12, 1))
    )
    assert not contrast.offer_contrast(Interview(id="f", company="F"))  # an application only
    assert not contrast.offer_contrast(Interview(id="b", company="B", outcome="rejected"))
    assert not contrast.offer_contrast(Interview(id="c", company="C", wish="To build things"))
    assert not contrast.offer_contrast(Interview(id="d", company="D", pictured=0))


async def test_titles_made_of_user_text_stay_text(data_dir: Path, clock: FixedClock) -> None:
    """A company or an obstacle with markup in it ("[/" ended the app, found by the
    monkey) shows as typed in the dialog's titles."""
    from datetime import date as day

    from textual.content import Content
    from textual.widget import Widget

    from rebound_tui.ui.dialogs.practise import PractiseDayScreen

    def shown(widget: Widget) -> str:
        """A border title as it shows (the property gives it back as markup, lossily)."""
        title = getattr(widget, "_border_title")  # noqa: B009 - Textual's stored Content
        assert isinstance(title, Content)
        return title.plain

    repo = open_repo(data_dir, clock)
    odd = Interview(id="odd", company="[b]Acme[/b] [/", obstacle="I say [/] too much")
    interviews.save_interview(repo, odd)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ContrastDialog("odd"))
        await pilot.pause()
        box = app.screen.query_one("#contrast")
        assert shown(box) == "Before the decision: [b]Acme[/b] [/"
        plan = app.screen.query_one("#contrast-plan", Input)
        assert shown(plan) == "If I say [/] too much, then I will …"
        app.screen.query_one("#contrast-obstacle", Input).value = "[/"
        await pilot.pause()
        assert shown(plan) == "If [/, then I will …"
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(PractiseDayScreen(odd, day(2026, 11, 26), None))
        await pilot.pause()
        dialog = app.screen.query_one(".dialog")
        assert shown(dialog) == "Practise for [b]Acme[/b] [/"
