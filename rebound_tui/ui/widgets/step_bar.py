"""Where you are in a rebound: Feel · Treat · Went well · Tough · Feedback · Move on."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from rebound_tui.domain.models import REBOUND_STEPS, STEP_LABELS

MARKS = {"done": " ✓", "skipped": " –", "todo": ""}


class StepBar(Widget):
    """The current step is reversed and arrowed; done steps are ticked, skipped ones dashed."""

    DEFAULT_CSS = """
    StepBar {
        height: 1;
        width: 1fr;
        padding: 0 1;
    }
    """

    current: reactive[str] = reactive("feel")
    statuses: reactive[dict[str, str]] = reactive(dict, always_update=True)

    def on_resize(self) -> None:
        self.refresh()  # the compact form depends on the width

    def render(self) -> Content:
        full = self._bar(compact=False)
        if full.cell_length <= self.size.width or not self.size.width:
            return full
        return self._bar(compact=True)  # narrow: only the current step is named

    def _bar(self, *, compact: bool) -> Content:
        parts = []
        for index, step in enumerate(REBOUND_STEPS, start=1):
            status = self.statuses.get(step, "todo")
            if step == self.current and status == "skipped":
                status = "todo"  # being here is not skipping it
            mark = MARKS[status]
            name = "" if compact and step != self.current else f" {STEP_LABELS[step]}"
            label = f"{index}{name}{mark}"
            if step == self.current:
                parts.append(Content.from_markup("[b reverse]▸$label[/]", label=label))
            else:
                parts.append(
                    Content.from_markup("[dim]$label[/]" if not mark else "$label", label=label)
                )
        return Content(" " if compact else " · ").join(parts)
