"""The commands that launch the full-screen app: home, `drill`, `checkin`, and `demo`
(which writes demo data in a fresh directory first). Textual is imported only here, and
only once a screen is about to launch."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rebound_tui.cli.datadir import OPENED, clock, data_dir_from, open_repository
from rebound_tui.cli.output import UsageError, say, warn

if TYPE_CHECKING:
    import argparse

    from rebound_tui.store.repository import Repository
    from rebound_tui.ui.app import ReboundApp


def cmd_home(args: argparse.Namespace) -> int:
    return launch(args, start="home")


def cmd_drill(args: argparse.Namespace) -> int:
    from rebound_tui.services.status_snapshot import remembered

    if any(getattr(args, name, None) is not None for name in ("tag", "for_name", "role")):
        return practise(args)
    if getattr(args, "until", None) is not None:
        raise UsageError("--until goes with --tag, --for or --role (the day you practise for)")
    # The figures `rebound status` (or home) kept, while they hold: no store opened twice.
    kept = remembered(data_dir_from(args), clock().now())
    start = repo = None
    if kept is not None:
        to_drill, later = kept.to_drill, kept.later
    else:
        from rebound_tui.services.queue import starting_queue

        with gc_paused():
            # The store the app then runs on (a missing one is not created for this):
            # today's queue, which the drill starts on, not worked out again; what the
            # store works out for it on the way (its card index, after a restore) is
            # kept. The rest of what home shows (streak...) is not read.
            exists = data_dir_from(args).is_dir()
            repo = open_repository(args, readonly=not exists, check_files=False)
            start = starting_queue(repo)
        to_drill, later = start.queue.counts.to_drill, start.queue.counts.later
    # Learning cards coming back later today are worth opening for, even with nothing to
    # drill now: the drill says when the next is back and offers to wait for it.
    if to_drill == 0 and later == 0:
        say("Nothing to drill right now. Come back tomorrow, or add cards in `rebound`.")
        return 0
    opened = None if repo is None or repo.readonly else repo  # else the app opens it
    return launch(args, start="drill", limit=args.limit, queue=start, repo=opened)


def practise(args: argparse.Namespace) -> int:
    """`rebound drill --tag TAG | --for NAME | --role FAMILY [--until DATE]`: the focused
    drill, which changes nothing in the schedule; exits when today's share is practised."""
    from rebound_tui.domain.dates import describe_day, parse_day
    from rebound_tui.services import focus, interviews

    repo = open_repository(args, readonly=True)
    try:
        if args.tag is not None:
            if not args.tag.strip():
                raise UsageError("--tag needs a tag")
            chosen = focus.tag_focus(args.tag)
        elif args.role is not None:
            chosen = focus.family_focus(args.role)
        else:
            try:
                chosen = focus.find_focus(repo, args.for_name)
            except focus.FocusNotFound as error:
                raise UsageError(str(error)) from None
        today = focus.today_for(repo)
        day = None
        if args.until is not None:
            try:
                day = parse_day(args.until, today, "future")
            except ValueError as error:
                raise UsageError(f"--until: {error}") from None
            if day is not None and day < today:
                raise UsageError(f"--until: {describe_day(day)} has passed")
        elif chosen.kind == "interview":
            interview = interviews.interview(repo, chosen.value)
            day = focus.practise_day(repo, interview) if interview else None
        count = len(focus.cards_for(repo, chosen))
    finally:
        repo.close()
    if count == 0:
        say(
            f"Nothing to practise for {chosen.title}: no cards are tied to it yet. Tag cards "
            "with its name, or send questions to the drill from its rebound."
        )
        return 0
    return launch(args, start="cram", focus=chosen, day=day, limit=args.limit)


def cmd_checkin(args: argparse.Namespace) -> int:
    return launch(args, start="checkin")


