"""The pre-forked sessions of `rebound serve`: a real server on 127.0.0.1, a real warm
parent, real forked sessions. Sessions are the server's own children, isolated from each
other; a killed warm parent is replaced and takes no live session with it; a hang-up still
saves what was typed; nothing from the server's directory or environment gets imported.
What a process got is read from /proc."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import tests.test_serve as base
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card
from rebound_tui.serve import start_server
from rebound_tui.serve.prefork import Forked
from rebound_tui.serve.session import Sessions
from tests.helpers import START, open_repo
from tests.test_serve import Server, open_app
from tests.test_serve_hardening import environ, plant


class Forking(Server):
    """A server whose Sessions the test can see (its warm parent and its children)."""

    async def start(self) -> None:
        self.sessions = Sessions(self.config)
        self.acceptor = await start_server(self.config, self.sessions)
        self.port = self.acceptor.sockets[0].getsockname()[1]

    async def warm_pid(self, timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            warm = self.sessions.prefork.warm
            if warm is not None and warm.alive and warm.ready.done():
                return warm.process.pid
            await asyncio.sleep(0.05)
        raise AssertionError("no warm parent came up")

    def forked(self) -> list[Forked]:
        children = list(self.sessions.children)
        assert all(isinstance(child, Forked) for child in children), children
        return [child for child in children if isinstance(child, Forked)]


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[Forking]:
    running = Forking(tmp_path)
    await running.start()
    yield running
    await running.sessions.prefork.stop()
    await running.stop()


def seed_cards(data: Path, owner: str, n: int = 3) -> None:
    repo = open_repo(data, FixedClock(START))
    repo.cards.put_many(
        [
            Card(
                id=f"{owner}{i}",
                question=f"{owner} question {i}",
                answer=f"{owner} answer {i}",
                created_at=START.replace(hour=0) if i == 0 else START.replace(hour=0, minute=i),
                due=START,
            )
            for i in range(n)
        ]
    )
    repo.close()


def stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


async def test_two_users_drilling_at_once_get_their_own_forked_sessions(
    server: Forking,
) -> None:
    seed_cards(server.data("alice"), "Alice")
    seed_cards(server.data("bob"), "Bob")
    warm = await server.warm_pid()
    async with await server.connect("alice") as a, await server.connect("bob") as b:
        alice, bob = await open_app(a, "drill"), await open_app(b, "drill")
        await alice.wait_for("Alice question 0")
        await bob.wait_for("Bob question 0")
        forked = server.forked()
        assert len(forked) == 2
        pids = {child.pid for child in forked}
        assert len(pids) == 2 and warm not in pids
        for pid in pids:
            fields = stat(pid)
            assert int(fields[1]) == os.getpid()  # adopted by the server, not the warm parent
            assert int(fields[2]) == int(fields[3]) == pid  # its own process group and session
        homes = {environ(pid)["HOME"] for pid in pids}
        assert homes == {str(server.users / "alice"), str(server.users / "bob")}
        # one drills on; the other's screen, process and data do not move
        await alice.keys("space")
        await alice.wait_for("Alice answer 0")
        await alice.keys("3")
        await alice.wait_for("Alice question 1")
        await bob.settle(0.5)
        assert "Bob question 0" in bob.text() and "Alice" not in bob.text()
        assert "Bob" not in alice.text()
        await alice.keys("q")
        await asyncio.wait_for(alice.process.wait_closed(), 15)
        assert alice.process.exit_status == 0
        await bob.keys("space")
        await bob.wait_for("Bob answer 0")  # still its own first card
        await bob.keys("q")
        await asyncio.wait_for(bob.process.wait_closed(), 15)
    clock = FixedClock(START)
    alice_reviews = open_repo(server.data("alice"), clock).reviews.all()
    bob_reviews = open_repo(server.data("bob"), clock).reviews.all()
    assert [r.card_id for r in alice_reviews] == ["Alice0"]
    assert bob_reviews == []
    assert server.sessions.children == set()  # both reaped


@pytest.mark.slow
async def test_a_killed_warm_parent_is_replaced_and_takes_no_session_with_it(
    server: Forking,
) -> None:
    seed_cards(server.data("alice"), "Alice")
    first = await server.warm_pid()
    async with await server.connect("alice") as conn:
        screen = await open_app(conn, "drill")
        await screen.wait_for("Alice question 0")
        (session,) = server.forked()
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while await server.warm_pid() == first:
            assert time.monotonic() < deadline, "the killed warm parent was not replaced"
            await asyncio.sleep(0.05)
        await screen.keys("space")  # the live session still answers
        await screen.wait_for("Alice answer 0")
        async with await server.connect("bob") as other:  # the next one is forked again
            bob = await open_app(other)
            await bob.wait_for("Today's drill")
            assert len(server.forked()) == 2
            await bob.keys("q")
            await asyncio.wait_for(bob.process.wait_closed(), 15)
        await screen.keys("q")
        await asyncio.wait_for(screen.process.wait_closed(), 15)
        assert screen.process.exit_status == 0
    assert session.returncode == 0  # reaped by the server, with its status
    assert not Path(f"/proc/{session.pid}").exists()


async def test_a_dropped_connection_still_saves_what_was_typed(server: Forking) -> None:
    await server.warm_pid()
    await base.test_dropping_the_connection_keeps_what_was_typed(server)
    assert server.sessions.prefork.warm is not None  # it ran forked, not on its own Python


async def test_nothing_from_the_servers_folder_or_environment_is_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = tmp_path / "planted"
    marker = plant(planted)
    fake = planted / "rebound_tui"
    fake.mkdir()
    (fake / "__init__.py").write_text(
        f"open({str(marker)!r}, 'a').write('fake rebound_tui imported\\n')\n"
    )
    monkeypatch.chdir(planted)
    monkeypatch.setenv("PYTHONPATH", str(planted))
    monkeypatch.setenv("PYTHONSTARTUP", str(planted / "json.py"))
    monkeypatch.setenv("SERVER_SECRET", "canary")
    running = Forking(tmp_path)
    await running.start()  # the warm parent starts here, in the planted folder
    try:
        warm = await running.warm_pid()
        async with await running.connect() as conn:
            screen = await open_app(conn)
            await screen.wait_for("Today's drill")
            (session,) = running.forked()
            session_env = environ(session.pid)
            await screen.keys("q")
            await asyncio.wait_for(screen.process.wait_closed(), 15)
        warm_env = environ(warm)
        assert os.readlink(f"/proc/{warm}/cwd") == "/"
        assert Path(f"/proc/{warm}/cmdline").read_bytes().split(b"\0")[1] == b"-I"
    finally:
        await running.sessions.prefork.stop()
        await running.stop()
    assert not marker.exists(), marker.read_text()
    for env in (warm_env, session_env):
        for name in ("PYTHONPATH", "PYTHONSTARTUP", "SERVER_SECRET"):
            assert name not in env, name
    assert session_env["HOME"] == str(running.users / "alice")


def test_each_forked_session_draws_its_own_random_numbers() -> None:
    """Forks share the parent's random state until `fresh_state` seeds it again."""
    script = """
import os, random, sys
from rebound_tui.serve.warm import fresh_state
random.seed(1)
draws = []
for _ in range(2):
    read, write = os.pipe()
    if os.fork() == 0:
        os.close(read)
        fresh_state()
        os.write(write, repr(random.random()).encode())
        os._exit(0)
    os.close(write)
    draws.append(os.read(read, 100).decode())
    os.wait()
print(draws[0], draws[1], random.random())
"""
    done = subprocess.run(
        [sys.executable, "-I", "-c", script],
        capture_output=True,
        text=True,
        cwd="/",
        timeout=60,
        check=True,
    )
    first, second, parents = done.stdout.split()
    assert first != second
    assert parents not in (first, second)


