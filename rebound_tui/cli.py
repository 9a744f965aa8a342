"""The `rebound` command line (PRODUCT.md §4): a contract that scripts rely on.

User mistakes print one line to stderr and exit 2; problems with the data directory exit
1; never a traceback for either. Textual is imported only when a screen is launched, so
`rebound status` stays fast enough for a shell prompt.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from rebound_tui import __version__

if TYPE_CHECKING:
    from rebound_tui.clock import Clock
    from rebound_tui.store.repository import Repository

EXIT_DATA = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad usage or bad input: exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


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
    p.add_argument("--limit", type=_positive_int, metavar="N", help="at most N cards")
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
    p.add_argument("--seed", type=int, default=7, help=argparse.SUPPRESS)
    p.add_argument("--no-launch", action="store_true", help="write the data and stop")
    p.add_argument("--theme", metavar="NAME", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p.add_argument(
        "--no-mouse", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    p.set_defaults(handler=_cmd_demo)

    p = command("serve", "an SSH server for a cohort: one app per session, own data each")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on")
    p.add_argument("--port", type=int, default=2222)
    p.add_argument(
        "--users-dir", metavar="DIR", help="users' keys and data (default: <data dir>/serve)"
    )
    p.add_argument("--max-sessions", type=_positive_int, default=20, metavar="N")
    p.add_argument(
        "--idle-timeout",
        type=_positive_int,
        default=1800,
        metavar="S",
        help="seconds without input before a session is closed",
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
    from rebound_tui.store.errors import ImportFileError, StoreError

    try:
        return int(args.handler(args) or 0)
    except (UsageError, ImportFileError) as error:
        print(f"rebound: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as error:
        print(f"rebound: {error}", file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


# -- helpers ------------------------------------------------------------------------
def _data_dir(args: argparse.Namespace) -> Path:
    from rebound_tui.paths import resolve_data_dir

    return resolve_data_dir(getattr(args, "data_dir", None))


def _clock() -> Clock:
    from rebound_tui.clock import clock_from_environment

    return clock_from_environment()


def _open(
    args: argparse.Namespace, *, readonly: bool = False, check_files: bool = True
) -> Repository:
    from rebound_tui.store.repository import Repository

    repo = Repository.open(_data_dir(args), _clock(), readonly=readonly, check_files=check_files)
    _print_notices(repo)
    return repo


def _print_notices(repo: Repository) -> None:
    for notice in repo.drain_notices():
        print(f"rebound: {notice}", file=sys.stderr)


# -- commands -----------------------------------------------------------------------
def _cmd_home(args: argparse.Namespace) -> int:
    return _launch(args, start="home")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _cmd_drill(args: argparse.Namespace) -> int:
    from rebound_tui.overview import build_overview

    repo = _open(args, readonly=True)
    overview = build_overview(repo, repo.clock.now())
    repo.close()
    if overview.cards_due + overview.new_available == 0 and not overview.queue.learning_later:
        print("Nothing to drill right now. Come back tomorrow, or add cards in `rebound`.")
        return 0
    return _launch(args, start="drill", limit=args.limit)


def _cmd_checkin(args: argparse.Namespace) -> int:
    return _launch(args, start="checkin")


def _launch(args: argparse.Namespace, *, start: str, **options: object) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
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
    return app.return_code or 0


def _cmd_status(args: argparse.Namespace) -> int:
    from rebound_tui.overview import build_overview

    repo = _open(args, readonly=True)
    overview = build_overview(repo, repo.clock.now())
    if args.json:
        print(json.dumps(overview.status_json()))
    else:
        from rebound_tui.overview import status_line

        print(status_line(overview, repo.clock.now()))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    repo = _open(args, readonly=True)
    now = repo.clock.now()
    if args.format == "csv":
        if not args.output:
            raise UsageError("a csv export is one file per record type: give a directory, -o DIR")
        from rebound_tui.journal import export_csv

        target = Path(args.output)
        if target.exists() and not target.is_dir():
            raise UsageError(f"{target} is a file; a csv export needs a directory")
        try:
            files = export_csv(repo, target)
        except OSError as error:
            raise UsageError(f"cannot write to {target}: {error.strerror}") from None
        print(f"Exported {len(files)} CSV files to {target}", file=sys.stderr)
        return 0
    if args.format == "md":
        from rebound_tui.journal import export_markdown

        text = export_markdown(repo, now)
    else:
        from rebound_tui.store.exchange import export_document

        text = json.dumps(export_document(repo, now), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        _write_output(Path(args.output), text)
        print(f"Exported to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _write_output(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None


def _cmd_import(args: argparse.Namespace) -> int:
    from rebound_tui.store.exchange import import_document, read_import_file

    document = read_import_file(Path(args.file))  # validates fully before anything opens
    repo = _open(args)
    print(import_document(repo, document).summary())
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    import tempfile

    from rebound_tui.demo import generate
    from rebound_tui.store.repository import Repository

    if getattr(args, "data_dir", None):
        target = Path(args.data_dir).expanduser()
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
    print(f"Demo data ({args.size}) in {target}: {summary}.")
    if args.no_launch:
        return 0
    args.data_dir = str(target)
    return _launch(args, start="home")


def _cmd_serve(args: argparse.Namespace) -> int:
    from rebound_tui.serve import ServeConfig, ServeError, add_user, serve_forever

    if args.users_dir:
        users_dir = Path(args.users_dir).expanduser()
    else:  # beside your own data, never inside it: a restore of yours must not touch theirs
        from platformdirs import user_data_dir

        users_dir = Path(user_data_dir("rebound-serve", appauthor=False))
    try:
        if args.add_user or args.key:
            if not (args.add_user and args.key):
                raise UsageError("--add-user NAME and --key FILE go together")
            print(add_user(users_dir, args.add_user, Path(args.key).expanduser()))
            return 0
        return serve_forever(
            ServeConfig(
                users_dir=users_dir,
                host=args.host,
                port=args.port,
                max_sessions=args.max_sessions,
                idle_timeout=float(args.idle_timeout),
            )
        )
    except ServeError as error:
        raise UsageError(str(error)) from None


def _cmd_backups(args: argparse.Namespace) -> int:
    from rebound_tui.store.backups import list_backups

    backups = list_backups(_data_dir(args))
    if not backups:
        print("No backups yet: one is taken each day Rebound is opened.")
        return 0
    for backup in backups:
        size = backup.size_bytes / 1024
        print(
            f"{backup.name:<34} {backup.taken_at:%Y-%m-%d %H:%M} UTC  "
            f"{backup.files:>4} files  {size:,.0f} KiB"
        )
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from rebound_tui.store.backups import restore_backup

    repo = _open(args)
    print(restore_backup(repo, args.name))
    return 0
