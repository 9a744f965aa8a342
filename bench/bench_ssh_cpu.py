"""Where the CPU of `rebound serve` goes, with the SSH clients in processes of their own (so
what the server side costs is known apart from what the benchmark's clients cost).

For N pre-forked drill sessions: CPU of the session processes, the server (asyncssh and its
pump) and the warm parent, from /proc/PID/stat (utime + stime), first with every session
open and idle, then with every session drilling at a pace (a key every LO..HI seconds,
alternating reveal and Good): CPU per keystroke in the sessions, in the server and in the
clients, keystroke to first screen bytes (p50, p95), total server-side CPU in % of one core
and of the machine, median session USS.

    .venv/bin/python bench/bench_ssh_cpu.py [--sessions 20,40,100] [--pace 1,2.5]
        [--seconds 60] [--idle 20] [--workers 2] [--nice -10] [--share-memory]
        [--settle S]

`--share-memory` serves with `rebound serve --share-memory`: where the host runs the
kernel's same-page merging (`echo 1 > /sys/kernel/mm/ksm/run`, as root; never changed
here), the sessions' copied pages are merged again, and ksmd's CPU is reported beside the
server's. Merging takes minutes to reach many sessions: `--settle S` waits S seconds after
the sessions open (2 by default) before each phase is measured.

`--nice -10` (as root) gives the server, its warm parent and so its sessions priority over
the rest of the machine (other work, the benchmark's own clients): a stand-in for a host
that runs nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncssh
from _heavy import machine
from bench_ssh import drain, seed_users
from bench_ssh_scale import KSM_RUN, Served, children, is_warm, ksm_run, rollup, session_pids

TICKS = os.sysconf("SC_CLK_TCK")


def kernel_threads(name: str) -> list[int]:
    """Pids of the kernel threads called `name` (ksmd: the same-page merging)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if Path(f"/proc/{entry}/comm").read_text().strip() == name:
                    found.append(int(entry))
            except OSError:
                continue
    return found


