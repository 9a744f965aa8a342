"""Import from the app: ask for the path of a file from `rebound export`, merge it (all of
it or nothing), and say what happened in one line."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

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
    """The path is read and imported before the dialog closes, so the screen under it,
    which reads its data again when it comes back, shows what was imported."""

    app = rebound_app

    def __init__(self) -> None:
        self.folder = letters_dir()
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
        if text:
            self._import(text)
        self.dismiss(text or None)

    def _import(self, text: str) -> None:
        app = self.app
        path = Path(text).expanduser()
        allowed = writable_path(path if path.is_absolute() else self.folder / path)
        if allowed is None:  # over SSH: only the session's own folder
            app.notify(f"Files can be imported from {self.folder} only.", severity="error")
            return
        app.autosave.flush()  # nothing typed is merged under an import
        try:
            summary = import_file(app.repo, allowed)
        except ImportRefused as refused:
            app.notify(str(refused), severity="error", timeout=12)
            return
        app.notify(summary, timeout=12)
        theme = settings(app.repo).theme  # the file may carry settings, a theme among them
        if theme and theme != app.theme and theme in theme_names():
            app.theme = theme
