"""One durable drill rating (card + review saved), against the same save through TinyDB's
default single-file JSONStorage; today's queue over 3,000 cards; peak memory.

    .venv/bin/python bench/bench_drill.py [--ratings 200]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from _heavy import NOW, heavy_data_dir, machine, summary


def baseline_single_file(data_dir: Path, out_dir: Path) -> Path:
    """Everything in one TinyDB file with the default JSONStorage, as a naive app would."""
    from tinydb import TinyDB
    from tinydb.storages import JSONStorage

    path = out_dir / "everything.json"
    data: dict[str, dict[str, object]] = {}
    for file in sorted(data_dir.rglob("*.json")):
        if "backups" in file.parts or ".rebound-summaries" in file.parts:
            continue  # only the records (the store's summaries are derived from them)
        doc = json.loads(file.read_text() or "{}")
        for table, rows in doc.items():
            target = data.setdefault(table, {})
            for row in rows.values():
                target[str(len(target) + 1)] = row
    path.write_text(json.dumps(data))
    TinyDB(path, storage=JSONStorage).close()
    return path


PEAK_SCRIPT = """
import sys
from pathlib import Path
from rebound_tui.domain.clock import SystemClock
from rebound_tui.store.repository import Repository
from rebound_tui.services.overview import build_overview
from rebound_tui.services.drill import DrillSession
import rebound_tui.ui.app  # the UI's imports count too
repo = Repository.open(Path(sys.argv[1]), SystemClock())
build_overview(repo, repo.clock.now())
DrillSession(repo)
# VmHWM (not ru_maxrss, which Linux carries over from the parent across exec).
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(hwm)
"""


def app_peak_memory(data_dir: Path) -> float:
    import subprocess
    import sys

    from _heavy import ROOT

    out = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, str(data_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(out.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ratings", type=int, default=200)
    args = parser.parse_args()
    print(machine())
    data_dir = heavy_data_dir()

    from tinydb import Query, TinyDB
    from tinydb.storages import JSONStorage
    from tinydb.table import Document

    from rebound_tui.domain.clock import FixedClock
    from rebound_tui.domain.codec import to_record
    from rebound_tui.domain.days import today_bounds
    from rebound_tui.domain.queue import build_daily_queue
    from rebound_tui.domain.scheduling import make_scheduler, rate
    from rebound_tui.services.drill import DrillSession
    from rebound_tui.store.repository import Repository

    clock = FixedClock(NOW)
    repo = Repository.open(data_dir, clock)
    settings = repo.settings()
    scheduler = make_scheduler(settings)
    cards = repo.cards.all()
    print(f"{len(cards)} cards, {repo.reviews.count()} reviews")

    # -- today's queue -----------------------------------------------------------------
    start, end = today_bounds(clock.now(), settings.timezone, settings.day_start_hour)
    today = repo.reviews.between(start, end)
    pure = []
    for _ in range(50):
        t = time.perf_counter()
        queue = build_daily_queue(cards, today, settings, clock.now(), scheduler=scheduler)
        pure.append(time.perf_counter() - t)
    counts = queue.counts
    print(f"queue: new {counts.new}, learn {counts.learning}, due {counts.due}")
    queue_pure = summary("build_daily_queue over 3,000 cards (pure)", pure)
    session = DrillSession(repo)
    with_store = []
    for _ in range(50):
        t = time.perf_counter()
        session._build_queue()
        with_store.append(time.perf_counter() - t)
    queue_store = summary("today's queue incl. reading cards+today's log", with_store)

    # -- one durable rating: ours ------------------------------------------------------
    picks = cards[: args.ratings]
    ours = []
    for index, card in enumerate(picks):
        now = clock.now() + timedelta(seconds=index)
        updated, review = rate(card, 3, now, scheduler)
        t = time.perf_counter()
        with repo.transaction():
            repo.reviews.put(review)
            repo.cards.put(updated)
        ours.append(time.perf_counter() - t)
    ours_summary = summary("durable rating, Rebound (sharded, atomic, locked)", ours)

    # -- the same save through TinyDB's default JSONStorage, one file ------------------
    workdir = Path(tempfile.mkdtemp(prefix="rebound-baseline-"))
    path = baseline_single_file(data_dir, workdir)
    db = TinyDB(path, storage=JSONStorage)
    card_table, review_table = db.table("cards"), db.table("reviews")
    theirs = []
    for index, card in enumerate(picks[: max(20, args.ratings // 10)]):
        now = clock.now() + timedelta(days=1, seconds=index)
        updated, review = rate(card, 3, now, scheduler)
        t = time.perf_counter()
        review_table.insert(to_record(review))
        card_table.upsert(to_record(updated), Query().id == card.id)
        theirs.append(time.perf_counter() - t)
    db.close()
    theirs_summary = summary("same save, TinyDB default JSONStorage (1 file)", theirs)
    ratio = theirs_summary["median_ms"] / ours_summary["median_ms"]
    print(f"ratio (default / Rebound), medians: {ratio:.1f}x")

    peak = app_peak_memory(data_dir)
    print(
        f"peak RSS of a process that opens the heavy data, builds the home overview and "
        f"today's drill queue: {peak:.0f} MiB"
    )
    shutil.rmtree(workdir, ignore_errors=True)
    shutil.rmtree(data_dir.parent, ignore_errors=True)
    _ = (Document, replace)
    print(
        json.dumps(
            {
                "queue_pure": queue_pure,
                "queue_with_store": queue_store,
                "rating": ours_summary,
                "rating_baseline": theirs_summary,
                "ratio": ratio,
                "peak_rss_mib": peak,
            }
        )
    )


if __name__ == "__main__":
    main()
