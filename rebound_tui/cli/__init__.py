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

import argparse
import gc
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, overload

# Importing allocates much and frees little: no collection passes meanwhile (see
# `cli.app.gc_paused`, which keeps them off for the app's start).
_COLLECTING = gc.isenabled()
gc.disable()

from rebound_tui import __version__  # noqa: E402
from rebound_tui.cli.app import cmd_checkin, cmd_demo, cmd_drill, cmd_home  # noqa: E402
from rebound_tui.cli.datadir import close_opened  # noqa: E402
from rebound_tui.cli.output import EXIT_DATA, EXIT_USAGE, MAX_MESSAGE, UsageError, warn  # noqa: E402
from rebound_tui.domain.safe_text import echo, terminal_line  # noqa: E402

if _COLLECTING:
    gc.enable()


class RoleFamilyNames(Sequence[str]):
    """`ROLE_FAMILY_NAMES` from `domain/focus.py`, imported only when argparse looks at
    them (`--role`, `--help`, a wrong family): every start builds the parser, and focus
    imports its own dataclasses and the models' before a screen needs them."""

    def _names(self) -> tuple[str, ...]:
        from rebound_tui.domain.focus import ROLE_FAMILY_NAMES

        return ROLE_FAMILY_NAMES

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._names()[index]

    def __len__(self) -> int:
        return len(self._names())


class _Command:
    """A command's handler, imported only when that command runs: the app's start does
    not pay for the modules of export, import, search, status and serve."""

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name

    def __call__(self, args: argparse.Namespace) -> int:
        from importlib import import_module

        handler: Callable[[argparse.Namespace], int] = getattr(
            import_module(f"rebound_tui.cli.{self.module}"), self.name
        )
        return handler(args)


cmd_status = _Command("status", "cmd_status")
cmd_export = _Command("data", "cmd_export")
cmd_import = _Command("data", "cmd_import")
cmd_backups = _Command("data", "cmd_backups")
cmd_restore = _Command("data", "cmd_restore")
cmd_search = _Command("search", "cmd_search")
cmd_serve = _Command("serve", "cmd_serve")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse quotes some arguments raw ("unrecognized arguments: ..."): escape them.
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + "…"
        line = terminal_line(f"{self.prog}: error: {message} (see `{self.prog} --help`)")
        self.exit(EXIT_USAGE, line + "\n")


def _add_common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="data directory (default: $REBOUND_HOME, else the platform's user data dir)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="rebound",
        description="Get through an interview rejection, then drill the tough questions.",
    )
    parser.add_argument("--version", action="version", version=f"rebound {__version__}")
    _add_common(parser, top=True)
    parser.add_argument("--theme", metavar="NAME", help="colour theme for this session")
    parser.add_argument("--no-mouse", action="store_true", help="do not capture the mouse")
    parser.set_defaults(handler=cmd_home)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _add_common(p, top=False)
        return p

    p = command("checkin", "straight into a mood check-in")
    p.add_argument("--theme", metavar="NAME", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.add_argument(
        "--no-mouse", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    p.set_defaults(handler=cmd_checkin)

    p = command("drill", "today's drill; exits when it is done")
    p.add_argument("--limit", type=_whole_number(1, 100_000), metavar="N", help="at most N cards")
    focus = p.add_mutually_exclusive_group()
    focus.add_argument(
        "--tag", metavar="TAG", help="practise the cards with this tag (schedule untouched)"
    )
    focus.add_argument(
        "--for",
        dest="for_name",
        metavar="NAME",
        help="practise for an interview: a company or 'Company — Role' (schedule untouched)",
    )
    focus.add_argument(
        "--role",
        choices=RoleFamilyNames(),
        metavar="FAMILY",
        help="practise for a role family: %(choices)s (schedule untouched)",
    )
    p.add_argument(
        "--until",
        metavar="DATE",
        help="with --tag, --for or --role: the interview's day (e.g. thursday, 2026-12-03)",
    )
    p.add_argument("--theme", metavar="NAME", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.add_argument(
        "--no-mouse", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    p.set_defaults(handler=cmd_drill)

    p = command("status", "one line for a shell prompt or login message")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_status)

    p = command("export", "export everything (json is the interchange format)")
    p.add_argument("--format", choices=["json", "md", "csv", "apkg", "ics"], default="json")
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="write here instead of stdout (for csv: a directory, one file per record type; "
        "apkg, an Anki package, needs a file; ics is your dates for a calendar)",
    )
    p.set_defaults(handler=cmd_export)

    p = command("import", "merge a JSON export (idempotent; a bad file changes nothing)")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=cmd_import)

    p = command("search", "everything you wrote that holds every word; exit 1 if none does")
    p.add_argument("text", nargs="+", metavar="TEXT", help="the words to find (all of them)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_search)

    p = command("demo", "deterministic demo data in a fresh directory (never your own data)")
    p.add_argument("--size", choices=["small", "heavy", "huge"], default="small")
    p.add_argument(
        "--seed", type=_whole_number(-(2**63), 2**63), default=7, help=argparse.SUPPRESS
    )
    p.add_argument("--no-launch", action="store_true", help="write the data and stop")
    p.add_argument("--theme", metavar="NAME", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.add_argument(
        "--no-mouse", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    p.set_defaults(handler=cmd_demo)

    p = command("serve", "an SSH server for a cohort: one app per session, own data each")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=_whole_number(0, 65535), default=2222)
    p.add_argument(
        "--users-dir", metavar="DIR", help="users' keys and data (default: <data dir>/serve)"
    )
    p.add_argument("--max-sessions", type=_whole_number(1, 10_000), default=20, metavar="N")
    p.add_argument(
        "--idle-timeout",
        type=_whole_number(1, 366 * 86_400),
        default=1800,
        metavar="S",
        help="seconds without input before a session is closed",
    )
    p.add_argument(
        "--max-startups",
        type=_whole_number(1, 10_000),
        default=10,
        metavar="N",
        help="connections still logging in at once; more are closed (like sshd)",
    )
    p.add_argument(
        "--login-grace",
        type=_whole_number(1, 3600),
        default=60,
        metavar="S",
        help="seconds a connection has to log in (like sshd's LoginGraceTime)",
    )
    p.add_argument("--add-user", metavar="NAME", help="enrol a user (with --key) and stop")
    p.add_argument("--key", metavar="FILE", help="the user's SSH public key")
    p.set_defaults(handler=cmd_serve)

    p = command("backups", "list the daily backups")
    p.set_defaults(handler=cmd_backups)

    p = command("restore", "restore a backup (the current data is backed up first)")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=cmd_restore)
    return parser


def _whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from `low` to `high`, else one clear line."""

    def parse(text: str) -> int:
        digits = text.strip()
        if not re.fullmatch(r"[+-]?[0-9]+", digits, flags=re.ASCII):
            raise argparse.ArgumentTypeError(f"{echo(text, 40)} is not a whole number")
        # A number of thousands of digits is out of range: never convert it (slow, refused).
        value = int(digits) if len(digits) <= 40 else (low - 1 if digits[0] == "-" else high + 1)
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}")
        if value > high:
            raise argparse.ArgumentTypeError(f"must be at most {high:,}")
        return value

    return parse


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
        return argparse.Namespace(**common, command=None, handler=cmd_home)
    if words == ["drill"]:
        unset = dict.fromkeys(("limit", "tag", "for_name", "role", "until"))
        return argparse.Namespace(**common, command="drill", handler=cmd_drill, **unset)
    if words in (["status"], ["status", "--json"]):
        json = len(words) == 2
        return argparse.Namespace(**common, command="status", handler=cmd_status, json=json)
    return None


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
