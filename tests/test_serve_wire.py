"""`rebound serve` on the wire: Esc that never eats the next key (fast link and a ~200 ms
slow link), keys sent just before a hang-up are kept, dead links end their sessions, and a
killed client is one log line."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncssh
import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.serve import server as serve_server
from rebound_tui.serve.child import ESC_KEY, mark_lone_escape, session_env
from rebound_tui.store.repository import Repository
from tests.helpers import START
from tests.slowlink import SlowLink
from tests.test_serve import Screen, Server, open_app
from tests.test_serve_hardening import LOG_LINE, Process

GAPS = (0.05, 0.1, 0.2)


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[Server]:
    running = Server(tmp_path)
    await running.start()
    yield running
    await running.stop()


def notes(server: Server) -> list[str]:
    repo = Repository.open(server.data("alice"), FixedClock(START), readonly=True)
    return [checkin.note for checkin in repo.checkins.all()]


async def quiet(screen: Screen, seconds: float = 0.3, limit: float = 10.0) -> None:
    """Read the screen until nothing has come for `seconds` (a redraw can take a second
    through a 256 kbit/s link)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            data = await asyncio.wait_for(screen.process.stdout.read(65536), seconds)
        except TimeoutError:
            return
        screen.stream.feed(data)


async def focus_the_note(screen: Screen, pause: float = 0.15) -> None:
    """Tab from the mood grid to the check-in's note field (its border turns heavy)."""
    for _ in range(8):
        await quiet(screen, pause)
        lines = screen.text().splitlines()
        below = [i for i, line in enumerate(lines) if "How strong is it?" in line]
        if below and "┏" in lines[below[0] + 1]:
            return
        screen.process.stdin.write(b"\t")
    raise AssertionError(f"the note field never took the focus:\n{screen.text()}")


async def esc_then_d(screen: Screen, gap: float, note: str, pause: float = 0.15) -> None:
    """In the check-in's note: type `note`, then Esc and `d` `gap` seconds apart. Esc must
    leave the check-in (saved), and `d` must open the drill from home, not be typed."""
    await screen.keys("c")
    await screen.wait_for("Where are you?")
    await focus_the_note(screen, pause)
    await screen.keys(note)
    await screen.wait_for(note)
    screen.process.stdin.write(b"\x1b")
    await asyncio.sleep(gap)
    screen.process.stdin.write(b"d")
    await screen.wait_for("New 0 · Learn 0 · Due 0")  # the drill screen
    assert note + "d" not in screen.text()
    await screen.keys("q")  # back home for the next round
    await screen.wait_for("Today's drill")


def test_a_packet_ending_in_esc_is_the_esc_key() -> None:
    assert mark_lone_escape(b"\x1b") == ESC_KEY == b"\x1b[27u"
    assert mark_lone_escape(b"ab\x1b") == b"ab" + ESC_KEY
    for whole in (b"\x1b[A", b"\x1bd", b"\x1b[<0;3;4M", b"d", b""):
        assert mark_lone_escape(whole) == whole
    env = session_env(Path("/home/x"), "xterm")
    assert env["ESCDELAY"] == "50"


async def test_esc_then_a_key_is_two_keys_at_human_gaps(server: Server) -> None:
    async with await server.connect() as conn:
        screen = await open_app(conn)
        await screen.wait_for("Today's drill")
        for number, gap in enumerate(GAPS):
            await esc_then_d(screen, gap, f"fast {number}")
        await screen.keys("q")
    assert sorted(notes(server)) == [f"fast {n}" for n in range(len(GAPS))]


@pytest.mark.slow
async def test_esc_then_a_key_is_two_keys_over_a_slow_link(server: Server) -> None:
    async with SlowLink("127.0.0.1", server.port, delay=0.1, kbit=256) as link:
        conn = await asyncssh.connect(
            "127.0.0.1",
            link.port,
            username="alice",
            client_keys=[server.keys["alice"]],
            known_hosts=None,
            agent_path=None,
        )
        async with conn:
            screen = await open_app(conn)
            await screen.wait_for("Today's drill", timeout=40)
            for number, gap in enumerate(GAPS):
                await esc_then_d(screen, gap, f"slow {number}", pause=0.4)
            await screen.keys("q")
    assert sorted(notes(server)) == [f"slow {n}" for n in range(len(GAPS))]


