"""Start to first painted home screen, against a bare Textual app (header, label, footer),
alternating in one run. Each start runs on its own PTY at 80×24; the clock stops when the
screen shows the app's text.

    .venv/bin/python bench/bench_startup.py [--runs 15] [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from _heavy import ROOT, heavy_data_dir, machine, summary

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    print(machine())
    data_dir = Path(args.data_dir) if args.data_dir else heavy_data_dir()
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    rebound = ["--data-dir", str(data_dir)]
    # One unmeasured start of each warms the file cache and the streak cache.
    time_to_text(rebound, "Today's drill", env)
    time_to_text(["BARE"], "Bare Textual app ready", env)
    ours, bare, filled = [], [], []
    for _ in range(args.runs):
        bare.append(time_to_text(["BARE"], "Bare Textual app ready", env))
        ours.append(time_to_text(rebound, "Today's drill", env))
        filled.append(time_to_text(rebound, "to drill", env))
    b = summary("bare Textual app: first paint", bare)
    o = summary("Rebound on heavy data: first painted home", ours)
    f = summary("Rebound on heavy data: home with its figures", filled)
    print(f"ratio (Rebound first paint / bare), medians: {o['median_ms'] / b['median_ms']:.2f}x")
    print(f"ratio (Rebound figures shown / bare), medians: {f['median_ms'] / b['median_ms']:.2f}x")
    if not args.data_dir:
        shutil.rmtree(data_dir.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