@contextmanager
def gc_paused() -> Iterator[bool]:
    """No cyclic garbage collection for a while: a start allocates a great deal (imports,
    the first screen, the records it reads) and frees little, so collections then are
    pure cost, tens of milliseconds of them. Yields whether collection was on, and puts
    it back on afterwards if it was (the app turns it on itself once started, see
    `ReboundApp.start_done`)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield was_enabled
    finally:
        if was_enabled:
            gc.enable()


def launch(
    args: argparse.Namespace, *, start: str, repo: Repository | None = None, **options: object
) -> int:
    """Run the app on this terminal, starting at `start` (on `repo`, if the command
    opened the store already); its exit code is ours."""
    with gc_paused() as was_enabled:
        return _launch(args, start, resume_gc=was_enabled, repo=repo, **options)


def _launch(
    args: argparse.Namespace,
    start: str,
    *,
    resume_gc: bool,
    repo: Repository | None = None,
    **options: object,
) -> int:
    """`repo`: the store, if the command opened it already."""
    if not (sys.stdin and sys.stdout and sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "the full-screen app needs a terminal; `rebound status` and `rebound export` "
            "work without one"
        )
    over_ssh = bool(os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"))
    if over_ssh:
        # Over SSH, escape sequences can arrive split across packets: give them longer to
        # arrive than Textual's 100 ms, and draw less often. The user's own values win.
        os.environ.setdefault("ESCDELAY", "250")
        os.environ.setdefault("TEXTUAL_FPS", "30")
    from rebound_tui.ui.themes import UnknownThemeError, resolve_theme, theme_names

    try:
        theme = resolve_theme(args.theme)
    except UnknownThemeError as error:
        raise UsageError(str(error)) from None
    if theme is None and os.environ.get("REBOUND_THEME") in theme_names():
        theme = os.environ["REBOUND_THEME"]  # an unknown one is ignored: it may come over SSH
    mouse = not args.no_mouse and os.environ.get("REBOUND_NO_MOUSE", "") in ("", "0")
    if repo is None and start == "home":
        repo = deferred_store(args)  # home painted from what it kept, the store opened after
    if repo is None:
        repo = open_repository(args, check_files=False)  # checked as home reads them
    # `rebound checkin` says what it saved once the terminal is back: the screen's own
    # notice leaves with the app.
    known = set(repo.checkins.raw_field("id")) if start == "checkin" else None
    from rebound_tui.ui.app import ReboundApp

    app = ReboundApp(
        repo=repo,
        clock=repo.clock,
        theme=theme,
        start=start,
        load_in_background=True,
        served=over_ssh or bool(os.environ.get("REBOUND_SERVED")),
        resume_gc=resume_gc,
        **options,
    )
    app.run(mouse=mouse)
    from rebound_tui.services.deferred_store import DeferredStore

    if isinstance(repo, DeferredStore) and not repo.is_open:
        return _finished(app)  # left before the store was needed: nothing to keep
    saved = checkin_saved(repo, known) if known is not None and not app.failure else None
    from rebound_tui.services.calendar_file import keep_calendar_file

    calendar = keep_calendar_file(repo)  # the calendar file, if set, as the app left it
    if calendar is not None:
        warn(calendar)
    if not repo.readonly:
        from rebound_tui.services.interrupted import keep_ratings_complete

        keep_ratings_complete(repo)  # so that the next drill need not look for half-done ratings
    repo.close()
    return _finished(app, saved)


def _finished(app: ReboundApp, saved: str | None = None) -> int:
    """What the app leaves on the command line (once the terminal is restored), and its
    exit code."""
    if app.failure:
        warn(f"rebound: {app.failure}")
    elif saved:
        say(saved)
    return app.return_code or 0


def deferred_store(args: argparse.Namespace) -> Repository | None:
    """The store for a home start, opened once something reads it, if home's kept panels
    and the settings they were shown with still hold (`services.deferred_store`): the
    first frame then waits for neither the store's modules nor its open."""
    from rebound_tui.services.deferred_store import DeferredStore, kept_start

    data_dir, pinned = data_dir_from(args), clock()
    kept = kept_start(data_dir, pinned.now())
    if kept is None:
        return None
    return cast("Repository", DeferredStore(data_dir, pinned, kept, partial(_open, args)))


def _open(args: argparse.Namespace) -> Repository:
    """`open_repository` from inside the app: its notices are the app's to show."""
    from rebound_tui.store.repository import Repository

    repo = Repository.open(data_dir_from(args), clock(), check_files=False)
    OPENED.append(repo)
    return repo


def checkin_saved(repo: Repository, known: set[str]) -> str:
    """One line on the check-in saved since the ids in `known` were read."""
    from rebound_tui.domain.days import zone

    saved = repo.checkins.select(lambda doc: doc.get("id") not in known)
    if not saved:
        return "No check-in saved: nothing was picked."
    last = max(saved, key=lambda c: c.at)
    words = ", ".join(last.words) or "no words picked"
    note = "; with a note" if last.note.strip() else ""
    return f"Check-in saved at {last.at.astimezone(zone(last.tz)):%H:%M}: {words}{note}."


DEMO_RECORDS = {
    "interviews": "interview",
    "rebounds": "rebound",
    "checkins": "check-in",
    "reflections": "reflection",
    "cards": "card",
    "reviews": "review",
}
"""What `generate` counts, named one at a time (`plural` adds the s)."""


def cmd_demo(args: argparse.Namespace) -> int:
    import tempfile

    from rebound_tui.domain.days import plural
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
    summary = ", ".join(
        plural(n, DEMO_RECORDS[name]) if name in DEMO_RECORDS else f"{n:,} {name}"
        for name, n in counts.items()
    )
    say(f"Demo data ({args.size}) in {target}: {summary}.")
    if args.no_launch:
        return 0
    args.data_dir = str(target)
    return launch(args, start="home")
