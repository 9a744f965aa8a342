"""Gentle checks on a STAR answer (Situation, Task, Action, Result).

They are for behavioural questions only: "write a SQL join" has no Situation, and a skill
to practise has no Result to count. `star_applies` says which cards get them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rebound_tui.domain.days import plural
from rebound_tui.domain.models import CardKind

_WE = re.compile(r"\b(we|we're|we've|we'd|our|ours|us)\b", re.IGNORECASE)
_I = re.compile(r"\b(i|i'm|i've|i'd|i'll|me|my|mine|myself)\b", re.IGNORECASE)
_WORD = re.compile(r"\b[\w'’-]+\b")
_LABEL = re.compile(r"^\s*(situation|task|action|result|s|t|a|r)\s*:\s*", re.IGNORECASE)
WE_THRESHOLD = 3


@dataclass(frozen=True)
class StarNote:
    ok: bool
    text: str


def words(text: str) -> int:
    return len(_WORD.findall(text))


def we_and_i(text: str) -> tuple[int, int]:
    """How often `text` says "we" (and kin) and "I" (and kin)."""
    normalised = text.replace("’", "'")
    return len(_WE.findall(normalised)), len(_I.findall(normalised))


def check_star(situation: str, task: str, action: str, result: str) -> list[StarNote]:
    """Notes on a STAR answer: the Action should be the longest part, a Result should be
    there, and the answer should say "I" more than "we". Empty answers get no notes."""
    parts = {"Situation": situation, "Task": task, "Action": action, "Result": result}
    counts = {name: words(text) for name, text in parts.items()}
    if not any(counts.values()):
        return []
    notes = []
    longest_other = max(("Situation", "Task", "Result"), key=lambda n: counts[n])
    if counts["Action"] == 0:
        notes.append(StarNote(False, "No Action yet: what did you do, step by step?"))
    elif counts["Action"] <= counts[longest_other]:
        notes.append(
            StarNote(
                False,
                f"Action ({plural(counts['Action'], 'word')}) is not longer than your "
                f"{longest_other} "
                f"({counts[longest_other]}): what you did is what they hire, so make it the "
                "longest part.",
            )
        )
    else:
        notes.append(StarNote(True, "Action is the longest part."))
    if counts["Result"] == 0:
        notes.append(StarNote(False, "No Result yet: how did it end? A number helps."))
    else:
        notes.append(StarNote(True, "There is a Result."))
    notes.extend(_we_note(" ".join(parts.values())))
    return notes


def _we_note(text: str) -> list[StarNote]:
    we, i = we_and_i(text)
    if we >= WE_THRESHOLD and we > i:
        return [StarNote(False, f'"we" {we}× against "I" {i}×: say what you did yourself.')]
    return []


def star_applies(kind: CardKind) -> bool:
    """Whether a card of this kind is answered in STAR form (and so gets STAR checks)."""
    return kind == "behavioural"


def star_parts(answer: str) -> tuple[str, str, str, str] | None:
    """A card's answer split into Situation, Task, Action and Result by its labelled
    lines ("S: …" or "Situation: …", as `star_text` writes them; a line without a label
    goes on with the part above it). None if no line has a label."""
    parts = {"s": "", "t": "", "a": "", "r": ""}
    current: str | None = None
    for line in answer.splitlines():
        match = _LABEL.match(line)
        if match:
            current = match.group(1)[0].lower()
            line = line[match.end() :]
        if current is not None:
            parts[current] = f"{parts[current]}\n{line}".strip()
    if current is None:
        return None
    return parts["s"], parts["t"], parts["a"], parts["r"]


def check_card_answer(kind: CardKind, answer: str) -> list[StarNote]:
    """STAR notes on a card's answer: none for a technical card or a skill, none for an
    empty answer; for an answer without S:/T:/A:/R: lines, a nudge towards them."""
    if not star_applies(kind) or not answer.strip():
        return []
    parts = star_parts(answer)
    if parts is None:
        nudge = StarNote(False, "Write it in STAR form, a part a line: S: … T: … A: … R: …")
        return [nudge, *_we_note(answer)]
    return check_star(*parts)


def star_text(situation: str, task: str, action: str, result: str) -> str:
    """A STAR answer as one block of text (for a drill card's answer side)."""
    lines = []
    for label, text in (("S", situation), ("T", task), ("A", action), ("R", result)):
        if text.strip():
            lines.append(f"{label}: {text.strip()}")
    return "\n".join(lines)
