"""The calendar file (Settings.calendar_file) kept up to date while the app runs: every
few seconds `services.calendar_file` rewrites it if what it shows has changed (a few
`stat`s when nothing did); `rebound` rewrites it once more when the app closes
(cli/app.py). A file that cannot be written is said once, as a notice."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rebound_tui.ui.app import ReboundApp

CHECK_SECONDS = 5.0


def keep_in_sync(app: ReboundApp) -> None:
    said: set[str] = set()

    def check() -> None:
        from rebound_tui.services.calendar_file import keep_calendar_file  # not at start

        message = keep_calendar_file(app.repo)
        if message is not None and message not in said:
            said.add(message)
            app.notify(message, severity="warning")

    app.set_interval(CHECK_SECONDS, check)
