"""Typing that cannot be saved where it belongs (a full disk, a hang-up while the store
is busy) is written elsewhere as a Rebound export document, which `rebound import`
brings back."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from rebound_tui import __version__
from rebound_tui.domain.codec import format_time, to_record
from rebound_tui.services.export.json import FORMAT
from rebound_tui.store.files import SCHEMA_VERSION
from rebound_tui.store.repository import Repository


@contextlib.contextmanager
def capturing(repo: Repository) -> Iterator[list[tuple[str, Any]]]:
    """Service calls made inside this block record the (table, record) pairs they would
    store, into the yielded list, instead of storing them."""
    with repo.capturing() as captured:
        yield captured


def rescue_document(records: list[tuple[str, Any]], now: datetime) -> dict[str, Any]:
    """A Rebound export document holding just `records`."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "exported_at": format_time(now),
    }
    for table, record in records:
        document.setdefault(table, []).append(to_record(record))
    return document
