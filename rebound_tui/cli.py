"""The `rebound` command line (PRODUCT.md §4): a contract that scripts rely on.

User mistakes print one line to stderr and exit 2; problems with the data directory exit
1; never a traceback for either. Every line printed passes through `terminal_line`: user
text, file names and arguments cannot put control sequences on the terminal. Textual is
imported only when a screen is launched, so `rebound status` stays fast enough for a shell
prompt.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from rebound_tui import __version__
from rebound_tui.domain.safe_text import echo, json_for_terminal, terminal_line

if TYPE_CHECKING:
    from rebound_tui.domain.clock import Clock
    from rebound_tui.store.repository import Repository

EXIT_DATA = 1
EXIT_USAGE = 2
_MAX_MESSAGE = 400


class UsageError(Exception):
    """Bad usage or bad input: exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse quotes some arguments raw ("unrecognized arguments: ..."): escape them.
        if len(message) > _MAX_MESSAGE:
            message = message[:_MAX_MESSAGE] + "…"
        line = terminal_line(f"{self.prog}: error: {message} (see `{self.prog} --help`)")
        self.exit(EXIT_USAGE, line + "\n")


def _say(text: str) -> None:
    """One line on stdout, control characters escaped."""
    print(terminal_line(text))


def _warn(text: str) -> None:
    """One line on stderr, control characters escaped, a very long one cut short."""
    line = terminal_line(text)
    print(
        line if len(line) <= 2 * _MAX_MESSAGE else line[: 2 * _MAX_MESSAGE] + "…", file=sys.stderr
    )


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
    parser.set_defaults(handler=_cmd_home)
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
    p.set_defaults(handler=_cmd_checkin)

    p = command("drill", "today's drill; exits when it is done")
    p.add_argument("--limit", type=_whole_number(1, 100_000), metavar="N", help="at most N cards")
    p.add_argument("--theme", metavar="NAME", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.add_argument(
        "--no-mouse", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    p.set_defaults(handler=_cmd_drill)

    p = command("status", "one line for a shell prompt or login message")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=_cmd_status)

    p = command("export", "export everything (json is the interchange format)")
    p.add_argument("--format", choices=["json", "md", "csv"], default="json")
    p.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="write here instead of stdout (for csv: a directory, one file per record type)",
    )
    p.set_defaults(handler=_cmd_export)

    p = command("import", "merge a JSON export (idempotent; a bad file changes nothing)")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=_cmd_import)

    p = command("demo", "deterministic demo data in a fresh directory (never your own data)")
    p.add_argument("--size", choices=["small", "heavy"], default="small")
    p.add_argument(
        "--seed", type=_whole_number(-(2**63), 2**63), default=7, help=argparse.SUPPRESS
    )
    p.add_argument("--no-launch", action="store_true", help="write the data and stop")
    p.add_argument("--theme", metavar="NAME", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.add_argument(
        "--no-mouse", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    p.set_defaults(handler=_cmd_demo)

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
    p.set_defaults(handler=_cmd_serve)

    p = command("backups", "list the daily backups")
    p.set_defaults(handler=_cmd_backups)

    p = command("restore", "restore a backup (the current data is backed up first)")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=_cmd_restore)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    finally:
        while _OPENED:  # in-process callers (tests, scripts) must not inherit open files
            _OPENED.pop().close()


def _run(args: argparse.Namespace) -> int:
    from rebound_tui.store.errors import ImportFileError, StoreError

    try:
        return int(args.handler(args) or 0)
    except (UsageError, ImportFileError) as error:
        _warn(f"rebound: error: {error}")
        return EXIT_USAGE
    except StoreError as error:
        _warn(f"rebound: {error}")
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except UnicodeEncodeError as error:
        encoding = getattr(sys.stdout, "encoding", None) or "unknown"
        unshown = error.object[error.start : error.end]
        _warn(
            f"rebound: this terminal's encoding ({encoding}) cannot show {unshown!r}; "
            "use a UTF-8 locale, or write to a file with -o"
        )
        return EXIT_DATA
    except OSError as error:  # a data directory or file the system refused: one line
        _warn(f"rebound: {_os_problem(error)}")
        return EXIT_DATA
    except Exception as error:  # never a traceback; REBOUND_DEBUG=1 shows it
        if os.environ.get("REBOUND_DEBUG"):
            raise
        _warn(
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


# -- helpers ------------------------------------------------------------------------
def _data_dir(args: argparse.Namespace) -> Path:
    from rebound_tui.services.paths import resolve_data_dir

    given = getattr(args, "data_dir", None)
    if given is not None and not given.strip():
        raise UsageError("--data-dir is empty: give a directory, or leave the option out")
    path = resolve_data_dir(given)
    if "\x00" in str(path):
        raise UsageError(f"{echo(str(path))} is not a usable path")
    if path.exists() and not path.is_dir():
        raise UsageError(f"the data directory {path} is not a directory")
    return path


def _clock() -> Clock:
    from rebound_tui.domain.clock import clock_from_environment

    return clock_from_environment()


def _open(
    args: argparse.Namespace,
    *,
    readonly: bool = False,
    check_files: bool = True,
    keep_backup: str | None = None,
) -> Repository:
    from rebound_tui.store.repository import Repository

    repo = Repository.open(
        _data_dir(args),
        _clock(),
        readonly=readonly,
        check_files=check_files,
        keep_backup=keep_backup,
    )
    _OPENED.append(repo)
    _print_notices(repo)
    return repo


_OPENED: list[Repository] = []
"""Repositories this command opened; `main` closes them whatever happens."""


def _print_notices(repo: Repository) -> None:
    for notice in repo.drain_notices():
        _warn(f"rebound: {notice}")


# -- commands -----------------------------------------------------------------------
def _cmd_home(args: argparse.Namespace) -> int:
    return _launch(args, start="home")


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


def _cmd_drill(args: argparse.Namespace) -> int:
    from rebound_tui.services.overview import build_overview

    repo = _open(args, readonly=True)
    overview = build_overview(repo, repo.clock.now())
    repo.close()
    if overview.cards_due + overview.new_available == 0 and not overview.queue.learning_later:
        _say("Nothing to drill right now. Come back tomorrow, or add cards in `rebound`.")
        return 0
    return _launch(args, start="drill", limit=args.limit)


def _cmd_checkin(args: argparse.Namespace) -> int:
    return _launch(args, start="checkin")


def _launch(args: argparse.Namespace, *, start: str, **options: object) -> int:
    if not (sys.stdin and sys.stdout and sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "the full-screen app needs a terminal; `rebound status` and `rebound export` "
            "work without one"
        )
    if os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"):
        # Over SSH, escape sequences can arrive split across packets: give them longer to
        # arrive than Textual's 100 ms, and draw less often. The user's own values win.
        os.environ.setdefault("ESCDELAY", "250")
        os.environ.setdefault("TEXTUAL_FPS", "30")
    from rebound_tui.ui.themes import UnknownThemeError, resolve_theme

    try:
        theme = resolve_theme(args.theme)
    except UnknownThemeError as error:
        raise UsageError(str(error)) from None
    repo = _open(args, check_files=False)  # checked as the home screen reads them
    from rebound_tui.ui.app import ReboundApp

    app = ReboundApp(
        repo=repo,
        clock=repo.clock,
        theme=theme,
        start=start,
        load_in_background=True,
        **options,
    )
    app.run(mouse=not args.no_mouse)
    repo.close()
    if app.failure:
        _warn(f"rebound: {app.failure}")
    return app.return_code or 0


def _cmd_status(args: argparse.Namespace) -> int:
    from rebound_tui.services.overview import build_overview

    repo = _open(args, readonly=True)
    overview = build_overview(repo, repo.clock.now())
    if args.json:
        print(json_for_terminal(json.dumps(overview.status_json(), ensure_ascii=True)))
    else:
        from rebound_tui.services.overview import status_line

        _say(status_line(overview, repo.clock.now()))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    """Export; with -o, a failure to write (a bad path, no permission, a full disk) is one
    line and exit 2 (the user named the place, and the fix is to name another), and an
    existing file is never truncated: files are written beside it and renamed over it."""
    target = _output_path(args.output)
    if args.format == "csv" and target is None:
        raise UsageError("a csv export is one file per record type: give a directory, -o DIR")
    if args.format == "csv" and target is not None and target.exists() and not target.is_dir():
        raise UsageError(f"{target} is a file; a csv export needs a directory")
    repo = _open(args, readonly=True)
    now = repo.clock.now()
    if args.format == "csv":
        assert target is not None
        from rebound_tui.services.export.csv import export_csv

        try:
            files = export_csv(repo, target)
        except OSError as error:
            raise UsageError(f"cannot write to {target}: {error.strerror or error}") from None
        _warn(f"Exported {len(files)} CSV files to {target}")
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
        _warn(f"Exported to {target}")
    else:
        _write_stdout(text)
    return 0


def _write_stdout(text: str) -> None:
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


def _output_path(value: str | None) -> Path | None:
    if value is None:
        return None
    if not value.strip() or "\x00" in value:
        raise UsageError(f"-o {echo(value)} is not a path: give a file (or a directory for csv)")
    return Path(value).expanduser()


def _cmd_import(args: argparse.Namespace) -> int:
    from rebound_tui.services.export.json import read_import_file
    from rebound_tui.services.importing import import_document

    if not args.file.strip() or "\x00" in args.file:
        raise UsageError(f"{echo(args.file)} is not a file name")
    _data_dir(args)  # a bad --data-dir is named before the file is read
    try:
        document = read_import_file(Path(args.file))  # validates fully before anything opens
    except OSError as error:  # the file given is the problem: bad input, exit 2
        raise UsageError(f"cannot read {args.file}: {error.strerror or error}") from None
    repo = _open(args)
    _say(import_document(repo, document).summary())
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    import tempfile

    from rebound_tui.services.demo import generate
    from rebound_tui.store.repository import Repository

    if getattr(args, "data_dir", None) is not None:
        target = _data_dir(args)
        if target.exists() and any(target.iterdir()):
            raise UsageError(
                f"{target} is not empty; demo data only goes into a new or empty directory"
            )
    else:
        target = Path(tempfile.mkdtemp(prefix="rebound-demo-"))
    repo = Repository.open(target, _clock())
    counts = generate(repo, args.size, seed=args.seed)
    repo.close()
    summary = ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in counts.items())
    _say(f"Demo data ({args.size}) in {target}: {summary}.")
    if args.no_launch:
        return 0
    args.data_dir = str(target)
    return _launch(args, start="home")


def _cmd_serve(args: argparse.Namespace) -> int:
    from rebound_tui.serve import ServeConfig, ServeError, add_user, serve_forever

    for option, value in (("--users-dir", args.users_dir), ("--key", args.key)):
        if value is not None and (not value.strip() or "\x00" in value):
            raise UsageError(f"{option} {echo(value)} is not a path")
    if args.users_dir:
        users_dir = Path(args.users_dir).expanduser()
    else:  # beside your own data, never inside it: a restore of yours must not touch theirs
        from platformdirs import user_data_dir

        users_dir = Path(user_data_dir("rebound-serve", appauthor=False))
    try:
        if args.add_user or args.key:
            if not (args.add_user and args.key):
                raise UsageError("--add-user NAME and --key FILE go together")
            _say(add_user(users_dir, args.add_user, Path(args.key).expanduser()))
            return 0
        return serve_forever(
            ServeConfig(
                users_dir=users_dir,
                host=args.host,
                port=args.port,
                max_sessions=args.max_sessions,
                idle_timeout=float(args.idle_timeout),
                max_startups=args.max_startups,
                login_grace=float(args.login_grace),
            )
        )
    except ServeError as error:
        raise UsageError(str(error)) from None


def _cmd_backups(args: argparse.Namespace) -> int:
    from rebound_tui.store.backups import list_backups

    backups = list_backups(_data_dir(args))
    if not backups:
        _say("No backups yet: one is taken each day Rebound is opened.")
        return 0
    for backup in backups:
        size = backup.size_bytes / 1024
        _say(
            f"{backup.name:<34} {backup.taken_at:%Y-%m-%d %H:%M} UTC  "
            f"{backup.files:>4} files  {size:,.0f} KiB"
        )
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    """Restore a backup by the name `rebound backups` shows: anything else (empty, `.`,
    `..`, a hidden or unknown name, a path) is refused before the data directory is even
    opened, so nothing changes."""
    from rebound_tui.store.backups import list_backups, restore_backup

    name = args.name
    data_dir = _data_dir(args)
    is_plain_name = (
        bool(name)
        and name == os.path.basename(name)
        and not name.startswith(".")
        and not any(c in name for c in "/\\\x00")
    )
    if not is_plain_name or name not in {b.name for b in list_backups(data_dir)}:
        raise UsageError(f"there is no backup named {echo(name)}; `rebound backups` lists them")
    repo = _open(args, keep_backup=name)  # today's backup must not prune the one asked for
    _say(restore_backup(repo, name))
    return 0
