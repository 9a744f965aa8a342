"""The pre-forked `rebound serve`, measured three ways against a real server process:

(a) `ssh -t host drill` to its first question (asyncssh client on a PTY, the clock from
    connect to the question on the screen, read through pyte), side by side in one run with
    a local bare Textual app started on a PTY, and with the same server starting a Python
    per session (REBOUND_SERVE_PREFORK=0); the drill user has heavy demo data;
(b) memory: USS (Private_Clean + Private_Dirty) and PSS from /proc/PID/smaps_rollup of each
    session process with N sessions open, and of the warm parent; with --rate R, once more
    after every session has rated R cards (what a session grows by as it drills); side by
    side with N bare Textual apps, each forked from a warm parent of its own that imported,
    warmed and froze the same way (`bare_served.py`);
(c) N concurrent sessions drilling at human pace: keystroke to first screen bytes (p50,
    p95), machine CPU and the server's memory (PSS of server, warm parent and sessions).

    .venv/bin/python bench/bench_ssh_scale.py [--runs 8] [--open 20] [--sessions 100]
        [--seconds 60] [--only first|memory|load] [--heavy DIR] [--rate R]
        [--prefork-only] [--settle S] [--share-memory]

With --share-memory the server offers its sessions' memory to the kernel's same-page
merging (KSM); it merges only where the host runs it (`echo 1 > /sys/kernel/mm/ksm/run`,
as root; this benchmark never changes it) and takes a minute or two to scan: give the
readings time with --settle (e.g. 240).
"""

from __future__ import annotations

import argparse
import asyncio
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
import pyte
from _heavy import ROOT, cached_data, machine, summary
from bench_ssh import drain, drill, seed_users
from bench_startup import time_to_text

DRILL_NEEDLE = "Show answer"
"""On the drill screen's footer once its first question is up."""


class Served:
    """A `rebound serve` process on a free port."""

    def __init__(
        self, users: Path, sessions: int, prefork: bool, log: Path, share_memory: bool = False
    ) -> None:
        env = {**os.environ, "REBOUND_SERVE_PREFORK": "1" if prefork else "0"}
        self.log = log.open("wb")
        self.proc = subprocess.Popen(
            [
                *[sys.executable, "-m", "rebound_tui", "serve", "--users-dir", str(users)],
                *["--port", "0", "--max-sessions", str(sessions)],
                *["--max-startups", str(sessions)],
                *(["--share-memory"] if share_memory else []),
            ],
            cwd=ROOT,
            stdout=self.log,
            stderr=self.log,
            env=env,
        )
        self.log_path = log
        deadline = time.monotonic() + 30
        while b" port " not in log.read_bytes():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError(log.read_text())
            time.sleep(0.05)
        text = log.read_text()
        self.port = int(text.split(" port ", 1)[1].split(",", 1)[0])
        while prefork and b"warm parent ready" not in log.read_bytes():
            if time.monotonic() > deadline + 90:  # it imports and warms everything once
                raise RuntimeError(log.read_text())
            time.sleep(0.1)
        time.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)
        self.log.close()


KSM_RUN = Path("/sys/kernel/mm/ksm/run")


def ksm_run() -> str:
    """The host's same-page merging: "1" runs it; the benchmark never changes it."""
    try:
        return KSM_RUN.read_text().strip()
    except OSError:
        return "absent"


def children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                out.append(int(entry))
    return out


def rollup(pid: int) -> dict[str, float]:
    """MiB of Rss, Pss, and USS (Private_Clean + Private_Dirty)."""
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value) / 1024
    return {
        "rss": fields["Rss"],
        "pss": fields["Pss"],
        "uss": fields["Private_Clean"] + fields["Private_Dirty"],
    }


def is_warm(pid: int) -> bool:
    try:
        return b"\0rebound_tui.serve.warm\0" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def session_pids(server: int) -> list[int]:
    return [pid for pid in children(server) if not is_warm(pid)]


