"""Real processes, real signals: killed writers lose nothing they acknowledged, and two
writers on one data directory lose nothing at all."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from rebound_tui.domain.clock import SystemClock
from rebound_tui.store.repository import Repository
from tests.helpers import REPO_ROOT

TRIALS = 200


def _writer(
    data_dir: Path, prefix: str, count: int, go: Path | None = None
) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "tests.workers.writer", str(data_dir), prefix, str(count)]
    if go is not None:
        args.append(str(go))
    return subprocess.Popen(
        args, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _acks(output: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {"interview": set(), "card": set(), "review": set()}
    for line in output.splitlines():
        _, kind, record_id = line.split()
        out[kind].add(record_id)
    return out


def test_sigkill_at_random_moments_loses_no_acknowledged_write(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    rng = random.Random(20261126)
    acked: dict[str, set[str]] = {"interview": set(), "card": set(), "review": set()}
    torn = 0
    for trial in range(TRIALS):
        proc = _writer(data_dir, f"t{trial}", 100_000)
        assert proc.stdout is not None
        first = proc.stdout.readline()  # it is writing now
        assert first.startswith("ack"), proc.stderr.read() if proc.stderr else first
        time.sleep(rng.uniform(0, 0.03))
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate()
        assert proc.returncode == -signal.SIGKILL
        torn += len(list(data_dir.rglob(".*.tmp-*")))  # the next writer cleans these up
        for kind, ids in _acks(first + rest).items():
            acked[kind] |= ids

    # Every file still parses (backups and temp files included in the look).
    for path in data_dir.rglob("*.json"):
        raw = path.read_bytes()
        assert not raw.strip() or isinstance(json.loads(raw), dict), path

    # Some kills landed mid-write: their temp files are the evidence.
    print(f"{torn} writes of {TRIALS} kills were cut off mid-way")
    assert torn, "no kill landed inside a write; the test did not test anything"
    repo = Repository.open(data_dir, SystemClock())
    assert repo.drain_notices() == [], "nothing should have needed recovery"
    assert acked["interview"] <= {i.id for i in repo.interviews.all()}
    assert acked["card"] <= {c.id for c in repo.cards.all()}
    assert acked["review"] <= {r.id for r in repo.reviews.all()}
    assert sum(len(v) for v in acked.values()) > TRIALS
    # Opening cleaned up temp files that the killed writers left behind.
    assert not [p for p in data_dir.rglob(".*.tmp-*")]


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    go = tmp_path / "go"
    writers = [_writer(data_dir, name, 200, go) for name in ("left", "right")]
    time.sleep(0.5)  # both are importing; release them together
    go.touch()
    outputs = [w.communicate(timeout=120) for w in writers]
    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert err == ""
        assert len(out.splitlines()) == 200
    repo = Repository.open(data_dir, SystemClock())
    for name in ("left", "right"):
        ids = {f"{name}-{i}" for i in range(200)}
        stored = (
            {i.id for i in repo.interviews.all()}
            | {c.id for c in repo.cards.all()}
            | {r.id for r in repo.reviews.all()}
        )
        assert ids <= stored
    assert len(repo.interviews.all()) == 2 * 67
    assert len(repo.reviews.all()) == 2 * 66
