"""A program on its own pseudo-terminal (80x24, read with pyte, as tests/terminal.py does),
and the time from a key written to a needle of the screen it opens painted."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import sys
import termios
import time
from collections.abc import Sequence

import pyte
from _heavy import ROOT

sys.path.insert(0, str(ROOT))
from tests.terminal import Terminal

TERM_ENV = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}

KEYS = {
    "enter": b"\r",
    "escape": b"\x1b",
    "down": b"\x1b[B",
    "ctrl+home": b"\x1b[1;5H",
    "space": b" ",
    "ctrl+n": b"\x0e",
    "ctrl+r": b"\x12",
}


class Program(Terminal):
    """Any command line on a PTY (Terminal runs `python -m rebound_tui` only)."""

    def __init__(self, argv: Sequence[str], size: tuple[int, int] = (80, 24)) -> None:
        self.columns, self.lines = size
        self.screen = pyte.Screen(self.columns, self.lines)
        self.stream = pyte.ByteStream(self.screen)
        pid, fd = pty.fork()
        if pid == 0:  # child
            try:
                fcntl.ioctl(
                    0, termios.TIOCSWINSZ, struct.pack("HHHH", self.lines, self.columns, 0, 0)
                )
                os.chdir(ROOT)
                os.execvpe(argv[0], list(argv), TERM_ENV)
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd
        self.exit_status = None


def rebound(*args: str) -> Program:
    return Program([sys.executable, "-m", "rebound_tui", *args])


def found(term: Terminal, needle: str | re.Pattern[str]) -> bool:
    text = term.text()
    if isinstance(needle, str):
        return needle in text
    return needle.search(text) is not None


def settle(term: Terminal, seconds: float = 0.25) -> None:
    """Read whatever the program still paints for `seconds` (unmeasured)."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        term._pump(0.01)


def wait(term: Terminal, needle: str | re.Pattern[str], timeout: float = 60.0) -> float:
    """Seconds until `needle` is on the screen."""
    started = time.perf_counter()
    while not found(term, needle):
        term._pump(0.002)
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"{needle!r} never appeared; the screen:\n{term.text()}")
    return time.perf_counter() - started


def press(term: Terminal, key: str, needle: str | re.Pattern[str], timeout: float = 60.0) -> float:
    """Write `key` and time it until `needle` (absent before) is painted: the key's bytes
    written is the start, the screen showing the needle the end."""
    if found(term, needle):
        raise RuntimeError(f"{needle!r} is on the screen before {key!r}:\n{term.text()}")
    started = time.perf_counter()
    os.write(term.fd, KEYS.get(key, key.encode()))
    while not found(term, needle):
        term._pump(0.002)
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"{needle!r} never appeared after {key!r}:\n{term.text()}")
    return time.perf_counter() - started
