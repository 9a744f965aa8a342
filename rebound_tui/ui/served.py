"""Fewer bytes for a session over SSH: a driver that asks the terminal for clicks, wheel
and drags but not for every motion of the mouse (Textual's own driver asks for any-event
tracking, `?1003h`: each move across the screen is a report in and, through hover styles,
a redraw out), and that sends each frame's colour changes without repeating them."""

from __future__ import annotations

import re

from textual.drivers.linux_driver import LinuxDriver

_STYLE = re.compile(r"(\x1b\[0m)?((?:\x1b\[[0-9]+;[0-9]+H|\r\n)*)\x1b\[([0-9;]*)m")
"""A style, perhaps after a reset and moves of the cursor (which print nothing)."""
_RESTORES = ("\x1b8", "\x1b[u", "\x1b[?1049")
"""Sequences after which the terminal's current style is not what this stream last set."""


def fewer_style_bytes(frame: str) -> str:
    """`frame` with the same look in fewer bytes. Textual ends every run of text with a
    reset and starts the next with its whole style (`…\\x1b[0m\\x1b[38;5;253;48;5;17m…`),
    so two runs in one style (on one line, or after a move of the cursor) cost a reset and
    a repeat: those pairs are dropped, and the
    other resets are folded into the style that follows (`\\x1b[0;38;5;253m`). Only a
    style known exactly (set right after a reset) is ever taken as current."""
    if any(mark in frame for mark in _RESTORES):
        return frame
    current: str | None = None  # the exact style in force, when known

    def shorter(match: re.Match[str]) -> str:
        nonlocal current
        reset, moves, params = match.groups()
        if params in ("", "0"):
            current = ""
            return f"{moves}\x1b[0m"
        if reset is None:
            current = params if current == "" else None
            return match.group(0)
        if params == current:
            return moves
        current = params
        return f"{moves}\x1b[0;{params}m"

    return _STYLE.sub(shorter, frame)


class ServedDriver(LinuxDriver):
    """LinuxDriver with mouse reports for presses, releases, the wheel and motion while a
    button is held (`?1000h`, `?1002h`), in SGR coordinates (`?1006h`), and frames written
    through `fewer_style_bytes`."""

    def write(self, data: str) -> None:
        super().write(fewer_style_bytes(data))

    def _enable_mouse_support(self) -> None:
        if not self._mouse:
            return
        self.write("\x1b[?1000h\x1b[?1002h\x1b[?1006h")
        self.flush()

    def _disable_mouse_support(self) -> None:
        if not self._mouse:
            return
        self.write("\x1b[?1000l\x1b[?1002l\x1b[?1006l")
        self.flush()