@pytest.mark.parametrize(("burst", "gap"), [(True, 0.0), (False, 0.05)])
async def test_keys_sent_just_before_a_hang_up_are_saved(
    server: Server, burst: bool, gap: float
) -> None:
    """Letters in one packet with the hang-up right behind them (lost about half the time
    before the server gave the app time to handle them), or typed a key a packet with the
    line dropping 50 ms after the last. A big screen makes the app slower to answer."""
    conn = await server.connect()
    screen = await open_app(conn, size=(200, 60))
    await screen.wait_for("Today's drill")
    await screen.keys("c")
    await screen.wait_for("Where are you?")
    await focus_the_note(screen)
    typed = "last words"
    if burst:
        screen.process.stdin.write(typed.encode())
    else:
        for letter in typed:
            screen.process.stdin.write(letter.encode())
            await asyncio.sleep(0.003)
    await asyncio.sleep(gap)
    conn.abort()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and notes(server) != [typed]:
        await asyncio.sleep(0.2)
    assert notes(server) == [typed]


async def test_a_silently_dropped_link_ends_its_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert (serve_server.KEEPALIVE_SECONDS, serve_server.KEEPALIVE_MISSES) == (15.0, 2)
    monkeypatch.setattr(serve_server, "KEEPALIVE_SECONDS", 0.5)
    running = Server(tmp_path)
    await running.start()
    caplog.set_level(logging.INFO, logger="rebound.serve")
    try:
        async with SlowLink("127.0.0.1", running.port, delay=0.01) as link:
            conn = await asyncssh.connect(
                "127.0.0.1",
                link.port,
                username="alice",
                client_keys=[running.keys["alice"]],
                known_hosts=None,
                agent_path=None,
            )
            screen = await open_app(conn)
            await screen.wait_for("Today's drill")
            link.dropped = True  # nothing more gets through, and nothing is closed
            dropped = time.monotonic()
            deadline = dropped + 10
            while time.monotonic() < deadline and "session user=" not in caplog.text:
                await asyncio.sleep(0.1)
            assert "session user=" in caplog.text, caplog.text
            assert time.monotonic() - dropped < 5  # 0.5 s x 2 missed, then the hang-up
            conn.abort()
    finally:
        await running.stop()
    assert (running.data("alice") / "settings.json").is_file()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Process]:
    running = Process(tmp_path_factory.mktemp("wire"))
    yield running
    running.stop()


@pytest.mark.slow
async def test_a_killed_ssh_client_is_one_log_line(served: Process) -> None:
    key = served.tmp / "alice_key"
    key.write_bytes(served.keys["alice"].export_private_key())
    key.chmod(0o600)
    before = served.text().count(" session user=")
    client = subprocess.Popen(
        [
            *["ssh", "-tt", "-p", str(served.port), "-i", str(key)],
            *["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"],
            *["-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-F", "/dev/null"],
            "alice@127.0.0.1",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert client.stdout is not None
        os.set_blocking(client.stdout.fileno(), False)
        seen, deadline = b"", time.monotonic() + 30
        while b"drill" not in seen and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
            seen += client.stdout.read(65536) or b""
        assert b"drill" in seen, seen[-500:]
        assert client.stdin is not None
        client.stdin.write(b"d" + b"?" * 10)  # screens that redraw: output is flowing
        client.stdin.flush()
        await asyncio.sleep(0.05)
    finally:
        client.send_signal(signal.SIGKILL)
        client.wait()
    deadline = time.monotonic() + 10
    while served.text().count(" session user=") == before and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.3)
    text = served.text()
    assert "Traceback" not in text, text
    for line in text.splitlines():
        assert LOG_LINE.match(line), f"not a log line: {line!r}\n{text}"
    assert text.count(" session user=") == before + 1, text
