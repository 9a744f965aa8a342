"""Edit a card in the user's own editor ($VISUAL, $EDITOR, else nano or vi).

The card goes out as a small text file and comes back into the card editor's fields
(nothing is saved until the user saves the dialog):

    Rebound card: edit the text under the headings, save, quit the editor.
    …(lines above "# Question" are ignored)…
    # Question
    Tell me about a conflict
    # Answer
    S: …
    # Hint
    …
    # Tags
    conflict, teamwork

A heading is a line that is exactly `# Question`, `# Answer`, `# Hint` or `# Tags`
(any case, spaces after it allowed). Any line of the card's own text that starts with `#`
or `\\` is written with one `\\` more in front, and one leading `\\` is taken off every
line read back, so text holding `# Answer`, brackets or backslashes comes back exactly.
A line the user types with a `#` in front that is not a heading stays text. Blank lines
around a field are dropped (the card editor strips them anyway); the question and the
hint are one line each (their lines are joined with spaces); tags are separated by
commas or lines. A heading left out keeps that field as it was.

`format_card` and `parse_card` need no terminal; `edit_in_editor` hands the terminal to
the editor with Textual's `App.suspend()` and runs it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported

from rebound_tui.services.paths import CONFINE_ENV

HEADINGS = ("Question", "Answer", "Hint", "Tags")
_HEADING = re.compile(r"#[ \t]*(question|answer|hint|tags)[ \t]*", re.IGNORECASE)
PREAMBLE = (
    "Rebound card: edit the text under the headings, then save and quit the editor.\n"
    "Lines above # Question are ignored. A line of your text that starts with # or \\ is\n"
    "written with one more \\ in front; one leading \\ is taken off when it is read back.\n"
    "Tags are separated by commas. The card is saved only when you save it in Rebound.\n"
)
FALLBACK_EDITORS = ("nano", "vi")


@dataclass(frozen=True)
class CardText:
    """The parts of a card the user writes."""

    question: str = ""
    answer: str = ""
    hint: str = ""
    tags: tuple[str, ...] = ()


class CardTextError(ValueError):
    """The file read back is not a card (no heading at all)."""


def _escaped(text: str) -> list[str]:
    return [f"\\{line}" if line.startswith(("#", "\\")) else line for line in text.split("\n")]


def format_card(card: CardText) -> str:
    """The card as the file the editor opens."""
    fields = (card.question, card.answer, card.hint, ", ".join(card.tags))
    parts = [PREAMBLE]
    for heading, text in zip(HEADINGS, fields, strict=True):
        parts.append("\n".join([f"# {heading}", *_escaped(text), ""]))
    return "\n".join(parts)


def _field(lines: list[str]) -> str:
    """Lines of one section as the field's text: escapes taken off, blank lines around
    it dropped."""
    text = [line[1:] if line.startswith("\\") else line for line in lines]
    while text and not text[0].strip():
        text.pop(0)
    while text and not text[-1].strip():
        text.pop()
    return "\n".join(text)


def parse_card(document: str, base: CardText) -> CardText:
    """The card in `document` (what the editor left); a heading it leaves out keeps
    `base`'s field. Raises CardTextError if it has no heading at all."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in document.replace("\r\n", "\n").split("\n"):
        heading = _HEADING.fullmatch(line)
        if heading is not None:
            current = sections.setdefault(heading.group(1).lower(), [])
        elif current is not None:
            current.append(line)
    if not sections:
        raise CardTextError("no # Question, # Answer, # Hint or # Tags heading")
    found = {name: _field(lines) for name, lines in sections.items()}
    card = base
    if "question" in found:
        card = replace(card, question=" ".join(found["question"].split("\n")))
    if "answer" in found:
        card = replace(card, answer=found["answer"])
    if "hint" in found:
        card = replace(card, hint=" ".join(found["hint"].split("\n")))
    if "tags" in found:
        tags = re.split(r"[,\n]", found["tags"])
        card = replace(card, tags=tuple(dict.fromkeys(t.strip() for t in tags if t.strip())))
    return card


def editor_command(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """$VISUAL, else $EDITOR (with its arguments: "code --wait"), else nano or vi if
    installed; None if there is none."""
    env = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError:
                words = [value]
            if words:
                return words
    for fallback in FALLBACK_EDITORS:
        found = shutil.which(fallback)
        if found:
            return [found]
    return None


@dataclass(frozen=True)
class Edited:
    """What came back: the card's text, or `problem` (one line for the user) and no card."""

    card: CardText | None = None
    problem: str = ""


def edit_in_editor(app: App[Any], card: CardText) -> Edited:
    """Open `card` in the user's editor and read it back. The file is private (0600, in
    the temporary directory) and removed afterwards, whatever happens."""
    if os.environ.get(CONFINE_ENV):
        # A hosted session (`rebound serve`): an editor can run a shell on the server.
        return Edited(problem="An outside editor is not offered in a hosted session.")
    command = editor_command()
    if command is None:
        return Edited(problem="No editor found: set $EDITOR (nano and vi are not installed).")
    written = format_card(card)
    descriptor, name = tempfile.mkstemp(prefix="rebound-card-", suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", errors="replace", newline="") as f:
            f.write(written)
        try:
            with app.suspend():
                status = _run(command, path)
        except (SuspendNotSupported, RuntimeError):  # RuntimeError: no terminal driver yet
            return Edited(problem="This terminal cannot hand over to an editor.")
        if isinstance(status, str):
            return Edited(problem=status)
        if status != 0:
            return Edited(problem=f"The editor stopped with status {status}: nothing changed.")
        document = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return Edited(problem=f"Could not edit the card in a file ({error.strerror}).")
    finally:
        path.unlink(missing_ok=True)
    if document.replace("\r\n", "\n") == written:
        return Edited(problem="The file was not changed: the card is as it was.")
    try:
        return Edited(card=parse_card(document, card))
    except CardTextError as error:
        return Edited(problem=f"Not read back ({error}): the card is as it was.")


def _run(command: list[str], path: Path) -> int | str:
    """Run the editor on `path`: its exit status, or why it could not start."""
    try:
        return subprocess.run([*command, str(path)], check=False).returncode
    except FileNotFoundError:
        return f"Editor not found: {command[0]} (set $EDITOR). The card is as it was."
    except OSError as error:
        return f"The editor {command[0]} could not start ({error.strerror})."
