"""A typed handle on the running app for screens and widgets, without importing the app
module at import time (it imports the screens): `app = rebound_app` in a class body gives
`self.app` the type `ReboundApp`, so `self.app.repo` needs no `type: ignore`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from rebound_tui.ui.app import ReboundApp

# Textual's own property (the active app, found the usual way); read from the class dict,
# as Textual declares it to type checkers as a descriptor of another shape.
_APP: Any = MessagePump.__dict__["app"]


class _ReboundAppHandle:
    def __get__(self, node: MessagePump, owner: Any = None) -> ReboundApp:
        return cast("ReboundApp", _APP.__get__(node, owner))


rebound_app = _ReboundAppHandle()
