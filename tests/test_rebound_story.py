"""The whole rebound, told as a user's story and driven by keys on an injected clock:
log a rejection, check in as "disappointed", take a treat and later rate it, reflect on
one question that went well and one that was tough, send the tough one to the drill,
draft and send a feedback request, see the follow-up on home a week later, write lessons,
close the rebound; relaunch and find it all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from rebound_tui.domain.clock import FixedClock
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.confirm import ConfirmScreen
from rebound_tui.ui.dialogs.interview_form import InterviewForm
from rebound_tui.ui.dialogs.reflection_editor import ReflectionEditor
from rebound_tui.ui.screens.home import HomeScreen
from rebound_tui.ui.screens.rebound import ReboundScreen
from rebound_tui.ui.widgets.step_bar import StepBar
from tests.helpers import open_repo, toasts

SIZE = (80, 24)


async def type_text(pilot: Pilot[object], text: str) -> None:
    """Paste `text` into the focused field, as a terminal delivers a paste (bracketed
    paste): one event instead of a keypress per character, which keeps the story fast."""
    from textual import events

    focused = pilot.app.screen.focused
    assert focused is not None, "nothing has focus to type into"
    pilot.app.post_message(events.Paste(text))  # as the driver delivers it
    await pilot.pause()


async def fill_star(
    pilot: Pilot[object], question: str, note: str, star: list[str], *, tough: bool
) -> None:
    app = pilot.app
    assert isinstance(app.screen, ReflectionEditor)
    await type_text(pilot, question)
    await pilot.press("tab")
    await type_text(pilot, note)
    await pilot.press("tab")
    if tough:
        await pilot.press("enter", "down", "down", "enter")  # prepared: "Partly"
        await pilot.press("tab")
    for text in star:
        await type_text(pilot, text)
        await pilot.press("tab")


async def test_a_rebound_from_rejection_to_closing(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        # Log the rejection: no interviews yet, so `r` asks which interview it was.
        await pilot.press("r")
        assert isinstance(app.screen, InterviewForm)
        await type_text(pilot, "Acme")
        await pilot.press("tab")
        await type_text(pilot, "Backend engineer")
        await pilot.press("tab")
        await type_text(pilot, "Priya")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReboundScreen)
        (interview,) = repo.interviews.all()
        assert (interview.company, interview.outcome, interview.decided_on) == (
            "Acme",
            "rejected",
            date(2026, 11, 26),
        )
        (rebound,) = repo.rebounds.all()
        assert rebound.step == "feel"

        # 1. Feel it: unpleasant, low energy; "disappointed"; strong; a daydream of 8.
        await pilot.press("h", "h", "j", "j", "tab", "space", "tab")
        # The daydream question is offered, not asked (tests/test_pacing.py): enter opens it.
        await pilot.press(*["l"] * 3, "tab", "enter", *["l"] * 4)
        await pilot.press("ctrl+n")  # flushes the autosave and moves on
        rebound = repo.rebounds.get(rebound.id)
        assert rebound is not None and rebound.step == "treat"
        checkin = repo.checkins.get(rebound.checkin_id or "")
        assert checkin is not None
        assert (checkin.pleasantness, checkin.energy) == (-2, -2)
        assert checkin.words == ("disappointed",)
        # The first press on an unset slider sets its middle (5); each next press steps.
        assert checkin.intensity == 7 and checkin.daydream == 8

        # 2. Treat: low energy, so a restful (or any-energy) treat; accept it.
        await pilot.press("a")
        (taken,) = repo.treat_log.all()
        from rebound_tui.services.treats import treat_by_id

        treat = treat_by_id(repo, taken.treat_id)
        assert treat is not None and treat.energy in ("low", "any")
        assert repo.rebounds.get(rebound.id).treat_log_id == taken.id  # type: ignore[union-attr]

        # 3. Went well.
        await pilot.press("ctrl+n", "a")
        await fill_star(
            pilot,
            "Tell me about a conflict",
            "Calm and specific",
            [
                "Launch at risk",
                "Keep the date",
                "I showed two options with numbers",
                "Shipped on time",
            ],
            tough=False,
        )
        await pilot.press("escape")
        await pilot.pause()
        # 4. Tough: add one, leave, and accept the offer to drill it.
        await pilot.press("ctrl+n", "a")
        await fill_star(
            pilot,
            "Why are you leaving?",
            "I rambled about my manager",
            [
                "Team reorganised",
                "Explain the move",
                "I say what I want next and why",
                "A calm answer",
            ],
            tough=True,
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await pilot.pause()
        reflections = {r.kind: r for r in repo.reflections.all()}
        assert reflections["went_well"].action == "I showed two options with numbers"
        assert reflections["went_well"].card_id is None
        tough = reflections["tough"]
        assert (tough.question, tough.prepared, tough.result) == (
            "Why are you leaving?",
            "partly",
            "A calm answer",
        )
        card = repo.cards.get(tough.card_id or "")
        assert card is not None and card.question == "Why are you leaving?"
        assert "A: I say what I want next and why" in card.answer

        # 5. Feedback: the letter is drafted from the interview; mark it sent.
        await pilot.press("ctrl+n")
        await pilot.pause()
        body = app.screen.query_one("#feedback-body", TextArea).text
        assert body.startswith("Subject: Thank you, and one small request\n\nHi Priya,")
        await pilot.press("tab")  # from the letter to the buttons
        await pilot.press("s")
        (request,) = repo.feedback_requests.all()
        assert (request.status, request.sent_on, request.follow_up_on) == (
            "sent",
            date(2026, 11, 26),
            date(2026, 12, 3),
        )

        # Later that evening: the treat is done, and it helped a lot.
        clock.advance(hours=5)
        screen = app.screen
        assert isinstance(screen, ReboundScreen)
        await screen.go_to("treat")
        await pilot.pause()
        await pilot.press("d", "4")
        assert repo.treat_log.get(taken.id).helped == 4  # type: ignore[union-attr]

        # 6. Move on: two lessons, a next step with a date; then close the rebound.
        await screen.go_to("move_on")
        await pilot.pause()
        await type_text(pilot, "Prepare a calm leaving story")
        await pilot.press("tab")
        await type_text(pilot, "Say I more than we")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Apply to two climate startups")
        await pilot.press("tab")
        await type_text(pilot, "2026-12-01")
        await pilot.pause(1.0)  # the autosave timer saves it without leaving the step
        from rebound_tui.services import rebounds

        step = rebounds.next_step_of(repo, rebound.id)
        assert step is not None
        assert (step.text, step.due_on) == ("Apply to two climate startups", date(2026, 12, 1))
        assert app.screen.query_one(StepBar).statuses == {
            "feel": "done",
            "treat": "done",
            "went_well": "done",
            "tough": "done",
            "feedback": "done",
            "move_on": "done",
        }
        app.screen.query_one("#close-rebound").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert repo.rebounds.get(rebound.id).closed_at == clock.now()  # type: ignore[union-attr]

        # A week later, home says it is time to follow up.
        clock.advance(days=7)
        app.screen.refresh_figures()
        home_text = str(app.screen.query_one("#home-rebounds").render())
        assert "✉ One short nudge to Acme about feedback (f opens it)" in home_text
        assert "overdue" not in home_text
        await pilot.press("q")

    # Relaunch on the same directory: everything is there.
    again = Repository.open(data_dir, clock)
    lessons = sorted(x.text for x in again.lessons.all())
    assert lessons == ["Prepare a calm leaving story", "Say I more than we"]
    assert len(again.reflections.all()) == 2
    assert again.checkins.all()[0].words == ("disappointed",)
    assert again.treat_log.all()[0].helped == 4
    assert again.feedback_requests.all()[0].status == "sent"
    assert not again.rebounds.all()[0].is_open
    app2 = ReboundApp(again, clock)
    async with app2.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "One short nudge to Acme about feedback" in str(
            app2.screen.query_one("#home-rebounds").render()
        )
        await pilot.press("i")
        await pilot.pause()
        from textual.widgets import DataTable

        table = app2.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[0]) == "Acme"


async def test_resume_returns_to_the_step_you_left(data_dir: Path, clock: FixedClock) -> None:
    from rebound_tui.domain.models import Interview, new_id
    from rebound_tui.services import interviews

    repo = open_repo(data_dir, clock)
    interview = interviews.save_interview(repo, Interview(id=new_id(), company="Globex"))
    interviews.mark_rejected(repo, interview)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")  # "Resume Globex"
        await pilot.pause()
        assert isinstance(app.screen, ReboundScreen)
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "left at: Tough" in str(app.screen.query_one("#home-rebounds").render())
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(StepBar).current == "tough"
        assert app.screen.focused is not None and app.screen.focused.id == "reflect-tough"
        bar = app.screen.query_one(StepBar).statuses
        assert bar["feel"] == "skipped" and bar["treat"] == "skipped"


async def test_standalone_checkin_from_home(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.press("l", "l", "k", "tab", "space", "down", "space")
        await pilot.press("tab", "tab")
        await type_text(pilot, "walked it off")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        (checkin,) = repo.checkins.all()
        assert (checkin.pleasantness, checkin.energy) == (2, 1)
        assert checkin.words == ("hopeful", "determined")
        assert checkin.note == "walked it off"
        assert checkin.rebound_id is None and checkin.daydream is None
        assert "hopeful, determined" in str(app.screen.query_one("#home-mood").render())


async def test_typed_markup_and_escapes_stay_literal(data_dir: Path, clock: FixedClock) -> None:
    from rebound_tui.domain.models import Interview, new_id
    from rebound_tui.services import interviews

    repo = open_repo(data_dir, clock)
    interview = interviews.save_interview(repo, Interview(id=new_id(), company="Initech"))
    _, rebound = interviews.mark_rejected(repo, interview)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReboundScreen(rebound.id))
        await app.screen.go_to("tough")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        field = app.screen.query_one("#field-question", Input)
        field.insert_text_at_cursor("[bold red]Why[/] \x1b[2J now?")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")  # no, not to the drill
        await pilot.pause()
        shown = str(app.screen.query_one("#reflect-tough").render_line(0).text)
        assert "[bold red]Why[/]" in shown
        assert "\x1b" not in shown
    (saved,) = repo.reflections.all()
    assert saved.question.startswith("[bold red]Why[/]")


async def test_going_home_from_the_palette_saves_what_was_typed(
    data_dir: Path, clock: FixedClock
) -> None:
    from rebound_tui.domain.models import Interview, new_id
    from rebound_tui.services import interviews, rebounds

    repo = open_repo(data_dir, clock)
    interview = interviews.save_interview(repo, Interview(id=new_id(), company="Initech"))
    _, rebound = interviews.mark_rejected(repo, interview)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReboundScreen(rebound.id))
        await app.screen.go_to("move_on")
        await pilot.pause()
        await type_text(pilot, "Breathe before answering")
        await app.run_action("app.go_home")  # what ctrl+p → Home does
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert [x.text for x in rebounds.lessons_of(repo, rebound.id)] == ["Breathe before answering"]


async def test_a_failed_autosave_is_kept_and_retried(data_dir: Path, clock: FixedClock) -> None:
    from rebound_tui.store.errors import StoreError

    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    attempts: list[int] = []

    def flaky_save() -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise StoreError("another Rebound has held the data for over 15s")

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.autosave.schedule("x", flaky_save)
        app.autosave.flush()
        await pilot.pause()
        assert app.autosave.pending
        assert any("Not saved yet, will retry" in m for m in toasts(app))
        app.autosave.flush()
        assert not app.autosave.pending
    assert len(attempts) == 2


async def test_f_on_home_opens_the_follow_up(data_dir: Path, clock: FixedClock) -> None:
    from rebound_tui.domain.models import Interview, new_id
    from rebound_tui.services import feedback, interviews

    repo = open_repo(data_dir, clock)
    interview = interviews.save_interview(repo, Interview(id=new_id(), company="Umbrella"))
    _, rebound = interviews.mark_rejected(repo, interview)
    request = feedback.feedback_request_for(repo, rebound)
    feedback.set_feedback_status(repo, request, "sent")
    clock.advance(days=8)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home_text = str(app.screen.query_one("#home-rebounds").render())
        assert "One short nudge to Umbrella" in home_text and "f opens it" in home_text
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ReboundScreen)
        assert app.screen.query_one(StepBar).current == "feedback"
