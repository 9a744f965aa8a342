"""The backups kept for this data directory, with their dates; one can be taken now.
Restoring one replaces every file under a running app, so it is done from a shell."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from rebound_tui.domain.days import plural
from rebound_tui.services import StoreError
from rebound_tui.services.backups import DAILY_KEPT, OTHERS_KEPT, backups, take_backup_now
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import cell
from rebound_tui.ui.widgets.footer import QuietFooter

if TYPE_CHECKING:
    from rebound_tui.ui.app import ReboundApp

ABOUT = (
    f"Rebound keeps a backup of each of the last {DAILY_KEPT} days it was opened, and the "
    f"last {OTHERS_KEPT} others (taken here, or before an import or a restore). To go back "
    "to one, leave Rebound and run `rebound restore NAME` from a shell: what is there now "
    "is backed up first."
)


def size_text(size_bytes: int) -> str:
    if size_bytes < 1024 * 1024:
        return f"{max(1, round(size_bytes / 1024)):,} KiB"
    return f"{size_bytes / (1024 * 1024):,.1f} MiB"


def take_backup(app: ReboundApp) -> None:
    """Take a backup now and say so in one line (or why not)."""
    app.autosave.flush()  # what was just typed is in it
    try:
        name = take_backup_now(app.repo)
    except StoreError as error:
        app.notify(f"Could not take a backup: {error}", severity="error")
        return
    if name is None:
        app.notify("Nothing to back up yet.")
        return
    app.notify(f"Backup {name} taken; `rebound restore {name}` brings it back.")


class BackupsScreen(ModalScreen[None]):
    """The backups, newest first: name (what `rebound restore` takes), when, how big."""

    app = rebound_app
    CSS_PATH = str(STYLES / "backups.tcss")
    AUTO_FOCUS = "#backups-table"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "take", "Take one now", id="backups.take"),
        Binding("escape,q", "close", "Close", key_display="esc", id="backups.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="backups-dialog") as dialog:
            dialog.border_title = "Backups"
            yield Static(ABOUT, id="backups-about", markup=False)
            yield DataTable(id="backups-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="backups-empty", markup=False)
        yield QuietFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Name", key="name")
        table.add_column("Taken", key="taken")
        table.add_column("Files", key="files")
        table.add_column("Size", key="size")
        self.reload()

    def reload(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        kept = backups(self.app.repo)
        for backup in kept:
            table.add_row(
                cell(backup.name),
                cell(f"{backup.taken_at:%Y-%m-%d %H:%M}"),
                cell(plural(backup.files, "file")),
                cell(size_text(backup.size_bytes)),
                key=backup.name,
            )
        table.display = bool(kept)
        empty = "" if kept else "No backups yet: one is taken each day Rebound is opened."
        self.query_one("#backups-empty", Static).update(empty)

    def action_take(self) -> None:
        take_backup(self.app)
        self.reload()

    def action_close(self) -> None:
        self.dismiss()
