"""Importing Anki packages (`.apkg`, `.colpkg`): `rebound import deck.apkg`.

The package is read with the standard library (zipfile, sqlite3, html.parser) and the
`zstandard` package for the current generation (package.py); its notes and review log
become Rebound cards and reviews (convert.py, text.py for the HTML); those are merged as
a Rebound JSON import is (services/importing.py): validated in full, all of it or nothing,
by id (so importing the same package twice adds nothing), every card's schedule rebuilt
by replaying its reviews through fsrs with the user's settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rebound_tui.domain.days import plural
from rebound_tui.services.export.json import ParsedImport
from rebound_tui.store.errors import ImportFileError

ANKI_SUFFIXES = (".apkg", ".colpkg")


@dataclass
class AnkiImport:
    parsed: ParsedImport
    notes: int = 0
    skipped: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """What was read, and what was left out and why: "From Anki: 12 cards of 9
        notes, 40 reviews. Skipped: 3 notes of type 'Image Occlusion'..." """
        cards = len(self.parsed.records.get("cards", []))
        reviews = len(self.parsed.records.get("reviews", []))
        text = (
            f"Read from Anki: {plural(cards, 'card')} of {plural(self.notes, 'note')}, "
            f"{plural(reviews, 'review')}."
        )
        if self.skipped:
            text += " " + "; ".join(self.skipped) + "."
        return text


def looks_like_anki(path: Path) -> bool:
    """The file is a zip archive with an Anki collection in it (judged by its content,
    whatever its name), or is named .apkg or .colpkg (so that a damaged package is called
    one). False for anything else, or that cannot be opened: the JSON reader then says why
    in its own words."""
    import zipfile

    from rebound_tui.services.anki.package import COLLECTIONS

    if path.suffix.lower() in ANKI_SUFFIXES:
        return True
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            if handle.read(4) != b"PK\x03\x04":
                return False
        with zipfile.ZipFile(path) as archive:
            return any(name in COLLECTIONS for name in archive.namelist())
    except (OSError, ValueError, zipfile.BadZipFile):
        return False


def read_anki_file(path: Path) -> AnkiImport:
    """Read an Anki package completely; `ImportFileError` (one line, ending "nothing was
    imported") for anything that cannot be used, before anything is written."""
    from rebound_tui.services.anki.convert import convert
    from rebound_tui.services.anki.package import read_collection
    from rebound_tui.services.export.json import _read_bytes, _shown_path

    where = _shown_path(path)
    try:
        data = _read_bytes(path, where)
        converted = convert(read_collection(data, where))
    except ImportFileError as error:
        text = str(error)
        if not text.endswith("nothing was imported"):
            text += "; nothing was imported"
        raise ImportFileError(text) from None
    except OSError as error:  # the temporary copy of the collection could not be made
        raise ImportFileError(
            f"{where} could not be unpacked ({error.strerror or error}); nothing was imported"
        ) from None
    except (OverflowError, ValueError) as error:  # a time or number out of any range
        detail = " ".join(str(error).split())[:100] or type(error).__name__
        raise ImportFileError(
            f"{where} holds an Anki collection that cannot be read ({detail}); "
            "nothing was imported"
        ) from None
    parsed = ParsedImport(records={"cards": converted.cards, "reviews": converted.reviews})
    return AnkiImport(parsed=parsed, notes=converted.notes, skipped=converted.skipped)
