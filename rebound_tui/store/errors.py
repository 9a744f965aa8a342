"""Errors the store raises for the user to read: each message is one clear line."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the data directory that the user has to act on."""


class DataDirNotWritable(StoreError):
    pass


class NewerSchemaError(StoreError):
    pass


class ImportFileError(StoreError):
    """An import file that cannot be used; nothing was written."""
