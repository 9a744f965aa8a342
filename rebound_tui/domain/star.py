"""Gentle checks on a STAR answer (Situation, Task, Action, Result)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WE = re.compile(r"\b(we|we're|we've|we'd|our|ours|us)\b", re.IGNORECASE)
_I = re.compile(r"\b(i|i'm|i've|i'd|i'll|me|my|mine|myself)\b", re.IGNORECASE)
_WORD = re.compile(r"\b[\w'’-]+\b")
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
                f"Action ({counts['Action']} words) is not longer than your {longest_other} "
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
    we, i = we_and_i(" ".join(parts.values()))
    if we >= WE_THRESHOLD and we > i:
        notes.append(StarNote(False, f'"we" {we}× against "I" {i}×: say what you did yourself.'))
    return notes


def star_text(situation: str, task: str, action: str, result: str) -> str:
    """A STAR answer as one block of text (for a drill card's answer side)."""
    lines = []
    for label, text in (("S", situation), ("T", task), ("A", action), ("R", result)):
        if text.strip():
            lines.append(f"{label}: {text.strip()}")
    return "\n".join(lines)
