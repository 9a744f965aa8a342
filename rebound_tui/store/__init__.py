"""Persistence: crash-safe TinyDB storage, the one table of collections, the repository
over them (with its lock, journal and repair), backups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rebound_tui.store.storage import AtomicJSONStorage, CorruptFileError

__all__ = ["AtomicJSONStorage", "CorruptFileError"]
# Imported when first asked for: `rebound status` imports `store.errors` (what it may
# have to say) and must not pay for TinyDB and orjson when it answers without the store.


def __getattr__(name: str) -> Any:
    if name in __all__:
        from rebound_tui.store import storage

        return getattr(storage, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
