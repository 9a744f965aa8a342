"""Keys land where the focus is, however fast they come (issue 11, item 8).

A burst (a fast typist, an SSH link that batches keystrokes, a paste without bracketed
paste) reaches the app before it has handled the first key. Textual 8.2.8 alone then puts
`Acme`, tab, `Analyst` all in the first field (docs/textual-burst-keys.md);
`KeysInOrderApp` (ui/keys.py), which `ReboundApp` is, holds each key until the one before
it has been handled. Every form gets text, tab (shift+tab, enter, arrows) and text in one
burst, and each field must get its own text: in Pilot, where a burst is every key posted
before any is handled, and on a real terminal, where it is one write to the PTY.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input, TextArea

from rebound_tui.domain.clock import FixedClock
from rebound_tui.services import cards, interviews, rebounds, reflections
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.confirm import PromptScreen
from rebound_tui.ui.dialogs.reflection_editor import ReflectionEditor
from rebound_tui.ui.keys import KeysInOrderApp
from rebound_tui.ui.widgets.checkin_panel import CheckInPanel
from tests.bursts import (
    CARD_TEXTS,
    REFLECTION_TEXTS,
    SIZE,
    TOKEN,
    YESTERDAY,
    a_reflection,
    assert_card,
    assert_reflection,
    burst,
    fields_of,
    key_events,
    open_card_editor,
    open_checkin,
    open_interview_form,
    plan,
    reflection_opener,
    settle,
    step_opener,
)
from tests.helpers import REPO_ROOT, START, open_repo
from tests.terminal import Terminal


# -- Textual alone, and the workaround -------------------------------------------------
class TwoFields(ModalScreen[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="company")
        yield Input(id="role")


class PlainApp(App[None]):
    """The minimal reproduction of docs/textual-burst-keys.md."""

    def on_mount(self) -> None:
        self.push_screen(TwoFields())


class InOrderApp(KeysInOrderApp[None]):
    def on_mount(self) -> None:
        self.push_screen(TwoFields())


async def _company_and_role(app: App[None], spec: str) -> tuple[str, str]:
    async with app.run_test() as pilot:
        await pilot.pause()
        burst(app, spec)
        await settle(pilot)
        screen = app.screen
        return screen.query_one("#company", Input).value, screen.query_one("#role", Input).value


async def test_textual_alone_puts_a_whole_burst_in_the_first_field() -> None:
    """The bug itself, in Textual 8.2.8 without Rebound. If this fails after upgrading
    Textual, the upgrade fixed it: `KeysInOrderApp` may be retired (see the docs)."""
    assert await _company_and_role(PlainApp(), "Acme<tab>Analyst") == ("AcmeAnalyst", "")


@pytest.mark.parametrize(
    "spec",
    ["Acme<tab>Analyst", "Acme<tab>Analyst<shift+tab> Ltd", "Acme<tab><tab><tab>Analyst"],
)
async def test_the_same_app_on_keys_in_order_gets_each_field_its_own_text(spec: str) -> None:
    company, role = await _company_and_role(InOrderApp(), spec)
    slowly = PlainApp()
    async with slowly.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*(key.key for key in key_events(spec)))
        await pilot.pause()
        expected = tuple(w.value for w in slowly.screen.query(Input))
    assert (company, role) == expected  # (shift+tab selects the company: " Ltd" replaces it)
    assert role == "Analyst"


# -- every form of Rebound, in Pilot ---------------------------------------------------
FORMS: dict[str, Callable[[ReboundApp, Pilot[Any]], Any]] = {
    "interview form": open_interview_form,
    "card editor": open_card_editor,
    "reflection editor, went well": reflection_opener("went_well"),
    "reflection editor, tough": reflection_opener("tough"),
    "feedback letter and points": step_opener("feedback", "feedback-body"),
    "move-on lessons and next step": step_opener("move_on", "lesson-0"),
}
"""The forms with more than one text field. A prompt, the card search and the check-in's
note are one field each: their tests below burst into them and then on to the next
widget or screen."""


WORD = re.compile(r" q[a-z]q")


@pytest.mark.parametrize("form", list(FORMS))
async def test_every_field_of_every_form_gets_its_own_text_from_one_burst(
    form: str, data_dir: Path, clock: FixedClock
) -> None:
    """From the field the form starts in (or its first text field), one burst: a word for
    each text field, tab to the next, to the last; then shift+tab all the way back and
    one more word. Each field holds its own word and no other; the first, both."""
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await FORMS[form](app, pilot)
        screen = app.screen
        if not isinstance(screen.focused, Input | TextArea):  # the check-in starts on its grid
            screen.query_one("Input, TextArea").focus()
            await pilot.pause()
        first = screen.focused.id if screen.focused else None
        text_fields = [
            w.id for w in screen.focus_chain if isinstance(w, Input | TextArea) and w.id
        ]
        words = {field_id: f" q{chr(97 + n)}q" for n, field_id in enumerate(text_fields)}
        forward, tabs = plan(screen, words)
        burst(app, forward + "<shift+tab>" * tabs + " back")
        await settle(pilot)
        assert app.screen is screen
        after = fields_of(screen)
    for field_id, word in words.items():
        assert WORD.findall(after[field_id]) == [word], f"{form}: {field_id} {after[field_id]!r}"
    assert f"{words[first or '']} back" in after[first or ""]


async def test_acme_tab_analyst_makes_an_interview_at_acme_as_an_analyst(
    data_dir: Path, clock: FixedClock
) -> None:
    """The issue's story, with the key that opens the form in the same burst: `a`, then
    company, role, contact, the interview day and notes, tabbing over the selects and the
    applied date, then ctrl+s. Then enter and shift+tab: `Globex`, enter, `Lead`,
    shift+tab, ` Corp`."""
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_interview_form(app, pilot)
        filled, _ = plan(
            app.screen,
            {
                "interview-company": "Acme",
                "interview-role": "Analyst",
                "interview-contact": "Jo Park",
                "interview-interviewed": "yesterday",
                "interview-notes": "Went fine",
            },
        )
        await pilot.press("escape")
        await pilot.pause()
        burst(app, f"a{filled}<ctrl+s>a")
        burst(app, "Globex<enter>Lead<shift+tab> Corp<ctrl+s>")
        await settle(pilot)
    saved = {i.company: i for i in interviews.all_interviews(repo)}
    assert set(saved) == {"Acme", "Globex Corp"}
    acme = saved["Acme"]
    assert (acme.role, acme.contact, acme.notes) == ("Analyst", "Jo Park", "Went fine")
    assert acme.interviewed_on == YESTERDAY
    assert saved["Globex Corp"].role == "Lead"


async def test_a_card_written_in_one_burst_keeps_each_part(
    data_dir: Path, clock: FixedClock
) -> None:
    """`a` on the cards screen, the question, the answer over two lines (enter in the
    answer is a new line), the hint and tags, ctrl+s: all in one burst."""
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_card_editor(app, pilot)
        filled, _ = plan(app.screen, CARD_TEXTS)
        await pilot.press("escape")
        await pilot.pause()
        burst(app, f"a{filled}<ctrl+s>")
        await settle(pilot)
    [card] = cards.all_cards(repo)
    assert_card(card)


async def test_a_tough_question_written_in_one_burst_saves_each_star_part(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    reflection = a_reflection(repo, "tough")
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReflectionEditor(reflection))
        await pilot.pause()
        filled, _ = plan(app.screen, {"field-question": "Why leave?", **REFLECTION_TEXTS})
        burst(app, filled)
        await settle(pilot)
        app.autosave.flush()
    saved = reflections.reflection(repo, reflection.id)
    assert_reflection(saved)
    assert saved is not None and saved.question == "Why leave?"


async def test_enter_in_a_prompt_answers_it_and_the_next_keys_go_to_the_screen_below(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    cards.save_card(repo, replace(cards.blank_card(repo), question="A conflict you solved"))
    cards.save_card(repo, replace(cards.blank_card(repo), question="Your greatest strength"))
    app = ReboundApp(repo, clock)
    answers: list[str | None] = []
    async with app.run_test(size=SIZE) as pilot:
        app.open("cards")
        await pilot.pause()
        app.push_screen(PromptScreen("A name:"), answers.append)
        await pilot.pause()
        burst(app, "Walk by the river<enter>/strength<enter>e")
        await settle(pilot)
        assert answers == ["Walk by the river"]
        # the search box got its word, enter went back to the list, `e` edits what is left
        editor = app.screen
        assert editor.query_one("#card-question", Input).value == "Your greatest strength"


async def test_points_entered_in_one_burst_are_two_points(
    data_dir: Path, clock: FixedClock
) -> None:
    """Enter adds the point and empties the field: the second point, typed before the
    first was handled, is a point of its own."""
    from rebound_tui.services import feedback

    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE) as pilot:
        await step_opener("feedback", "feedback-point")(app, pilot)
        burst(app, "Too vague<enter>No numbers<enter>")
        await settle(pilot)
        rebound = rebounds.all_rebounds(repo)[0]
        assert list(feedback.feedback_request_for(repo, rebound).points) == [
            "Too vague",
            "No numbers",
        ]


CHECKIN_KEYS = "<right><right><up><tab><down><space><tab><right><right><tab>Slept badly"


async def _checkin_values(data_dir: Path, clock: FixedClock, at_once: bool) -> Any:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(app, pilot)
        if at_once:
            burst(app, CHECKIN_KEYS)
            await settle(pilot)
        else:
            await pilot.press(*(key.key for key in key_events(CHECKIN_KEYS)))
            await pilot.pause()
        return app.screen.query_one("#checkin", CheckInPanel).values()


async def test_a_check_in_by_arrows_space_tab_and_a_note_in_one_burst_is_as_typed_slowly(
    tmp_path: Path, clock: FixedClock
) -> None:
    slowly = await _checkin_values(tmp_path / "slow", clock, at_once=False)
    at_once = await _checkin_values(tmp_path / "burst", clock, at_once=True)
    assert at_once == slowly
    assert at_once.note == "Slept badly" and at_once.words


# -- a real terminal --------------------------------------------------------------------
def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(TERM="xterm-256color", REBOUND_FAKE_NOW=START.isoformat(), COLORTERM="truecolor")
    return env


def _as_terminal_parts(spec: str) -> list[str]:
    """`Acme<tab>Analyst` as `Terminal.burst` parts."""
    return [name or character for name, character in TOKEN.findall(spec)]


async def _plans(data_dir: Path, clock: FixedClock) -> dict[str, str]:
    """The bursts for each form, from the forms as Pilot sees them (the same code the
    real process runs), so the test follows the forms as they change."""
    app = ReboundApp(open_repo(data_dir, clock), clock)
    plans = {}
    async with app.run_test(size=SIZE) as pilot:
        await open_interview_form(app, pilot)
        plans["interview"], _ = plan(
            app.screen, {"interview-company": "Acme", "interview-role": "Analyst"}
        )
        await pilot.press("escape")
        await pilot.pause()
        await app.pop_screen()
        await open_card_editor(app, pilot)
        plans["card"], _ = plan(app.screen, CARD_TEXTS)
        await pilot.press("escape")
        await pilot.pause()
        await app.pop_screen()
        await reflection_opener("tough")(app, pilot)
        plans["reflection"], _ = plan(app.screen, REFLECTION_TEXTS)
    return plans


@pytest.mark.slow
async def test_bursts_through_a_real_terminal_reach_each_field(
    tmp_path: Path, clock: FixedClock
) -> None:
    """`rebound` on a PTY; each form is filled by one write (text, tab, text... and the
    key that saves), as an SSH link batching keystrokes delivers it. What is saved is
    read back from the data directory."""
    plans = await _plans(tmp_path / "plans", clock)
    data_dir = tmp_path / "data"
    repo = open_repo(data_dir, clock)
    reflection = a_reflection(repo, "tough")
    reflections.save_reflection(repo, replace(reflection, question="Why are you leaving?"))
    [rebound] = rebounds.all_rebounds(repo)
    rebounds.move_to_step(repo, rebound, "tough")  # resumed there
    repo.close()

    term = Terminal(["--data-dir", str(data_dir)], _env(), REPO_ROOT)
    try:
        term.wait_for("Open rebounds")
        term.press("i", pause=0.3)
        term.wait_for("Hooli")
        term.press("a")
        term.wait_for("┏━ Company")  # the form is open, the company field focused
        term.burst(*_as_terminal_parts(plans["interview"]), "ctrl+s")
        term.wait_gone("┏━ Company")  # saved and closed
        term.press("escape", pause=0.3)
        term.wait_for("Open rebounds")

        term.press("k", pause=0.3)
        term.wait_for("cards")
        term.press("a")
        term.wait_for("┏━ Question")
        term.burst(*_as_terminal_parts(plans["card"]), "ctrl+s")
        term.wait_gone("┏━ Question")
        term.press("escape", pause=0.3)
        term.wait_for("Open rebounds")

        term.press("r", pause=0.3)
        term.wait_for("Resume")
        term.press("enter")
        term.wait_for("Tough — questions to redo")
        term.wait_for("┏━ Tough — questions to redo")  # the pane has focus
        term.wait_for("Why are you leaving?")
        term.press("enter")
        term.wait_for("┏━ Question")
        term.burst(*_as_terminal_parts(plans["reflection"]))
        term.wait_for("Nobody left")
        term.signal(signal.SIGTERM)  # saves what is pending and leaves
        term.wait_exit()
    finally:
        term.close()

    saved = Repository.open(data_dir, clock, readonly=True)
    [acme] = [i for i in interviews.all_interviews(saved) if i.company == "Acme"]
    assert acme.role == "Analyst"
    [card] = cards.all_cards(saved)
    assert_card(card)
    again = reflections.reflection(saved, reflection.id)
    assert_reflection(again)
    assert again is not None and again.question == "Why are you leaving?"


# -- keys still held when the app closes -------------------------------------------------
class SlowKeyScreen(ModalScreen[None]):
    """A key whose handler keeps the app busy, so the keys typed after it are held."""

    BINDINGS: ClassVar = [("s", "slow", "Slow")]

    def compose(self) -> ComposeResult:
        yield Input(id="company")

    async def action_slow(self) -> None:
        self.set_timer(0.3, lambda: None)  # a callback due: the screen counts as busy
        self.call_after_refresh(lambda: None)


class SlowInOrderApp(KeysInOrderApp[None]):
    KEY_SETTLE_LIMIT = 0.3

    def on_mount(self) -> None:
        self.push_screen(SlowKeyScreen())


async def test_a_key_whose_turn_comes_after_the_screens_closed_is_dropped() -> None:
    """Typed ahead of a slow key, keys wait their turn; if the app closes meanwhile (a
    quit, a hang-up, a test harness ending), its screens may be gone when a key's turn
    comes: the key is dropped, as one typed into a closed terminal is, never handed to
    Textual without a screen (ScreenStackError, "No screens on stack", ended the app
    with a traceback: the monkey walk found it under load)."""
    app = SlowInOrderApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        burst(app, "s" + "abc" * 5)
        await asyncio.sleep(0)
        assert app._held_keys  # the letters wait for the slow key
        await app._close_all()  # what closing does first: every screen goes
        await app._deliver_key(app._held_keys.popleft())  # then a held key's turn
        assert app._exception is None
