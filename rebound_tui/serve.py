"""`rebound serve`: an SSH server for a cohort (asyncssh), hardened like sshd.

Public-key authentication only, from `USERS/<user>/authorized_keys`; each session gets its
own `rebound` process on its own pseudo-terminal (Textual drives one terminal per process),
with the client's TERM and window size (clamped to MAX_COLUMNS x MAX_ROWS), resizes passed
on, and the user's own data directory, `USERS/<user>/data`, which nothing the client sends
can change. Session processes are isolated: `python -I`, the user's folder as working
directory, an environment built from an allow-list. At most `max_startups` connections may
be logging in at once, each for `login_grace` seconds. The log is one escaped line per
event, never a traceback. On disconnect the app gets SIGHUP (it saves and leaves), then
SIGKILL after a grace period.
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
import stat
import struct
import sys
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import asyncssh

from rebound_tui.services.paths import CONFINE_ENV
from rebound_tui.store.storage import FILE_MODE, atomic_write_bytes, make_private_dir

log = logging.getLogger("rebound.serve")

USER_NAME = re.compile(r"[a-z_][a-z0-9_-]{0,31}")
HOST_KEY_NAME = "ssh_host_ed25519_key"
RESERVED_PREFIX = "ssh_host"  # user names never shadow the host key's file
ALLOWED_COMMANDS = ("", "drill", "checkin", "status")
HANGUP_GRACE_SECONDS = 3.0
STATUS_TIMEOUT_SECONDS = 60.0
MAX_COLUMNS, MAX_ROWS = 500, 200
"""The largest terminal a session gets, whatever the client asks for: wider than any real
screen, and small enough that a 65535x65535 request cannot grow a session to gigabytes."""
DEFAULT_SIZE = (80, 24)
MIN_RSA_BITS = 2048
MAX_KEY_FILE_BYTES = 64 * 1024
CHILD_PATH = "/usr/bin:/bin"
TERM_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")


class ServeError(Exception):
    """A problem with the server's setup, for the operator to fix."""


@dataclass
class ServeConfig:
    users_dir: Path
    host: str = "127.0.0.1"
    port: int = 2222
    max_sessions: int = 20
    idle_timeout: float = 1800.0
    max_startups: int = 10
    """Connections not yet authenticated at once (like sshd's MaxStartups); more are closed."""
    login_grace: float = 60.0
    """Seconds a connection has to authenticate (like sshd's LoginGraceTime)."""
    hangup_grace: float = HANGUP_GRACE_SECONDS
    extra_env: dict[str, str] = field(default_factory=dict)
    """Passed to every session's process (tests pin the clock with it)."""


# -- log lines ---------------------------------------------------------------------------
def clean(text: object, limit: int = 300, *, backslash: bool = True) -> str:
    """`text` safe for one log line: control and other unprintable characters (newline,
    ESC, C1, bidi overrides, line separators) escaped, a backslash doubled (unless
    `backslash` is False, for text whose fields were cleaned already), long text cut."""
    out = []
    for char in str(text)[:limit]:
        if char == "\\" and backslash:
            out.append("\\\\")
        elif char.isprintable():
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    if len(str(text)) > limit:
        out.append("...")
    return "".join(out)


def quoted(text: object, limit: int = 300) -> str:
    """`clean(text)` in double quotes (a quote inside is escaped), for key="value" fields."""
    return '"' + clean(text, limit).replace('"', '\\"') + '"'


class OneLineFormatter(logging.Formatter):
    """Every record is exactly one line: the message escaped by `clean`, and an exception
    as its type and message, never a traceback."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not cost the line
            message = f"{record.msg!r} {record.args!r}"
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            message = f"{message} ({type(error).__name__}: {error})"
        return f"{self.formatTime(record)} {clean(message, limit=2000, backslash=False)}"


# -- users ---------------------------------------------------------------------------------
def user_dir(users_dir: Path, name: str) -> Path | None:
    """The user's directory, or None if `name` is not an enrolled user (or not a name)."""
    if not USER_NAME.fullmatch(name) or name.startswith(RESERVED_PREFIX):
        return None
    path = users_dir / name
    if not (path / "authorized_keys").is_file():
        return None
    return path


