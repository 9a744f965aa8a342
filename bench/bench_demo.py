"""`rebound demo --size heavy --no-launch`: how long five years of heavy use takes to write
(or `--size huge`, ten years at five times heavy).

.venv/bin/python bench/bench_demo.py [--runs 3] [--size heavy|huge]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _heavy import ROOT, machine, summary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="heavy", choices=["small", "heavy", "huge"])
    args = parser.parse_args()
    print(machine())
    times = []
    for _ in range(args.runs):
        target = Path(tempfile.mkdtemp(prefix="rebound-demo-bench-")) / "data"
        started = time.perf_counter()
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "rebound_tui",
                "demo",
                "--size",
                args.size,
                "--no-launch",
                "--data-dir",
                str(target),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        times.append(time.perf_counter() - started)
        size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
        print(out.strip(), f"({size / 2**20:.1f} MiB on disk)")
        shutil.rmtree(target.parent)
    summary(f"rebound demo --size {args.size} (whole process)", times)


if __name__ == "__main__":
    main()
