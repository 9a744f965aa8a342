"""20 concurrent SSH sessions drilling at human pace against `rebound serve` on 2 cores:
keystroke-to-screen latency (from a key leaving the client to the first screen update
coming back) and memory per session.

    .venv/bin/python bench/bench_ssh.py [--sessions 20] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import asyncssh
from _heavy import NOW, ROOT, machine, summary


def seed_users(users: Path, count: int, tmp: Path) -> dict[str, asyncssh.SSHKey]:
    from rebound_tui.domain.clock import FixedClock
    from rebound_tui.domain.models import Card
    from rebound_tui.serve import add_user
    from rebound_tui.store.repository import Repository

    keys = {}
    for index in range(count):
        name = f"user{index:02d}"
        key = asyncssh.generate_private_key("ssh-ed25519")
        public = tmp / f"{name}.pub"
        public.write_bytes(key.export_public_key())
        add_user(users, name, public)
        repo = Repository.open(users / name / "data", FixedClock(NOW))
        repo.save_settings(replace(repo.settings(), timezone="UTC", new_per_day=500))
        repo.cards.put_many(
            Card(
                id=f"c{i}",
                question=f"Practice question {i}: tell me about a time you...",
                answer="Situation, task, action, result.",
                created_at=NOW,
                due=NOW,
            )
            for i in range(400)
        )
        repo.close()
        keys[name] = key
    return keys


def session_rss_mib(users: Path) -> list[float]:
    out = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if b"rebound_tui" not in cmdline or str(users).encode() not in b" ".join(cmdline):
                continue
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS"):
                    out.append(int(line.split()[1]) / 1024)
        except OSError:
            continue
    return out


async def drain(process: asyncssh.SSHClientProcess[bytes], quiet: float = 0.05) -> None:
    """Read until the screen has been quiet for `quiet` seconds."""
    while True:
        try:
            await asyncio.wait_for(process.stdout.read(65536), quiet)
        except TimeoutError:
            return


async def drill(
    port: int,
    name: str,
    key: asyncssh.SSHKey,
    seconds: float,
    latencies: list[float],
    done: list[float],
    rng: random.Random,
) -> int:
    async with asyncssh.connect(
        "127.0.0.1", port, username=name, client_keys=[key], known_hosts=None, agent_path=None
    ) as conn:
        process = await conn.create_process(
            "drill", term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        buffer = b""
        while b"Practice question" not in buffer:
            buffer += await process.stdout.read(65536)
        end = time.monotonic() + seconds
        presses = 0
        keys = [" ", "3"]
        while time.monotonic() < end:
            await asyncio.sleep(rng.uniform(1.0, 2.5))  # reading, thinking: human pace
            await drain(process)  # nothing left over from the last update
            key = keys[presses % 2]
            sent = time.perf_counter()
            process.stdin.write(key.encode())
            await process.stdout.read(65536)  # the first screen update after the key
            latencies.append(time.perf_counter() - sent)
            await drain(process)
            done.append(time.perf_counter() - sent)
            presses += 1
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait_closed(), 10)
        return presses


async def run(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="rebound-ssh-bench-"))
    users = tmp / "users"
    keys = seed_users(users, args.sessions, tmp)
    port = 22000 + random.randrange(1000)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rebound_tui",
            "serve",
            "--users-dir",
            str(users),
            "--port",
            str(port),
            "--max-sessions",
            str(args.sessions),
            "--max-startups",  # every session logs in at once
            str(args.sessions),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        await asyncio.sleep(1.5)
        latencies: list[float] = []
        complete: list[float] = []
        rng = random.Random(7)
        tasks = [
            drill(port, name, key, args.seconds, latencies, complete, random.Random(rng.random()))
            for name, key in keys.items()
        ]
        sampler_rss: list[list[float]] = []

        async def sample() -> None:
            await asyncio.sleep(args.seconds / 2)
            sampler_rss.append(session_rss_mib(users))

        results = await asyncio.gather(*tasks, sample())
        presses = sum(r for r in results if isinstance(r, int))
        print(f"{args.sessions} sessions, {presses} keystrokes in {args.seconds:.0f} s")
        summary("keystroke to first screen update, over SSH", latencies)
        summary("keystroke to screen settled (+50 ms quiet)", complete)
        rss = sampler_rss[0] if sampler_rss else []
        if rss:
            print(
                f"session processes: {len(rss)}, RSS per session median "
                f"{sorted(rss)[len(rss) // 2]:.0f} MiB, max {max(rss):.0f} MiB, "
                f"total {sum(rss):.0f} MiB"
            )
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    print(machine())
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
