"""`rebound search TEXT`: everything you wrote that holds every word of TEXT, newest
first, one line each (or a JSON list). Exit 0 when something is found, 1 when nothing is
(like grep), 2 for bad usage."""

from __future__ import annotations

import argparse
import json

from rebound_tui.cli.datadir import open_repository
from rebound_tui.cli.output import UsageError, say
from rebound_tui.domain.safe_text import json_for_terminal

EXIT_FOUND = 0
EXIT_NOTHING = 1


def cmd_search(args: argparse.Namespace) -> int:
    from rebound_tui.domain.search import query_words
    from rebound_tui.services.search import search

    text = " ".join(args.text)
    if not query_words(text):
        raise UsageError("give a word to search for, e.g. rebound search deadline")
    repo = open_repository(args, readonly=True)
    hits = search(repo, text)
    if args.json:
        document = [hit.as_json() for hit in hits]
        print(json_for_terminal(json.dumps(document, ensure_ascii=False, indent=1)))
    else:
        for hit in hits:
            shown = hit.snippet.text
            words = f"{hit.title} — {shown}" if shown and shown != hit.title else hit.title
            say(f"{hit.day.isoformat()}  {hit.label:<10}  {words}")
    return EXIT_FOUND if hits else EXIT_NOTHING
