"""A 90-day break, then the backlog drill: today's queue and durable ratings on the heavy
demo data and on five times its cards and reviews, side by side.

    .venv/bin/python bench/bench_backlog.py [--builds 15] [--ratings 40] [--scale 5]

For each data set the clock jumps 90 days past the last drill, and we time
- today's queue as `rebound status` and home build it: the repository opened afresh and
  the queue built (cold, median of a few);
- today's queue as the drill rebuilds it after each card: the same repository, ranked by
  retrievability (warm, median);
- one durable rating in the backlog drill: the review and the card saved (the write
  alone), and the whole step the user waits for (`DrillSession.rate`: the save and the
  next card, which rebuilds the queue).
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

from _heavy import NOW, machine, summary

JUMP = timedelta(days=90)


def data_set(scale: int) -> tuple[Path, dict[str, int], float]:
    """The heavy demo with `scale` times its cards and reviews (the rest as heavy), in a
    temporary directory; and how long it took to write."""
    from rebound_tui.domain.clock import FixedClock
    from rebound_tui.services import demo
    from rebound_tui.store.repository import Repository

    name = "heavy" if scale == 1 else f"heavy{scale}x"
    heavy = demo.SIZES["heavy"]
    demo.SIZES[name] = replace(heavy, cards=heavy.cards * scale, reviews=heavy.reviews * scale)
    target = Path(tempfile.mkdtemp(prefix="rebound-bench-")) / "data"
    started = time.perf_counter()
    repo = Repository.open(target, FixedClock(NOW))
    counts = demo.generate(repo, name)
    repo.close()
    took = time.perf_counter() - started
    print(f"{name}: {counts['cards']:,} cards, {counts['reviews']:,} reviews, {took:.0f} s")
    return target, counts, took


def measure(data_dir: Path, label: str, builds: int, ratings: int) -> dict[str, object]:
    from rebound_tui.domain.clock import FixedClock
    from rebound_tui.services.drill import DrillSession
    from rebound_tui.services.queue import todays_queue
    from rebound_tui.store.repository import Repository

    clock = FixedClock(NOW + JUMP)
    cold = []
    for _ in range(max(3, builds // 3)):
        started = time.perf_counter()
        repo = Repository.open(data_dir, clock)
        queue = todays_queue(repo, clock.now(), rank=False)
        cold.append(time.perf_counter() - started)
        repo.close()
    repo = Repository.open(data_dir, clock)
    todays_queue(repo, clock.now())  # the caches filled, as in a drill under way
    warm = []
    for _ in range(builds):
        started = time.perf_counter()
        queue = todays_queue(repo, clock.now())
        warm.append(time.perf_counter() - started)
    counts, backlog = queue.counts, queue.backlog
    assert backlog is not None, "a 90-day break should leave a backlog"
    print(
        f"{label}: {backlog.due:,} reviews due after the break; today's share "
        f"{backlog.share:,} (daily limit {repo.settings().reviews_per_day}), "
        f"{counts.due:,} shown, {counts.held_back:,} held for later days, "
        f"{counts.new} new, a day's worth {backlog.day_worth}"
    )
    out: dict[str, object] = {
        "due_after_break": backlog.due,
        "share": backlog.share,
        "shown": counts.due,
        "held_back": counts.held_back,
        "new": counts.new,
        "queue_cold": summary(f"{label}: open + today's queue (status, home)", cold),
        "queue_warm": summary(f"{label}: today's queue, ranked (the drill)", warm),
    }
    # The same with backlog mode off (the daily limit only): what the spread costs.
    settings = repo.settings()
    repo.save_settings(replace(settings, backlog_mode=False))
    todays_queue(repo, clock.now())
    plain = []
    for _ in range(builds):
        started = time.perf_counter()
        todays_queue(repo, clock.now())
        plain.append(time.perf_counter() - started)
    repo.save_settings(settings)
    out["queue_warm_no_backlog"] = summary(f"{label}: the same, backlog mode off", plain)

    # The backlog drill: Good on every card; the write alone, and the step with the next card.
    session = DrillSession(repo)
    saves, steps = [], []
    real_put = repo.cards.put

    def timed_put(card):  # type: ignore[no-untyped-def]  # a bench's shim
        result = real_put(card)
        saves.append(time.perf_counter() - save_started)
        return result

    repo.cards.put = timed_put  # type: ignore[method-assign]  # the review is saved first
    reviews_rated = 0
    for _ in range(ratings):
        if session.current is None:
            break
        reviews_rated += session.current.state == 2
        session.reveal()
        clock.advance(seconds=8)
        save_started = started = time.perf_counter()
        session.rate(3)
        steps.append(time.perf_counter() - started)
    repo.cards.put = real_put  # type: ignore[method-assign]
    out["rating_durable"] = summary(f"{label}: durable rating (review + card saved)", saves)
    out["rating_step"] = summary(f"{label}: rating + next card (queue rebuilt)", steps)
    after = todays_queue(repo, clock.now()).counts
    assert after.due + reviews_rated == counts.due, "rating must not change today's share"
    repo.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--builds", type=int, default=15)
    parser.add_argument("--ratings", type=int, default=40)
    parser.add_argument("--scale", type=int, default=5)
    args = parser.parse_args()
    print(machine())
    results: dict[str, object] = {}
    dirs = []
    for scale in (1, args.scale):
        label = "heavy" if scale == 1 else f"{scale}x heavy"
        data_dir, counts, took = data_set(scale)
        dirs.append(data_dir)
        results[label] = {
            "cards": counts["cards"],
            "reviews": counts["reviews"],
            "generate_s": round(took, 1),
            **measure(data_dir, label, args.builds, args.ratings),
        }
    base, big = results["heavy"], results[f"{args.scale}x heavy"]
    assert isinstance(base, dict) and isinstance(big, dict)
    ratios = {
        key: round(big[key]["median_ms"] / base[key]["median_ms"], 2)
        for key in (
            "queue_cold",
            "queue_warm",
            "queue_warm_no_backlog",
            "rating_durable",
            "rating_step",
        )
    }
    print(f"ratios ({args.scale}x heavy / heavy), medians: {ratios}")
    results["ratios"] = ratios
    for data_dir in dirs:
        shutil.rmtree(data_dir.parent, ignore_errors=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