def merge_any(pid: int) -> str:
    """Whether the kernel may merge any of the process's private pages with others'
    (`/proc/PID/ksm_stat`, Linux 6.4 and later; "absent" on a kernel without it)."""
    try:
        text = Path(f"/proc/{pid}/ksm_stat").read_text()
    except OSError:
        return "absent"
    for line in text.splitlines():
        if line.startswith("ksm_merge_any:"):
            return line.split(":", 1)[1].strip()
    return "absent"


def ksm_stat_fields() -> str:
    try:
        return Path("/proc/self/ksm_stat").read_text()
    except OSError:
        return ""


@pytest.mark.parametrize("share", [False, True])
async def test_sessions_offer_their_memory_to_merging_only_when_the_server_says_so(
    tmp_path: Path, share: bool
) -> None:
    """`rebound serve --share-memory`: the warm parent offers its pages to the kernel's
    same-page merging (KSM), and so every session forked from it; without it, none do.
    Whether the host then merges (`/sys/kernel/mm/ksm/run`) is the host's setting."""
    running = Forking(tmp_path, share_memory=share)
    await running.start()
    try:
        seed_cards(running.data("alice"), "Alice")
        warm = await running.warm_pid()
        async with await running.connect("alice") as conn:
            screen = await open_app(conn, "drill")
            await screen.wait_for("Alice question 0")
            (session,) = running.forked()
            offered = {merge_any(warm), merge_any(session.pid)}
            await screen.keys("q")
            await asyncio.wait_for(screen.process.wait_closed(), 15)
        said = running.sessions.prefork.warm.merging  # type: ignore[union-attr]
        if not share:
            assert said == "not asked for" and offered <= {"no", "absent"}
        elif said == "unavailable":  # a kernel before 6.4: it has nothing to offer them to
            assert offered <= {"no", "absent"}
        else:  # a kernel that says in ksm_stat (6.10 and later, about) says yes
            assert said in ("on", "off") and offered <= {"yes", "absent"}
            assert offered == {"yes"} or "ksm_merge_any" not in ksm_stat_fields()
    finally:
        await running.sessions.prefork.stop()
        await running.stop()


@pytest.mark.parametrize("argv, share", [([], False), (["--share-memory"], True)])
def test_the_command_passes_share_memory_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], share: bool
) -> None:
    import rebound_tui.serve as serve_package
    from rebound_tui.cli import build_parser
    from rebound_tui.cli.serve import cmd_serve
    from rebound_tui.serve import ServeConfig

    got: list[ServeConfig] = []
    monkeypatch.setattr(serve_package, "serve_forever", lambda config: got.append(config) or 0)
    args = build_parser().parse_args(["serve", "--users-dir", str(tmp_path), *argv])
    assert cmd_serve(args) == 0
    assert [config.share_memory for config in got] == [share]
