"""What the user does and sees, one module per area, between the screens (and the
command line) and the store. Every write goes through here; screens and commands hold
the open store and hand it to these functions, and never call it themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rebound_tui.store.errors import StoreError
    from rebound_tui.store.repository import Repository as Store

__all__ = ["Store", "StoreError"]
# `Store`: the open data directory, as the app holds it and hands to these functions.
# `StoreError`: what they raise when the disk refuses (one line for the user).
# Both are imported when first asked for: `services.status_snapshot` must be importable
# without the store (`rebound status` answers from it in a few milliseconds).


def __getattr__(name: str) -> Any:
    if name == "Store":
        from rebound_tui.store.repository import Repository

        return Repository
    if name == "StoreError":
        from rebound_tui.store.errors import StoreError

        return StoreError
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
