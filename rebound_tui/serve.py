"""`rebound serve`: an SSH server for a cohort (asyncssh).

Public-key authentication only, from `USERS/<user>/authorized_keys`; each session gets its
own `rebound` process on its own pseudo-terminal (Textual drives one terminal per process),
with the client's TERM and window size, resizes passed on, and the user's own data
directory, `USERS/<user>/data`, which nothing the client sends can change. On disconnect
the app gets SIGHUP (it saves and leaves), then SIGKILL after a grace period.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import pty
import re
import signal
import struct
import sys
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import asyncssh

from rebound_tui.paths import CONFINE_ENV
from rebound_tui.store.storage import FILE_MODE, atomic_write_bytes, make_private_dir

log = logging.getLogger("rebound.serve")

USER_NAME = re.compile(r"[a-z_][a-z0-9_-]{0,31}")
HOST_KEY_NAME = "ssh_host_ed25519_key"
ALLOWED_COMMANDS = ("", "drill", "checkin", "status")
HANGUP_GRACE_SECONDS = 3.0


class ServeError(Exception):
    """A problem with the server's setup, for the operator to fix."""


@dataclass
class ServeConfig:
    users_dir: Path
    host: str = "127.0.0.1"
    port: int = 2222
    max_sessions: int = 20
    idle_timeout: float = 1800.0
    hangup_grace: float = HANGUP_GRACE_SECONDS
    extra_env: dict[str, str] = field(default_factory=dict)
    """Passed to every session's process (tests pin the clock with it)."""


# -- users ---------------------------------------------------------------------------------
def user_dir(users_dir: Path, name: str) -> Path | None:
    """The user's directory, or None if `name` is not an enrolled user (or not a name)."""
    if not USER_NAME.fullmatch(name):
        return None
    path = users_dir / name
    if not (path / "authorized_keys").is_file():
        return None
    return path


def add_user(users_dir: Path, name: str, key_file: Path) -> str:
    """Enrol `name` with the public key in `key_file`; returns a line for the operator."""
    if not USER_NAME.fullmatch(name):
        raise ServeError(
            f"{name!r} is not a usable user name (lowercase letters, digits, - and _; "
            "starting with a letter; at most 32)"
        )
    try:
        key = asyncssh.import_public_key(key_file.read_text())
    except (OSError, asyncssh.KeyImportError, ValueError) as error:
        raise ServeError(f"{key_file} is not an SSH public key ({error})") from None
    line = key.export_public_key().decode().strip()
    home = users_dir / name
    make_private_dir(users_dir)
    make_private_dir(home)
    make_private_dir(home / "data")
    keys_path = home / "authorized_keys"
    existing = keys_path.read_text().splitlines() if keys_path.exists() else []
    if line.split()[:2] in [e.split()[:2] for e in existing]:
        return f"{name} already has that key."
    os.close(atomic_write_bytes(keys_path, ("\n".join([*existing, line]) + "\n").encode()))
    return f"Enrolled {name}: ssh -t -p PORT {name}@HOST (data in {home / 'data'})."


def host_key(users_dir: Path) -> asyncssh.SSHKey:
    """The server's ed25519 host key, created once (0600) and reused."""
    make_private_dir(users_dir)
    path = users_dir / HOST_KEY_NAME
    if path.exists():
        return asyncssh.read_private_key(path)
    key = asyncssh.generate_private_key("ssh-ed25519")
    os.close(atomic_write_bytes(path, key.export_private_key()))
    os.chmod(path, FILE_MODE)
    return key


# -- authentication ------------------------------------------------------------------------
class ReboundSSHServer(asyncssh.SSHServer):
    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self._conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn

    def begin_auth(self, username: str) -> bool:
        home = user_dir(self.config.users_dir, username)
        if home is not None and self._conn is not None:
            try:
                self._conn.set_authorized_keys(str(home / "authorized_keys"))
            except (OSError, asyncssh.KeyImportError) as error:
                log.warning("unreadable authorized_keys for %s: %s", username, error)
        return True  # unknown users go through auth and fail like everyone without a key

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True


