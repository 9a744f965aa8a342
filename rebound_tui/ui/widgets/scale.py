"""A 0–10 style scale moved with ←/→ (or h/l); the value is always printed as a number."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class Scale(Widget, can_focus=True):
    DEFAULT_CSS = """
    Scale {
        height: 1;
        width: 1fr;
    }
    Scale:focus {
        text-style: bold;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "step(-1)", "Less", show=False, id="scale.less"),
        Binding("right,l", "step(1)", "More", show=False, id="scale.more"),
        Binding("home", "jump(-1)", "Lowest", show=False, id="scale.lowest"),
        Binding("end", "jump(1)", "Highest", show=False, id="scale.highest"),
    ]

    value: reactive[int | None] = reactive(None)

    class Changed(Message):
        def __init__(self, scale: Scale, value: int) -> None:
            super().__init__()
            self.scale = scale
            self.value = value

        @property
        def control(self) -> Scale:
            return self.scale

    def __init__(
        self,
        label: str,
        minimum: int = 0,
        maximum: int = 10,
        value: int | None = None,
        *,
        low: str = "",
        high: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.label = label
        self.minimum = minimum
        self.maximum = maximum
        self.low = low
        self.high = high
        self.set_reactive(Scale.value, value)

    def set_value(self, value: int | None) -> None:
        with self.prevent(Scale.Changed):
            self.value = value

    def action_step(self, delta: int) -> None:
        start = self.value if self.value is not None else (self.minimum + self.maximum) // 2
        self._set(start + delta)

    def action_jump(self, direction: int) -> None:
        self._set(self.maximum if direction > 0 else self.minimum)

    def _set(self, value: int) -> None:
        value = max(self.minimum, min(self.maximum, value))
        if value != self.value:
            self.value = value
            self.post_message(self.Changed(self, value))

    def render(self) -> Content:
        marker = "▸ " if self.has_focus else "  "
        # One cell per point, so 1/10 shows one block and 10/10 ten.
        if self.value is None:
            bar = "·" * self.maximum
            number = " –"
        else:
            bar = "■" * self.value + "·" * (self.maximum - self.value)
            number = f"{self.value:>2}"
        ends = f"{self.low} → {self.high}" if self.low or self.high else ""
        return Content.from_markup(
            "$marker$label [b]$bar[/] $number/$top  [dim]$ends[/]",
            marker=marker,
            label=f"{self.label:<30}",
            bar=bar,
            number=number,
            top=str(self.maximum),
            ends=ends,
        )
