"""What the command palette offers besides the areas: drill options, export, import,
backups and themes. Each entry is (title, help, function to call); the app lists them in
`ReboundApp.palette_commands`."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rebound_tui.services.clock import today
from rebound_tui.services.paths import letters_dir
from rebound_tui.services.transfer import ExportFormat, export_name, export_to_folder
from rebound_tui.ui.themes import theme_names

if TYPE_CHECKING:
    from rebound_tui.ui.app import ReboundApp

PaletteEntry = tuple[str, str, Callable[[], object]]

SHORT_DRILL = 10
"""Cards in the palette's short drill session."""

EXPORTS: tuple[tuple[ExportFormat, str, str], ...] = (
    ("json", "Export: JSON", "Everything, to {path}; `rebound import` reads it back"),
    ("md", "Export: Markdown journal", "A journal to read, to {path}"),
    ("csv", "Export: CSV", "One file per record type, in {path}/"),
    ("apkg", "Export: Anki package (.apkg)", "Every card and its reviews, for Anki, to {path}"),
    (
        "ics",
        "Export: calendar (.ics)",
        "Follow-ups, next steps and interviews for a calendar, to {path}",
    ),
)
IMPORT_TITLE = "Import: a Rebound export, an Anki deck or a card list"
IMPORT_HELP = (
    "JSON from `rebound export`, .apkg or .colpkg, CSV, TSV or Markdown; "
    "a file with anything wrong changes nothing"
)


def shown_path(path: Path) -> str:
    """`path`, with the home folder as ~ (a palette line is short)."""
    home = Path.home()
    return f"~/{path.relative_to(home)}" if path.is_relative_to(home) else str(path)


def palette_entries(app: ReboundApp) -> list[PaletteEntry]:
    """Drill options, export, import and backups, then one entry per theme."""
    folder, day = letters_dir(), today(app.repo)
    entries: list[PaletteEntry] = [
        (
            f"Drill: a short session of {SHORT_DRILL} cards",
            f"Today's drill, stopping after {SHORT_DRILL} cards",
            partial(app.open, "drill", limit=SHORT_DRILL),
        ),
        (
            "Starter bank",  # the title the cards screen gives it: offered once
            "Drill: common interview questions to add as cards",
            partial(app.open, "starter_bank"),
        ),
    ]
    for fmt, title, help_text in EXPORTS:
        path = shown_path(folder / export_name(fmt, day))
        entries.append((title, help_text.format(path=path), partial(export, app, fmt)))
    entries += [
        (IMPORT_TITLE, IMPORT_HELP, partial(ask_import, app)),
        ("Take a backup now", "A copy of all your data, kept beside it", partial(backup, app)),
        ("Backups", "The backups kept, their dates, how to restore one", partial(backups, app)),
    ]
    for name in theme_names():
        in_use = "In use now" if name == app.theme else "Use this theme (it is remembered)"
        entries.append((f"Theme: {name}", in_use, partial(setattr, app, "theme", name)))
    return entries


def export(app: ReboundApp, fmt: ExportFormat) -> None:
    """Export to a new file in the user's folder (the session's own folder over SSH),
    never over an existing one, on a worker thread (years of data take seconds); its
    path, or why not, in one line."""
    app.autosave.flush()  # what was just typed is in the export
    app.run_worker(partial(_export, app, fmt, letters_dir()), thread=True, group="export")


def _export(app: ReboundApp, fmt: ExportFormat, folder: Path) -> None:
    try:
        path = export_to_folder(app.repo, fmt, folder)
    except OSError as error:
        line = f"Could not export to {folder}: {error.strerror or error}"
        app.call_from_thread(app.notify, line, severity="error")
        return
    app.call_from_thread(app.notify, f"Exported to {path}", timeout=12)


def ask_import(app: ReboundApp) -> None:
    """The import dialog; one at a time (the palette opens over a running import too)."""
    from rebound_tui.ui.dialogs.import_file import ImportScreen

    if any(isinstance(screen, ImportScreen) for screen in app.screen_stack):
        app.notify("An import is open already; one at a time.", severity="warning")
        return
    app.push_screen(ImportScreen())


def backup(app: ReboundApp) -> None:
    from rebound_tui.ui.dialogs.backups import take_backup

    take_backup(app)


def backups(app: ReboundApp) -> None:
    from rebound_tui.ui.dialogs.backups import BackupsScreen

    app.push_screen(BackupsScreen())
