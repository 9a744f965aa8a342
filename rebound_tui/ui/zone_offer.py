"""A user's first session over SSH asks once whether the zone their client sent (its
`TZ`, passed on by `rebound serve`) is theirs; the answer is saved either way."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from rebound_tui.services import settings

if TYPE_CHECKING:
    from rebound_tui.ui.app import ReboundApp


def offer_client_zone(app: ReboundApp) -> None:
    """Ask, on top of whatever the app opened with, unless there is nothing to ask: no
    zone was sent, the user has chosen one already, or it is the one in use."""
    offered = settings.zone_to_offer(app.repo, os.environ)
    if offered is None:
        return
    from rebound_tui.ui.dialogs.confirm import ConfirmScreen

    def answered(yes: bool | None) -> None:
        if yes:
            settings.choose_zone(app.repo, offered)
            app.notify(f"Your time zone is now {offered}.", timeout=6)
        else:
            kept = settings.keep_zone(app.repo).timezone or "the server's"
            app.notify(f"Kept {kept} as your time zone; Settings (ctrl+p) changes it.", timeout=8)

    question = f"Your time zone looks like {offered} — use it?"
    app.push_screen(ConfirmScreen(question, title="Time zone"), answered)
