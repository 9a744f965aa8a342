"""`rebound serve` hardened like sshd, tried as an attacker would against a real server on
127.0.0.1: isolated session processes, clamped terminal sizes, one-line logs that nothing
can forge, pre-authentication limits, careful enrolment and host keys, and no traceback
when a client vanishes. What a session process really got (its environment, working
directory, terminal size) is read from /proc, never from a test hook."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest

from rebound_tui.cli import main
from rebound_tui.serve import (
    HOST_KEY_NAME,
    MAX_COLUMNS,
    MAX_ROWS,
    OneLineFormatter,
    ServeError,
    add_user,
    clean,
    host_key,
)
from tests.helpers import tree_digest
from tests.test_serve import Screen, Server, make_key

FORGED = "drill\n2026-01-01 fake line\x1b]0;x\x07"
WARM = b"\0rebound_tui.serve.warm\0"
LOG_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \S")

PLANTED = """\
import os, sys
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "MARKER"), "a") as marker:
    marker.write(f"{__name__} ran in pid {os.getpid()}\\n")
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
del sys.modules[__name__]
import importlib
sys.modules[__name__] = importlib.import_module(__name__)
"""


def plant(folder: Path) -> Path:
    """A folder where an attacker left modules the app imports early (argparse, json)
    that, if ever imported, write MARKER and then hand over to the real ones."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("argparse", "json", "sitecustomize", "usercustomize"):
        (folder / f"{name}.py").write_text(PLANTED)
    return folder / "MARKER"


# -- what a process really got, from /proc -------------------------------------------------
def session_pids(parent: int) -> list[int]:
    """Session processes (`rebound_tui` in the command line, not `serve`) of `parent`
    (sessions forked from the warm parent are the server's children too)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) != parent or b"rebound_tui" not in cmdline:
            continue
        if b"\0serve\0" not in cmdline and WARM not in cmdline:  # not the warm parent
            found.append(int(entry.name))
    return found


async def one_session(parent: int, timeout: float = 20.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = session_pids(parent)
        if len(pids) == 1:
            return pids[0]
        await asyncio.sleep(0.1)
    raise AssertionError(f"expected one session process of {parent}, saw {session_pids(parent)}")


def _cmdline(entry: Path) -> bytes:
    try:
        return (entry / "cmdline").read_bytes()
    except OSError:
        return b""


def environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


def terminal_size(pid: int) -> tuple[int, int]:
    """The (columns, rows) of the terminal on the process's stdin, as the kernel has it."""
    fd = os.open(f"/proc/{pid}/fd/0", os.O_RDONLY | os.O_NOCTTY)
    try:
        rows, columns, _, _ = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    finally:
        os.close(fd)
    return columns, rows


