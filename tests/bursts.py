"""Bursts of keys for tests: every key posted to the app before it handles the first,
as a terminal read of a fast typist, a paste or a batching SSH link delivers them; plans
that fill a form's fields in the order its focus visits them; and the forms to fill."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

from rebound_tui.domain.models import Card, Interview, ReboundStep, Reflection, ReflectionKind
from rebound_tui.services import interviews, rebounds, reflections
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.reflection_editor import ReflectionEditor
from rebound_tui.ui.keys import KeysInOrderApp
from rebound_tui.ui.screens.rebound import ReboundScreen

SIZE = (80, 24)
YESTERDAY = date(2026, 11, 25)  # the fixed clock's day is Thursday 26 November 2026

TOKEN = re.compile(r"<([a-z0-9+_]+)>|(.)", re.DOTALL)
_CHARACTER_OF = {"tab": "\t", "enter": "\r", "space": " ", "ctrl+s": "\x13", "ctrl+u": "\x15"}


def key_events(spec: str) -> list[events.Key]:
    """`Acme<tab>Analyst` as the key events a terminal would produce."""
    keys = []
    for name, character in TOKEN.findall(spec):
        if name:
            keys.append(events.Key(name, _CHARACTER_OF.get(name)))
        else:
            keys.append(events.Key(_character_to_key(character), character))
    return keys


def burst(app: App[Any], spec: str) -> None:
    """Post every key of `spec` to the app before it handles the first, as a terminal
    read of a burst does."""
    for key in key_events(spec):
        app.post_message(key)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the burst has been handled, key by key."""
    await pilot.pause()
    if isinstance(pilot.app, KeysInOrderApp):
        await pilot.app.keys_handled()
    await pilot.pause()


def text_of(widget: Widget) -> str:
    if isinstance(widget, Input):
        return widget.value
    assert isinstance(widget, TextArea), widget
    return widget.text


def plan(screen: Screen[Any], texts: dict[str, str]) -> tuple[str, int]:
    """A burst that types `texts[id]` into each field, moving on with tab in the order the
    screen's focus visits them from the focused widget; and the number of tabs in it.
    Fields not named are tabbed over, so the plan follows the form as it is built."""
    chain = screen.focus_chain
    assert screen.focused in chain, "nothing focused on the form"
    start = chain.index(screen.focused)
    order = chain[start:] + chain[:start]
    ids = [widget.id for widget in order]
    missing = set(texts) - set(ids)
    assert not missing, f"not on the form (or not focusable): {missing}"
    last = max(ids.index(field_id) for field_id in texts)
    parts = []
    for field_id in ids[: last + 1]:
        parts.append(texts.get(field_id or "", ""))
        parts.append("<tab>")
    return "".join(parts[:-1]), last


def fields_of(screen: Screen[Any]) -> dict[str, str]:
    return {w.id: text_of(w) for w in screen.query("Input, TextArea") if w.id}


# -- forms ------------------------------------------------------------------------------
def rejected_at(repo: Repository) -> str:
    """A rebound after a rejection by Hooli; its id."""
    interview = interviews.save_interview(repo, Interview(id="i-hooli", company="Hooli"))
    _, rebound = interviews.mark_rejected(repo, interview)
    return rebound.id


def a_reflection(repo: Repository, kind: ReflectionKind) -> Reflection:
    rebound = rebounds.rebound(repo, rejected_at(repo))
    assert rebound is not None
    return reflections.save_reflection(repo, reflections.new_reflection(repo, rebound, kind))


async def open_interview_form(app: ReboundApp, pilot: Pilot[Any]) -> None:
    app.open("interviews")
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()


async def open_card_editor(app: ReboundApp, pilot: Pilot[Any]) -> None:
    app.open("cards")
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()


def reflection_opener(kind: ReflectionKind) -> Callable[[ReboundApp, Pilot[Any]], Any]:
    async def open_editor(app: ReboundApp, pilot: Pilot[Any]) -> None:
        await app.push_screen(ReflectionEditor(a_reflection(app.repo, kind)))
        await pilot.pause()

    return open_editor


def step_opener(step: ReboundStep, first: str) -> Callable[[ReboundApp, Pilot[Any]], Any]:
    async def open_step(app: ReboundApp, pilot: Pilot[Any]) -> None:
        await app.push_screen(ReboundScreen(rejected_at(app.repo)))
        screen = app.screen
        assert isinstance(screen, ReboundScreen)
        await screen.go_to(step)
        await pilot.pause()
        screen.query_one(f"#{first}").focus()
        await pilot.pause()

    return open_step


async def open_checkin(app: ReboundApp, pilot: Pilot[Any]) -> None:
    app.open("checkin")
    await pilot.pause()


CARD_TEXTS = {
    "card-question": "Tell me about a conflict",
    "card-answer": "I listened first.<enter>Then we agreed on a test.",
    "card-hint": "Listening, then a decision",
    "card-tags": "people, conflict",
}


def assert_card(card: Card) -> None:
    assert card.question == "Tell me about a conflict"
    assert card.answer == "I listened first.\nThen we agreed on a test."
    assert card.hint == "Listening, then a decision"
    assert card.tags == ("people", "conflict")


REFLECTION_TEXTS = {
    "field-note": "I rambled",
    "field-situation": "A reorganisation",
    "field-task": "Keep the team",
    "field-action": "Talked to each one",
    "field-result": "Nobody left",
}


def assert_reflection(reflection: Reflection | None) -> None:
    assert reflection is not None
    got = (r := reflection).note, r.situation, r.task, r.action, r.result
    assert got == (
        "I rambled",
        "A reorganisation",
        "Keep the team",
        "Talked to each one",
        "Nobody left",
    )