async def to_question(port: int, name: str, key: asyncssh.SSHKey) -> float:
    started = time.perf_counter()
    async with asyncssh.connect(
        "127.0.0.1", port, username=name, client_keys=[key], known_hosts=None, agent_path=None
    ) as conn:
        process = await conn.create_process(
            "drill", term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        screen = pyte.Screen(80, 24)
        stream = pyte.ByteStream(screen)
        while DRILL_NEEDLE not in "\n".join(screen.display):
            data = await asyncio.wait_for(process.stdout.read(65536), 30)
            if not data:
                raise RuntimeError("the session ended before its first question")
            stream.feed(data)
        took = time.perf_counter() - started
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait_closed(), 30)
    return took


async def first_question(args: argparse.Namespace, tmp: Path, heavy: Path) -> None:
    users = tmp / "first"
    keys = seed_users(users, 1, tmp)
    name, key = next(iter(keys.items()))
    data = users / name / "data"
    shutil.rmtree(data)
    shutil.copytree(heavy, data)
    forked = Served(users, 4, True, tmp / "forked.log")
    execd = Served(users, 4, False, tmp / "exec.log")
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    try:
        await to_question(forked.port, name, key)  # file cache, streak cache
        await to_question(execd.port, name, key)
        time_to_text(["BARE"], "Bare Textual app ready", env)
        bare, pre, old = [], [], []
        for _ in range(args.runs):
            bare.append(time_to_text(["BARE"], "Bare Textual app ready", env))
            pre.append(await to_question(forked.port, name, key))
            old.append(await to_question(execd.port, name, key))
    finally:
        forked.stop()
        execd.stop()
    b = summary("local bare Textual app: first paint", bare)
    p = summary("ssh -t host drill, pre-forked: first question", pre)
    o = summary("ssh -t host drill, a Python per session", old)
    print(f"ratio pre-forked / bare, medians: {p['median_ms'] / b['median_ms']:.2f}x")
    print(f"ratio Python per session / bare, medians: {o['median_ms'] / b['median_ms']:.2f}x")