async def size_becomes(pid: int, expected: tuple[int, int], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while terminal_size(pid) != expected:
        if time.monotonic() > deadline:
            raise AssertionError(f"terminal is {terminal_size(pid)}, expected {expected}")
        await asyncio.sleep(0.05)


# -- enrolment and host keys (no server needed) --------------------------------------------
def test_enrolment_refuses_private_keys(tmp_path: Path) -> None:
    users = tmp_path / "users"
    ed = asyncssh.generate_private_key("ssh-ed25519")
    rsa = asyncssh.generate_private_key("ssh-rsa", key_size=2048)
    files = {
        "openssh": ed.export_private_key(),
        "pem": rsa.export_private_key("pkcs1-pem"),
        "pkcs8": rsa.export_private_key("pkcs8-pem"),
    }
    for name, payload in files.items():
        path = tmp_path / name
        path.write_bytes(payload)
        with pytest.raises(ServeError, match="is a private key") as refused:
            add_user(users, "alice", path)
        assert "\n" not in str(refused.value)
        assert "PRIVATE" not in str(refused.value)  # nothing of the key is echoed
    assert not (users / "alice" / "authorized_keys").exists()


def test_enrolment_refuses_rsa_under_2048_bits_and_accepts_2048(tmp_path: Path) -> None:
    users = tmp_path / "users"
    weak = tmp_path / "weak.pub"
    weak.write_bytes(asyncssh.generate_private_key("ssh-rsa", key_size=1024).export_public_key())
    with pytest.raises(ServeError, match="1024-bit RSA key, which is too weak"):
        add_user(users, "alice", weak)
    assert not (users / "alice" / "authorized_keys").exists()
    strong = tmp_path / "strong.pub"
    strong.write_bytes(asyncssh.generate_private_key("ssh-rsa", key_size=2048).export_public_key())
    assert add_user(users, "alice", strong).startswith("Enrolled alice")
    assert (users / "alice" / "authorized_keys").read_text().startswith("ssh-rsa ")


def test_enrolment_refuses_what_is_not_a_public_key(tmp_path: Path) -> None:
    users = tmp_path / "users"
    cases: dict[str, Path] = {}
    for name, payload in {
        "empty": b"",
        "garbage": b"ssh-ed25519 AAAA!!!not-base64 me@host\n",
        "binary": bytes(range(256)) * 4,
        "huge": b"ssh-ed25519 " + b"A" * 200_000,
    }.items():
        cases[name] = tmp_path / name
        cases[name].write_bytes(payload)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # opening it would block for ever: it must be refused unopened
    cases["fifo"] = fifo
    cases["directory"] = tmp_path
    cases["missing"] = tmp_path / "nope.pub"
    for name, path in cases.items():
        with pytest.raises(ServeError) as refused:
            add_user(users, "alice", path)
        assert "\n" not in str(refused.value), name
        assert str(path) in str(refused.value), name
    assert not (users / "alice" / "authorized_keys").exists()


def test_enrolment_refuses_unsafe_names_and_cleans_the_comment(tmp_path: Path) -> None:
    users = tmp_path / "users"
    _, public = make_key(tmp_path, "k")
    for name in ("../alice", "Alice", "a b", "", "x" * 33, "-rf", "alice\n", HOST_KEY_NAME):
        with pytest.raises(ServeError):
            add_user(users, name, public)
    assert not users.exists() or sorted(p.name for p in users.iterdir()) == []
    key = asyncssh.generate_private_key("ssh-ed25519", comment="me\x1b]0;pwned\x07")
    public.write_bytes(key.export_public_key())
    add_user(users, "alice", public)
    line = (users / "alice" / "authorized_keys").read_text()
    assert "\x1b" not in line and "\x07" not in line and line.count("\n") == 1


def test_a_host_key_others_can_read_is_refused_and_left_alone(tmp_path: Path) -> None:
    users = tmp_path / "users"
    host_key(users)
    path = users / HOST_KEY_NAME
    before = path.read_bytes()
    for mode in (0o640, 0o604, 0o644):
        os.chmod(path, mode)
        with pytest.raises(ServeError, match=r"can be read by others") as refused:
            host_key(users)
        assert "chmod 600" in str(refused.value)
        assert path.stat().st_mode & 0o777 == mode  # not silently chmodded
    assert path.read_bytes() == before


def test_a_damaged_host_key_is_one_line_and_never_replaced(tmp_path: Path) -> None:
    users = tmp_path / "users"
    host_key(users)
    path = users / HOST_KEY_NAME
    good = path.read_bytes()
    for damaged in (b"", good[: len(good) // 2], b"\x00" * 64, good.replace(b"A", b"!")):
        path.write_bytes(damaged)
        os.chmod(path, 0o600)
        with pytest.raises(ServeError, match="is damaged") as refused:
            host_key(users)
        assert "\n" not in str(refused.value)
        assert path.read_bytes() == damaged
    assert sorted(p.name for p in users.iterdir()) == [HOST_KEY_NAME]


def test_a_host_key_that_is_a_folder_or_a_fifo_is_refused_unopened(tmp_path: Path) -> None:
    users = tmp_path / "users"
    users.mkdir(mode=0o700)
    (users / HOST_KEY_NAME).mkdir(mode=0o700)
    with pytest.raises(ServeError, match="is not a regular file"):
        host_key(users)
    (users / HOST_KEY_NAME).rmdir()
    os.mkfifo(users / HOST_KEY_NAME, 0o600)  # reading it would block for ever
    with pytest.raises(ServeError, match="is not a regular file"):
        host_key(users)
    assert sorted(p.name for p in users.iterdir()) == [HOST_KEY_NAME]


def test_bad_enrolment_and_host_keys_exit_2_with_one_line_from_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    users = tmp_path / "users"
    private = tmp_path / "id_ed25519"
    private.write_bytes(asyncssh.generate_private_key("ssh-ed25519").export_private_key())
    code = main(["serve", "--users-dir", str(users), "--add-user", "al", "--key", str(private)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "is a private key" in err
    host_key(users)
    os.chmod(users / HOST_KEY_NAME, 0o644)
    before = tree_digest(users)
    code = main(["serve", "--users-dir", str(users), "--port", "0"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "can be read by others" in err
    assert tree_digest(users) == before
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    _, public = make_key(tmp_path, "al")
    for argv in (["--port", "0"], ["--add-user", "al", "--key", str(public)]):
        code = main(["serve", "--users-dir", str(not_a_dir), *argv])
        err = capsys.readouterr().err
        assert code == 2, argv
        assert err.count("\n") == 1 and f"{not_a_dir} is not a folder" in err, err
    assert not_a_dir.read_text() == "x"


def test_the_log_formatter_keeps_every_record_on_one_line() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "cmd=%s", (FORGED,), None)
    try:
        raise BrokenPipeError(32, "Broken\npipe")
    except BrokenPipeError:
        record.exc_info = sys.exc_info()
    line = OneLineFormatter().format(record)
    assert "\n" not in line and "\x1b" not in line and "\x07" not in line
    assert "Traceback" not in line and "BrokenPipeError" in line
    assert "\\x0a2026-01-01 fake line\\x1b]0;x\\x07" in line
    assert clean("a\u202eb\u2028c\\") == "a\\u202eb\\u2028c\\\\"


# -- an in-process server ------------------------------------------------------------------
@pytest.fixture
async def server(tmp_path: Path) -> object:
    running = Server(tmp_path)
    await running.start()
    yield running
    await running.stop()


async def test_planted_modules_and_client_env_do_not_reach_a_session(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = tmp_path / "planted"
    marker = plant(planted)
    monkeypatch.chdir(planted)  # the server's working directory
    monkeypatch.setenv("PYTHONPATH", str(planted))
    monkeypatch.setenv("SERVER_SECRET", "canary")
    hostile = {
        "PYTHONPATH": str(planted),
        "PYTHONSTARTUP": str(planted / "argparse.py"),
        "PYTHONHOME": str(planted),
        "LD_PRELOAD": str(planted / "evil.so"),
        "REBOUND_HOME": str(server.data("bob")),
        "NO_COLOR": "1",
    }
    async with await server.connect() as conn:
        status = await conn.run("status", env=hostile)
        assert status.exit_status == 0, status.stderr
        process = await conn.create_process(
            term_type="xterm\x1b]0;x\x07", term_size=(80, 24), encoding=None, env=hostile
        )
        screen = Screen(process, (80, 24))
        await screen.wait_for("Today's drill")
        pid = await one_session(os.getpid())
        env = environ(pid)
        cwd = Path(os.readlink(f"/proc/{pid}/cwd"))
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        await screen.keys("q")
        await asyncio.wait_for(process.wait_closed(), 10)
    assert not marker.exists(), marker.read_text()
    home = server.users / "alice"
    assert cwd == home
    assert argv[1] == b"-I"
    assert env["HOME"] == str(home)
    assert env["REBOUND_HOME"] == str(home / "data")
    assert env["TERM"] == "xterm-256color"  # the hostile TERM was replaced
    assert env["NO_COLOR"] == "1"
    for name in ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME", "LD_PRELOAD", "SERVER_SECRET"):
        assert name not in env, name
    assert not any(server.data("bob").glob("*.json"))


async def test_huge_terminal_sizes_are_clamped_at_start_and_on_resize(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="rebound.serve")
    async with await server.connect() as conn:
        process = await conn.create_process(
            term_type="xterm-256color", term_size=(65535, 65535), encoding=None
        )
        screen = Screen(process, (MAX_COLUMNS + 10, MAX_ROWS + 10))
        await screen.wait_for("Today's drill")
        pid = await one_session(os.getpid())
        assert terminal_size(pid) == (MAX_COLUMNS, MAX_ROWS)
        process.change_terminal_size(100, 30)
        await size_becomes(pid, (100, 30))
        process.change_terminal_size(65535, 65535)
        await size_becomes(pid, (MAX_COLUMNS, MAX_ROWS))
        process.change_terminal_size(65535, 1)
        await size_becomes(pid, (MAX_COLUMNS, 1))
        process.change_terminal_size(0, 0)  # "unknown": the default, never 0x0
        await size_becomes(pid, (80, 24))
        process.change_terminal_size(120, 65535)
        await size_becomes(pid, (120, MAX_ROWS))
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait_closed(), 15)
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("session ")]
    assert len(lines) == 1
    assert f'size="120x{MAX_ROWS}"' in lines[0]  # read back from the PTY at the end


async def test_a_forged_command_is_one_escaped_log_line(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    async with await server.connect() as conn:
        result = await conn.run(FORGED)
    assert result.exit_status == 2
    assert "\x1b" not in str(result.stderr)  # not echoed raw to the client either
    messages = [OneLineFormatter().format(r) for r in caplog.records]
    sessions = [m for m in messages if " session user=" in m]
    assert len(sessions) == 1
    assert 'command="drill\\x0a2026-01-01 fake line\\x1b]0;x\\x07"' in sessions[0]
    for message in messages:
        assert "\n" not in message and "\x1b" not in message and "\x07" not in message


# -- a real `rebound serve` process --------------------------------------------------------
class Process:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.users = tmp / "users"
        self.keys: dict[str, asyncssh.SSHKey] = {}
        for name in ("alice", "bob"):
            key, public = make_key(tmp, name)
            add_user(self.users, name, public)
            self.keys[name] = key
        self.marker = plant(tmp / "cwd")
        self.log_path = tmp / "server.log"
        self.log = self.log_path.open("wb")
        env = {**os.environ, "SERVER_SECRET": "canary"}
        env.pop("PYTHONPATH", None)
        self.proc = subprocess.Popen(
            [
                # -P: the server itself does not import from its directory (as with the
                # `rebound` script); its sessions must not either
                *[sys.executable, "-P", "-m", "rebound_tui", "serve"],
                *["--users-dir", str(self.users), "--port", "0"],
                *["--max-startups", "3", "--login-grace", "2"],
            ],
            cwd=self.marker.parent,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=self.log,
            env=env,
        )
        deadline = time.monotonic() + 30
        while not (found := re.search(rb"port (\d+),", self.log_path.read_bytes())):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(self.log_path.read_text())
            time.sleep(0.1)
        self.port = int(found.group(1))

    def text(self) -> str:
        return self.log_path.read_bytes().decode("utf-8", "replace")

    async def connect(
        self, user: str = "alice", **options: object
    ) -> asyncssh.SSHClientConnection:
        kwargs: dict[str, object] = {"client_keys": [self.keys[user]]}
        kwargs.update(options)
        return await asyncssh.connect(
            "127.0.0.1", self.port, username=user, known_hosts=None, agent_path=None, **kwargs
        )  # type: ignore[arg-type]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Process]:
    running = Process(tmp_path_factory.mktemp("served"))
    yield running
    running.stop()


def assert_clean_log(served: Process) -> None:
    raw = served.log_path.read_bytes()
    assert b"\x1b" not in raw and b"\x07" not in raw
    text = raw.decode()
    assert "Traceback" not in text, text
    for line in text.splitlines():
        assert LOG_LINE.match(line), f"not a log line: {line!r}\n{text}"


async def test_a_real_server_runs_sessions_isolated_and_logs_one_line_each(
    served: Process, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.chdir(served.tmp / "cwd")  # even the client side may stand in the planted folder
    try:
        async with await served.connect() as conn:
            status = await conn.run("status")
            assert status.exit_status == 0, status.stderr
            refused = await conn.run(FORGED)
            assert refused.exit_status == 2
            process = await conn.create_process(
                term_type="xterm-256color", term_size=(80, 24), encoding=None
            )
            screen = Screen(process, (80, 24))
            await screen.wait_for("Today's drill")
            pid = await one_session(served.proc.pid)
            assert "SERVER_SECRET" not in environ(pid)
            assert os.readlink(f"/proc/{pid}/cwd") == str(served.users / "alice")
            await screen.keys("q")
            await asyncio.wait_for(process.wait_closed(), 10)
        stranger, _ = make_key(served.tmp, "stranger")
        with pytest.raises(asyncssh.PermissionDenied):
            await served.connect("alice", client_keys=[stranger])
        # a user name that would forge a line (sent raw: our client's own check is off)
        monkeypatch.setattr(asyncssh.connection, "saslprep", lambda name: name)
        with pytest.raises(asyncssh.Error):
            await asyncssh.connect(
                "127.0.0.1",
                served.port,
                username="alice\n2026-01-01 fake line\x1b[31m",
                client_keys=[served.keys["alice"]],
                known_hosts=None,
                agent_path=None,
            )
    finally:
        os.chdir("/")
    assert not served.marker.exists()
    await asyncio.sleep(0.3)
    assert_clean_log(served)
    lines = served.text().splitlines()
    assert not any(line.startswith("2026-01-01") for line in lines)
    assert sum(" session user=" in line for line in lines) == 3
    assert sum('login failed for user "alice" from 127.0.0.1' in line for line in lines) == 1
    forged = [line for line in lines if "fake line" in line]
    assert len(forged) == 1 and "\\x0a2026-01-01 fake line\\x1b]0;x\\x07" in forged[0]


@pytest.mark.slow
async def test_pre_authentication_limits_like_max_startups_and_login_grace(
    served: Process,
) -> None:
    loop = asyncio.get_running_loop()

    async def raw() -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", served.port))
        sock.setblocking(False)
        return sock

    async def closed_within(sock: socket.socket, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                data = await asyncio.wait_for(loop.sock_recv(sock, 4096), remaining)
            except TimeoutError:
                return False
            except ConnectionError:
                return True
            if not data:
                return True
        return False

    connected = time.monotonic()
    waiting = [await raw() for _ in range(3)]
    for sock in waiting:  # each is greeted, and held while it does not log in
        assert (await asyncio.wait_for(loop.sock_recv(sock, 4096), 5)).startswith(b"SSH-2.0-")
    extra = await raw()
    assert await closed_within(extra, 1.5)  # the fourth is closed at once
    for sock in waiting:  # login grace: 2 s
        assert await closed_within(sock, 8.0)
        assert time.monotonic() - connected > 1.8
    for sock in (*waiting, extra):
        sock.close()
    async with await served.connect() as conn:  # the count went back down
        assert (await conn.run("status")).exit_status == 0
    assert "refused a connection from 127.0.0.1" in served.text()
    assert served.text().count("no login within 2s") == 3
    assert_clean_log(served)


@pytest.mark.slow
async def test_clients_vanishing_at_any_moment_leave_no_traceback(served: Process) -> None:
    def reset(sock: socket.socket) -> None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()

    # before and during the key exchange
    for payload in (b"", b"SSH-2.0-x\r\n", b"SSH-2.0-x\r\n" + os.urandom(300), b"\xff" * 64):
        sock = socket.create_connection(("127.0.0.1", served.port))
        sock.sendall(payload)
        await asyncio.sleep(0.05)
        reset(sock)
    # during authentication
    attempt = asyncio.create_task(served.connect())
    await asyncio.sleep(0.05)
    attempt.cancel()
    with contextlib.suppress(asyncio.CancelledError, OSError, asyncssh.Error):
        await attempt
    # during a status run, at session start, and mid-output
    conn = await served.connect()
    await conn.create_process("status", encoding=None)
    conn.abort()
    conn = await served.connect()
    await conn.create_process(term_type="xterm", term_size=(80, 24), encoding=None)
    await asyncio.sleep(0.3)
    conn.abort()
    conn = await served.connect()
    process = await conn.create_process(term_type="xterm", term_size=(200, 60), encoding=None)
    screen = Screen(process, (200, 60))
    await screen.wait_for("Today's drill")
    for _ in range(20):  # keys that redraw the whole screen, so output is flowing
        process.stdin.write(b"\x10" + b"j" * 20)
    await asyncio.sleep(0.05)
    conn.abort()
    deadline = time.monotonic() + 15
    while session_pids(served.proc.pid) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    assert session_pids(served.proc.pid) == []  # every session process was reaped
    assert served.proc.poll() is None
    async with await served.connect() as again:  # and the server still serves
        assert (await again.run("status")).exit_status == 0
    await asyncio.sleep(0.3)
    assert_clean_log(served)


def test_a_port_in_use_is_one_line_and_exit_2(served: Process) -> None:
    done = subprocess.run(
        [
            *[sys.executable, "-m", "rebound_tui", "serve"],
            *["--users-dir", str(served.users), "--port", str(served.port)],
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert f"cannot listen on 127.0.0.1:{served.port}" in done.stderr


async def test_forwarding_sftp_and_a_huge_command_get_nothing(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="rebound.serve")
    async with await server.connect() as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.open_connection("127.0.0.1", server.port)  # no tunnels into the host
        with pytest.raises(asyncssh.ChannelListenError):
            await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 9)
        with pytest.raises((asyncssh.Error, OSError)):
            async with conn.start_sftp_client() as sftp:
                await sftp.listdir("/")
        huge = await conn.run("status " + "A" * 100_000)
        assert huge.exit_status == 2
        assert len(str(huge.stderr)) < 1_000
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("session ")]
    assert lines and all(len(line) < 1_000 for line in lines)
    assert any('command="status AAAA' in line and '..."' in line for line in lines)


async def test_a_status_that_runs_too_long_is_stopped(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rebound_tui.serve.session as session

    monkeypatch.setattr(session, "STATUS_TIMEOUT_SECONDS", 0.05)  # shorter than any start
    before = set(session_pids(os.getpid()))  # (a served fixture may be running)
    async with await server.connect() as conn:
        slow = await conn.run("status")
        assert slow.exit_status == 1
        assert "status took too long and was stopped" in str(slow.stderr)
        monkeypatch.setattr(session, "STATUS_TIMEOUT_SECONDS", 60.0)
        assert (await conn.run("status")).exit_status == 0
    assert set(session_pids(os.getpid())) <= before


async def test_a_damaged_authorized_keys_file_refuses_that_user_in_one_line(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="rebound.serve")
    (server.users / "bob" / "authorized_keys").write_bytes(b"ssh-ed25519 \x1b]0;x\x07 !!!\n")
    with pytest.raises(asyncssh.PermissionDenied):
        await server.connect("bob")
    async with await server.connect("alice") as conn:  # others are not affected
        assert (await conn.run("status")).exit_status == 0
    messages = [OneLineFormatter().format(r) for r in caplog.records]
    assert any('unreadable authorized_keys for "bob"' in m for m in messages), messages
    assert not any("\x1b" in m or "Traceback" in m for m in messages)


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_stopping_the_server_hangs_up_every_session_and_exits_0(
    tmp_path: Path, signum: int
) -> None:
    served = Process(tmp_path)
    try:
        conn = await served.connect()
        process = await conn.create_process(
            term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        await Screen(process, (80, 24)).wait_for("Today's drill")
        other = await served.connect("bob")
        await other.create_process("status", encoding=None)  # still starting when stopped
        served.proc.send_signal(signum)
        assert served.proc.wait(15) == 0
        await asyncio.wait_for(process.wait_closed(), 10)
    finally:
        served.stop()
    leftovers = [
        entry.name
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit()
        and str(served.users).encode() in _cmdline(entry)
        and b"\0serve\0" not in _cmdline(entry)
    ]
    assert leftovers == []  # no app outlived the server
    assert_clean_log(served)
    text = served.text()
    assert 'session user="alice" from=127.0.0.1 command="home"' in text
    assert 'session user="bob" from=127.0.0.1 command="status"' in text
    assert text.splitlines()[-1].endswith(" stopped")
