"""One SSH session: the command asked for, checked against the few allowed; `status` run
with pipes; the app run on its own pseudo-terminal, with input, output, resizes and idle
time pumped between the client and the process; and one log line when it ends."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import pty
import shutil
import signal
import tarfile
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import asyncssh

from rebound_tui.serve.child import (
    HANGUP_SETTLE,
    Child,
    clamp_size,
    client_wishes,
    get_size,
    hang_up,
    mark_lone_escape,
    session_command,
    session_env,
    set_size,
    take_terminal,
    unread_input,
)
from rebound_tui.serve.config import ServeConfig
from rebound_tui.serve.keys import user_dir
from rebound_tui.serve.log import clean, log, quoted
from rebound_tui.serve.prefork import Prefork

ALLOWED_COMMANDS = (
    "",
    "drill",
    "checkin",
    "status",
    "status --json",
    "export",
    "export --format json",
    "export --format md",
    "export --format csv",
)
"""Every command a client may send, exactly (after spaces are evened out and
`--format=X` is read as `--format X`): no paths, no `-o`, no other data directory."""
PIPED_COMMANDS = frozenset(c for c in ALLOWED_COMMANDS if c.startswith(("status", "export")))
"""Run without a terminal: what they print goes to the channel's stdout as it is."""
STATUS_TIMEOUT_SECONDS = 60.0
"""How long a piped command may go without printing anything before it is stopped."""
CLIENT_GONE = (
    BrokenPipeError,
    ConnectionError,
    asyncssh.ConnectionLost,
    asyncssh.DisconnectError,
    asyncssh.ChannelOpenError,
)


SERVED_ENV = "REBOUND_SERVED"


def normal_command(command: str) -> str:
    """The command as ALLOWED_COMMANDS spells it: single spaces, `--format=X` as two words."""
    return " ".join(command.replace("--format=", "--format ").split())


