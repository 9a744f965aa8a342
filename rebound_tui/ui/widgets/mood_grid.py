"""The pleasantness × energy grid, moved with arrows or h j k l."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from rebound_tui.domain.emotions import GRID_MAX, GRID_MIN, QUADRANT_LABELS, clamp, quadrants


class MoodGrid(Widget, can_focus=True):
    """A 7 × 7 grid; the chosen cell is drawn as [●] (never shown by colour alone)."""

    DEFAULT_CSS = """
    MoodGrid {
        width: 28;
        height: 13;
        padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(0, 1)", "More energy", show=False, id="grid.up"),
        Binding("down,j", "move(0, -1)", "Less energy", show=False, id="grid.down"),
        Binding("left,h", "move(-1, 0)", "Less pleasant", show=False, id="grid.left"),
        Binding("right,l", "move(1, 0)", "More pleasant", show=False, id="grid.right"),
    ]

    pleasantness: reactive[int] = reactive(0)
    energy: reactive[int] = reactive(0)

    class Moved(Message):
        def __init__(self, grid: MoodGrid, pleasantness: int, energy: int) -> None:
            super().__init__()
            self.grid = grid
            self.pleasantness = pleasantness
            self.energy = energy

        @property
        def control(self) -> MoodGrid:
            return self.grid

    def set_position(self, pleasantness: int, energy: int) -> None:
        """Place the marker without announcing a move."""
        with self.prevent(MoodGrid.Moved):
            self.pleasantness = clamp(pleasantness)
            self.energy = clamp(energy)

    def action_move(self, dx: int, dy: int) -> None:
        p, e = clamp(self.pleasantness + dx), clamp(self.energy + dy)
        if (p, e) != (self.pleasantness, self.energy):
            self.pleasantness, self.energy = p, e
            self.post_message(self.Moved(self, p, e))

    def render(self) -> Content:
        rows: list[Content] = [Content.from_markup("[dim]      ↑ more energy[/]")]
        for e in range(GRID_MAX, GRID_MIN - 1, -1):
            cells: list[Content] = []
            for p in range(GRID_MIN, GRID_MAX + 1):
                if (p, e) == (self.pleasantness, self.energy):
                    cells.append(Content.from_markup("[b reverse][●][/]"))
                elif p == 0 or e == 0:
                    cells.append(Content.from_markup("[dim] + [/]"))
                else:
                    cells.append(Content(" · "))
            rows.append(Content("").join(cells))
        rows.append(Content.from_markup("[dim]      ↓ less energy[/]"))
        rows.append(Content.from_markup("[dim]unpleasant ←  → pleasant[/]"))
        where = " / ".join(QUADRANT_LABELS[q] for q in quadrants(self.pleasantness, self.energy))
        rows.append(Content(where if len(where) < 24 else "anywhere: centre"))
        return Content("\n").join(rows)
