"""A `DataTable` for thousands of rows: every column has a fixed width and every row is one
line, so adding rows measures nothing.

Textual's `DataTable` measures every cell of every new row (to size auto-width columns and
rows of auto height) and updates its cursor once per `add_row`: for a deck of 15,000 cards
that is 75,000 measurements and most of a second. With fixed widths and one-line rows the
measurements change nothing, so `FastTable` skips them and `add_rows_at_once` adds many
rows with one cursor update; what is drawn is the same (only the rows in view are ever
rendered). Written against textual 8.2.8 (pinned in pyproject.toml); the snapshot tests of
the screens that use it draw it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import zip_longest
from typing import Any, TypeVar

from rich.text import TextType
from textual._two_way_dict import TwoWayDict
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets._data_table import DuplicateKey, Row, RowKey

from rebound_tui.services.gc_paused import no_collection

FIRST_ROWS = 100
"""`fill` adds so many rows before the first paint (more than a tall terminal shows)."""
CHUNK_ROWS = 1_000
"""Then the rest of a long list, so many rows at a time..."""
CHUNK_GAP = 0.01
"""...a timer of so many seconds apart. A timer, not `call_after_refresh`/`call_later`:
`ui.keys` holds a typed key until what the last one set off is done, callbacks included,
so a search typed into a list of 15,000 cards waited for every chunk at every letter."""
T = TypeVar("T")


class _OneLineOffsets:
    """`DataTable._y_offsets` (each line's row key and line within the row) for rows one
    line high, worked out per line rather than listed: DataTable lists every line of every
    row again after each change."""

    def __init__(self, locations: TwoWayDict[RowKey, int], count: int) -> None:
        self._locations = locations
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, y: int) -> tuple[RowKey, int]:
        if not 0 <= y < self._count:
            raise IndexError(y)
        key = self._locations.get_key(y)
        if key is None:
            raise IndexError(y)
        return key, 0

    def clear(self) -> None:
        """Nothing is cached (`DataTable.clear` clears the list it would have)."""


class FastTable(DataTable[Any]):
    """A `DataTable` whose columns all have a `width` and whose rows are one line high."""

    _filling = 0
    """Counts `fill`s: rows added after a paint belong to the latest."""
    _tall_rows = False
    """A row was added by `add_row` with another height: back to DataTable's own ways."""

    def add_row(
        self,
        *cells: Any,
        height: int | None = 1,
        key: str | None = None,
        label: TextType | None = None,
    ) -> RowKey:
        if height != 1:
            self._tall_rows = True
        return super().add_row(*cells, height=height, key=key, label=label)

    @property
    def _y_offsets(self) -> Any:  # a list in DataTable, a sequence here
        if self._tall_rows:
            return super()._y_offsets
        return _OneLineOffsets(self._row_locations, len(self.rows))

    def fill(
        self, items: Sequence[T], row: Callable[[T], tuple[str, Sequence[object]]], at: int = 0
    ) -> None:
        """Clear the table and add a row (key, cells) for each of `items`: a screenful
        from `at` (where the cursor goes) now, the rest of a long list a chunk at a time
        once this has painted, so the screen shows as soon as its first rows are ready
        and keys typed meanwhile are not kept waiting."""
        self.clear()
        self._filling += 1
        first = at + FIRST_ROWS
        self.add_rows_at_once(map(row, items[:first]))
        if len(items) > first:
            self._next_chunk(self._filling, items[first:], row)

    def _next_chunk(
        self, filling: int, items: Sequence[T], row: Callable[[T], tuple[str, Sequence[object]]]
    ) -> None:
        self.set_timer(CHUNK_GAP, lambda: self._fill_rest(filling, items, row))

    def _fill_rest(
        self, filling: int, items: Sequence[T], row: Callable[[T], tuple[str, Sequence[object]]]
    ) -> None:
        if filling != self._filling:  # filled again since
            return
        self.add_rows_at_once(map(row, items[:CHUNK_ROWS]))
        if len(items) > CHUNK_ROWS:
            self._next_chunk(filling, items[CHUNK_ROWS:], row)

    def add_rows_at_once(self, rows: Iterable[tuple[str | None, Sequence[object]]]) -> None:
        """Add `(key, cells)` rows at the bottom, as many `add_row(*cells, key=key)` calls
        would, with one cursor update for all of them."""
        with no_collection():
            self._add_rows(rows)

    def _add_rows(self, rows: Iterable[tuple[str | None, Sequence[object]]]) -> None:
        columns = self.ordered_columns
        locations = self._row_locations
        data = self._data
        meta = self.rows
        new_rows = self._new_rows
        was_empty = not meta
        added = 0
        for key, cells in rows:
            if len(cells) > len(columns):
                raise ValueError("More values provided than there are columns.")
            row_key = RowKey(key)
            if row_key in locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            locations[row_key] = len(meta)
            data[row_key] = {column.key: cell for column, cell in zip_longest(columns, cells)}
            meta[row_key] = Row(row_key, 1)
            new_rows.add(row_key)
            added += 1
        if not added:
            return
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # as add_row does when its first row appears
        self._update_count += 1
        self.check_idle()

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        new_rows = list(new_rows)
        rows = self.rows
        if any(column.auto_width for column in self.columns.values()) or any(
            (row := rows.get(key)) is not None and (row.label is not None or row.auto_height)
            for key in new_rows
        ):
            super()._update_dimensions(new_rows)
            return
        # Fixed widths, one-line rows: the virtual size is all that changes.
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header_height = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            width + self._row_label_column_width, self._total_row_height + header_height
        )
