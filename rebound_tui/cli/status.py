"""`rebound status`: one line (or JSON) for a shell prompt or login message.

It runs in shell prompts, again and again while nothing changes: the figures last worked
out are shown again while they hold (`services.status_snapshot`), and the store is
opened only when they do not."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rebound_tui.cli.datadir import clock, data_dir_from, open_repository
from rebound_tui.cli.output import say
from rebound_tui.domain.safe_text import json_for_terminal
from rebound_tui.domain.status import StatusFacts, status_json, status_line
from rebound_tui.services.status_snapshot import data_state, remembered

if TYPE_CHECKING:
    import argparse


def cmd_status(args: argparse.Namespace) -> int:
    data_dir = data_dir_from(args)
    now = clock().now()
    facts = remembered(data_dir, now)
    if facts is None:
        facts = worked_out(args, data_dir, now)
    if args.json:
        print(json_for_terminal(json.dumps(status_json(facts), ensure_ascii=True)))
    else:
        say(status_line(facts, now))
    return 0


def worked_out(args: argparse.Namespace, data_dir: Path, now: datetime) -> StatusFacts:
    """The figures, from the store (opened read-only), kept for the next time unless the
    store had something to say (a damaged file: it is said every time until mended)."""
    from rebound_tui.cli.datadir import print_notices
    from rebound_tui.services.overview import build_overview, keep_for_status

    state = data_state(data_dir)  # before anything is read: a write meanwhile shows
    repo = open_repository(args, readonly=True)
    overview = build_overview(repo, now, True)  # brief: what status shows
    print_notices(repo)  # any a read gave (a file mended in memory)
    keep_for_status(repo, overview, now, state)
    return overview.facts
