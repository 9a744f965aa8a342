"""Import from the app: ask for the path of a file from `rebound export`, merge it (all of
it or nothing), and say what happened in one line."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.notifications import SeverityLevel
from textual.widgets import Input, Static

from rebound_tui.services.paths import letters_dir, writable_path
from rebound_tui.services.settings import settings
from rebound_tui.services.transfer import ImportRefused, import_file
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.dialogs.confirm import PromptScreen
from rebound_tui.ui.themes import theme_names


def suggested_path(folder: Path) -> str:
    """The newest JSON export in `folder`, or the folder itself to type a name after."""
    try:
        exports = sorted(folder.glob("rebound-export-*.json"), key=lambda p: p.stat().st_mtime)
    except OSError:
        exports = []
    return str(exports[-1]) if exports else f"{folder}/"


class ImportScreen(PromptScreen):
    """The file is imported (on a worker thread: years of data take seconds) before the
    dialog closes, so the screen under it, which reads its data again when it comes back,
    shows what was imported; until then the dialog says so and cannot be closed."""

    app = rebound_app

    def __init__(self) -> None:
        self.folder = letters_dir()
        self.importing = False
        super().__init__(
            "Import a JSON file from `rebound export`: everything in it is merged, or "
            "nothing if any of it cannot be used. Path:",
            value=suggested_path(self.folder),
            title="Import",
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.prevent_default()  # PromptScreen's own handler would close with the text
        text = event.value.strip()
        if self.importing:
            return
        if not text:
            self.dismiss(None)
            return
        path = Path(text).expanduser()
        allowed = writable_path(path if path.is_absolute() else self.folder / path)
        if allowed is None:  # over SSH: only the session's own folder
            self.app.notify(f"Files can be imported from {self.folder} only.", severity="error")
            self.dismiss(None)
            return
        self.importing = True
        self.query_one(Input).disabled = True
        self.query_one(".dialog-keys", Static).update("Importing…")
        self.app.autosave.flush()  # nothing typed is merged under an import
        self._import(allowed)

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: Path) -> None:
        try:
            summary = import_file(self.app.repo, path)
        except ImportRefused as refused:
            self.app.call_from_thread(self._done, str(refused), "error")
            return
        self.app.call_from_thread(self._done, summary, "information")

    def _done(self, line: str, severity: SeverityLevel) -> None:
        app = self.app
        app.notify(line, severity=severity, timeout=12)
        theme = settings(app.repo).theme  # the file may carry settings, a theme among them
        if theme and theme != app.theme and theme in theme_names():
            app.theme = theme
        self.dismiss(line)

    def action_cancel(self) -> None:
        if not self.importing:  # an import, once started, finishes (all or nothing)
            super().action_cancel()
