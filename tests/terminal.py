"""Drive the real `rebound` program on a pseudo-terminal and read its screen with pyte."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Sequence
from pathlib import Path

import pyte

KEYS = {
    "enter": b"\r",
    "space": b" ",
    "tab": b"\t",
    "escape": b"\x1b",
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "shift+tab": b"\x1b[Z",
    "ctrl+s": b"\x13",
    "ctrl+u": b"\x15",
}


class Terminal:
    """One `python -m rebound_tui ...` process on its own PTY, 80×24 by default."""

    def __init__(
        self, args: Sequence[str], env: dict[str, str], cwd: Path, size: tuple[int, int] = (80, 24)
    ) -> None:
        self.columns, self.lines = size
        self.screen = pyte.Screen(self.columns, self.lines)
        self.stream = pyte.ByteStream(self.screen)
        pid, fd = pty.fork()
        if pid == 0:  # child
            try:
                fcntl.ioctl(
                    0, termios.TIOCSWINSZ, struct.pack("HHHH", self.lines, self.columns, 0, 0)
                )
                os.chdir(cwd)
                os.execvpe(sys.executable, [sys.executable, "-m", "rebound_tui", *args], env)
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd
        self.exit_status: int | None = None

    def _pump(self, timeout: float) -> None:
        # poll, not select: a long test run may hold more than 1,024 descriptors, and
        # select() cannot wait on a descriptor numbered beyond that.
        poller = select.poll()
        poller.register(self.fd, select.POLLIN)
        if poller.poll(max(0, timeout) * 1000):
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b""
            if data:
                self.stream.feed(data)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.text():
                return
            self._pump(0.05)
        raise AssertionError(f"{needle!r} never appeared on screen:\n{self.text()}")

    def wait_gone(self, needle: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._pump(0.05)
            if needle not in self.text():
                return
        raise AssertionError(f"{needle!r} is still on screen:\n{self.text()}")

    def press(self, *keys: str, pause: float = 0.15) -> None:
        """Send keys, letting the screen settle `pause` seconds after each (and once if
        no keys are given)."""
        for key in keys or (None,):
            if key is not None:
                os.write(self.fd, KEYS.get(key, key.encode()))
            end = time.monotonic() + pause
            while time.monotonic() < end:
                self._pump(0.02)

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def burst(self, *parts: str) -> None:
        """Send keys and text as one write, as a paste or an SSH link batching keystrokes
        delivers them: the app reads them all before it handles the first. A part that
        names a key in `KEYS` is that key; any other part is typed as it is."""
        os.write(self.fd, b"".join(KEYS.get(part, part.encode()) for part in parts))

    def signal(self, sig: int) -> None:
        os.kill(self.pid, sig)

    def wait_exit(self, timeout: float = 15.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_status = status
                return status
            self._pump(0.05)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError("the app did not exit")

    def close(self) -> None:
        if self.exit_status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        os.close(self.fd)
