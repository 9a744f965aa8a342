"""20 concurrent SSH sessions drilling at human pace against `rebound serve` on 2 cores:
keystroke-to-screen latency (from a key leaving the client to the first screen update
coming back) and memory per session.

    .venv/bin/python bench/bench_ssh.py [--sessions 20] [--seconds 60]

`--links` instead measures one session on the fast link (127.0.0.1) and through
tests/slowlink.py (100 ms each way, so ~200 ms round trip, capped at 256 kbit/s): `ssh …
drill` to the first question, key to screen (median, p95), Esc to the screen behind, and
the bytes a key costs.

    .venv/bin/python bench/bench_ssh.py --links [--keys 40] [--server-code DIR]

`--server-code DIR` runs the server from another checkout's rebound_tui (e.g. `git archive
OLD rebound_tui | tar -x -C DIR`), for a before/after of what the server does on the wire.
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

from tests.slowlink import SlowLink


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
    keyed: list[tuple[float, str, float]] | None = None,
) -> int:
    """A drill session at human pace for `seconds`: each key's latency goes to
    `latencies` (first bytes back) and `done` (screen settled); with `keyed`, also
    (when it was sent, monotonic; the key; first bytes back)."""
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
            if keyed is not None:
                keyed.append((time.monotonic(), key, latencies[-1]))
            await drain(process)
            done.append(time.perf_counter() - sent)
            presses += 1
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait_closed(), 10)
        return presses


async def first_output(process: asyncssh.SSHClientProcess[bytes], key: bytes) -> float:
    """Seconds from `key` leaving the client to the first screen update coming back; the
    screen is then read until it settles."""
    await drain(process, 0.3)
    sent = time.perf_counter()
    process.stdin.write(key)
    await process.stdout.read(65536)
    took = time.perf_counter() - sent
    await drain(process, 0.3)
    return took


async def one_link(
    port: int, name: str, key: asyncssh.SSHKey, keys: int, link: SlowLink | None
) -> dict[str, object]:
    """One session on one link: login to the first question, key to screen, Esc."""
    start = time.perf_counter()
    async with asyncssh.connect(
        "127.0.0.1", port, username=name, client_keys=[key], known_hosts=None, agent_path=None
    ) as conn:
        process = await conn.create_process(
            "drill", term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        buffer = b""
        while b"Practice question" not in buffer:
            buffer += await process.stdout.read(65536)
        to_question = time.perf_counter() - start
        before = link.sent_down if link else 0
        latencies = [await first_output(process, b" 3"[i % 2 : i % 2 + 1]) for i in range(keys)]
        per_key = ((link.sent_down - before) / keys) if link else 0.0
        # Esc: from the drill's help (?) back to the drill, then the help again
        escapes = []
        for _ in range(max(4, keys // 4)):
            await first_output(process, b"?")
            escapes.append(await first_output(process, b"\x1b"))
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait_closed(), 20)
    return {
        "to_question": to_question,
        "key": latencies,
        "escape": escapes,
        "bytes_per_key": per_key,
    }


async def links(args: argparse.Namespace, port: int, keys: dict[str, asyncssh.SSHKey]) -> None:
    names = iter(keys.items())
    results = {}
    for label, slow in (("fast link (127.0.0.1)", None), ("slow link (2x100 ms, 256 kbit/s)", 1)):
        name, key = next(names)
        if slow:
            async with SlowLink("127.0.0.1", port, delay=0.1, kbit=256) as link:
                results[label] = await one_link(link.port, name, key, args.keys, link)
        else:
            results[label] = await one_link(port, name, key, args.keys, None)
    for label, out in results.items():
        print(f"-- {label}")
        print(f"{'ssh ... drill to the first question':<48} {out['to_question'] * 1000:8.0f} ms")
        summary("key to first screen update", out["key"])  # type: ignore[arg-type]
        summary("Esc to first screen update", out["escape"])  # type: ignore[arg-type]
        if out["bytes_per_key"]:
            print(f"{'bytes to the client per key (reveal/rate)':<48} {out['bytes_per_key']:8.0f}")


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
        cwd=args.server_code or ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        await asyncio.sleep(1.5)
        if args.links:
            await links(args, port, keys)
            return
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
    parser.add_argument("--links", action="store_true", help="one session, fast and slow link")
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--server-code", type=Path, default=None)
    args = parser.parse_args()
    if args.links:
        args.sessions = 2
    print(machine())
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
