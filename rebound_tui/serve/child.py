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

from rebound_tui.services.paths import CONFINE_ENV
from rebound_tui.services.settings import CLIENT_ZONE_ENV, client_zone

MAX_COLUMNS, MAX_ROWS = 500, 200
"""The largest terminal a session gets, whatever the client asks for: wider than any real
screen, and small enough that a 65535x65535 request cannot grow a session to gigabytes."""
DEFAULT_SIZE = (80, 24)
CHILD_PATH = "/usr/bin:/bin"
TERM_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")


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
        "ESCDELAY": "250",  # slow links split escape sequences; 100 ms is too short
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


def take_terminal() -> None:
    """In the child, after setsid: make the PTY its controlling terminal, so a hang-up
    and window changes reach it."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def set_size(fd: int, columns: int, rows: int) -> None:
    """Give the PTY behind `fd` this size (a resize the process then hears of)."""
    with contextlib.suppress(OSError):
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def get_size(fd: int) -> tuple[int, int]:
    """The size the PTY really has (what the session's process sees)."""
    try:
        rows, columns, _, _ = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    except OSError:
        return 0, 0
    return columns, rows


async def hang_up(child: asyncio.subprocess.Process, grace: float) -> None:
    """SIGHUP (the app saves and leaves), then SIGKILL if it is still there."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGHUP)
    try:
        await asyncio.wait_for(child.wait(), timeout=grace)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        await child.wait()
