"""Asked when leaving or quitting while a save keeps failing: nothing typed goes quietly."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from rebound_tui.services.paths import letters_dir, writable_path
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.autosave import CannotGather
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import plain, template


class UnsavedScreen(ModalScreen[bool]):
    """Dismissed with True when what was pending is safe (saved, or written to a file the
    user named), False to keep editing."""

    app = rebound_app

    CSS_PATH = str(STYLES / "dialogs.tcss")
    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Try again", id="unsaved.retry"),
        Binding("w", "write", "Write to a file", id="unsaved.write"),
        Binding("k", "keep", "Keep editing", id="unsaved.keep"),
        Binding("escape", "keep", "Keep editing", show=False, id="unsaved.cancel"),
    ]

    def __init__(self, leaving: str) -> None:
        super().__init__()
        self.leaving = leaving
        """What the user was doing: "quit" or "leave"."""

    def compose(self) -> ComposeResult:
        autosave = self.app.autosave
        with Vertical(classes="dialog", id="unsaved") as box:
            box.border_title = "Not saved yet"
            yield Static(
                template(
                    "Rebound could not save your latest changes ($why). They are still here; "
                    "nothing has been lost.",
                    why=autosave.last_error or "the disk refused the write",
                ),
                id="unsaved-text",
                classes="dialog-text",
            )
            path = Input(value=str(self._default_path()), id="unsaved-path", disabled=True)
            path.display = False  # shown by `w`; until then keys are the dialog's
            yield path
            status = Static("", id="unsaved-status", classes="dialog-text")
            status.display = False
            yield status
            yield Static(
                "[b]r[/] try again · [b]w[/] write them to a file · [b]k[/] keep editing",
                id="unsaved-keys",
                classes="dialog-keys",
            )

    def _default_path(self) -> Path:
        stamp = self.app.clock.now().strftime("%Y%m%d-%H%M%S")
        return letters_dir() / f"rebound-unsaved-{stamp}.json"

    def _status(self, text: str) -> None:
        status = self.query_one("#unsaved-status", Static)
        status.update(plain(text))
        status.display = bool(text)

    def action_retry(self) -> None:
        autosave = self.app.autosave
        if autosave.flush():
            self.dismiss(True)
        else:
            self._status(f"Still not saved: {autosave.last_error}.")

    def action_keep(self) -> None:
        path = self.query_one("#unsaved-path", Input)
        if path.display:
            path.display = False
            path.disabled = True
            self._status("")
            return
        self.dismiss(False)

    def action_write(self) -> None:
        path = self.query_one("#unsaved-path", Input)
        path.disabled = False
        path.display = True
        path.focus()
        self._status(
            "Where to? enter writes it (the file can be brought back later with "
            "`rebound import`) · escape goes back."
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        autosave = self.app.autosave
        text = event.value.strip()
        try:
            target = writable_path(Path(text)) if text else None
        except (OSError, RuntimeError, ValueError):
            target = None
        if target is None:
            self._status(f"That is not a place I can write to; try a path under {letters_dir()}.")
            return
        try:
            written = autosave.rescue(target)
        except CannotGather as error:
            self._status(
                f"Some changes could not be gathered ({error}); they stay here. "
                "Try again when the disk has room, or keep editing."
            )
            return
        except FileExistsError:
            self._status("A file of that name is already there; choose another name.")
            return
        except OSError as error:
            self._status(f"Could not write there: {error.strerror or error}. Try another place.")
            return
        self.app.notify(
            f"Your unsaved changes are in {written}. `rebound import` brings them back.",
            markup=False,
            timeout=10,
        )
        self.dismiss(True)