def _read_key_file(key_file: Path) -> str:
    """The text of `key_file`: a regular file of at most MAX_KEY_FILE_BYTES, in UTF-8."""
    try:
        info = key_file.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ServeError(f"{key_file} is not a regular file: give the user's .pub file")
        if info.st_size > MAX_KEY_FILE_BYTES:
            raise ServeError(f"{key_file} is too big for an SSH public key")
        return key_file.read_bytes().decode("utf-8")
    except OSError as error:
        raise ServeError(f"cannot read {key_file}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ServeError(f"{key_file} is not an SSH public key (not text)") from None


def _is_private_key(text: str) -> bool:
    if re.search(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----", text) or text.startswith(
        "PuTTY-User-Key-File"
    ):
        return True
    try:
        asyncssh.import_private_key(text)
    except (asyncssh.KeyImportError, ValueError, TypeError):
        return False
    except Exception:  # an odd file is judged by the public-key reader below
        return False
    return True


def _make_users_dir(users_dir: Path) -> None:
    if users_dir.exists() and not users_dir.is_dir():
        raise ServeError(f"{users_dir} is not a folder: --users-dir must name a folder")
    try:
        make_private_dir(users_dir)
    except OSError as error:
        raise ServeError(f"cannot use {users_dir}: {error.strerror or error}") from None


def add_user(users_dir: Path, name: str, key_file: Path) -> str:
    """Enrol `name` with the public key in `key_file`; returns a line for the operator."""
    if not USER_NAME.fullmatch(name):
        raise ServeError(
            f"{quoted(name, 40)} is not a usable user name (lowercase letters, digits, - and _; "
            "starting with a letter or _; at most 32)"
        )
    if name.startswith(RESERVED_PREFIX):
        raise ServeError(f"{name!r} is reserved for the server's host key; choose another name")
    text = _read_key_file(key_file)
    if _is_private_key(text):
        raise ServeError(
            f"{key_file} is a private key: it must never leave its owner. "
            "Enrol their public key (the .pub file) instead"
        )
    try:
        key = asyncssh.import_public_key(text)
    except Exception as error:  # asyncssh raises several kinds for odd input
        raise ServeError(f"{key_file} is not an SSH public key ({clean(error, 80)})") from None
    algorithm = key.algorithm.decode("ascii", "replace")
    if algorithm == "ssh-dss":
        raise ServeError(f"{key_file} is a DSA key, which is too weak; use ssh-keygen -t ed25519")
    if algorithm == "ssh-rsa":
        bits = getattr(key.pyca_key, "key_size", 0)
        if bits < MIN_RSA_BITS:
            raise ServeError(
                f"{key_file} is a {bits}-bit RSA key, which is too weak: use at least "
                f"{MIN_RSA_BITS} bits, or better ssh-keygen -t ed25519"
            )
    comment = key.get_comment()
    key.set_comment(clean(comment, 100) if comment else None)
    line = key.export_public_key().decode().strip()
    home = users_dir / name
    _make_users_dir(users_dir)
    try:
        make_private_dir(home)
        make_private_dir(home / "data")
        keys_path = home / "authorized_keys"
        existing = keys_path.read_text().splitlines() if keys_path.exists() else []
        if line.split()[:2] in [e.split()[:2] for e in existing]:
            return f"{name} already has that key."
        payload = ("\n".join([*existing, line]) + "\n").encode()
        os.close(atomic_write_bytes(keys_path, payload))
    except OSError as error:
        where = error.filename or home
        raise ServeError(f"cannot enrol {name} in {where}: {error.strerror or error}") from None
    return f"Enrolled {name}: ssh -t -p PORT {name}@HOST (data in {home / 'data'})."


def host_key(users_dir: Path) -> asyncssh.SSHKey:
    """The server's ed25519 host key, created once (0600) and reused. A key file that
    others can read, that is not ours or that does not parse is refused, never replaced."""
    path = users_dir / HOST_KEY_NAME
    _make_users_dir(users_dir)
    try:
        info = path.stat()
    except FileNotFoundError:
        key = asyncssh.generate_private_key("ssh-ed25519")
        try:
            os.close(atomic_write_bytes(path, key.export_private_key()))
            os.chmod(path, FILE_MODE)
        except OSError as error:
            raise ServeError(f"cannot write the host key {path}: {error.strerror}") from None
        return key
    except OSError as error:
        where = error.filename or path
        raise ServeError(f"cannot use {where}: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ServeError(f"the host key {path} is not a regular file")
    if info.st_uid != os.getuid():
        raise ServeError(f"the host key {path} belongs to another user; it must be yours")
    if info.st_mode & 0o077:
        raise ServeError(
            f"the host key {path} can be read by others (mode {info.st_mode & 0o777:04o}): "
            f"make it private with `chmod 600 {path}`, or if others may have copied it, "
            "move it aside to make a new one"
        )
    try:
        return asyncssh.import_private_key(path.read_bytes())
    except OSError as error:
        raise ServeError(f"cannot read the host key {path}: {error.strerror}") from None
    except Exception as error:  # KeyImportError, or odd errors from odd bytes
        raise ServeError(
            f"the host key {path} is damaged ({clean(error, 80)}); it was left as it is: "
            "restore it from a backup, or move it aside to make a new one (clients will "
            "then warn that the host key changed)"
        ) from None


# -- authentication ------------------------------------------------------------------------
class Gate:
    """Counts connections that have not authenticated yet, shared by all of them, and
    knows every open connection (to close them when the server stops)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.waiting = 0
        self.refused = 0
        self.conns: set[asyncssh.SSHServerConnection] = set()


class ReboundSSHServer(asyncssh.SSHServer):
    def __init__(self, config: ServeConfig, gate: Gate) -> None:
        self.config = config
        self.gate = gate
        self._conn: asyncssh.SSHServerConnection | None = None
        self._waiting = False
        self._username: str | None = None
        self._peer = "?"

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        self._peer = clean((conn.get_extra_info("peername") or ("?",))[0], 60)
        if self.gate.waiting >= self.gate.limit:
            # like sshd's MaxStartups: close at once, before any key exchange work
            self.gate.refused += 1
            log.warning(
                "refused a connection from %s: %s connections are still authenticating",
                self._peer,
                self.gate.waiting,
            )
            asyncio.get_running_loop().call_soon(conn.abort)
            return
        self.gate.waiting += 1
        self._waiting = True
        self.gate.conns.add(conn)

    def _done_waiting(self) -> None:
        if self._waiting:
            self._waiting = False
            self.gate.waiting -= 1

    def auth_completed(self) -> None:
        self._done_waiting()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._waiting:
            peer = self._peer
            if "timeout" in str(exc).lower():
                log.warning(
                    "closed a connection from %s: no login within %gs",
                    peer,
                    self.config.login_grace,
                )
            elif self._username is not None:  # like sshd's "Failed publickey" line
                log.warning("login failed for user %s from %s", quoted(self._username, 64), peer)
        self._done_waiting()
        if self._conn is not None:
            self.gate.conns.discard(self._conn)

    def begin_auth(self, username: str) -> bool:
        self._username = username
        home = user_dir(self.config.users_dir, username)
        if home is not None and self._conn is not None:
            try:
                self._conn.set_authorized_keys(str(home / "authorized_keys"))
            except Exception as error:  # OSError, KeyImportError, ValueError("No valid ...")
                name, reason = quoted(username, 64), clean(error, 200)
                log.warning("unreadable authorized_keys for %s: %s", name, reason)
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
CLIENT_GONE = (
    BrokenPipeError,
    ConnectionError,
    asyncssh.ConnectionLost,
    asyncssh.DisconnectError,
    asyncssh.ChannelOpenError,
)


def clamp_size(columns: int, rows: int) -> tuple[int, int]:
    """The terminal size a session gets for what the client asked: 0 (unknown) is the
    default 80x24, anything else is kept within 1..MAX_COLUMNS and 1..MAX_ROWS."""
    columns = DEFAULT_SIZE[0] if columns <= 0 else min(columns, MAX_COLUMNS)
    rows = DEFAULT_SIZE[1] if rows <= 0 else min(rows, MAX_ROWS)
    return columns, rows


def session_command(args: Sequence[str]) -> list[str]:
    """The session process: isolated Python (`-I`: no current directory or script
    directory on sys.path, no PYTHON* variables, no user site-packages)."""
    return [sys.executable, "-I", "-m", "rebound_tui", *args]


def session_env(
    home: Path,
    term_type: str | None,
    client_env: Mapping[str, str] | None = None,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """The whole environment of a session process, built from an allow-list: nothing of
    the server's own environment, and from the client only a checked TERM, and NO_COLOR
    and COLORTERM as flags. PYTHONPATH, LD_PRELOAD and the like cannot get in."""
    env = {
        "PATH": CHILD_PATH,
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "REBOUND_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "share"),
        "ESCDELAY": "250",  # slow links split escape sequences; 100 ms is too short
        "TEXTUAL_FPS": "30",
        "SSH_CONNECTION": "rebound-serve",
        CONFINE_ENV: str(home / "letters"),  # saved letters stay in the user's folder
        **(extra or {}),
    }
    if term_type:
        env["TERM"] = term_type if TERM_NAME.fullmatch(term_type) else "xterm-256color"
    sent = dict(client_env or {})
    if sent.get("NO_COLOR"):
        env["NO_COLOR"] = "1"
    if sent.get("COLORTERM") in ("truecolor", "24bit"):
        env["COLORTERM"] = sent["COLORTERM"]
    return env


class Sessions:
    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.active = 0
        self.tasks: set[asyncio.Task[None]] = set()
        self.children: set[asyncio.subprocess.Process] = set()

    async def hang_up_all(self) -> None:
        """For a stopping server: every app gets SIGHUP (it saves and leaves), and every
        session is given the hang-up grace to finish and log its line."""
        for child in list(self.children):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGHUP)
        pending = {task for task in self.tasks if not task.done()}
        if pending:
            await asyncio.wait(pending, timeout=self.config.hangup_grace + 2.0)

    async def __call__(self, process: asyncssh.SSHServerProcess[bytes]) -> None:
        task = asyncio.current_task()
        if task is not None:
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)
        user = process.get_extra_info("username") or ""
        peer = (process.get_extra_info("peername") or ("?",))[0]
        command = (process.command or "").strip()
        started = datetime.now(UTC)
        status = 1
        outcome: dict[str, str] = {}
        try:
            status = await self._run(process, user, command, outcome)
        except CLIENT_GONE:
            outcome["ended"] = "client gone"
        except Exception as error:  # a broken session must not take the server down
            outcome["error"] = f"{type(error).__name__}: {error}"
            status = 1
        finally:
            extras = "".join(f" {key}={quoted(value, 200)}" for key, value in outcome.items())
            log.info(
                "session user=%s from=%s command=%s start=%s end=%s status=%s%s",
                quoted(user, 64),
                clean(peer, 60),
                quoted(command or "home", 200),
                started.isoformat(timespec="seconds"),
                datetime.now(UTC).isoformat(timespec="seconds"),
                status,
                extras,
            )
            with contextlib.suppress(Exception):
                process.exit(status)

    async def _run(
        self,
        process: asyncssh.SSHServerProcess[bytes],
        user: str,
        command: str,
        outcome: dict[str, str],
    ) -> int:
        home = user_dir(self.config.users_dir, user)
        if home is None:  # cannot happen after auth, but never guess a directory
            return 1
        if command not in ALLOWED_COMMANDS:
            process.stderr.write(
                "rebound: this server runs the app, `drill`, `checkin` or `status`; "
                f"not {quoted(command, 80)}\r\n".encode()
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
            return await self._terminal(process, home, term_type, args, outcome)
        finally:
            self.active -= 1

    def _env(self, process: asyncssh.SSHServerProcess[bytes], home: Path) -> dict[str, str]:
        return session_env(home, process.get_terminal_type(), process.env, self.config.extra_env)

    async def _status(
        self, process: asyncssh.SSHServerProcess[bytes], home: Path, args: Sequence[str]
    ) -> int:
        child = await asyncio.create_subprocess_exec(
            *session_command(args),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._env(process, home),
            cwd=home,
        )
        try:  # a status that never ends must not hold a session slot for ever
            out, err = await asyncio.wait_for(child.communicate(), STATUS_TIMEOUT_SECONDS)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                child.kill()
            await child.wait()
            process.stderr.write(b"rebound: status took too long and was stopped.\r\n")
            return 1
        process.stdout.write(out.replace(b"\n", b"\r\n") if process.get_terminal_type() else out)
        process.stderr.write(err)
        return child.returncode or 0

    async def _terminal(
        self,
        process: asyncssh.SSHServerProcess[bytes],
        home: Path,
        term_type: str,
        args: Sequence[str],
        outcome: dict[str, str],
    ) -> int:
        requested = process.get_terminal_size()[:2]
        master, slave = pty.openpty()
        _set_size(slave, *clamp_size(*requested))
        try:
            child = await asyncio.create_subprocess_exec(
                *session_command(args),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=self._env(process, home),
                cwd=home,
                start_new_session=True,
                preexec_fn=_take_terminal,
                close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self.children.add(child)
        try:
            return await self._pump(process, child, master, outcome)
        finally:
            self.children.discard(child)

    async def _pump(
        self,
        process: asyncssh.SSHServerProcess[bytes],
        child: asyncio.subprocess.Process,
        master: int,
        outcome: dict[str, str],
    ) -> int:
        loop = asyncio.get_running_loop()
        last_input = time.monotonic()
        screen_closed = asyncio.Event()
        client_gone = asyncio.Event()

        def on_output() -> None:
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            if not data:
                loop.remove_reader(master)
                screen_closed.set()
                return
            try:
                process.stdout.write(data)
            except Exception:  # the client went away mid-output: hang up, no traceback
                client_gone.set()

        loop.add_reader(master, on_output)

        async def pump_input() -> None:
            nonlocal last_input
            while True:
                try:
                    data = await process.stdin.read(4096)
                except asyncssh.TerminalSizeChanged as change:
                    _set_size(master, *clamp_size(change.width, change.height))
                    continue
                except (asyncssh.BreakReceived, asyncssh.SignalReceived):
                    continue
                except CLIENT_GONE:
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
        gone = asyncio.create_task(client_gone.wait())
        try:
            done, _ = await asyncio.wait(
                {reader, idle, exited, gone}, return_when=asyncio.FIRST_COMPLETED
            )
            timed_out = idle in done and exited not in done
            if exited not in done:
                await _hang_up(child, self.config.hangup_grace)
        finally:
            for task in (reader, idle, gone):
                task.cancel()
            if child.returncode is None:  # cancelled while waiting: never leave it running
                await _hang_up(child, self.config.hangup_grace)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(screen_closed.wait(), timeout=1.0)
            loop.remove_reader(master)
            columns, rows = _get_size(master)
            outcome["size"] = f"{columns}x{rows}"
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


def _get_size(fd: int) -> tuple[int, int]:
    """The size the PTY really has (what the session's process sees)."""
    try:
        rows, columns, _, _ = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    except OSError:
        return 0, 0
    return columns, rows


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
async def start_server(
    config: ServeConfig, sessions: Sessions | None = None, gate: Gate | None = None
) -> asyncssh.SSHAcceptor:
    key = host_key(config.users_dir)
    gate = gate or Gate(config.max_startups)
    sessions = sessions or Sessions(config)
    try:
        return await asyncssh.create_server(
            lambda: ReboundSSHServer(config, gate),
            config.host,
            config.port,
            server_host_keys=[key],
            process_factory=sessions,
            encoding=None,
            line_editor=False,
            agent_forwarding=False,
            x11_forwarding=False,
            allow_scp=False,
            keepalive_interval=30,
            login_timeout=config.login_grace,
        )
    except (OSError, OverflowError, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ServeError(f"cannot listen on {config.host}:{config.port}: {reason}") from None


def check_isolated_import() -> None:
    """Sessions run `python -I -m rebound_tui`; make sure that finds this Rebound."""
    import subprocess

    try:
        done = subprocess.run(
            [sys.executable, "-I", "-c", "import rebound_tui"],
            cwd="/",
            env={"PATH": CHILD_PATH},
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ServeError(f"cannot start {sys.executable} for sessions: {error}") from None
    if done.returncode != 0:
        raise ServeError(
            f"{sys.executable} -I cannot import rebound_tui, so sessions could not start: "
            "install Rebound into this Python (pip install rebound-tui) rather than running "
            "it from a source folder"
        )


def _log_to_stderr() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLineFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # asyncssh's own INFO lines repeat what the client sent (user names, commands) and
    # run to a dozen a connection; its warnings and errors still show, one line each.
    logging.getLogger("asyncssh").setLevel(logging.WARNING)


def serve_forever(config: ServeConfig) -> int:
    host_key(config.users_dir)  # a bad host key is one line before anything starts
    check_isolated_import()
    _log_to_stderr()

    async def main() -> None:
        sessions, gate = Sessions(config), Gate(config.max_startups)
        server = await start_server(config, sessions, gate)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        ports = server.sockets[0].getsockname()[1] if server.sockets else config.port
        log.info(
            "rebound serve on %s port %s, users in %s (at most %s sessions, %s still "
            "authenticating, %gs to log in)",
            config.host,
            ports,
            config.users_dir,
            config.max_sessions,
            config.max_startups,
            config.login_grace,
        )
        await stop.wait()
        # stop like sshd: no new connections, every app hung up (it saves), each session
        # logs its line, then the connections close
        log.info("stopping: %s sessions to hang up", len(sessions.tasks))
        server.close()
        await sessions.hang_up_all()
        for conn in list(gate.conns):
            conn.close()
        await asyncio.sleep(0.1)
        log.info("stopped")

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        return 0
    return 0
