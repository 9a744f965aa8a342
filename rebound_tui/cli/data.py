"""The commands that move data in and out: `export`, `import`, `backups` and `restore`."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from rebound_tui.cli.datadir import data_dir_from, open_repository
from rebound_tui.cli.output import UsageError, say, warn
from rebound_tui.domain.days import plural
from rebound_tui.domain.safe_text import echo, json_for_terminal


def cmd_export(args: argparse.Namespace) -> int:
    """Export; with -o, a failure to write (a bad path, no permission, a full disk) is one
    line and exit 2 (the user named the place, and the fix is to name another), and an
    existing file is never truncated: files are written beside it and renamed over it."""
    target = output_path(args.output)
    if args.format in ("apkg", "ics"):
        return export_deck_or_dates(args, target)
    if args.format == "csv" and target is None:
        raise UsageError("a csv export is one file per record type: give a directory, -o DIR")
    if args.format == "csv" and target is not None and target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file; a csv export needs a directory")
    repo = open_repository(args, readonly=True)
    now = repo.clock.now()
    if args.format == "csv":
        assert target is not None
        from rebound_tui.services.export.csv import export_csv

        try:
            files = export_csv(repo, target)
        except OSError as error:
            raise UsageError(f"cannot write to {target}: {error.strerror or error}") from None
        warn(f"Exported {plural(len(files), 'CSV file')} to {target}")
        return 0
    if args.format == "md":
        from rebound_tui.domain.safe_text import escape_controls
        from rebound_tui.services.export.markdown import export_markdown

        text = escape_controls(export_markdown(repo, now))  # already escaped: a safety net
    else:
        from rebound_tui.services.export.json import export_document

        document = json.dumps(export_document(repo, now), indent=2, ensure_ascii=False)
        text = json_for_terminal(document) + "\n"
    if target is not None:
        from rebound_tui.services.export.files import write_private

        try:
            write_private(target, text.encode("utf-8"))
        except OSError as error:
            raise UsageError(f"cannot write {target}: {error.strerror or error}") from None
        warn(f"Exported to {target}")
    else:
        write_stdout(text)
    return 0


def export_deck_or_dates(args: argparse.Namespace, target: Path | None) -> int:
    """`--format apkg` (an Anki package: a zip file, so never to a terminal) and `--format
    ics` (the dates, for a calendar; to stdout without -o)."""
    if args.format == "apkg" and target is None:
        raise UsageError("an apkg export is a zip file for Anki: give a file, -o rebound.apkg")
    from rebound_tui.services.transfer import export_bytes

    data = export_bytes(open_repository(args, readonly=True), args.format)
    if target is None:
        write_stdout(data.decode("utf-8"))
        return 0
    from rebound_tui.services.export.files import write_private

    try:
        write_private(target, data)
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror or error}") from None
    warn(f"Exported to {target}")
    return 0


def write_stdout(text: str) -> None:
    if sys.stdout is None:
        raise UsageError("standard output is closed; write the export to a file with -o")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise UsageError(
            f"cannot write the export to standard output: {error.strerror or error}"
        ) from None


def output_path(value: str | None) -> Path | None:
    if value is None:
        return None
    if not value.strip() or "\x00" in value:
        raise UsageError(f"-o {echo(value)} is not a path: give a file (or a directory for csv)")
    return Path(value).expanduser()


def cmd_import(args: argparse.Namespace) -> int:
    from rebound_tui.services.export.json import read_import_file
    from rebound_tui.services.importing import import_document

    if not args.file.strip() or "\x00" in args.file:
        raise UsageError(f"{echo(args.file)} is not a file name")
    data_dir_from(args)  # a bad --data-dir is named before the file is read
    from rebound_tui.services.anki import looks_like_anki

    if looks_like_anki(Path(args.file)):  # an Anki package, by its content (or its name)
        return import_anki(args)
    from rebound_tui.services.cardlists import looks_like_card_list

    if looks_like_card_list(Path(args.file)):  # .csv, .tsv, .txt, .md, or Anki's headers
        return import_card_list(args)
    try:
        document = read_import_file(Path(args.file))  # validates fully before anything opens
    except OSError as error:  # the file given is the problem: bad input, exit 2
        raise UsageError(f"cannot read {args.file}: {error.strerror or error}") from None
    repo = open_repository(args)
    say(import_document(repo, document).summary())
    return 0


def import_anki(args: argparse.Namespace) -> int:
    """`rebound import deck.apkg`: what was read from Anki (and what was skipped, and why),
    then what the merge changed. A package that cannot be used is one line, exit 2."""
    from rebound_tui.services.anki import read_anki_file
    from rebound_tui.services.importing import import_document

    anki = read_anki_file(Path(args.file))  # validated fully before anything opens
    repo = open_repository(args)
    say(anki.describe())
    say(import_document(repo, anki.parsed).summary())
    return 0


def import_card_list(args: argparse.Namespace) -> int:
    """`rebound import questions.csv` (or .tsv, .txt, .md): how the list was read (and
    what was left out, and why), then what the merge changed. A list that cannot be used
    is one line naming its line, exit 2, and nothing changes."""
    from rebound_tui.services.cardlists import card_list_import, read_card_list
    from rebound_tui.services.importing import import_document

    listing = read_card_list(Path(args.file))  # read in full before anything opens
    repo = open_repository(args)
    cards = {card.id: card for card in repo.cards.all()}
    parsed = card_list_import(listing, cards.get, repo.clock.now())
    say(listing.describe())
    say(import_document(repo, parsed).summary())
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from rebound_tui.store.backups import list_backups

    backups = list_backups(data_dir_from(args))
    if not backups:
        say("No backups yet: one is taken each day Rebound is opened.")
        return 0
    for backup in backups:
        size = backup.size_bytes / 1024
        say(
            f"{backup.name:<34} {backup.taken_at:%Y-%m-%d %H:%M} UTC  "
            f"{backup.files:>4} {'file ' if backup.files == 1 else 'files'}  {size:,.0f} KiB"
        )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore a backup by the name `rebound backups` shows: anything else (empty, `.`,
    `..`, a hidden or unknown name, a path) is refused before the data directory is even
    opened, so nothing changes."""
    from rebound_tui.store.backups import list_backups, restore_backup

    name = args.name
    data_dir = data_dir_from(args)
    is_plain_name = (
        bool(name)
        and name == os.path.basename(name)
        and not name.startswith(".")
        and not any(c in name for c in "/\\\x00")
    )
    if not is_plain_name or name not in {b.name for b in list_backups(data_dir)}:
        raise UsageError(f"there is no backup named {echo(name)}; `rebound backups` lists them")
    repo = open_repository(
        args, keep_backup=name
    )  # today's backup must not prune the one asked for
    say(restore_backup(repo, name))
    return 0