KSMD = kernel_threads("ksmd")


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def machine_busy() -> tuple[float, float]:
    fields = [float(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields), fields[3] + fields[4]


# -- the clients' side (a worker process) ------------------------------------------------
async def worker(spec: dict[str, object]) -> None:
    """Open the sessions, say so, wait for "go", drill (or idle) for the given seconds, and
    print the latencies as one JSON line."""
    port = int(spec["port"])  # type: ignore[call-overload]  # from JSON
    names = [str(n) for n in spec["names"]]  # type: ignore[attr-defined]
    keydir = Path(str(spec["keys"]))
    lo, hi = (float(p) for p in spec["pace"])  # type: ignore[attr-defined]
    seconds = float(spec["seconds"])  # type: ignore[arg-type]
    rng = random.Random(str(names))
    opened = []
    for name in names:
        key = asyncssh.read_private_key(keydir / name)
        conn = await asyncssh.connect(
            "127.0.0.1", port, username=name, client_keys=[key], known_hosts=None, agent_path=None
        )
        process = await conn.create_process(
            "drill", term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        buffer = b""
        while b"Practice question" not in buffer:
            buffer += await asyncio.wait_for(process.stdout.read(65536), 60)
        await drain(process, 0.3)
        opened.append((conn, process))
    print("open", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    latencies: list[float] = []

    async def one(process: asyncssh.SSHClientProcess[bytes], own: random.Random) -> int:
        end = time.monotonic() + seconds
        if hi <= 0:
            await asyncio.sleep(seconds)
            return 0
        presses = 0
        await asyncio.sleep(own.uniform(0, hi))  # not all at once
        while time.monotonic() < end:
            await drain(process)
            sent = time.perf_counter()
            process.stdin.write(b" 3"[presses % 2 : presses % 2 + 1])
            await process.stdout.read(65536)
            latencies.append(time.perf_counter() - sent)
            presses += 1
            await asyncio.sleep(own.uniform(lo, hi))
        return presses

    presses = await asyncio.gather(
        *(one(process, random.Random(rng.random())) for _, process in opened)
    )
    print(json.dumps({"latencies": latencies, "presses": sum(presses)}), flush=True)
    for conn, process in opened:
        process.stdin.write(b"q")
        conn.close()


# -- the measuring side ------------------------------------------------------------------
def run_phase(
    served: Served,
    keydir: Path,
    names: list[str],
    pace: tuple[float, float],
    args: argparse.Namespace,
) -> dict[str, float]:
    seconds = args.seconds if pace[1] > 0 else args.idle
    groups = [names[i :: args.workers] for i in range(args.workers)]
    workers = []
    for group in groups:
        spec = {
            "port": served.port,
            "names": group,
            "keys": str(keydir),
            "pace": list(pace),
            "seconds": seconds + 2,
        }
        workers.append(
            subprocess.Popen(
                [sys.executable, __file__, "--worker", json.dumps(spec)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                cwd=Path(__file__).parent,
            )
        )
    for proc in workers:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if line.strip() != "open":
            raise RuntimeError(f"a worker failed: {line!r}")
    time.sleep(args.settle)  # the sessions settle after their first paint
    server = served.proc.pid
    sessions = session_pids(server)
    warm = [pid for pid in children(server) if is_warm(pid)]
    for proc in workers:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    time.sleep(min(2.0, seconds / 6))
    window = seconds - 2 * min(2.0, seconds / 6)

    def take() -> dict[str, float]:
        return {
            "sessions": sum(cpu_seconds(p) for p in sessions),
            "server": cpu_seconds(server),
            "warm": sum(cpu_seconds(p) for p in warm),
            "clients": sum(cpu_seconds(p.pid) for p in workers),
            "ksmd": sum(cpu_seconds(p) for p in KSMD),
            "at": time.monotonic(),
        }

    before, busy0 = take(), machine_busy()
    time.sleep(window)
    after, busy1 = take(), machine_busy()
    rolls = [rollup(p) for p in sessions]
    uss = statistics.median(r["uss"] for r in rolls)
    pss = sum(r["pss"] for r in rolls) + sum(rollup(p)["pss"] for p in [server, *warm])
    load = os.getloadavg()[0]
    latencies: list[float] = []
    presses = 0
    for proc in workers:
        out, _ = proc.communicate(timeout=seconds + 120)
        result = json.loads(out.strip().splitlines()[-1])
        latencies += result["latencies"]
        presses += result["presses"]
    elapsed = after["at"] - before["at"]
    d = {k: after[k] - before[k] for k in ("sessions", "server", "warm", "clients", "ksmd")}
    machine_pct = 1 - (busy1[1] - busy0[1]) / (busy1[0] - busy0[0])
    out: dict[str, float] = {
        "n": len(sessions),
        "elapsed": elapsed,
        "sessions_pct": 100 * d["sessions"] / elapsed,
        "server_pct": 100 * d["server"] / elapsed,
        "warm_pct": 100 * d["warm"] / elapsed,
        "clients_pct": 100 * d["clients"] / elapsed,
        "ksmd_pct": 100 * d["ksmd"] / elapsed,
        "machine_pct": 100 * machine_pct,
        "uss": uss,
        "pss": pss,
        "load": load,
        "presses": presses,
        "keys_per_s": presses / seconds if seconds else 0.0,
    }
    if latencies:
        ms = sorted(x * 1000 for x in latencies)
        out["p50"] = statistics.median(ms)
        out["p95"] = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return out


def report(label: str, r: dict[str, float], idle: dict[str, float] | None) -> None:
    server_side = r["sessions_pct"] + r["server_pct"] + r["warm_pct"]
    print(
        f"{label}: {r['n']:.0f} sessions; CPU in % of one core: sessions {r['sessions_pct']:.1f}, "
        f"server {r['server_pct']:.1f}, warm {r['warm_pct']:.1f} (server side "
        f"{server_side:.1f} of 200), clients {r['clients_pct']:.1f}, ksmd {r['ksmd_pct']:.1f}; "
        f"machine busy "
        f"{r['machine_pct']:.0f}%, load {r['load']:.1f}, median session USS {r['uss']:.1f} MiB, "
        f"server+warm+sessions PSS {r['pss']:.0f} MiB"
    )
    if "p50" in r:
        rate = r["keys_per_s"]
        idle_sessions = idle["sessions_pct"] if idle else 0.0
        idle_server = idle["server_pct"] if idle else 0.0
        print(
            f"  {r['presses']:.0f} keys ({rate:.1f}/s): key to first screen bytes p50 "
            f"{r['p50']:.0f} ms, p95 {r['p95']:.0f} ms; CPU ms per key: session "
            f"{10 * (r['sessions_pct'] - idle_sessions) / rate:.1f}, server "
            f"{10 * (r['server_pct'] - idle_server) / rate:.1f}, client "
            f"{10 * r['clients_pct'] / rate:.1f}"
        )
    else:
        print(f"  idle CPU per session: {10 * r['sessions_pct'] / r['n']:.2f} ms/s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker")
    parser.add_argument("--sessions", default="20")
    parser.add_argument("--pace", default="1,2.5", help="LO,HI seconds between keys; 0: idle only")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--idle", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--nice", type=int, default=0, help="the server's and its sessions' nice value (root)"
    )
    parser.add_argument("--share-memory", action="store_true", help="serve --share-memory")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds after opening")
    args = parser.parse_args()
    if args.worker:
        asyncio.run(worker(json.loads(args.worker)))
        return
    print(machine(), f"load {os.getloadavg()[0]:.1f}")
    print(f"host same-page merging ({KSM_RUN}): {ksm_run()}; --share-memory: {args.share_memory}")
    counts = [int(n) for n in args.sessions.split(",")]
    paces = [tuple(float(x) for x in p.split(",")) for p in args.pace.split(";")]
    tmp = Path(tempfile.mkdtemp(prefix="rebound-ssh-cpu-"))
    try:
        users = tmp / "users"
        keys = seed_users(users, max(counts), tmp)
        keydir = tmp / "keys"
        keydir.mkdir()
        for name, key in keys.items():
            key.write_private_key(keydir / name)
        names = sorted(keys)
        for count in counts:
            for pace in paces:
                served = Served(users, count, True, tmp / f"serve-{count}.log", args.share_memory)
                try:
                    if args.nice:  # the server first: the machine's other work yields to it
                        for pid in [served.proc.pid, *children(served.proc.pid)]:
                            os.setpriority(os.PRIO_PROCESS, pid, args.nice)
                    time.sleep(3.0)
                    idle = run_phase(served, keydir, names[:count], (0.0, 0.0), args)
                    report("idle", idle, None)
                    if pace[-1] > 0:
                        busy = run_phase(served, keydir, names[:count], (pace[0], pace[1]), args)
                        report(f"a key every {pace[0]:g}-{pace[1]:g} s", busy, idle)
                finally:
                    served.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
