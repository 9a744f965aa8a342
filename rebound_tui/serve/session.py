"""One SSH session: the command asked for, checked against the few allowed; `status` run
with pipes; the app run on its own pseudo-terminal, with input, output, resizes and idle
time pumped between the client and the process; and one log line when it ends."""

from __future__ import annotations

import asyncio
import contextlib
import os
import pty
import signal
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import asyncssh

from rebound_tui.serve.child import (
    clamp_size,
    get_size,
    hang_up,
    session_command,
    session_env,
    set_size,
    take_terminal,
)
from rebound_tui.serve.config import ServeConfig
from rebound_tui.serve.keys import user_dir
from rebound_tui.serve.log import clean, log, quoted

ALLOWED_COMMANDS = ("", "drill", "checkin", "status")
STATUS_TIMEOUT_SECONDS = 60.0
CLIENT_GONE = (
    BrokenPipeError,
    ConnectionError,
    asyncssh.ConnectionLost,
    asyncssh.DisconnectError,
    asyncssh.ChannelOpenError,
)


class Sessions:
    """The process factory: runs each session, and knows them all so that a stopping
    server can hang every one up."""

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
        set_size(slave, *clamp_size(*requested))
        try:
            child = await asyncio.create_subprocess_exec(
                *session_command(args),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=self._env(process, home),
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
