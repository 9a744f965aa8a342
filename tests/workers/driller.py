"""A drill in its own process, driven line by line, for two-session tests.

    python -m tests.workers.driller DATA_DIR START_ISO

Opens a `DrillSession` on DATA_DIR with a clock fixed at START_ISO, then reads commands
from stdin, one a line, answering each with one line on stdout:

    show        -> "shown ID" (or "shown -")
    rate N      -> "rated ID" or "skipped ID" (the card was rated elsewhere), then the
                   card shown next is what `show` says
    undo        -> "undone ID" or "refused"
    tick        -> the drill screen's second: "shown ID" after `refresh()`
    quit        -> ends
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from rebound_tui.domain.clock import FixedClock
from rebound_tui.services.drill import DrillSession
from rebound_tui.store.repository import Repository


def main() -> None:
    data_dir, start = Path(sys.argv[1]), datetime.fromisoformat(sys.argv[2])
    repo = Repository.open(data_dir, FixedClock(start))
    session = DrillSession(repo)

    def shown() -> str:
        return f"shown {session.current.id if session.current else '-'}"

    for line in sys.stdin:
        command, *args = line.split()
        if command == "show":
            answer = shown()
        elif command == "rate":
            card_id = session.current.id if session.current else "-"
            session.reveal()
            session.rate(int(args[0]))
            skipped = any("another device" in note for note in session.drain_notes())
            answer = f"{'skipped' if skipped else 'rated'} {card_id}"
        elif command == "undo":
            card = session.undo()
            answer = f"undone {card.id}" if card is not None else "refused"
        elif command == "tick":
            session.refresh()
            answer = shown()
        elif command == "quit":
            break
        else:
            answer = f"unknown {command}"
        print(answer, flush=True)
    repo.close()


if __name__ == "__main__":
    main()
