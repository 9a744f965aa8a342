"""The server's side of the pre-forked sessions: it starts the warm parent
(`rebound_tui.serve.warm`) as an isolated process, asks it for one session per terminal,
adopts each session (the server is a child subreaper, so a session is its child once the
warm parent's short-lived middle process has left), reaps it through a pidfd, and starts a
new warm parent when the old one is gone. If no warm parent can be had, sessions start the
old way (`python -I -m rebound_tui` per session), and the log says so once; so do the
sessions that come while a warm parent is still warming up (none waits for one).

Every session forked from one warm parent shares its string-hash seed (and whatever else a
process draws once at start). So a warm parent retires after RETIRE_SECONDS or
RETIRE_FORKS sessions: a successor (a new Python, a new seed) is started beside it, takes
over once it is ready, and the old one leaves; live sessions are the server's children and
never notice."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import os
import signal
import socket
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from rebound_tui.serve.child import CHILD_PATH, ESCAPE_DELAY_MS
from rebound_tui.serve.log import log
from rebound_tui.serve.warm import MERGE_ARG, ROOM, ROOM_ENV

PR_SET_CHILD_SUBREAPER = 36
PREFORK_ENV = "REBOUND_SERVE_PREFORK"
READY_TIMEOUT = 60.0
"""How long a new warm parent may take to import everything before it is given up on."""
ANSWER_TIMEOUT = 10.0
"""How long a warm parent may take to say a session's pid."""
RETIRE_SECONDS = 3600.0
RETIRE_FORKS = 500
"""A warm parent is replaced by a fresh one (a new hash seed) after this long or this many
sessions, whichever comes first."""


def warm_env() -> dict[str, str]:
    """The warm parent's whole environment: what every session has in common (so what
    Textual reads at import matches), and room for a session to write its own."""
    return {
        "PATH": CHILD_PATH,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "ESCDELAY": str(ESCAPE_DELAY_MS),
        "TEXTUAL_FPS": "30",
        "HOME": "/",
        ROOM_ENV: " " * ROOM,
    }


