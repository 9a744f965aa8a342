"""`rebound serve`, exercised with a real asyncssh client on 127.0.0.1: who gets in, what
a session can reach, resizes, hang-ups, the session cap and the idle timeout."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import asyncssh
import pyte
import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Interview, new_id
from rebound_tui.serve import ServeConfig, add_user, start_server
from rebound_tui.services import interviews, rebounds, reflections
from rebound_tui.store.repository import Repository
from tests.helpers import START, open_repo


def make_key(tmp_path: Path, name: str) -> tuple[asyncssh.SSHKey, Path]:
    key = asyncssh.generate_private_key("ssh-ed25519")
    public = tmp_path / f"{name}.pub"
    public.write_bytes(key.export_public_key())
    return key, public


class Server:
    def __init__(
        self, tmp_path: Path, *, same_as: Server | None = None, **options: object
    ) -> None:
        """A `rebound serve` on a free port; `same_as` restarts another one's setup (users,
        their keys, its configuration) instead of making a new one."""
        self.acceptor: asyncssh.SSHAcceptor | None = None
        if same_as is not None:
            self.users, self.keys, self.config = same_as.users, same_as.keys, same_as.config
            return
        self.users = tmp_path / "users"
        self.keys: dict[str, asyncssh.SSHKey] = {}
        for name in ("alice", "bob"):
            key, public = make_key(tmp_path, name)
            add_user(self.users, name, public)
            self.keys[name] = key
        self.config = ServeConfig(
            users_dir=self.users,
            port=0,
            extra_env={"REBOUND_FAKE_NOW": START.isoformat()},
            **options,
        )  # type: ignore[arg-type]

    async def start(self) -> None:
        self.acceptor = await start_server(self.config)
        self.port = self.acceptor.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self.acceptor is not None:
            self.acceptor.close()
            await self.acceptor.wait_closed()

    def data(self, user: str) -> Path:
        return self.users / user / "data"

    async def connect(
        self, user: str = "alice", **options: object
    ) -> asyncssh.SSHClientConnection:
        kwargs: dict[str, object] = {"client_keys": [self.keys[user]]}
        kwargs.update(options)
        return await asyncssh.connect(
            "127.0.0.1", self.port, username=user, known_hosts=None, agent_path=None, **kwargs
        )  # type: ignore[arg-type]


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[Server]:
    running = Server(tmp_path)
    await running.start()
    yield running
    await running.stop()


class Screen:
    """What the client's terminal shows, read through pyte."""

    def __init__(self, process: asyncssh.SSHClientProcess[bytes], size: tuple[int, int]) -> None:
        self.process = process
        self.screen = pyte.Screen(*size)
        self.stream = pyte.ByteStream(self.screen)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def wait_for(self, needle: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.text():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{needle!r} never appeared:\n{self.text()}")
            try:
                data = await asyncio.wait_for(self.process.stdout.read(65536), remaining)
            except TimeoutError:
                continue
            if not data:
                raise AssertionError(f"session ended before {needle!r}:\n{self.text()}")
            self.stream.feed(data)

    async def keys(self, *keys: str, pause: float = 0.25) -> None:
        codes = {"enter": b"\r", "tab": b"\t", "escape": b"\x1b", "space": b" "}
        for key in keys:
            self.process.stdin.write(codes.get(key, key.encode()))
            await self.settle(pause)

    async def settle(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (remaining := end - time.monotonic()) > 0:
            try:
                data = await asyncio.wait_for(self.process.stdout.read(65536), remaining)
            except TimeoutError:
                return
            if not data:
                return
            self.stream.feed(data)


async def open_app(
    conn: asyncssh.SSHClientConnection,
    command: str | None = None,
    size: tuple[int, int] = (80, 24),
) -> Screen:
    process = await conn.create_process(
        command, term_type="xterm-256color", term_size=size, encoding=None
    )
    return Screen(process, size)


async def test_a_known_key_gets_the_home_screen(server: Server) -> None:
    async with await server.connect() as conn:
        screen = await open_app(conn)
        await screen.wait_for("Today's drill")
        await screen.wait_for("No check-ins yet.")
        await screen.keys("q")
        await asyncio.wait_for(screen.process.wait_closed(), 10)
    assert (server.data("alice") / "settings.json").is_file()
    assert not (server.data("bob") / "settings.json").exists()


async def test_strangers_and_passwords_are_refused(server: Server, tmp_path: Path) -> None:
    stranger, _ = make_key(tmp_path, "stranger")
    with pytest.raises(asyncssh.PermissionDenied):
        await server.connect("alice", client_keys=[stranger])
    with pytest.raises(asyncssh.PermissionDenied):
        await asyncssh.connect(
            "127.0.0.1",
            server.port,
            username="mallory",
            known_hosts=None,
            client_keys=[server.keys["alice"]],
            agent_path=None,
        )
    with pytest.raises(asyncssh.PermissionDenied):
        await asyncssh.connect(
            "127.0.0.1",
            server.port,
            username="alice",
            known_hosts=None,
            client_keys=None,
            password="hunter2",
            agent_path=None,
        )
    with pytest.raises(asyncssh.PermissionDenied):
        await asyncssh.connect(
            "127.0.0.1",
            server.port,
            username="../alice",
            known_hosts=None,
            client_keys=[server.keys["alice"]],
            agent_path=None,
        )


async def test_a_session_without_a_terminal_is_told_and_ends_with_2(server: Server) -> None:
    async with await server.connect() as conn:
        result = await conn.run()
    assert result.exit_status == 2
    assert "this needs a terminal. Connect with `ssh -t`" in str(result.stderr)


async def test_commands_are_limited_and_cannot_reach_other_data(server: Server) -> None:
    repo = open_repo(server.data("bob"), FixedClock(START))
    repo.interviews.put(Interview(id="secret", company="Bob's secret employer"))
    async with await server.connect("alice") as conn:
        status = await conn.run("status")
        assert status.exit_status == 0
        assert str(status.stdout).startswith("Rebound: nothing to drill today")
        for command in (
            f"status --data-dir {server.data('bob')}",
            "export -o /tmp/x.json",
            "drill; cat /etc/passwd",
            "import /tmp/x.json",
            "--data-dir /tmp",
        ):
            result = await conn.run(command)
            assert result.exit_status == 2, command
            assert "runs the app, `drill`, `checkin` or `status`" in str(result.stderr)
    assert "Bob's secret employer" not in str(status.stdout)


async def test_two_users_write_only_their_own_data(server: Server) -> None:
    async def check_in(user: str, key: str) -> None:
        async with await server.connect(user) as conn:
            screen = await open_app(conn, "checkin")
            await screen.wait_for("Where are you?")
            await screen.keys(key, "tab", "space", "escape")
            await asyncio.wait_for(screen.process.wait_closed(), 10)

    await asyncio.gather(check_in("alice", "l"), check_in("bob", "h"))
    clock = FixedClock(START)
    alice = Repository.open(server.data("alice"), clock, readonly=True).checkins.all()
    bob = Repository.open(server.data("bob"), clock, readonly=True).checkins.all()
    assert [c.pleasantness for c in alice] == [1]
    assert [c.pleasantness for c in bob] == [-1]


async def test_a_resize_reaches_the_app(server: Server) -> None:
    async with await server.connect() as conn:
        screen = await open_app(conn, size=(80, 24))
        await screen.wait_for("Today's drill")
        assert max(len(line.rstrip()) for line in screen.screen.display) <= 80
        screen.process.change_terminal_size(120, 30)
        screen.screen.resize(30, 120)
        await screen.settle(1.5)
        widest = max(len(line.rstrip()) for line in screen.screen.display)
        assert widest > 100, screen.text()
        assert "Open rebounds, follow-ups, next steps" in screen.text()
        await screen.keys("q")


async def test_dropping_the_connection_keeps_what_was_typed(server: Server) -> None:
    clock = FixedClock(START)
    repo = open_repo(server.data("alice"), clock)
    interview = interviews.save_interview(repo, Interview(id=new_id(), company="Acme"))
    _, rebound = interviews.mark_rejected(repo, interview)
    rebounds.move_to_step(repo, rebound, "tough")
    reflection = reflections.new_reflection(repo, rebound, "tough")
    reflections.save_reflection(repo, replace(reflection, question="Why are you leaving?"))
    repo.close()
    typed = "I said what I want next"
    conn = await server.connect()
    screen = await open_app(conn)
    await screen.wait_for("Open rebounds")
    await screen.keys("r")
    await screen.wait_for("Resume")
    await screen.keys("enter")
    await screen.wait_for("┏━ Tough — questions to redo")
    await screen.keys("enter")
    await screen.wait_for("┏━ Question")
    await screen.keys("tab", "tab", "tab", "tab", "tab")
    await screen.wait_for("┏━ Action")
    screen.process.stdin.write(typed.encode())
    await screen.wait_for(typed)
    conn.abort()  # the connection drops, mid-typing
    deadline = time.monotonic() + 15
    saved = None
    while time.monotonic() < deadline:
        saved = Repository.open(server.data("alice"), clock, readonly=True).reflections.get(
            reflection.id
        )
        if saved is not None and saved.action == typed:
            break
        await asyncio.sleep(0.2)
    assert saved is not None and saved.action == typed


async def test_the_session_cap_refuses_one_more(tmp_path: Path) -> None:
    capped = Server(tmp_path, max_sessions=1)
    await capped.start()
    try:
        async with await capped.connect("alice") as first, await capped.connect("bob") as second:
            screen = await open_app(first)
            await screen.wait_for("Today's drill")
            refused = await second.create_process(
                term_type="xterm", term_size=(80, 24), encoding=None
            )
            await asyncio.wait_for(refused.wait_closed(), 10)
            assert refused.exit_status == 1
            assert b"the server is full (1 sessions)" in await refused.stderr.read()
            await screen.keys("q")
    finally:
        await capped.stop()


async def test_the_idle_timeout_ends_an_idle_session(tmp_path: Path) -> None:
    lazy = Server(tmp_path, idle_timeout=2.0)
    await lazy.start()
    try:
        async with await lazy.connect() as conn:
            screen = await open_app(conn)
            await screen.wait_for("Today's drill")
            await screen.wait_for("closed this session after", timeout=15)
            await asyncio.wait_for(screen.process.wait_closed(), 10)
            assert screen.process.exit_status == 0
    finally:
        await lazy.stop()


async def test_the_host_key_survives_a_restart(tmp_path: Path) -> None:
    first = Server(tmp_path)
    await first.start()
    async with await first.connect() as conn:
        key_one = conn.get_server_host_key()
    await first.stop()
    mode = (first.users / "ssh_host_ed25519_key").stat().st_mode & 0o777
    assert mode == 0o600
    again = Server(tmp_path, same_as=first)
    await again.start()
    try:
        async with await again.connect() as conn:
            key_two = conn.get_server_host_key()
    finally:
        await again.stop()
    assert key_one is not None and key_two is not None
    assert key_one.export_public_key() == key_two.export_public_key()
