"""Time spent in garbage collection while the screens are walked, with Python's default
thresholds (700, 10, 10) and with the ones the app sets after its start
(`ui/prepare.py: GC_THRESHOLDS`), side by side in one run.

Each round opens a copy of the data in-process (the app as the command line runs it:
screens prepared, the start's heap frozen), waits for home, then walks History (every
view), Cards, Drill stats, a card's history, Interviews and the drill, timing every
collection with `gc.callbacks`. Reported: collections per generation, the total time in
them and the longest one, medians over the rounds.

    .venv/bin/python bench/bench_gc.py [--runs 5] [--size heavy]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import shutil
import statistics
import time
from typing import Any

from _heavy import fresh_copy, machine

WALK = ["h", *["right_square_bracket"] * 5, "escape", "k", "S", "escape", "enter"]
WALK += ["escape", "escape", "i", "escape", "d", "escape"]
DEFAULT = (700, 10, 10)


async def walk(size: str, thresholds: tuple[int, int, int]) -> dict[str, float]:
    from rebound_tui.domain.clock import clock_from_environment
    from rebound_tui.store.repository import Repository
    from rebound_tui.ui.app import ReboundApp

    data = fresh_copy(size)
    Repository.open(data, clock_from_environment()).close()  # summaries for this copy
    pauses: list[tuple[int, float]] = []
    started: list[float] = []

    def timed(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started.append(time.perf_counter())
        elif started:
            pauses.append((info["generation"], (time.perf_counter() - started.pop()) * 1000))

    repo = Repository.open(data, clock_from_environment())
    app = ReboundApp(repo=repo, clock=repo.clock, load_in_background=True)
    before = gc.get_threshold()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await asyncio.sleep(2.0)  # home read, the screens prepared
            gc.collect()
            gc.freeze()
            gc.set_threshold(*thresholds)
            gc.callbacks.append(timed)
            for key in WALK:
                await pilot.press(key)
                await app.keys_handled()
                await pilot.pause()
                await asyncio.sleep(0.2)
            gc.callbacks.remove(timed)
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
        repo.close()
        shutil.rmtree(data.parent, ignore_errors=True)
    out = {f"gen{g} collections": float(sum(1 for p in pauses if p[0] == g)) for g in (0, 1, 2)}
    out["total ms"] = sum(ms for _, ms in pauses)
    out["longest ms"] = max((ms for _, ms in pauses), default=0.0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="heavy")
    args = parser.parse_args()
    from rebound_tui.ui.prepare import GC_THRESHOLDS

    print(machine())
    results: dict[tuple[int, int, int], list[dict[str, float]]] = {
        DEFAULT: [],
        GC_THRESHOLDS: [],
    }
    for _ in range(args.runs):
        for thresholds in results:  # alternated, so drift in the machine hits both
            results[thresholds].append(asyncio.run(walk(args.size, thresholds)))
    print(f"\n{args.size}, medians of {args.runs} walks of the screens")
    for thresholds, rounds in results.items():
        cells = "  ".join(
            f"{name} {statistics.median(r[name] for r in rounds):7.1f}" for name in rounds[0]
        )
        print(f"thresholds {thresholds!s:<18} {cells}")


if __name__ == "__main__":
    main()
