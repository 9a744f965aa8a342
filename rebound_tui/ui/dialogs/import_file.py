"""Import from the app: ask for the path of a file (a Rebound JSON export, an Anki package,
or a list of questions as CSV, TSV or Markdown), merge it (all of it or nothing) on a
worker thread while the dialog says which phase it is in, then show what happened until
it is closed; a file that cannot be used is said in one line."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.widgets import Input, LoadingIndicator, Static

from rebound_tui.services.paths import letters_dir, writable_path
from rebound_tui.services.settings import settings
from rebound_tui.services.transfer import ImportRefused, import_file
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.dialogs.confirm import PromptScreen
from rebound_tui.ui.text import plain
from rebound_tui.ui.themes import theme_names

SUGGESTED = ("rebound-export-*.json", "*.apkg", "*.colpkg")
"""The files offered first: the newest of Rebound's exports and Anki packages."""
QUESTION = (
    "Import a Rebound JSON export, an Anki package (.apkg, .colpkg) or a list of "
    "questions: CSV or TSV (question, answer, tags) or Markdown (Q: and A: lines, or a "
    "heading per question). Everything in it is merged, or nothing if any of it cannot "
    "be used. Path:"
)


def suggested_path(folder: Path) -> str:
    """The newest export or Anki package in `folder`, or the folder itself to type a
    name after."""
    try:
        found = {path for pattern in SUGGESTED for path in folder.glob(pattern)}
        newest = sorted(found, key=lambda p: (p.stat().st_mtime, p.name))
    except OSError:
        newest = []
    return str(newest[-1]) if newest else f"{folder}/"


class ImportScreen(PromptScreen):
    """The file is imported (on a worker thread: a deck of 50,000 reviews takes a while)
    before the dialog closes, so the screen under it, which reads its data again when it
    comes back, shows what was imported. Meanwhile the dialog says which phase the import
    is in and cannot be closed; then it shows the summary until enter or escape."""

    app = rebound_app
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", "Close", show=False, id="import.close"),
    ]

    def __init__(self) -> None:
        self.folder = letters_dir()
        self.importing = False
        self.summary: str | None = None
        super().__init__(QUESTION, value=suggested_path(self.folder), title="Import")

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
        field = self.query_one(Input)
        field.disabled = True
        indicator = LoadingIndicator(id="import-busy")
        indicator.styles.height = 1
        self.query_one(".dialog").mount(indicator, before=field)
        field.display = False
        self._phase("Importing…")
        self.app.autosave.flush()  # nothing typed is merged under an import
        self._import(allowed)

    def _phase(self, line: str) -> None:
        self.query_one(".dialog-keys", Static).update(plain(line))

    @work(thread=True, exclusive=True, group="import")
    def _import(self, path: Path) -> None:
        def progress(line: str) -> None:
            self.app.call_from_thread(self._phase, line)

        try:
            summary = import_file(self.app.repo, path, progress)
        except ImportRefused as refused:
            self.app.call_from_thread(self._refused, str(refused))
            return
        self.app.call_from_thread(self._done, summary)

    def _refused(self, line: str) -> None:
        self.app.notify(line, severity="error", timeout=12)
        self.dismiss(line)

    def _done(self, summary: str) -> None:
        """The summary stays in the dialog until it is closed."""
        app = self.app
        theme = settings(app.repo).theme  # the file may carry settings, a theme among them
        if theme and theme != app.theme and theme in theme_names():
            app.theme = theme
        self.summary = summary
        self.query_one("#import-busy").remove()
        self.query_one(".dialog-text", Static).update(plain(summary))
        self._phase("enter or escape to close")
        self.importing = False
        self.set_focus(None)  # the hidden field had it: enter and escape come here

    def action_close(self) -> None:
        if self.summary is not None:
            self.dismiss(self.summary)

    def action_cancel(self) -> None:
        if self.summary is not None:
            self.dismiss(self.summary)
        elif not self.importing:  # an import, once started, finishes (all or nothing)
            super().action_cancel()
