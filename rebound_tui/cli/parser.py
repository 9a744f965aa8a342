"""The `rebound` command line's argparse parser: built only for command lines that
`cli.plain_args` does not read (importing argparse and building this parser costs more
than `rebound status` with kept figures takes to answer)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from typing import NoReturn, overload

from rebound_tui import __version__
from rebound_tui.cli.app import cmd_checkin, cmd_demo, cmd_drill, cmd_home
from rebound_tui.cli.commands import (
    cmd_backups,
    cmd_export,
    cmd_import,
    cmd_restore,
    cmd_search,
    cmd_serve,
    cmd_status,
)
from rebound_tui.cli.output import EXIT_USAGE, MAX_MESSAGE
from rebound_tui.domain.safe_text import echo, terminal_line


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
    p.add_argument(
        "--share-memory",
        action="store_true",
        help="offer sessions' memory to the kernel's same-page merging (KSM): see README",
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
