"""`FastTable.fill`: a screenful at once, the rest of a long list a chunk at a time, and
a key typed meanwhile is handled without waiting for the whole list."""

from __future__ import annotations

import asyncio
from typing import Any

from textual import events
from textual.app import ComposeResult

from rebound_tui.ui.keys import KeysInOrderApp
from rebound_tui.ui.widgets.fast_table import CHUNK_ROWS, FIRST_ROWS, FastTable

ITEMS = [f"item {i}" for i in range(FIRST_ROWS + 6 * CHUNK_ROWS)]


class TableApp(KeysInOrderApp[None]):
    BINDINGS = [("f", "fill", "Fill"), ("x", "note", "Note")]  # noqa: RUF012

    def __init__(self) -> None:
        super().__init__()
        self.rows_when_pressed: list[int] = []

    def compose(self) -> ComposeResult:
        yield FastTable()

    def on_mount(self) -> None:
        self.query_one(FastTable).add_column("Item", width=20)

    def action_fill(self) -> None:
        self.query_one(FastTable).fill(ITEMS, self._row)

    @staticmethod
    def _row(item: str) -> tuple[str, list[Any]]:
        return item, [item]

    def action_note(self) -> None:
        self.rows_when_pressed.append(self.query_one(FastTable).row_count)


async def test_a_key_is_not_kept_waiting_for_the_rest_of_a_long_list() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        for key in "fx":  # a burst, as a fast typist's or a paste's: no pause between
            app.post_message(events.Key(key, key))
        while not app.rows_when_pressed:
            await asyncio.sleep(0.001)
        for _ in range(200):
            if app.query_one(FastTable).row_count == len(ITEMS):
                break
            await pilot.pause(0.02)
        table = app.query_one(FastTable)
        assert table.row_count == len(ITEMS)
        assert [table.get_row_at(i)[0] for i in (0, FIRST_ROWS, len(ITEMS) - 1)] == [
            ITEMS[0],
            ITEMS[FIRST_ROWS],
            ITEMS[-1],
        ]
    (pressed,) = app.rows_when_pressed
    assert pressed < len(ITEMS), "the key waited for every chunk"


async def test_a_new_fill_drops_the_rest_of_the_last_one() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(FastTable)
        table.fill(ITEMS, TableApp._row)
        table.fill(ITEMS[:5], TableApp._row)
        for _ in range(20):
            await pilot.pause(0.02)
        assert table.row_count == 5
