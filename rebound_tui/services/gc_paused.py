"""No cyclic garbage collection while thousands of new objects are made, none of them
garbage (a table's rows, a search index's entries): each collection that would otherwise
start walks every object the app holds, many times over (a search index of ten years of
writing took 1.2 s with collections, 0.7 s without, issue 16)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_collection() -> Iterator[None]:
    """No cyclic garbage collection inside (left as it is if already paused)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
