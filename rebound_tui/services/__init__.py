"""What the user does and sees, one module per area, between the screens (and the
command line) and the store. Every write goes through here; screens and commands hold
the open store and hand it to these functions, and never call it themselves."""

from rebound_tui.store.errors import StoreError
from rebound_tui.store.repository import Repository as Store

__all__ = ["Store", "StoreError"]
# `Store`: the open data directory, as the app holds it and hands to these functions.
# `StoreError`: what they raise when the disk refuses (one line for the user).
