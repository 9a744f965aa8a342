"""A warm parent retires after its share of sessions (so the string-hash seed the sessions
share rotates): a fresh one takes over once ready, the old one leaves, and a live session
forked from the old one goes on answering."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from tests.test_serve import open_app
from tests.test_serve_prefork import Forking, seed_cards, server

__all__ = ["server"]  # the fixture, used by name


async def test_a_warm_parent_retires_and_a_fresh_one_takes_over(server: Forking) -> None:
    seed_cards(server.data("alice"), "Alice")
    server.sessions.prefork.retire_forks = 1  # retire after every session
    first = await server.warm_pid()
    async with await server.connect("alice") as conn:
        screen = await open_app(conn, "drill")
        await screen.wait_for("Alice question 0")
        (session,) = server.forked()
        deadline = time.monotonic() + 60
        while await server.warm_pid() == first:
            assert time.monotonic() < deadline, "no fresh warm parent took over"
            await asyncio.sleep(0.05)
        while Path(f"/proc/{first}").exists():  # the retired one leaves (and is reaped)
            assert time.monotonic() < deadline, "the retired warm parent stayed"
            await asyncio.sleep(0.05)
        await screen.keys("space")  # the session forked from it still answers
        await screen.wait_for("Alice answer 0")
        async with await server.connect("bob") as other:  # forked from the fresh one
            bob = await open_app(other)
            await bob.wait_for("Today's drill")
            assert len(server.forked()) == 2
            await bob.keys("q")
            await asyncio.wait_for(bob.process.wait_closed(), 15)
        await screen.keys("q")
        await asyncio.wait_for(screen.process.wait_closed(), 15)
        assert screen.process.exit_status == 0
    assert session.returncode == 0
    assert os.getpid() != first
