"""Edit a card in $EDITOR (issue 12, Deliver 10): the card goes out as a small text file
and comes back into the card editor's fields exactly, whatever it holds (`# Answer` in
an answer, brackets, backslashes); an editor that is missing, fails or changes nothing
costs nothing; the file is private and removed; a hosted session does not offer it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input, TextArea

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card
from rebound_tui.services.paths import CONFINE_ENV
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.dialogs.card_editor import CardEditor
from rebound_tui.ui.external_editor import (
    CardText,
    CardTextError,
    editor_command,
    format_card,
    parse_card,
)
from tests.helpers import open_repo, toasts

SIZE = (80, 24)
HOSTILE = CardText(
    question="What does [bold]x[/] do in \\`$(rm -rf)`? # not a heading",
    answer=(
        "# Answer\n# Question\n\\# Hint\n\\\\ two backslashes\n#Tags\n\n"
        "  indented [link=x]y[/link] \\n\n# answer  \n\t\\"
    ),
    hint="\\# Hint [/] ]]]",
    tags=("#sql", "c++", "[b]", "\\"),
)


def round_trip(card: CardText) -> CardText:
    return parse_card(format_card(card), CardText())


def test_hostile_text_round_trips() -> None:
    assert round_trip(HOSTILE) == HOSTILE
    assert round_trip(CardText()) == CardText()


single_line = st.text(st.characters(exclude_characters="\n\r")).map(str.strip)
many_lines = st.text(st.characters(exclude_characters="\r")).map(str.strip)
tag = st.text(st.characters(exclude_characters=",\n\r"), min_size=1).map(str.strip)


@given(
    question=single_line,
    answer=many_lines,
    hint=single_line,
    tags=st.lists(tag.filter(bool), unique=True, max_size=5),
)
def test_any_card_round_trips(question: str, answer: str, hint: str, tags: list[str]) -> None:
    """Text as the card editor keeps it (stripped; the question and hint on one line; tags
    without commas) comes back exactly."""
    card = CardText(question, answer, hint, tuple(tags))
    assert round_trip(card) == card


def test_what_the_user_types_is_read_generously() -> None:
    base = CardText("Old question", "Old answer", "Old hint", ("old",))
    typed = (
        "# question\r\nA question\r\non two lines\r\n"
        "#Answer   \n\n#hashtag stays text\nline two\n\n\n"
        "# Tags\nsql, onsite\nbehavioural,, sql\n"
    )
    assert parse_card(typed, base) == CardText(
        "A question on two lines",
        "#hashtag stays text\nline two",
        "Old hint",  # no # Hint heading: the hint is kept
        ("sql", "onsite", "behavioural"),
    )
    with pytest.raises(CardTextError):
        parse_card("everything deleted", base)


def test_the_editor_is_visual_then_editor_then_nano_or_vi() -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "vim"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "'my editor' -n"}) == ["my editor", "-n"]
    fallback = editor_command({})
    assert fallback is None or Path(fallback[0]).name in ("nano", "vi")


# -- the card editor's ctrl+o, with a real editor process ---------------------------------
def fake_editor(tmp_path: Path, body: str) -> Path:
    """A shell script used as $EDITOR: it records the file's mode and path, then runs
    `body` on it ($1)."""
    script = tmp_path / "fake-editor"
    log = tmp_path / "editor.log"
    script.write_text(
        f'#!/bin/sh\nstat -c %a "$1" > {log}\nprintf %s "$1" >> {log}\necho >> {log}\n{body}\n'
    )
    script.chmod(0o755)
    return script


def editor_log(tmp_path: Path) -> tuple[str, Path]:
    mode, path = (tmp_path / "editor.log").read_text().split("\n")[:2]
    return mode, Path(path)


def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary directory the card's file goes to, this test's own."""
    folder = tmp_path / "tmp"
    folder.mkdir(exist_ok=True)
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


