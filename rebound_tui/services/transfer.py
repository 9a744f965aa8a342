"""Export and import from inside the app: an export goes to a new file (a new folder for
CSV) named for today, never over one already there; an import reads a file from
`rebound export` and merges it, all of it or nothing (services/importing.py)."""

from __future__ import annotations

import contextlib
import errno
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Literal

from rebound_tui.domain.safe_text import escape_controls, json_for_terminal
from rebound_tui.services.clock import now, today
from rebound_tui.services.export.files import DIR_MODE, FILE_MODE, write_private
from rebound_tui.store.errors import ImportFileError
from rebound_tui.store.repository import Repository

ExportFormat = Literal["json", "md", "csv", "apkg", "ics"]
Progress = Callable[[str], object]
"""Told each phase of a long import in one line ("Reading deck.apkg…"), for the app."""

_NAMES: dict[ExportFormat, tuple[str, str]] = {
    # (name, suffix): rebound-export-2026-11-26.json, rebound-journal-2026-11-26.md, and
    # the folder rebound-export-2026-11-26-csv
    "json": ("rebound-export", ".json"),
    "md": ("rebound-journal", ".md"),
    "csv": ("rebound-export", "-csv"),
    # rebound-cards-2026-11-26.apkg (for Anki), rebound-dates-2026-11-26.ics (a calendar)
    "apkg": ("rebound-cards", ".apkg"),
    "ics": ("rebound-dates", ".ics"),
}


class ImportRefused(Exception):
    """An import file that cannot be used, in one line; nothing was changed."""


def export_name(fmt: ExportFormat, day: date) -> str:
    """What an export of `day` is called (before a -2, -3... that keeps it new)."""
    name, suffix = _NAMES[fmt]
    return f"{name}-{day.isoformat()}{suffix}"


def export_to_folder(repo: Repository, fmt: ExportFormat, folder: Path) -> Path:
    """Export everything into a new file in `folder` (a new folder in it, for CSV: one
    file per record type) named for today; returns its path. An existing file is never
    replaced: the name gets -2, -3... instead. OSError if `folder` cannot be written, with
    nothing left behind."""
    suffix = _NAMES[fmt][1]
    first = export_name(fmt, today(repo))
    for number in range(1, 1000):
        name = first if number == 1 else f"{first.removesuffix(suffix)}-{number}{suffix}"
        target = folder / name
        try:
            _claim(target, folder=fmt == "csv")
        except FileExistsError:
            continue
        try:
            _write(repo, fmt, target)
        except BaseException:
            _release(target)
            raise
        return target
    raise FileExistsError(errno.EEXIST, f"too many exports named {first} already", str(folder))


def _claim(target: Path, *, folder: bool) -> None:
    """Create `target`, empty and private, or raise FileExistsError: no export is ever
    written over something already there (even one made a moment ago by another app)."""
    if folder:
        target.mkdir(mode=DIR_MODE)
        return
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))


def _release(target: Path) -> None:
    with contextlib.suppress(OSError):
        if target.is_dir():
            for part in target.iterdir():
                part.unlink()
            target.rmdir()
        else:
            target.unlink()


def _write(repo: Repository, fmt: ExportFormat, target: Path) -> None:
    if fmt == "csv":
        from rebound_tui.services.export.csv import export_csv

        export_csv(repo, target)
        return
    if fmt in ("apkg", "ics"):
        write_private(target, export_bytes(repo, fmt))
        return
    if fmt == "md":
        from rebound_tui.services.export.markdown import export_markdown

        text = escape_controls(export_markdown(repo, now(repo)))  # as `rebound export`
    else:
        from rebound_tui.services.export.json import export_document

        document = json.dumps(export_document(repo, now(repo)), indent=2, ensure_ascii=False)
        text = json_for_terminal(document) + "\n"
    write_private(target, text.encode("utf-8"))


def export_bytes(repo: Repository, fmt: Literal["apkg", "ics"]) -> bytes:
    """An Anki package of the cards (services/export/apkg.py) or a calendar of the dates
    (services/export/ics.py), as the bytes of the file."""
    if fmt == "apkg":
        from rebound_tui.services.export.apkg import export_apkg

        return export_apkg(repo, now(repo))
    from rebound_tui.services.export.ics import export_ics

    return export_ics(repo, now(repo))


def import_file(repo: Repository, path: Path, progress: Progress | None = None) -> str:
    """Import an export file: validated in full, then merged all at once; returns the
    one-line summary. `ImportRefused` (one line) if the file cannot be read or used, with
    nothing changed. A disk that refuses the write raises `StoreError`, as every write.
    `progress` is told each phase (reading, then replaying and saving) as it starts."""
    from rebound_tui.services.anki import looks_like_anki
    from rebound_tui.services.export.json import read_import_file
    from rebound_tui.services.importing import import_document

    say = progress or _quiet
    say(f"Reading {path.name}…")
    if looks_like_anki(path):  # an Anki package, by its content (or its name)
        return _import_anki(repo, path, say)
    from rebound_tui.services.cardlists import looks_like_card_list

    if looks_like_card_list(path):  # .csv, .tsv, .txt, .md, or Anki's text headers
        return _import_card_list(repo, path, say)
    try:
        parsed = read_import_file(path)  # the whole file is checked before anything is written
    except OSError as error:
        raise ImportRefused(
            f"cannot read {path}: {error.strerror or error}; nothing was imported"
        ) from None
    except ImportFileError as error:
        raise ImportRefused(str(error)) from None
    say(_saving(parsed.records))
    try:
        return import_document(repo, parsed).summary()
    except ImportFileError as error:  # a record the merge cannot take; nothing written
        raise ImportRefused(str(error)) from None


def _quiet(_line: str) -> None:
    return None


def _saving(records: dict[str, list[Any]]) -> str:
    """The last phase: "Replaying 50,000 reviews of 5,000 cards, and saving…"."""
    cards, reviews = len(records.get("cards", [])), len(records.get("reviews", []))
    if reviews:
        return f"Replaying {reviews:,} reviews of {cards:,} cards, and saving…"
    return "Saving…"


def _import_card_list(repo: Repository, path: Path, say: Progress) -> str:
    """A list of questions and answers (services/cardlists): read in full, then merged
    as every import is."""
    from rebound_tui.services.cardlists import card_list_import, read_card_list
    from rebound_tui.services.importing import import_document

    try:
        listing = read_card_list(path)
        cards = {card.id: card for card in repo.cards.all()}
        parsed = card_list_import(listing, cards.get, repo.clock.now())
        say(_saving(parsed.records))
        return f"{listing.describe()} {import_document(repo, parsed).summary()}"
    except ImportFileError as error:
        raise ImportRefused(str(error)) from None


def _import_anki(repo: Repository, path: Path, say: Progress) -> str:
    from rebound_tui.services.anki import read_anki_file
    from rebound_tui.services.importing import import_document

    try:
        anki = read_anki_file(path)  # read in full before anything is written
        say(_saving(anki.parsed.records))
        return f"{anki.describe()} {import_document(repo, anki.parsed).summary()}"
    except ImportFileError as error:
        raise ImportRefused(str(error)) from None
