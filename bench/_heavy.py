"""Shared helpers: a heavy demo data set in a temporary directory, and timing summaries."""

from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


def heavy_data_dir() -> Path:
    from rebound_tui.domain.clock import FixedClock
    from rebound_tui.services.demo import generate
    from rebound_tui.store.repository import Repository

    target = Path(tempfile.mkdtemp(prefix="rebound-bench-")) / "data"
    repo = Repository.open(target, FixedClock(NOW))
    counts = generate(repo, "heavy")
    repo.close()
    print(f"heavy data in {target}: {counts}")
    return target


def summary(name: str, seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    out = {
        "median_ms": statistics.median(ms),
        "p95_ms": ms[min(len(ms) - 1, int(len(ms) * 0.95))],
        "min_ms": ms[0],
        "n": len(ms),
    }
    print(
        f"{name:<48} median {out['median_ms']:8.2f} ms   p95 {out['p95_ms']:8.2f} ms"
        f"   min {out['min_ms']:8.2f} ms   n={len(ms)}"
    )
    return out


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{cpu}, {cores} cores, Python {platform.python_version()}, {platform.system()}"