class Sessions:
    """The process factory: runs each session, and knows them all so that a stopping
    server can hang every one up."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.active = 0
        self.tasks: set[asyncio.Task[None]] = set()
        self.children: set[Child] = set()
        self.prefork = Prefork(share_memory=config.share_memory)

    async def hang_up_all(self) -> None:
        """For a stopping server: every app gets SIGHUP (it saves and leaves), and every
        session is given the hang-up grace to finish and log its line."""
        for child in list(self.children):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGHUP)
        pending = {task for task in self.tasks if not task.done()}
        if pending:
            await asyncio.wait(pending, timeout=self.config.hangup_grace + 2.0)
        await self.prefork.stop()

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
        wanted = normal_command(command)
        if wanted not in ALLOWED_COMMANDS:
            process.stderr.write(
                "rebound: this server runs the app, `drill`, `checkin` or `status` "
                "(`status --json`), and `export --format json|md|csv` to your stdout; "
                f"not {quoted(command, 80)}\r\n".encode()
            )
            return 2
        args = ["--data-dir", str(home / "data"), *wanted.split()]
        if self.active >= self.config.max_sessions:
            process.stderr.write(
                f"rebound: the server is full ({self.config.max_sessions} sessions). "
                "Please try again in a few minutes.\r\n".encode()
            )
            return 1
        if wanted in PIPED_COMMANDS:
            self.active += 1
            try:
                if wanted == "export --format csv":
                    return await self._csv(process, home, args)
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
        env = session_env(home, process.get_terminal_type(), process.env, self.config.extra_env)
        wishes = client_wishes(process.env or {})
        if "LANG" in wishes and "LC_ALL" not in wishes:
            env.pop("LC_ALL", None)  # the session's own C.UTF-8 would override the client's LANG
        env.update(wishes)
        env[SERVED_ENV] = "1"  # the app sends fewer bytes: no blinking, clicks-only mouse
        return env

    async def _status(
        self,
        process: asyncssh.SSHServerProcess[bytes],
        home: Path,
        args: Sequence[str],
        *,
        quiet: bool = False,
    ) -> int:
        """`status` and `export` without a terminal: what the command prints is streamed to
        the client as it comes (an export can be larger than one write), and a command that
        prints nothing for STATUS_TIMEOUT_SECONDS is stopped. `quiet`: its stderr is passed
        on only if it fails."""
        child = await asyncio.create_subprocess_exec(
            *session_command(args),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._env(process, home),
            cwd=home,
        )
        assert child.stdout is not None and child.stderr is not None
        errors = asyncio.create_task(child.stderr.read())
        on_terminal = process.get_terminal_type() is not None
        try:
            while True:
                chunk = await asyncio.wait_for(child.stdout.read(65536), STATUS_TIMEOUT_SECONDS)
                if not chunk:
                    break
                process.stdout.write(chunk.replace(b"\n", b"\r\n") if on_terminal else chunk)
                await process.stdout.drain()
            await asyncio.wait_for(child.wait(), STATUS_TIMEOUT_SECONDS)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                child.kill()
            await child.wait()
            name = args[2] if len(args) > 2 else "the command"
            process.stderr.write(f"rebound: {name} took too long and was stopped.\r\n".encode())
            return 1
        finally:
            if child.returncode is None:  # the client went away mid-stream
                with contextlib.suppress(ProcessLookupError):
                    child.kill()
                await child.wait()
            err = await errors
        if child.returncode or not quiet:
            process.stderr.write(err)
        return child.returncode or 0

    async def _csv(
        self, process: asyncssh.SSHServerProcess[bytes], home: Path, args: Sequence[str]
    ) -> int:
        """A csv export is one file per record type: it is written to a fresh folder of the
        server's choosing and sent as one tar archive (`… export --format csv > mine.tar`)."""
        cache = home / "cache"
        cache.mkdir(mode=0o700, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="export-", dir=cache))
        try:
            status = await self._status(
                process, home, [*args, "-o", str(folder / "csv")], quiet=True
            )
            if status != 0:
                return status
            archive = io.BytesIO()
            with tarfile.open(fileobj=archive, mode="w") as tar:
                for path in sorted((folder / "csv").iterdir()):
                    tar.add(path, arcname=f"rebound-export/{path.name}", recursive=False)
            process.stdout.write(archive.getvalue())
            await process.stdout.drain()
            return 0
        finally:
            shutil.rmtree(folder, ignore_errors=True)

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
        terminal = os.ttyname(slave)  # to see, at hang-up, whether the app read its input
        set_size(slave, *clamp_size(*requested))
        env = self._env(process, home)
        child: Child | None
        try:
            child = await self.prefork.session(args, env, home, slave)
            if child is None:  # no warm parent: a Python of its own, as before
                child = await asyncio.create_subprocess_exec(
                    *session_command(args),
                    stdin=slave,
                    stdout=slave,
                    stderr=slave,
                    env=env,
                    cwd=home,
                    start_new_session=True,
                    preexec_fn=take_terminal,
                    close_fds=True,
                )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self.children.add(child)
        try:
            return await self._pump(process, child, master, terminal, outcome)
        finally:
            self.children.discard(child)

    async def _pump(
        self,
        process: asyncssh.SSHServerProcess[bytes],
        child: Child,
        master: int,
        terminal: str,
        outcome: dict[str, str],
    ) -> int:
        loop = asyncio.get_running_loop()
        last_input = last_output = time.monotonic()
        screen_closed = asyncio.Event()
        client_gone = asyncio.Event()

        def on_output() -> None:
            nonlocal last_output
            try:
                data = os.read(master, 65536)
            except OSError:
                data = b""
            if not data:
                loop.remove_reader(master)
                screen_closed.set()
                return
            last_output = time.monotonic()
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
                    set_size(master, *clamp_size(change.width, change.height))
                    continue
                except (asyncssh.BreakReceived, asyncssh.SignalReceived):
                    continue
                except CLIENT_GONE:
                    return
                if not data:
                    return  # the client went away
                last_input = time.monotonic()
                with contextlib.suppress(OSError):
                    os.write(master, mark_lone_escape(data))

        async def settle_input() -> None:
            """Before a hang-up: the app reads the keys that came just before it and
            handles them (its screen answers and goes quiet), within HANGUP_SETTLE."""
            start = time.monotonic()
            if start - last_input > HANGUP_SETTLE:
                return  # nothing typed lately: nothing to wait for
            deadline = start + HANGUP_SETTLE
            while unread_input(terminal) > 0 and time.monotonic() < deadline:
                await asyncio.sleep(0.005)
            read_at = time.monotonic()
            while time.monotonic() < deadline and (
                last_output < read_at or time.monotonic() - last_output < 0.03
            ):
                await asyncio.sleep(0.005)

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
                if not timed_out:  # the client left: what it sent last still counts
                    if not reader.done():
                        await asyncio.wait({reader}, timeout=HANGUP_SETTLE / 2)
                    await settle_input()
                await hang_up(child, self.config.hangup_grace)
        finally:
            for task in (reader, idle, gone):
                task.cancel()
            if child.returncode is None:  # cancelled while waiting: never leave it running
                await hang_up(child, self.config.hangup_grace)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(screen_closed.wait(), timeout=1.0)
            loop.remove_reader(master)
            columns, rows = get_size(master)
            outcome["size"] = f"{columns}x{rows}"
            os.close(master)
        if timed_out:
            minutes = self.config.idle_timeout / 60
            with contextlib.suppress(Exception):
                process.stdout.write(
                    f"\r\nRebound closed this session after {minutes:g} "
                    f"{'minute' if minutes == 1 else 'minutes'} without "
                    "input. Everything you typed is saved.\r\n".encode()
                )
        code = child.returncode
        return 0 if code is None or code < 0 or timed_out else code
