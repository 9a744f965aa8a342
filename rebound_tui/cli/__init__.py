"""The `rebound` command line (PRODUCT.md §4): a contract that scripts rely on.

User mistakes print one line to stderr and exit 2; problems with the data directory exit
1; never a traceback for either. Every line printed passes through `terminal_line`: user
text, file names and arguments cannot put control sequences on the terminal. Textual is
imported only when a screen is launched, so `rebound status` stays fast enough for a shell
prompt.

The commands live one group to a module: `app.py` (home, drill, checkin, demo),
`status.py`, `search.py`, `data.py` (export, import, backups, restore) and `serve.py`;
what they share is in `output.py` (exit codes, one-line output) and `datadir.py` (the data
directory and the repository opened there).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

# Importing allocates much and frees little: no collection passes meanwhile (see
# `cli.app.gc_paused`, which keeps them off for the app's start).
_COLLECTING = gc.isenabled()
gc.disable()

from rebound_tui.cli.app import cmd_drill, cmd_home  # noqa: E402
from rebound_tui.cli.commands import cmd_status  # noqa: E402
from rebound_tui.cli.datadir import close_opened  # noqa: E402
from rebound_tui.cli.output import EXIT_DATA, EXIT_USAGE, UsageError, warn  # noqa: E402

if _COLLECTING:
    gc.enable()

if TYPE_CHECKING:
    import argparse


def plain_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """The command lines run most, read without argparse (building its parser takes
    longer than a status with figures kept takes to answer, and a tenth of a bare
    Textual app's start): `rebound`, `rebound drill`, `rebound status [--json]`, each
    with at most one `--data-dir DIR` (before or after the command). None for anything
    else, which argparse reads. What it reads is what argparse reads
    (`tests/test_status_snapshot.py`)."""
    words = list(argv)
    data_dir = None
    if "--data-dir" in words:
        if words.count("--data-dir") != 1:
            return None
        at = words.index("--data-dir")
        if at + 1 >= len(words) or words[at + 1].startswith("-"):
            return None
        data_dir = words[at + 1]
        del words[at : at + 2]
    common = {"data_dir": data_dir, "theme": None, "no_mouse": False}
    if not words:
        return _namespace(**common, command=None, handler=cmd_home)
    if words == ["drill"]:
        unset = dict.fromkeys(("limit", "tag", "for_name", "role", "until"))
        return _namespace(**common, command="drill", handler=cmd_drill, **unset)
    if words in (["status"], ["status", "--json"]):
        json = len(words) == 2
        return _namespace(**common, command="status", handler=cmd_status, json=json)
    return None


def _namespace(**values: object) -> argparse.Namespace:
    """What argparse would give, without importing it (handlers only read attributes)."""
    return cast("argparse.Namespace", SimpleNamespace(**values))


def build_parser() -> argparse.ArgumentParser:
    """The whole command line's parser (`cli/parser.py`), for what `plain_args` does not
    read."""
    from rebound_tui.cli.parser import build_parser as build

    return build()


def main(argv: Sequence[str] | None = None) -> int:
    args = plain_args(sys.argv[1:] if argv is None else argv)
    if args is None:
        args = build_parser().parse_args(argv)
    try:
        return _run(args)
    finally:
        close_opened()


def _run(args: argparse.Namespace) -> int:
    from rebound_tui.store.errors import ImportFileError, StoreError

    try:
        return int(args.handler(args) or 0)
    except (UsageError, ImportFileError) as error:
        warn(f"rebound: error: {error}")
        return EXIT_USAGE
    except StoreError as error:
        warn(f"rebound: {error}")
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except UnicodeEncodeError as error:
        encoding = getattr(sys.stdout, "encoding", None) or "unknown"
        unshown = error.object[error.start : error.end]
        warn(
            f"rebound: this terminal's encoding ({encoding}) cannot show {unshown!r}; "
            "use a UTF-8 locale, or write to a file with -o"
        )
        return EXIT_DATA
    except OSError as error:  # a data directory or file the system refused: one line
        warn(f"rebound: {_os_problem(error)}")
        return EXIT_DATA
    except Exception as error:  # never a traceback; REBOUND_DEBUG=1 shows it
        if os.environ.get("REBOUND_DEBUG"):
            raise
        warn(
            f"rebound: unexpected error ({type(error).__name__}: {error}); nothing more was "
            "done. Please report it (REBOUND_DEBUG=1 shows the details)"
        )
        return EXIT_DATA


def _os_problem(error: OSError) -> str:
    reason = error.strerror or str(error)
    if isinstance(error.filename, str | bytes | os.PathLike):
        name = os.fsdecode(error.filename)
        return f"cannot use {name if len(name) <= 200 else name[:200] + '…'}: {reason}"
    return reason


def _quiet_stdout() -> None:
    """After a closed pipe (`rebound export | head`), keep Python's exit flush quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