async def open_sessions(
    port: int, keys: dict[str, asyncssh.SSHKey]
) -> list[tuple[asyncssh.SSHClientConnection, asyncssh.SSHClientProcess[bytes]]]:
    async def one(name: str, key: asyncssh.SSHKey) -> tuple[object, object]:
        conn = await asyncssh.connect(
            "127.0.0.1", port, username=name, client_keys=[key], known_hosts=None, agent_path=None
        )
        process = await conn.create_process(
            "drill", term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        buffer = b""
        while b"Practice question" not in buffer:
            buffer += await asyncio.wait_for(process.stdout.read(65536), 60)
        return conn, process

    opened = []
    for name, key in keys.items():  # one at a time: a login storm is not what is measured
        opened.append(await one(name, key))
    return opened  # type: ignore[return-value]


def memory_line(label: str, pids: list[int]) -> None:
    rolls = [rollup(pid) for pid in pids]
    if not rolls:
        print(f"{label}: no processes")
        return
    uss = statistics.median(r["uss"] for r in rolls)
    pss = statistics.median(r["pss"] for r in rolls)
    rss = statistics.median(r["rss"] for r in rolls)
    print(
        f"{label}: {len(rolls)} sessions, median USS {uss:.1f} MiB, PSS {pss:.1f} MiB, "
        f"RSS {rss:.1f} MiB; total PSS {sum(r['pss'] for r in rolls):.0f} MiB"
    )


async def memory(args: argparse.Namespace, tmp: Path) -> None:
    users = tmp / "memory"
    keys = seed_users(users, args.open, tmp)
    print(f"host same-page merging ({KSM_RUN}): {ksm_run()}; --share-memory: {args.share_memory}")
    for prefork in (True,) if args.prefork_only else (True, False):
        served = Served(
            users, args.open, prefork, tmp / f"memory-{prefork}.log", args.share_memory
        )
        try:
            opened = await open_sessions(served.port, keys)
            await asyncio.sleep(args.settle)
            label = "pre-forked" if prefork else "a Python per session"
            memory_line(f"{label}, {args.open} drill sessions open", session_pids(served.proc.pid))
            for pid in children(served.proc.pid):
                if is_warm(pid):
                    r = rollup(pid)
                    print(
                        f"  warm parent: USS {r['uss']:.1f} MiB, PSS {r['pss']:.1f} MiB, "
                        f"RSS {r['rss']:.1f} MiB"
                    )
            server = rollup(served.proc.pid)
            print(f"  server (asyncssh): PSS {server['pss']:.1f} MiB, RSS {server['rss']:.1f}")
            if args.rate:
                await rate(opened, args.rate)
                await asyncio.sleep(args.settle)
                memory_line(
                    f"{label}, after {args.rate} ratings each", session_pids(served.proc.pid)
                )
            for conn, process in opened:
                process.stdin.write(b"q")
                conn.close()
        finally:
            served.stop()
    bare_served(args)


def bare_served(args: argparse.Namespace) -> None:
    """The baseline: as many bare Textual apps, each forked from a warm parent of its own
    (`bare_served.py`, which imports, warms and freezes as the server's does)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TEXTUAL_FPS": "30",
        "HOME": "/",
    }
    warm = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "bare_served.py"), str(args.open)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        cwd="/",
    )
    try:
        assert warm.stdout is not None and warm.stdin is not None
        pids = [int(pid) for pid in warm.stdout.readline().split()]
        time.sleep(args.settle)
        memory_line(f"a bare Textual app, {len(pids)} sessions open", pids)
        r = rollup(warm.pid)
        print(f"  its warm parent: USS {r['uss']:.1f} MiB, PSS {r['pss']:.1f} MiB")
        warm.stdin.close()
        warm.wait(60)
    finally:
        if warm.poll() is None:
            warm.kill()
            warm.wait()


async def rate(
    opened: list[tuple[asyncssh.SSHClientConnection, asyncssh.SSHClientProcess[bytes]]],
    cards: int,
) -> None:
    """Every open drill session shows and rates `cards` cards (space, then 3), one session
    after the other, each key's screen update read before the next key."""
    for _, process in opened:
        for _ in range(cards):
            for key in (b" ", b"3"):
                process.stdin.write(key)
                await drain(process, 0.15)


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far; 0 if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def cpu_by_part(server: int) -> dict[str, float]:
    """CPU seconds so far of the SSH server, of its sessions, and of this client."""
    times = os.times()
    return {
        "server (asyncssh)": process_cpu(server),
        "sessions": sum(process_cpu(pid) for pid in session_pids(server)),
        "client (this benchmark)": times.user + times.system,
    }


def cpu_times() -> tuple[float, float]:
    fields = [float(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields), idle


async def load(args: argparse.Namespace, tmp: Path) -> None:
    users = tmp / "load"
    keys = seed_users(users, args.sessions, tmp)
    served = Served(users, args.sessions, True, tmp / "load.log")
    latencies: list[float] = []
    complete: list[float] = []
    try:
        rng = random.Random(7)
        samples: list[dict[str, float]] = []
        cpu: list[tuple[float, float]] = []

        parts: list[dict[str, float]] = []

        async def sample() -> None:
            await asyncio.sleep(args.seconds / 4)
            cpu.append(cpu_times())
            parts.append(cpu_by_part(served.proc.pid))
            await asyncio.sleep(args.seconds / 2)
            cpu.append(cpu_times())
            parts.append(cpu_by_part(served.proc.pid))
            pids = session_pids(served.proc.pid)
            warm = [pid for pid in children(served.proc.pid) if is_warm(pid)]
            rolls = [rollup(pid) for pid in pids]
            samples.append(
                {
                    "sessions": len(pids),
                    "uss": statistics.median(r["uss"] for r in rolls) if rolls else 0.0,
                    "pss_total": sum(r["pss"] for r in rolls)
                    + sum(rollup(pid)["pss"] for pid in warm)
                    + rollup(served.proc.pid)["pss"],
                    "load": os.getloadavg()[0],
                }
            )

        async def staggered(index: int, name: str, key: asyncssh.SSHKey) -> int:
            await asyncio.sleep(index * 0.05)
            return await drill(
                served.port,
                name,
                key,
                args.seconds,
                latencies,
                complete,
                random.Random(rng.random()),
                keyed,
            )

        keyed: list[tuple[float, str, float]] = []
        started = time.monotonic()
        tasks = [staggered(i, name, key) for i, (name, key) in enumerate(keys.items())]
        results = await asyncio.gather(*tasks, sample())
    finally:
        served.stop()
    presses = sum(r for r in results if isinstance(r, int))
    print(f"{args.sessions} pre-forked sessions, {presses} keystrokes in {args.seconds:.0f} s")
    summary("keystroke to first screen bytes, over SSH", latencies)
    summary("keystroke to screen settled (+50 ms quiet)", complete)
    ordered = sorted(latencies)
    print(f"p95 {ordered[int(len(ordered) * 0.95)] * 1000:.0f} ms over {len(ordered)} keys")
    # Apart: the keys sent while sessions were still starting (one every 50 ms, each
    # start ~0.1 s of CPU), and after; the reveal (space) and the rating (3, a write).
    settled = started + args.sessions * 0.05 + 5.0
    for name, keep in (
        ("while sessions start (first keys)", lambda at, key: at < settled),
        ("after every session started", lambda at, key: at >= settled),
        ("  of which reveals (space)", lambda at, key: at >= settled and key == " "),
        ("  of which ratings (3: a write)", lambda at, key: at >= settled and key == "3"),
    ):
        some = [took for at, key, took in keyed if keep(at, key)]
        if some:
            summary(f"first bytes, {name}", some)
    if len(cpu) == 2 and samples:
        (total0, idle0), (total1, idle1) = cpu
        busy = 1 - (idle1 - idle0) / (total1 - total0)
        s = samples[0]
        print(
            f"mid-run: {s['sessions']:.0f} session processes, machine CPU busy {busy:.0%} of "
            f"{os.cpu_count()} cores (client included), load {s['load']:.1f}, median session "
            f"USS {s['uss']:.1f} MiB, server+warm+sessions PSS {s['pss_total']:.0f} MiB"
        )
    if len(parts) == 2:
        span = args.seconds / 2
        used = {name: parts[1][name] - parts[0][name] for name in parts[0]}
        print(
            "mid-run CPU, cores busy: "
            + ", ".join(f"{name} {seconds / span:.2f}" for name, seconds in used.items())
        )


async def run(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="rebound-ssh-scale-"))
    try:
        if args.only in (None, "first"):
            print("-- (a) ssh drill to its first question (heavy data) vs a bare Textual app")
            heavy = Path(args.heavy) if args.heavy else cached_data("heavy")
            await first_question(args, tmp, heavy)
        if args.only in (None, "memory"):
            print(f"-- (b) memory with {args.open} sessions open")
            await memory(args, tmp)
        if args.only in (None, "load"):
            print(f"-- (c) {args.sessions} sessions drilling at human pace")
            await load(args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--open", type=int, default=20)
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--only", choices=("first", "memory", "load"))
    parser.add_argument("--heavy", help="a heavy data directory (default: the cached demo)")
    parser.add_argument("--rate", type=int, default=0, help="memory again after R ratings")
    parser.add_argument("--prefork-only", action="store_true", help="memory: not exec'd too")
    parser.add_argument(
        "--settle", type=float, default=2.0, help="memory: seconds before each reading"
    )
    parser.add_argument(
        "--share-memory",
        action="store_true",
        help="memory: serve with --share-memory (merged only where the host runs KSM)",
    )
    args = parser.parse_args()
    print(machine())
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