async def run_editor(
    tmp_path: Path, data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> tuple[ReboundApp, CardEditor, Any]:
    repo = open_repo(data_dir, clock)
    repo.cards.put(
        Card(id="c1", question="Tell me about a conflict", answer="S: two teams", tags=("x",))
    )
    app = ReboundApp(repo, clock)
    # The test terminal cannot be handed over; the editor still runs as a real process.
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    private_tmp(tmp_path, monkeypatch)
    return app, CardEditor(repo.cards.get("c1")), repo  # type: ignore[arg-type]


async def test_ctrl_o_brings_the_editors_text_back_into_the_fields(
    tmp_path: Path, data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = fake_editor(
        tmp_path,
        "sed -i 's/^S: two teams$/S: two teams\\n# Answer, said twice/; s/^x$/x, onsite/' \"$1\"",
    )
    monkeypatch.setenv("VISUAL", str(script))
    app, editor, repo = await run_editor(tmp_path, data_dir, clock, monkeypatch)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.push_screen(editor)
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert editor.query_one("#card-answer", TextArea).text == (
            "S: two teams\n# Answer, said twice"
        )
        assert editor.query_one("#card-tags", Input).value == "x, onsite"
        assert repo.cards.get("c1").answer == "S: two teams"  # not saved until ctrl+s
        await pilot.press("ctrl+s")
        await pilot.pause()
    mode, path = editor_log(tmp_path)
    assert mode == "600" and path.parent == tmp_path / "tmp" and not path.exists()


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("exit 3", "The editor stopped with status 3: nothing changed."),
        (":", "The file was not changed: the card is as it was."),
        ('echo "all gone" > "$1"', "no # Question, # Answer, # Hint or # Tags heading"),
    ],
)
async def test_an_editor_that_fails_or_changes_nothing_costs_nothing(
    tmp_path: Path,
    data_dir: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    body: str,
    says: str,
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(fake_editor(tmp_path, body)))
    app, editor, _ = await run_editor(tmp_path, data_dir, clock, monkeypatch)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.push_screen(editor)
        await pilot.pause()
        editor.query_one("#card-answer", TextArea).text = "typed in the dialog"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert editor.query_one("#card-answer", TextArea).text == "typed in the dialog"
        assert any(says in toast for toast in toasts(app)), toasts(app)
    assert not editor_log(tmp_path)[1].exists()
    assert not list((tmp_path / "tmp").iterdir())


async def test_a_missing_editor_is_one_line(
    tmp_path: Path, data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
    app, editor, _ = await run_editor(tmp_path, data_dir, clock, monkeypatch)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.push_screen(editor)
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert any("Editor not found" in toast for toast in toasts(app)), toasts(app)
        assert editor.query_one("#card-answer", TextArea).text == "S: two teams"
    assert not list((tmp_path / "tmp").iterdir())


async def test_a_hosted_session_does_not_offer_it(
    tmp_path: Path, data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = fake_editor(tmp_path, ":")
    monkeypatch.setenv("VISUAL", str(script))
    monkeypatch.setenv(CONFINE_ENV, str(tmp_path))
    app, editor, _ = await run_editor(tmp_path, data_dir, clock, monkeypatch)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.push_screen(editor)
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "An outside editor is not offered in a hosted session." in toasts(app)
    assert not (tmp_path / "editor.log").exists()


async def test_a_terminal_that_cannot_hand_over_says_so(
    tmp_path: Path, data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's test driver, like Textual Web, cannot suspend: one line, no editor run."""
    monkeypatch.setenv("VISUAL", str(fake_editor(tmp_path, ":")))
    folder = private_tmp(tmp_path, monkeypatch)
    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.push_screen(CardEditor(Card(id="c1", question="q")))
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert "This terminal cannot hand over to an editor." in toasts(app)
    assert not (tmp_path / "editor.log").exists() and not list(folder.iterdir())


def test_the_real_program_hands_the_terminal_to_the_editor_and_back(
    tmp_path: Path, data_dir: Path, clock: FixedClock
) -> None:
    """On a real terminal (App.suspend on Textual's Linux driver): k, e, ctrl+o runs the
    editor, the app comes back with its text in the fields, ctrl+s saves."""
    from tests.helpers import REPO_ROOT, START
    from tests.terminal import Terminal

    repo = open_repo(data_dir, clock)
    repo.cards.put(Card(id="c1", question="Tell me about a conflict", answer="S: two teams"))
    repo.close()
    script = fake_editor(
        tmp_path, "sed -i 's/^S: two teams$/S: two teams, one slot/' \"$1\"\nsleep 0.2"
    )
    (tmp_path / "tmp").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        TERM="xterm-256color",
        REBOUND_FAKE_NOW=START.isoformat(),
        VISUAL=str(script),
        TMPDIR=str(tmp_path / "tmp"),
    )
    env.pop(CONFINE_ENV, None)
    term = Terminal(["--data-dir", str(data_dir)], env, REPO_ROOT)
    try:
        term.wait_for("Open rebounds")
        term.press("k", pause=0.3)
        term.wait_for("Tell me about a conflict")
        term.press("e")
        term.wait_for("┏━ Question")
        term.press("\x0f")  # ctrl+o
        term.wait_for("two teams, one slot")
        term.press("ctrl+s")
        term.wait_gone("┏━ Question")
        term.press("escape", "q", pause=0.3)
        term.wait_exit()
    finally:
        term.close()
    stored = open_repo(data_dir, clock).cards.get("c1")
    assert stored is not None and stored.answer == "S: two teams, one slot"
    mode, path = editor_log(tmp_path)
    assert mode == "600" and not path.exists() and not list((tmp_path / "tmp").iterdir())
