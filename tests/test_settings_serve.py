"""Over SSH, the zone a client sends (its TZ, as sshd's `AcceptEnv TZ` would pass it) is
offered on the user's first session, once, and the answer is saved."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.store.repository import Repository
from tests.helpers import START
from tests.test_serve import Screen, Server

QUESTION = "Your time zone looks like America/Los_Angeles — use it?"


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[Server]:
    running = Server(tmp_path)
    await running.start()
    yield running
    await running.stop()


@contextlib.asynccontextmanager
async def session(server: Server, env: dict[str, str]) -> AsyncIterator[Screen]:
    """The app over SSH with the client's `env`; q quits it at the end."""
    async with await server.connect() as conn:
        process = await conn.create_process(
            term_type="xterm-256color", term_size=(80, 24), encoding=None, env=env
        )
        screen = Screen(process, (80, 24))
        yield screen
        await screen.keys("q")
        await asyncio.wait_for(process.wait_closed(), 10)


async def not_asked(screen: Screen) -> None:
    await screen.wait_for("Today's drill")
    await screen.settle(1.0)
    assert "time zone looks like" not in screen.text()


async def test_the_clients_zone_is_offered_once_and_the_answer_saved(server: Server) -> None:
    async with session(server, {"TZ": "America/Los_Angeles"}) as first:
        await first.wait_for(QUESTION)
        await first.wait_for("Yes / no")
        await first.keys("y")
        await first.wait_for("Your time zone is now America/Los_Angeles.")
    saved = Repository.open(server.data("alice"), FixedClock(START)).settings()
    assert (saved.timezone, saved.timezone_chosen) == ("America/Los_Angeles", True)

    async with session(server, {"TZ": "Asia/Tokyo"}) as again:  # travelling: chosen already
        await not_asked(again)


async def test_no_keeps_the_zone_and_is_not_asked_again(server: Server) -> None:
    async with session(server, {"TZ": ":America/Los_Angeles"}) as first:
        await first.wait_for(QUESTION)
        await first.keys("n")
        await first.wait_for("as your time zone;")
    saved = Repository.open(server.data("alice"), FixedClock(START)).settings()
    assert saved.timezone != "America/Los_Angeles" and saved.timezone_chosen

    async with session(server, {"TZ": "America/Los_Angeles"}) as again:
        await not_asked(again)


async def test_a_tz_that_names_no_zone_is_not_offered(server: Server) -> None:
    async with session(server, {"TZ": "PST8PDT,M3.2.0,M11.1.0"}) as screen:
        await not_asked(screen)
