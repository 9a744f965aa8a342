"""Bytes on the wire for one `rebound serve` session: what the client receives while idle,
for a screen switch, a reveal, a rate, a text field left alone, and a mouse sweep.

    .venv/bin/python bench/bench_ssh_bytes.py [--code DIR] [--idle 10]

`--code DIR` runs the sessions' app from another checkout (e.g. a `git worktree` of an
older commit) behind this checkout's server, for a before/after comparison."""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import asyncssh
from _heavy import NOW, machine

QUIET = 0.4
"""An action is over when the screen has sent nothing for this long (the app draws at
30 frames a second over SSH)."""


async def received_until_quiet(process: asyncssh.SSHClientProcess[bytes]) -> bytes:
    data = b""
    while True:
        try:
            chunk = await asyncio.wait_for(process.stdout.read(65536), QUIET)
        except TimeoutError:
            return data
        if not chunk:
            return data
        data += chunk


async def received_for(process: asyncssh.SSHClientProcess[bytes], seconds: float) -> bytes:
    data = b""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        try:
            data += await asyncio.wait_for(process.stdout.read(65536), left)
        except TimeoutError:
            break
    return data


async def measure(port: int, key: asyncssh.SSHKey, idle: float) -> list[tuple[str, int, int]]:
    rows: list[tuple[str, int, int]] = []  # (what, bytes sent, bytes received)
    async with asyncssh.connect(
        "127.0.0.1", port, username="alice", client_keys=[key], known_hosts=None, agent_path=None
    ) as conn:
        process = await conn.create_process(
            term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        first = await received_for(process, 2.0) + await received_until_quiet(process)
        rows.append(("start to home", 0, len(first)))
        if b"Today" not in first:
            raise SystemExit(f"no home screen: {first[-600:]!r}")
        motion = b"\x1b[?1003h" in first
        rows.append((f"idle on home, {idle:g} s", 0, len(await received_for(process, idle))))

        async def act(what: str, key: bytes) -> None:
            process.stdin.write(key)
            rows.append((what, len(key), len(await received_until_quiet(process))))

        await act("screen switch: home to drill (d)", b"d")
        await act("reveal (space)", b" ")
        await act("rate Good (3)", b"3")
        await act("reveal the next (space)", b" ")
        await act("screen switch: drill to home (Esc)", b"\x1b")
        sweep = b"".join(
            b"\x1b[<35;%d;%dM" % (2 + i, 3 + (i % 18))
            for i in range(60)  # a sweep across the home screen
        )
        if motion:
            await act("mouse sweep, 60 motions (any-motion tracking)", sweep)
        else:
            rows.append(("mouse sweep, 60 motions (not tracked: none sent)", 0, 0))
        await act("screen switch: home to check-in (c)", b"c")
        for _ in range(3):
            process.stdin.write(b"\t")
            await received_until_quiet(process)
        rows.append(
            (f"idle in a text field, {idle:g} s", 0, len(await received_for(process, idle)))
        )
        process.stdin.write(b"\x1b\x1bq")
        process.close()
    return rows


async def run(args: argparse.Namespace) -> None:
    from rebound_tui.domain.clock import FixedClock
    from rebound_tui.domain.models import Card
    from rebound_tui.serve import ServeConfig, add_user, start_server
    from rebound_tui.serve import session as serve_session
    from rebound_tui.store.repository import Repository

    tmp = Path(tempfile.mkdtemp(prefix="rebound-bytes-bench-"))
    try:
        key = asyncssh.generate_private_key("ssh-ed25519")
        (tmp / "alice.pub").write_bytes(key.export_public_key())
        add_user(tmp / "users", "alice", tmp / "alice.pub")
        repo = Repository.open(tmp / "users" / "alice" / "data", FixedClock(NOW))
        repo.save_settings(replace(repo.settings(), timezone="UTC"))
        repo.cards.put_many(
            Card(
                id=f"c{i}",
                question=f"Practice question {i}: tell me about a time you...",
                answer="Situation, task, action, result.",
                created_at=NOW,
                due=NOW,
            )
            for i in range(20)
        )
        repo.close()
        if args.code:
            code = str(Path(args.code).resolve())
            boot = f"import sys, runpy; sys.path.insert(0, {code!r}); " + (
                "runpy.run_module('rebound_tui', run_name='__main__', alter_sys=True)"
            )
            serve_session.session_command = lambda argv: [  # type: ignore[assignment]  # bench only
                sys.executable,
                "-I",
                "-c",
                boot,
                *argv,
            ]
        config = ServeConfig(
            users_dir=tmp / "users", port=0, extra_env={"REBOUND_FAKE_NOW": NOW.isoformat()}
        )
        acceptor = await start_server(config)
        port = acceptor.sockets[0].getsockname()[1]
        try:
            rows = await measure(port, key, args.idle)
        finally:
            acceptor.close()
            await acceptor.wait_closed()
        print(f"app from {args.code or 'this checkout'}")
        print(f"{'action':<52} {'sent':>6} {'received':>9}")
        for what, sent, got in rows:
            print(f"{what:<52} {sent:>6} {got:>9,}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", help="run the sessions' app from this checkout")
    parser.add_argument("--idle", type=float, default=10.0)
    args = parser.parse_args()
    print(machine())
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
