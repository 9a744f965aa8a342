"""Persistence: crash-safe TinyDB storage, the one table of collections, the repository
over them (with its lock, journal and repair), backups."""

from rebound_tui.store.storage import AtomicJSONStorage, CorruptFileError

__all__ = ["AtomicJSONStorage", "CorruptFileError"]
