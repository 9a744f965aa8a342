"""Every screen, key to content painted, on heavy and on huge (5x heavy, ten years) demo
data, beside a bare Textual app pushing a screen (header, label, footer) in the same run.

Each round starts the bare app and Rebound on each data set (one copy per run, walked once
unmeasured first), each on its own PTY at 80x24, and walks the screens once: the clock
starts when a key is written and stops when a needle of the new screen's content (not its
title) is on the screen, having checked that the needle was not there before. So each
screen is timed as a session first opens it. Medians over the rounds, and ratios to the
bare app's push.

    .venv/bin/python bench/bench_screens.py [--runs 8] [--sizes heavy,huge] [--quick]
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from _heavy import ROOT, fresh_copy, machine
from _pty import KEYS, Program, press, rebound, settle, wait

HOME = "to drill"
CARD_COUNT = re.compile(r"^\s+(\d[\d,]* of )?[\d,]+ cards\s*$", re.MULTILINE)
FILTERED = re.compile(r"\d of [\d,]+ cards")
INTERVIEW_ROW = re.compile(r"\d{4}-\d\d-\d\d\s+(Active|Rejected|Ghosted|Withdrew|Offer)")
FORGOTTEN = re.compile(r"times forgotten [1-9]")
FOUND = re.compile(r"[\d,]+ found")


@dataclass(frozen=True)
class Step:
    key: str
    needle: str | re.Pattern[str] | None
    timed: str | None = None
    """The name it is reported under; None: a step on the way, not measured."""


def timed(name: str, key: str, needle: str | re.Pattern[str]) -> Step:
    return Step(key, needle, name)


def go(key: str, needle: str | re.Pattern[str] | None = None) -> Step:
    return Step(key, needle)


WALK = (
    timed("History: mood (h)", "h", "check-ins over"),
    timed("History: rebounds tab", "]", "Next steps done:"),
    timed("History: treats tab", "]", "What helped most"),
    timed("History: daydreams tab", "]", "how heavy it felt"),
    timed("History: funnel tab", "]", "Your funnel"),
    timed("History: drill tab", "]", "True retention"),
    go("escape", HOME),
    timed("Cards: open (k)", "k", CARD_COUNT),
    go("/", "^q Quit"),  # the search line has the keys: the footer says so
    timed("Cards: a search typed ('team')", "team", FILTERED),
    go("escape", "a Add"),  # the table has them again (an escape read with the o is alt+o)
    go("o", "Most often forgotten"),
    go("down"),
    go("down"),
    go("down"),
    timed("Cards: a sort (most often forgotten)", "enter", "most often forgotten ─"),
    go("ctrl+home"),  # the card forgotten most: a long history
    timed("Card history (enter)", "enter", FORGOTTEN),
    go("escape", CARD_COUNT),
    timed("Drill stats (S on cards)", "S", "Busiest day"),
    go("escape", CARD_COUNT),
    go("escape", HOME),
    timed("Interviews (i)", "i", INTERVIEW_ROW),
    go("escape", HOME),
    timed("Search: open (/)", "/", "Words to find"),
    timed("Search: typed ('team')", "team", FOUND),
    go("escape", HOME),
    go("r", "Resume"),
    timed("Rebound: open (resume at Tough)", "enter", "Which questions were hard?"),
    timed("Rebound: next step (Feedback)", "ctrl+n", "Ask for one specific piece"),
    timed("Rebound: next step (Move on)", "ctrl+n", "Your funnel"),
    go("ctrl+r", "Ask for one specific piece"),  # back to Tough, where the next round resumes
    go("ctrl+r", "Which questions were hard?"),
    go("escape", HOME),
    timed("Drill: open (d)", "d", "show the answer"),
    go("space", "Again"),
    timed("Drill: next card after a rating (3)", "3", "show the answer"),
)
NAMES = [step.timed for step in WALK if step.timed]


def walk_rebound(size: str, data_dir: Path) -> dict[str, float]:
    term = rebound("--data-dir", str(data_dir))
    out: dict[str, float] = {}
    try:
        wait(term, HOME)
        settle(term, 0.5)
        for step in WALK:
            if step.timed and step.needle is not None:
                out[step.timed] = press(term, step.key, step.needle)
            else:
                press_unmeasured(term, step)
            settle(term)
    except RuntimeError as error:  # a screen that never came: the rest of this round is lost
        print(f"{size}: the walk stopped: {error}", file=sys.stderr)
    finally:
        term.close()
    return out


def press_unmeasured(term: Program, step: Step) -> None:
    os.write(term.fd, KEYS.get(step.key, step.key.encode()))
    if step.needle is not None:
        wait(term, step.needle)


def walk_bare() -> dict[str, float]:
    term = Program([sys.executable, str(ROOT / "bench" / "bare_screens.py")])
    try:
        wait(term, "Bare Textual app ready")
        settle(term, 0.5)
        first = press(term, "n", "Bare screen pushed")
        settle(term)
        press_unmeasured(term, go("escape", "Bare Textual app ready"))
        settle(term)
        second = press(term, "n", "Bare screen pushed")
    finally:
        term.close()
    return {"first push": first, "second push": second}


def load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--sizes", default="heavy,huge", help="comma-separated demo sizes")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2 rounds")
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    sizes = [s for s in args.sizes.split(",") if s]
    print(machine())
    # As installed: bytecode compiled (under PYTHONDONTWRITEBYTECODE a module without a
    # current .pyc is compiled again by every process that imports it, and timed with it).
    compileall.compile_dir(ROOT / "rebound_tui", quiet=1)
    print("load before:", load())
    # One copy of each data set for the run, walked once unmeasured: that warms the file
    # cache and lets the store rebuild what it derives and keys by inode (a copy's are
    # stale), as a user's data directory has them after its first use. The rounds then
    # share it: each rates one card more, as a day of use would.
    data = {size: fresh_copy(size) for size in sizes}
    bare: dict[str, list[float]] = {"first push": [], "second push": []}
    ours: dict[str, dict[str, list[float]]] = {s: {n: [] for n in NAMES} for s in sizes}
    try:
        walk_bare()
        for size in sizes:
            walk_rebound(size, data[size])
        for round_number in range(runs):
            for name, seconds in walk_bare().items():
                bare[name].append(seconds)
            for size in sizes:
                for name, seconds in walk_rebound(size, data[size]).items():
                    ours[size][name].append(seconds)
            print(f"round {round_number + 1}/{runs} done", file=sys.stderr)
    finally:
        for size in sizes:
            shutil.rmtree(data[size].parent, ignore_errors=True)
    print("load after:", load())
    report(bare, ours, sizes, runs)


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def report(
    bare: dict[str, list[float]],
    ours: dict[str, dict[str, list[float]]],
    sizes: list[str],
    runs: int,
) -> None:
    floor = median_ms(bare["first push"])
    print(f"\nmedians of {runs} rounds, ms; ratio = screen / bare app's first push")
    print(f"bare Textual app, first push of a screen: {floor:7.1f} ms")
    print(f"bare Textual app, second push:            {median_ms(bare['second push']):7.1f} ms")
    head = f"{'screen (key)':<40}" + "".join(f"{s:>9}{'x bare':>8}" for s in sizes)
    if len(sizes) == 2:
        head += f"{sizes[1] + '/' + sizes[0]:>12}"
    print(head)
    worst = {size: 0.0 for size in sizes}
    for name in NAMES:
        line = f"{name:<40}"
        medians = [median_ms(ours[size][name]) if ours[size][name] else None for size in sizes]
        for size, value in zip(sizes, medians, strict=True):
            if value is None:
                line += f"{'failed':>9}{'':>8}"
                continue
            line += f"{value:9.1f}{value / floor:7.2f}x"
            worst[size] = max(worst[size], value)
        if len(sizes) == 2 and medians[0] and medians[1]:
            line += f"{medians[1] / medians[0]:11.2f}x"
        print(line)
    for size in sizes:
        print(f"slowest screen on {size}: {worst[size]:.1f} ms ({worst[size] / floor:.2f}x bare)")


if __name__ == "__main__":
    main()
