"""Persistence: crash-safe TinyDB storage, the repository over it, backups, export."""

from rebound_tui.store.storage import AtomicJSONStorage, CorruptFileError

__all__ = ["AtomicJSONStorage", "CorruptFileError"]
