"""Start to first painted home screen, against a bare Textual app (header, label, footer),
alternating in one run. Each start runs on its own PTY at 80×24; the clock stops when the
screen shows the app's text.

    .venv/bin/python bench/bench_startup.py [--runs 15] [--data-dir DIR]
    .venv/bin/python bench/bench_startup.py --sizes heavy,huge [--runs 8]

With --sizes, one run compares the demo data sets (cached, see _heavy.fresh_copy) beside
the bare app: first paint, home with its figures and `rebound drill` to its first question,
and the wall time of `rebound status` beside `python -c pass` and `rebound --version`.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _heavy import ROOT, fresh_copy, heavy_data_dir, machine, summary
from _pty import Program

sys.path.insert(0, str(ROOT))
from tests.terminal import Terminal


def time_to_text(args: list[str], needle: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    term = Terminal(args, env, ROOT) if args[0] != "BARE" else None
    if term is None:
        import fcntl
        import pty
        import struct
        import termios

        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.execvpe(sys.executable, [sys.executable, str(ROOT / "bench" / "bare_app.py")], env)
        import pyte

        screen = pyte.Screen(80, 24)
        stream = pyte.ByteStream(screen)

        class _T:
            pass

        term = _T()  # type: ignore[assignment]
        term.pid, term.fd, term.screen, term.stream = pid, fd, screen, stream  # type: ignore[attr-defined]
        term.exit_status = None  # type: ignore[attr-defined]
        term.text = lambda: "\n".join(screen.display)  # type: ignore[attr-defined]
        term._pump = Terminal._pump.__get__(term)  # type: ignore[attr-defined]
        term.close = Terminal.close.__get__(term)  # type: ignore[attr-defined]
    while needle not in term.text():
        term._pump(0.005)
        if time.perf_counter() - started > 30:
            raise RuntimeError(f"{needle!r} never appeared")
    elapsed = time.perf_counter() - started
    term.close()
    return elapsed


def times_to_texts(term: Program, needles: list[str], started: float) -> list[float]:
    """Seconds from `started` until each needle is first on the screen (in any order)."""
    seen: dict[str, float] = {}
    while len(seen) < len(needles):
        text = term.text()
        for needle in needles:
            if needle not in seen and needle in text:
                seen[needle] = time.perf_counter() - started
        if len(seen) < len(needles):
            term._pump(0.002)
        if time.perf_counter() - started > 60:
            raise RuntimeError(f"{needles} never all appeared:\n{term.text()}")
    term.close()
    return [seen[needle] for needle in needles]


def start_times(argv: list[str], needles: list[str]) -> list[float]:
    started = time.perf_counter()
    return times_to_texts(Program(argv), needles, started)


def wall(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - started


def compare_sizes(sizes: list[str], runs: int) -> None:
    """First paint, figures, the drill's first question and `rebound status`, per data set,
    beside the bare app and a bare Python, interleaved in one run."""
    print("load before:", subprocess.run(["uptime"], capture_output=True, text=True).stdout)
    data = {size: fresh_copy(size) for size in sizes}
    python = [sys.executable]
    bare_argv = [*python, str(ROOT / "bench" / "bare_app.py")]
    app = {size: [*python, "-m", "rebound_tui", "--data-dir", str(data[size])] for size in sizes}
    drill = {size: [*app[size], "drill"] for size in sizes}
    status = {size: [*app[size], "status"] for size in sizes}
    baselines = {
        "python -c pass": [*python, "-c", "pass"],
        "python -I -m rebound_tui --version": [*python, "-I", "-m", "rebound_tui", "--version"],
    }
    for size in sizes:  # unmeasured: the file cache and anything a first open writes
        start_times(app[size], ["to drill"])
        start_times(drill[size], ["show the answer"])
        wall(status[size])
    start_times(bare_argv, ["Bare Textual app ready"])
    got: dict[str, list[float]] = {}

    def add(name: str, seconds: float) -> None:
        got.setdefault(name, []).append(seconds)

    for _ in range(runs):
        add("bare Textual app: first paint", start_times(bare_argv, ["Bare Textual app ready"])[0])
        for size in sizes:
            first, filled = start_times(app[size], ["Today's drill", "to drill"])
            add(f"{size}: first painted home", first)
            add(f"{size}: home with its figures", filled)
            add(
                f"{size}: rebound drill, first question",
                start_times(drill[size], ["show the answer"])[0],
            )
        for name, argv in baselines.items():
            add(name, wall(argv))
        for size in sizes:
            add(f"{size}: rebound status (wall)", wall(status[size]))
    print("load after:", subprocess.run(["uptime"], capture_output=True, text=True).stdout)
    medians = {name: summary(name, seconds)["median_ms"] for name, seconds in got.items()}
    bare = medians["bare Textual app: first paint"]
    for what in ("first painted home", "home with its figures", "rebound drill, first question"):
        for size in sizes:
            print(f"{size}: {what} / bare: {medians[f'{size}: {what}'] / bare:.2f}x")
        if len(sizes) > 1:
            ratio = medians[f"{sizes[-1]}: {what}"] / medians[f"{sizes[0]}: {what}"]
            print(f"{what}: {sizes[-1]} / {sizes[0]}: {ratio:.2f}x")
    for size in sizes:
        ms = medians[f"{size}: rebound status (wall)"]
        floor = medians["python -c pass"]
        print(f"{size}: rebound status {ms:.0f} ms, {ms / floor:.2f}x python -c pass")
    for size in sizes:
        shutil.rmtree(data[size].parent, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--data-dir")
    parser.add_argument("--sizes", help="compare demo data sets, e.g. heavy,huge")
    args = parser.parse_args()
    # As installed: bytecode compiled. Under PYTHONDONTWRITEBYTECODE a module changed since
    # its .pyc was written would be compiled again on every start, and timed with it.
    compileall.compile_dir(ROOT / "rebound_tui", quiet=1)
    if args.sizes:
        print(machine())
        compare_sizes([size for size in args.sizes.split(",") if size], args.runs)
        return
    print(machine())
    data_dir = Path(args.data_dir) if args.data_dir else heavy_data_dir()
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    rebound = ["--data-dir", str(data_dir)]
    # One unmeasured start of each warms the file cache and the streak cache.
    time_to_text(rebound, "Today's drill", env)
    time_to_text(["BARE"], "Bare Textual app ready", env)
    time_to_text([*rebound, "drill"], "show the answer", env)
    ours, bare, filled, drill = [], [], [], []
    for _ in range(args.runs):
        bare.append(time_to_text(["BARE"], "Bare Textual app ready", env))
        ours.append(time_to_text(rebound, "Today's drill", env))
        filled.append(time_to_text(rebound, "to drill", env))
        drill.append(time_to_text([*rebound, "drill"], "show the answer", env))
    b = summary("bare Textual app: first paint", bare)
    o = summary("Rebound on heavy data: first painted home", ours)
    f = summary("Rebound on heavy data: home with its figures", filled)
    d = summary("Rebound on heavy data: rebound drill, first question", drill)
    print(f"ratio (Rebound first paint / bare), medians: {o['median_ms'] / b['median_ms']:.2f}x")
    print(f"ratio (Rebound figures shown / bare), medians: {f['median_ms'] / b['median_ms']:.2f}x")
    print(f"ratio (rebound drill first question / bare): {d['median_ms'] / b['median_ms']:.2f}x")
    if not args.data_dir:
        shutil.rmtree(data_dir.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
