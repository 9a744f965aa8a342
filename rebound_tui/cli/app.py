"""The commands that launch the full-screen app: home, `drill`, `checkin`, and `demo`
(which writes demo data in a fresh directory first). Textual is imported only here, and
only once a screen is about to launch."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rebound_tui.cli.datadir import clock, data_dir_from, open_repository
from rebound_tui.cli.output import UsageError, say, warn


def cmd_home(args: argparse.Namespace) -> int:
    return launch(args, start="home")


def cmd_drill(args: argparse.Namespace) -> int:
    from rebound_tui.services.overview import build_overview

    repo = open_repository(args, readonly=True)
    overview = build_overview(repo, repo.clock.now())
    repo.close()
    if overview.cards_due + overview.new_available == 0 and not overview.queue.learning_later:
        say("Nothing to drill right now. Come back tomorrow, or add cards in `rebound`.")
        return 0
    return launch(args, start="drill", limit=args.limit)


def cmd_checkin(args: argparse.Namespace) -> int:
    return launch(args, start="checkin")


def launch(args: argparse.Namespace, *, start: str, **options: object) -> int:
    """Run the app on this terminal, starting at `start`; its exit code is ours."""
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
    repo = open_repository(args, check_files=False)  # checked as the home screen reads them
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
        warn(f"rebound: {app.failure}")
    return app.return_code or 0


def cmd_demo(args: argparse.Namespace) -> int:
    import tempfile

    from rebound_tui.services.demo import generate
    from rebound_tui.store.repository import Repository

    if getattr(args, "data_dir", None) is not None:
        target = data_dir_from(args)
        if target.exists() and any(target.iterdir()):
            raise UsageError(
                f"{target} is not empty; demo data only goes into a new or empty directory"
            )
    else:
        target = Path(tempfile.mkdtemp(prefix="rebound-demo-"))
    repo = Repository.open(target, clock())
    counts = generate(repo, args.size, seed=args.seed)
    repo.close()
    summary = ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in counts.items())
    say(f"Demo data ({args.size}) in {target}: {summary}.")
    if args.no_launch:
        return 0
    args.data_dir = str(target)
    return launch(args, start="home")