def become_subreaper() -> bool:
    """Orphaned descendants (the sessions) become this process's children."""
    if not sys.platform.startswith("linux") or not hasattr(os, "pidfd_open"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


class Forked:
    """A session process the warm parent forked and this server adopted: the parts of
    `asyncio.subprocess.Process` a session uses (pid, returncode, wait)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._done = asyncio.Event()
        loop = asyncio.get_running_loop()
        try:
            self._pidfd: int | None = os.pidfd_open(pid)
        except OSError:  # already gone and reaped
            self._pidfd = None
            self.returncode = 0
            self._done.set()
            return
        loop.add_reader(self._pidfd, self._exited)

    def _exited(self) -> None:
        assert self._pidfd is not None
        loop = asyncio.get_running_loop()
        try:
            reaped, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:  # not ours (no subreaper): the status is unknown
            reaped, status = self.pid, 0
        if reaped == 0:
            return  # not quite gone yet
        loop.remove_reader(self._pidfd)
        os.close(self._pidfd)
        self._pidfd = None
        self.returncode = os.waitstatus_to_exitcode(status)
        self._done.set()

    async def wait(self) -> int:
        await self._done.wait()
        assert self.returncode is not None
        return self.returncode


class WarmParent:
    """One warm parent process and the socket to it."""

    def __init__(self, process: asyncio.subprocess.Process, sock: socket.socket) -> None:
        self.process = process
        self.sock = sock
        self.on_gone: Callable[[], None] | None = None
        self.ready = asyncio.get_running_loop().create_future()
        self.waiting: dict[int, asyncio.Future[int]] = {}
        self.next_id = 0
        self.born = asyncio.get_running_loop().time()
        self.merging = ""
        """What it said of same-page merging once ready: "on", "off" (the host does not run
        it), "unavailable" (the kernel cannot) or "not asked for"."""
        asyncio.get_running_loop().add_reader(sock.fileno(), self._answer)

    @classmethod
    async def start(cls, share_memory: bool = False) -> WarmParent:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-I",
                "-m",
                "rebound_tui.serve.warm",
                str(theirs.fileno()),
                " " * ROOM,
                *([MERGE_ARG] if share_memory else []),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
                env=warm_env(),
                cwd="/",
                pass_fds=(theirs.fileno(),),
                start_new_session=True,
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        ours.setblocking(False)
        return cls(process, ours)

    @property
    def alive(self) -> bool:
        return self.process.returncode is None and self.sock.fileno() >= 0

    def _answer(self) -> None:
        try:
            data = self.sock.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.close()
            if self.on_gone is not None:
                self.on_gone()  # killed or crashed: the next session gets a new one
            return
        try:
            answer = json.loads(data)
        except ValueError:
            return
        if "ready" in answer and not self.ready.done():
            self.ready.set_result(None)
            self.merging = str(answer.get("merging", "not asked for"))[:20]
            log.info(
                "warm parent ready (pid %s; same-page merging %s)", self.process.pid, self.merging
            )
            return
        future = self.waiting.pop(answer.get("id", -1), None)
        if future is None or future.done():
            return
        if isinstance(answer.get("pid"), int):
            future.set_result(answer["pid"])
        else:
            future.set_exception(OSError(str(answer.get("error", "no session"))))

    async def fork(
        self, args: Sequence[str], env: Mapping[str, str], cwd: Path, terminal: int
    ) -> int:
        """Ask for a session on `terminal` (a PTY's slave end, which stays ours to close);
        its pid."""
        await asyncio.wait_for(asyncio.shield(self.ready), READY_TIMEOUT)
        self.next_id += 1
        ident = self.next_id
        future = asyncio.get_running_loop().create_future()
        self.waiting[ident] = future
        message = json.dumps({"id": ident, "args": list(args), "env": dict(env), "cwd": str(cwd)})
        try:
            socket.send_fds(self.sock, [message.encode()], [terminal])
            return int(await asyncio.wait_for(future, ANSWER_TIMEOUT))
        finally:
            self.waiting.pop(ident, None)

    def close(self) -> None:
        if self.sock.fileno() >= 0:
            with contextlib.suppress(ValueError, OSError):
                asyncio.get_running_loop().remove_reader(self.sock.fileno())
            self.sock.close()
        gone = ConnectionError("the warm parent is gone")
        if not self.ready.done():
            self.ready.set_exception(gone)
            self.ready.exception()  # retrieved: no "never retrieved" warning
        for future in self.waiting.values():
            if not future.done():
                future.set_exception(gone)
        self.waiting.clear()

    async def stop(self) -> None:
        self.close()  # it sees the socket close and leaves
        with contextlib.suppress(ProcessLookupError):
            if self.process.returncode is None:
                try:
                    await asyncio.wait_for(self.process.wait(), 2.0)
                except TimeoutError:
                    self.process.send_signal(signal.SIGKILL)
                    await self.process.wait()


class Prefork:
    """The warm parent of a server: started at once, started again when gone."""

    def __init__(
        self,
        retire_seconds: float = RETIRE_SECONDS,
        retire_forks: int = RETIRE_FORKS,
        *,
        share_memory: bool = False,
    ) -> None:
        self.warm: WarmParent | None = None
        self.share_memory = share_memory
        self.starting: asyncio.Task[WarmParent | None] | None = None
        self.retire_seconds = retire_seconds
        self.retire_forks = retire_forks
        self.successor: asyncio.Task[None] | None = None
        # REBOUND_SERVE_PREFORK=0: every session starts its own Python, as before
        self.enabled = os.environ.get(PREFORK_ENV, "1") != "0" and become_subreaper()
        self.told = False

    def start(self) -> None:
        """Start a warm parent now, in the background, if there is none."""
        if not self.enabled or (self.warm is not None and self.warm.alive):
            return
        if self.starting is None or self.starting.done():
            self.starting = asyncio.get_running_loop().create_task(self._start())

    async def _start(self) -> WarmParent | None:
        try:
            warm = await WarmParent.start(self.share_memory)
        except (OSError, ValueError) as error:
            self._fall_back(error)
            return None
        self._take(warm)
        return warm

    def _take(self, warm: WarmParent) -> None:
        self.warm = warm
        warm.on_gone = self._gone
        asyncio.get_running_loop().call_later(self.retire_seconds, self._retire, warm)

    def _retire(self, warm: WarmParent) -> None:
        """Start a successor to `warm` (if it is still the one in use) in the background."""
        if not self.enabled or warm is not self.warm or not warm.alive:
            return
        if self.successor is None or self.successor.done():
            self.successor = asyncio.get_running_loop().create_task(self._succeed(warm))

    async def _succeed(self, old: WarmParent) -> None:
        """A fresh warm parent, ready, in place of `old`, which then leaves; until then
        sessions are forked from `old` as before."""
        try:
            new = await WarmParent.start(self.share_memory)
        except (OSError, ValueError) as error:
            log.info("no successor for the warm parent (%s); keeping it", error)
            return
        try:
            await asyncio.wait_for(asyncio.shield(new.ready), READY_TIMEOUT)
        except (TimeoutError, ConnectionError) as error:
            log.info("no successor for the warm parent (%s); keeping it", error)
            await new.stop()
            return
        except BaseException:
            await new.stop()  # cancelled (the server stops): not left behind
            raise
        if not self.enabled or (self.warm is not old and self.warm is not None):
            await new.stop()  # stopped, or replaced meanwhile
            return
        self._take(new)
        old.on_gone = None
        deadline = asyncio.get_running_loop().time() + ANSWER_TIMEOUT
        while old.waiting and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)  # the sessions asked of it just before still come
        log.info("warm parent retired after %d sessions; a fresh one took over", old.next_id)
        await old.stop()

    def _gone(self) -> None:
        log.info("warm parent gone; starting another")
        self.warm = None
        self.start()

    def _fall_back(self, error: BaseException) -> None:
        if not self.told:
            log.info(
                "warm parent unavailable (%s: %s); sessions start their own Python%s",
                type(error).__name__,
                error,
                " (not offered to same-page merging)" if self.share_memory else "",
            )
            self.told = True

    async def session(
        self, args: Sequence[str], env: Mapping[str, str], cwd: Path, terminal: int
    ) -> Forked | None:
        """A session forked from the warm parent, or None: start it the old way."""
        if not self.enabled:
            return None
        self.start()
        warm = self.warm if self.warm is not None and self.warm.alive else None
        if warm is None or not warm.ready.done():
            return None  # none ready yet (just started, or warming up): no session waits
        try:
            pid = await warm.fork(args, env, cwd, terminal)
        except (OSError, TimeoutError, ConnectionError) as error:
            await warm.stop()
            if self.warm is warm:
                self.warm = None
            self._fall_back(error)
            self.start()  # a fresh one for the next session
            return None
        if not warm.alive:
            self.start()
        elif warm.next_id >= self.retire_forks:
            self._retire(warm)
        return Forked(pid)

    def close(self) -> None:
        """No more sessions: the warm parent is told (its socket closes) and leaves."""
        self.enabled = False
        for task in (self.starting, self.successor):
            if task is not None and not task.done():
                task.cancel()
        if self.warm is not None:
            self.warm.on_gone = None
            self.warm.close()

    async def stop(self) -> None:
        self.enabled = False
        for task in (self.starting, self.successor):
            if task is not None and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        if self.warm is not None:
            self.warm.on_gone = None
            await self.warm.stop()
            self.warm = None
