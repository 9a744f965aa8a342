"""Fewer bytes for a session over SSH: a driver that asks the terminal for clicks, wheel
and drags but not for every motion of the mouse (Textual's own driver asks for any-event
tracking, `?1003h`: each move across the screen is a report in and, through hover styles,
a redraw out)."""

from __future__ import annotations

from textual.drivers.linux_driver import LinuxDriver


class ClicksOnlyDriver(LinuxDriver):
    """LinuxDriver with mouse reports for presses, releases, the wheel and motion while a
    button is held (`?1000h`, `?1002h`), in SGR coordinates (`?1006h`)."""

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
