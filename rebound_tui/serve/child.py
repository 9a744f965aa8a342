"""A session's own process: its command line, its environment (from an allow-list), its
pseudo-terminal's size, and its hang-up."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import re
import signal
import struct
import sys
import termios
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from rebound_tui.services.paths import CONFINE_ENV
from rebound_tui.services.settings import CLIENT_ZONE_ENV, client_zone

MAX_COLUMNS, MAX_ROWS = 500, 200
"""The largest terminal a session gets, whatever the client asks for: wider than any real
screen, and small enough that a 65535x65535 request cannot grow a session to gigabytes."""
DEFAULT_SIZE = (80, 24)
CHILD_PATH = "/usr/bin:/bin"
TERM_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")

ESCAPE_DELAY_MS = 50
"""How long the session's app waits after an ESC for the rest of a sequence. SSH keeps the
client's packets whole, and a terminal writes each escape sequence at once, so the rest of
a sequence is never late by more than the PTY's own hop; a lone Esc key does not wait for
this at all (see `mark_lone_escape`)."""
HANGUP_SETTLE = 0.2
"""At a hang-up, how long the app is given to handle the keys that arrived just before it
(the server reads them from the channel and writes them to its terminal first)."""
ESC = b"\x1b"
ESC_KEY = b"\x1b[27u"
"""The Esc key as the kitty keyboard protocol writes it: Textual's parser reads it as
"escape" at once, with nothing to wait for and nothing to join with the next key."""


def mark_lone_escape(data: bytes) -> bytes:
    """One packet of the client's input, with a lone Esc key at its end made unambiguous.

    A terminal writes an escape sequence (an arrow, alt+key, a mouse report) in one go and
    the SSH client sends each read as one packet, so an ESC that ends a packet is the Esc
    key itself. Left raw, the app would wait ESCDELAY for more and read an Esc followed by
    a quick key as alt+key; as `ESC_KEY` it is Esc, now, and the next key is its own.
    (Two ESCs in a row need nothing: the parser takes the first as Esc at once.)"""
    if data.endswith(ESC):
        return data[:-1] + ESC_KEY
    return data


def clamp_size(columns: int, rows: int) -> tuple[int, int]:
    """The terminal size a session gets for what the client asked: 0 (unknown) is the
    default 80x24, anything else is kept within 1..MAX_COLUMNS and 1..MAX_ROWS."""
    columns = DEFAULT_SIZE[0] if columns <= 0 else min(columns, MAX_COLUMNS)
    rows = DEFAULT_SIZE[1] if rows <= 0 else min(rows, MAX_ROWS)
    return columns, rows


def session_command(args: Sequence[str]) -> list[str]:
    """The session process: isolated Python (`-I`: no current directory or script
    directory on sys.path, no PYTHON* variables, no user site-packages)."""
    return [sys.executable, "-I", "-m", "rebound_tui", *args]


def session_env(
    home: Path,
    term_type: str | None,
    client_env: Mapping[str, str] | None = None,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """The whole environment of a session process, built from an allow-list: nothing of
    the server's own environment, and from the client only a checked TERM, NO_COLOR and
    COLORTERM as flags, and its TZ if it names a known zone (as `REBOUND_CLIENT_TZ`, which
    the app offers once). PYTHONPATH, LD_PRELOAD and the like cannot get in."""
    env = {
        "PATH": CHILD_PATH,
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "REBOUND_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "share"),
        "ESCDELAY": str(ESCAPE_DELAY_MS),
        "TEXTUAL_FPS": "30",
        "SSH_CONNECTION": "rebound-serve",
        CONFINE_ENV: str(home / "letters"),  # saved letters stay in the user's folder
        **(extra or {}),
    }
    if term_type:
        env["TERM"] = term_type if TERM_NAME.fullmatch(term_type) else "xterm-256color"
    sent = dict(client_env or {})
    if sent.get("NO_COLOR"):
        env["NO_COLOR"] = "1"
    if sent.get("COLORTERM") in ("truecolor", "24bit"):
        env["COLORTERM"] = sent["COLORTERM"]
    offered = client_zone(sent.get("TZ"))
    if offered is not None:
        env[CLIENT_ZONE_ENV] = offered
    return env


LOCALE_NAME = re.compile(r"(C|[a-z]{2,3}(_[A-Z]{2})?)\.(UTF-8|utf8)(@[a-z]{1,16})?")
THEME_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


def client_wishes(sent: Mapping[str, str]) -> dict[str, str]:
    """What the client's environment may add to a session's, like sshd's AcceptEnv, each
    value checked (NO_COLOR, COLORTERM and TZ are taken in `session_env`): a UTF-8 `LANG`
    or `LC_ALL`, `REBOUND_NO_MOUSE=1`, and `REBOUND_THEME` if it names a known theme."""
    from rebound_tui.ui.themes import theme_names

    wishes: dict[str, str] = {}
    for name in ("LANG", "LC_ALL"):
        value = sent.get(name, "")
        if LOCALE_NAME.fullmatch(value):
            wishes[name] = value
    if sent.get("REBOUND_NO_MOUSE", "") not in ("", "0"):
        wishes["REBOUND_NO_MOUSE"] = "1"
    theme = sent.get("REBOUND_THEME", "")
    if THEME_NAME.fullmatch(theme) and theme in theme_names():
        wishes["REBOUND_THEME"] = theme
    return wishes


def take_terminal() -> None:
    """In the child, after setsid: make the PTY its controlling terminal, so a hang-up
    and window changes reach it."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def set_size(fd: int, columns: int, rows: int) -> None:
    """Give the PTY behind `fd` this size (a resize the process then hears of)."""
    with contextlib.suppress(OSError):
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def unread_input(terminal: str) -> int:
    """How many bytes of input the PTY named `terminal` holds that its app has not read
    yet (0 if that cannot be told)."""
    try:
        fd = os.open(terminal, os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        return 0
    try:
        return int(struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0" * 4))[0])
    except OSError:
        return 0
    finally:
        os.close(fd)


def get_size(fd: int) -> tuple[int, int]:
    """The size the PTY really has (what the session's process sees)."""
    try:
        rows, columns, _, _ = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    except OSError:
        return 0, 0
    return columns, rows


class Child(Protocol):
    """A session's process: started by exec (`asyncio.subprocess.Process`) or forked from
    the warm parent (`prefork.Forked`)."""

    @property
    def pid(self) -> int: ...

    @property
    def returncode(self) -> int | None: ...

    async def wait(self) -> int: ...


async def hang_up(child: Child, grace: float) -> None:
    """SIGHUP (the app saves and leaves), then SIGKILL if it is still there."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGHUP)
    try:
        await asyncio.wait_for(child.wait(), timeout=grace)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        await child.wait()
