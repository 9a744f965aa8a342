"""How the command speaks: exit codes, the error for bad usage, and one escaped line at a
time on stdout or stderr."""

from __future__ import annotations

import sys

from rebound_tui.domain.safe_text import terminal_line

EXIT_DATA = 1
EXIT_USAGE = 2
MAX_MESSAGE = 400


class UsageError(Exception):
    """Bad usage or bad input: exit 2."""


def say(text: str) -> None:
    """One line on stdout, control characters escaped."""
    print(terminal_line(text))


def warn(text: str) -> None:
    """One line on stderr, control characters escaped, a very long one cut short."""
    line = terminal_line(text)
    print(line if len(line) <= 2 * MAX_MESSAGE else line[: 2 * MAX_MESSAGE] + "…", file=sys.stderr)
