"""A dropped connection loses at most the last second of typing: the real app on a PTY,
text typed into a reflection, SIGHUP; the relaunched app shows the text."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Interview, new_id
from rebound_tui.services import interviews, rebounds, reflections
from rebound_tui.store.repository import Repository
from tests.helpers import REPO_ROOT, START, open_repo
from tests.terminal import Terminal

TYPED = "I led the migration calmly"


def _seed(data_dir: Path, clock: FixedClock) -> str:
    repo = open_repo(data_dir, clock)
    interview = interviews.save_interview(repo, Interview(id=new_id(), company="Acme"))
    _, rebound = interviews.mark_rejected(repo, interview)
    rebounds.move_to_step(repo, rebound, "tough")
    reflection = reflections.save_reflection(
        repo, reflections.new_reflection(repo, rebound, "tough")
    )
    from dataclasses import replace

    reflections.save_reflection(repo, replace(reflection, question="Why are you leaving?"))
    return reflection.id


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(TERM="xterm-256color", REBOUND_FAKE_NOW=START.isoformat(), COLORTERM="truecolor")
    return env


def _open_the_tough_reflection(term: Terminal) -> None:
    term.wait_for("Open rebounds")
    term.press("r", pause=0.3)
    term.wait_for("Resume")
    term.press("enter")
    term.wait_for("Tough — questions to redo")
    term.wait_for("┏━ Tough — questions to redo")  # heavy border: it has focus
    term.wait_for("Why are you leaving?")
    term.press("enter")
    term.wait_for("┏━ Question")
    term.press("tab", "tab", "tab", "tab", "tab")  # question → … → Action (scrolls into view)
    term.wait_for("┏━ Action")


@pytest.mark.parametrize("how", ["sighup", "terminal-closed"])
def test_text_typed_just_before_a_hangup_survives(
    how: str, data_dir: Path, clock: FixedClock
) -> None:
    reflection_id = _seed(data_dir, clock)
    term = Terminal(["--data-dir", str(data_dir)], _env(), REPO_ROOT)
    try:
        _open_the_tough_reflection(term)
        term.type(TYPED)
        term.wait_for(TYPED)  # on screen, well inside the autosave delay
        if how == "sighup":
            term.signal(signal.SIGHUP)
            status = term.wait_exit()
        else:
            os.close(term.fd)  # what sshd does when the connection drops
            term.fd = os.open(os.devnull, os.O_RDONLY)
            status = term.wait_exit()
        # The app saves, then leaves the way a shell does on SIGHUP: exit status 129
        # (128 + SIGHUP), not killed by the signal and not a crash.
        assert os.waitstatus_to_exitcode(status) == 128 + signal.SIGHUP == 129
    finally:
        term.close()

    saved = Repository.open(data_dir, clock, readonly=True).reflections.get(reflection_id)
    assert saved is not None and saved.action == TYPED

    again = Terminal(["--data-dir", str(data_dir)], _env(), REPO_ROOT)
    try:
        _open_the_tough_reflection(again)
        again.wait_for(TYPED)  # in the Action field, on screen
    finally:
        again.close()
