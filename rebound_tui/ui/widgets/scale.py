"""A 0–10 style scale: unset ("—") until touched, then moved with ←/→ (or h/l) or set
with a digit; the value is always printed as a number."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

UNSET = "—"


def _digit(key: str, value: int, description: str = "") -> Binding:
    # Only one binding of each group carries a description: the help lists one row for it.
    return Binding(
        key,
        f"digit({value})",
        description,
        show=False,
        key_display="1–9" if description and key == "1" else None,
        id=f"scale.digit{value}",
    )


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
        _digit("1", 1, "Set it to that number"),
        *(_digit(str(n), n) for n in range(2, 10)),
        # 0 is the scale's 0 where it has one (0–10), and its 10 where it starts at 1.
        _digit("0", 0, "Set it to 0"),
        _digit("0", 10, "Set it to 10"),
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

    @property
    def middle(self) -> int:
        """Where the first arrow press on an unset scale puts it."""
        return (self.minimum + self.maximum) // 2

    @property
    def zero_key_value(self) -> int:
        """What the 0 key sets: 0 on a scale that has a 0, else the top (10 on 1–10)."""
        return 0 if self.minimum <= 0 else self.maximum

    @property
    def keys_hint(self) -> str:
        """The scale's keys in a few words, for a hint line."""
        digits = "0–9" if self.zero_key_value == 0 else f"1–9, 0 for {self.maximum}"
        return f"←→ or h l · {digits} · home/end"

    def set_value(self, value: int | None) -> None:
        with self.prevent(Scale.Changed):
            self.value = value

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "digit":
            return True
        (value,) = parameters
        if not isinstance(value, int):
            return False
        if value in (0, 10):  # the 0 key: one of its two bindings applies
            return value == self.zero_key_value
        return self.minimum <= value <= self.maximum

    def action_step(self, delta: int) -> None:
        # The first press on an unset scale only sets it: to the middle, whichever way.
        self._set(self.middle if self.value is None else self.value + delta)

    def action_jump(self, direction: int) -> None:
        self._set(self.maximum if direction > 0 else self.minimum)

    def action_digit(self, value: int) -> None:
        self._set(value)

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
            number = f" {UNSET}"
        else:
            bar = "■" * self.value + "·" * (self.maximum - self.value)
            number = f"{self.value:>2}"
        ends = f"{self.low} → {self.high}" if self.low or self.high else ""
        # Labels line up in a column of 30; in a narrow terminal the column closes up, and
        # the ends ("faint → huge") are left out rather than cut off.
        label = f"{self.label:<30}"
        rest = len(f" {bar} {number}/{self.maximum}  {ends}")
        width = self.size.width or 80
        if len(marker) + len(label) + rest > width:
            label = self.label
            if len(marker) + len(label) + rest > width:
                ends = ""
        return Content.from_markup(
            "$marker$label [b]$bar[/] $number/$top  [dim]$ends[/]",
            marker=marker,
            label=label,
            bar=bar,
            number=number,
            top=str(self.maximum),
            ends=ends,
        )
