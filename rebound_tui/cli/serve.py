"""`rebound serve`: enrol a user, or run the SSH server (see `rebound_tui.serve`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rebound_tui.cli.output import UsageError, say
from rebound_tui.domain.safe_text import echo


def cmd_serve(args: argparse.Namespace) -> int:
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
            say(add_user(users_dir, args.add_user, Path(args.key).expanduser()))
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
                share_memory=args.share_memory,
            )
        )
    except ServeError as error:
        raise UsageError(str(error)) from None