# -- sessions ------------------------------------------------------------------------------
class Sessions:
    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.active = 0

    async def __call__(self, process: asyncssh.SSHServerProcess[bytes]) -> None:
        user = process.get_extra_info("username")
        command = (process.command or "").strip()
        started = datetime.now(UTC)
        status = 1
        try:
            status = await self._run(process, user, command)
        except Exception:  # a broken session must not take the server down
            log.exception("session for %s failed", user)
            status = 1
        finally:
            log.info(
                "session user=%s command=%s start=%s end=%s status=%s",
                user,
                command or "home",
                started.isoformat(timespec="seconds"),
                datetime.now(UTC).isoformat(timespec="seconds"),
                status,
            )
            with contextlib.suppress(Exception):
                process.exit(status)

    async def _run(
        self, process: asyncssh.SSHServerProcess[bytes], user: str, command: str
    ) -> int:
        home = user_dir(self.config.users_dir, user)
        if home is None:  # cannot happen after auth, but never guess a directory
            return 1
        if command not in ALLOWED_COMMANDS:
            process.stderr.write(
                f"rebound: this server runs the app, `drill`, `checkin` or `status`; "
                f"not {command!r}\r\n".encode()
            )
            return 2
        args = ["--data-dir", str(home / "data"), *([command] if command else [])]
        if self.active >= self.config.max_sessions:
            process.stderr.write(
                f"rebound: the server is full ({self.config.max_sessions} sessions). "
                "Please try again in a few minutes.\r\n".encode()
            )
            return 1
        if command == "status":
            self.active += 1
            try:
                return await self._status(process, home, args)
            finally:
                self.active -= 1
        term_type = process.get_terminal_type()
        if term_type is None:
            process.stderr.write(
                b"rebound: this needs a terminal. Connect with `ssh -t`, e.g. "
                b"`ssh -t -p 2222 you@host drill`.\r\n"
            )
            return 2
        self.active += 1
        try:
            return await self._terminal(process, home, term_type, args)
        finally:
            self.active -= 1

    def _env(self, home: Path, term_type: str | None) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "LANG": os.environ.get("LANG", "C.UTF-8"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "ESCDELAY": "250",  # slow links split escape sequences; 100 ms is too short
            "TEXTUAL_FPS": "30",
            "SSH_CONNECTION": "rebound-serve",
            CONFINE_ENV: str(home / "letters"),  # saved letters stay in the user's folder
            **self.config.extra_env,
        }
        if term_type:
            env["TERM"] = term_type
        return env

    async def _status(
        self, process: asyncssh.SSHServerProcess[bytes], home: Path, args: Sequence[str]
    ) -> int:
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "rebound_tui",
            *args,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._env(home, None),
        )
        out, err = await child.communicate()
        process.stdout.write(out.replace(b"\n", b"\r\n") if process.get_terminal_type() else out)
        process.stderr.write(err)
        return child.returncode or 0

    async def _terminal(
        self,
        process: asyncssh.SSHServerProcess[bytes],
        home: Path,
        term_type: str,
        args: Sequence[str],
    ) -> int:
        columns, rows, *_ = process.get_terminal_size()
        master, slave = pty.openpty()
        _set_size(slave, columns or 80, rows or 24)
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "rebound_tui",
            *args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=self._env(home, term_type),
            start_new_session=True,
            preexec_fn=_take_terminal,
            close_fds=True,
        )
        os.close(slave)
        loop = asyncio.get_running_loop()
        last_input = time.monotonic()
        screen_closed = asyncio.Event()

        def on_output() -> None:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            if not data:
                loop.remove_reader(master)
                screen_closed.set()
                return
            process.stdout.write(data)

        loop.add_reader(master, on_output)

        async def pump_input() -> None:
            nonlocal last_input
            while True:
                try:
                    data = await process.stdin.read(4096)
                except asyncssh.TerminalSizeChanged as change:
                    _set_size(master, change.width or 80, change.height or 24)
                    continue
                except (asyncssh.BreakReceived, asyncssh.SignalReceived):
                    continue
                except (asyncssh.ConnectionLost, asyncssh.DisconnectError, BrokenPipeError):
                    return
                if not data:
                    return  # the client went away
                last_input = time.monotonic()
                with contextlib.suppress(OSError):
                    os.write(master, data)

        async def watch_idle() -> None:
            while True:
                await asyncio.sleep(min(1.0, self.config.idle_timeout / 4))
                if time.monotonic() - last_input > self.config.idle_timeout:
                    return

        reader = asyncio.create_task(pump_input())
        idle = asyncio.create_task(watch_idle())
        exited = asyncio.create_task(child.wait())
        done, _ = await asyncio.wait({reader, idle, exited}, return_when=asyncio.FIRST_COMPLETED)
        timed_out = idle in done and exited not in done
        if exited not in done:
            await _hang_up(child, self.config.hangup_grace)
        for task in (reader, idle):
            task.cancel()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(screen_closed.wait(), timeout=1.0)
        loop.remove_reader(master)
        os.close(master)
        if timed_out:
            minutes = self.config.idle_timeout / 60
            with contextlib.suppress(Exception):
                process.stdout.write(
                    f"\r\nRebound closed this session after {minutes:g} minutes without "
                    "input. Everything you typed is saved.\r\n".encode()
                )
        code = child.returncode
        return 0 if code is None or code < 0 or timed_out else code


def _take_terminal() -> None:
    """In the child, after setsid: make the PTY its controlling terminal, so a hang-up
    and window changes reach it."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _set_size(fd: int, columns: int, rows: int) -> None:
    with contextlib.suppress(OSError):
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


async def _hang_up(child: asyncio.subprocess.Process, grace: float) -> None:
    """SIGHUP (the app saves and leaves), then SIGKILL if it is still there."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGHUP)
    try:
        await asyncio.wait_for(child.wait(), timeout=grace)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        await child.wait()


# -- the server ----------------------------------------------------------------------------
async def start_server(config: ServeConfig) -> asyncssh.SSHAcceptor:
    key = host_key(config.users_dir)
    return await asyncssh.create_server(
        lambda: ReboundSSHServer(config),
        config.host,
        config.port,
        server_host_keys=[key],
        process_factory=Sessions(config),
        encoding=None,
        line_editor=False,
        agent_forwarding=False,
        x11_forwarding=False,
        allow_scp=False,
        keepalive_interval=30,
    )


def serve_forever(config: ServeConfig) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)

    async def main() -> None:
        server = await start_server(config)
        ports = server.sockets[0].getsockname()[1] if server.sockets else config.port
        log.info(
            "rebound serve on %s port %s, users in %s (at most %s sessions)",
            config.host,
            ports,
            config.users_dir,
            config.max_sessions,
        )
        await server.wait_closed()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        return 0
    except OSError as error:
        raise ServeError(
            f"cannot listen on {config.host}:{config.port}: {error.strerror}"
        ) from None
    return 0
