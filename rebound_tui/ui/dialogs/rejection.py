"""`r` on home: resume an open rebound, mark an interview rejected, or log a new one."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.widgets.option_list import Option

from rebound_tui.domain.models import STEP_LABELS, Interview, Rebound
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import short, template
from rebound_tui.ui.widgets.option_list import OptionList

NEW = "new"


class LogRejectionScreen(ModalScreen[str | None]):
    """Dismisses with 'resume:<rebound id>', 'reject:<interview id>', 'new' or None."""

    HELP_TITLE = "Log a rejection"
    CSS_PATH = str(STYLES / "dialogs.tcss")
    AUTO_FOCUS = "#rejection-options"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="rejection.cancel"),
        Binding("j", "cursor(1)", "Down", show=False, id="rejection.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="rejection.up"),
    ]

    def __init__(
        self,
        open_rebounds: list[tuple[Rebound, Interview | None]],
        active: list[Interview],
    ) -> None:
        super().__init__()
        self.open_rebounds = open_rebounds
        self.active = active

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        for rebound, interview in self.open_rebounds:
            name = short(interview.name, 60) if interview else "(interview gone)"
            options.append(
                Option(
                    template(
                        "Resume  $name  [dim]left at: $step[/]",
                        name=name,
                        step=STEP_LABELS[rebound.step],
                    ),
                    id=f"resume:{rebound.id}",
                )
            )
        if self.open_rebounds and self.active:
            options.append(None)
        for interview in self.active:
            options.append(
                Option(
                    template("It's a no from  $name", name=short(interview.name, 60)),
                    id=f"reject:{interview.id}",
                )
            )
        options.append(None)
        options.append(Option("A new interview that ended in a no…", id=NEW))
        with Vertical(classes="dialog") as box:
            box.border_title = "Log a rejection or open a rebound"
            yield Static(
                "I'm sorry. Let's take it one step at a time; you can stop whenever you like.",
                classes="dialog-text",
            )
            yield OptionList(*options, id="rejection-options")
            yield Static("enter to choose · escape to go back", classes="dialog-keys")

    def action_cursor(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if delta > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
