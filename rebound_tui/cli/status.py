"""`rebound status`: one line (or JSON) for a shell prompt or login message."""

from __future__ import annotations

import argparse
import json

from rebound_tui.cli.datadir import open_repository
from rebound_tui.cli.output import say
from rebound_tui.domain.safe_text import json_for_terminal


def cmd_status(args: argparse.Namespace) -> int:
    from rebound_tui.services.overview import build_overview

    repo = open_repository(args, readonly=True)
    overview = build_overview(repo, repo.clock.now(), True)  # brief: what status shows
    if args.json:
        print(json_for_terminal(json.dumps(overview.status_json(), ensure_ascii=True)))
    else:
        from rebound_tui.services.overview import status_line

        say(status_line(overview, repo.clock.now()))
    return 0
