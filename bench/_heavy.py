"""Shared helpers: demo data sets (heavy, huge) built once and cached, a fresh copy for
each benchmark; a heavy data set in a temporary directory; and timing summaries."""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
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


CACHE = Path(tempfile.gettempdir()) / "rebound-bench-data"
"""Where built data sets are kept between runs: `<size>-<day>-<code hash>`."""

SIZES = ("heavy", "huge")


def code_hash() -> str:
    """A hash of everything the demo's files depend on: the generator, its content, and the
    records and storage code (a new file format makes a new data set)."""
    digest = hashlib.sha256()
    package = ROOT / "rebound_tui"
    paths = [
        *sorted(package.glob("services/demo*.py")),
        *sorted(package.glob("domain/**/*.py")),
        *sorted(package.glob("store/**/*.py")),
    ]
    for path in paths:
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


_CHOSEN: dict[str, Path] = {}
"""The data set each size resolved to in this process: one run uses one, even if the
code changes under it."""


def cached_data(size: str) -> Path:
    """The `size` demo data set, written by `rebound demo` once a day and code version and
    kept under `CACHE` (never written to: take a `fresh_copy`). Built with the system
    clock, so the data ends today as the app will see it. REBOUND_BENCH_KEEP_DATA=1 takes
    the newest one kept for that size whatever code wrote it (quick reruns while the
    code changes)."""
    if size in _CHOSEN:
        return _CHOSEN[size]
    kept = sorted(CACHE.glob(f"{size}-*"), key=lambda path: path.stat().st_mtime)
    if os.environ.get("REBOUND_BENCH_KEEP_DATA") == "1" and kept:
        _CHOSEN[size] = kept[-1]
        print(f"{size} data: {kept[-1]} (kept, REBOUND_BENCH_KEEP_DATA=1)")
        return kept[-1]
    key = f"{size}-{date.today().isoformat()}-{code_hash()}"
    target = CACHE / key
    if (target / "settings.json").exists():
        _CHOSEN[size] = target
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    for stale in CACHE.glob(f"{size}-*"):  # other days or code versions
        shutil.rmtree(stale, ignore_errors=True)
    building = CACHE / f".{key}.{os.getpid()}"
    shutil.rmtree(building, ignore_errors=True)
    started = time.perf_counter()
    command = ["demo", "--size", size, "--no-launch", "--data-dir", str(building)]
    out = subprocess.run(
        [sys.executable, "-m", "rebound_tui", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    try:
        building.rename(target)  # atomic: a second builder finds it there
    except OSError:
        shutil.rmtree(building, ignore_errors=True)
    print(f"{out.strip()} ({time.perf_counter() - started:.0f} s; cached as {target})")
    _CHOSEN[size] = target
    return target


def fresh_copy(size: str) -> Path:
    """A private copy of the cached `size` data set in a new temporary directory (remove
    its parent when done: `shutil.rmtree(path.parent)`). What the store derives and keys
    by inode (.rebound-summaries) is stale in a copy: open it once, unmeasured, before
    timing anything on it."""
    source = cached_data(size)
    target = Path(tempfile.mkdtemp(prefix=f"rebound-bench-{size}-")) / "data"
    shutil.copytree(source, target)
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
