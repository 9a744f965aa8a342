"""The warm parent of `rebound serve`: a process of its own (`python -I -m
rebound_tui.serve.warm`, an allow-listed environment, `/` as working directory) that imports
Textual and Rebound once, freezes its heap (`gc.freeze()`, so the pages stay shared after a
fork) and then forks one process per terminal session.

The server sends each request over a SOCK_SEQPACKET socket: one JSON message (the session's
command line, environment and working directory) with the PTY's slave end attached
(SCM_RIGHTS). For each, the warm parent forks a short-lived middle process, which forks the
session and exits at once: the session is handed to the nearest subreaper, the server (see
`prefork.py`), which reaps it and learns its exit status; the warm parent dying takes no
session with it. The middle process sends the session's pid back.

The session, before it runs: a session of its own with the PTY as controlling terminal and
0/1/2, every other descriptor closed, its working directory, exactly its environment (also
written over the process's own environment block, so /proc/PID/environ and cmdline tell the
truth), the time zone and locale read again, Textual's environment constants read again,
fresh random state and default signal handlers. Then it runs the same entry point as
`python -I -m rebound_tui ARGS`, and Python exits as it would there."""

from __future__ import annotations

import contextlib
import fcntl
import gc
import importlib
import io
import json
import locale
import os
import pkgutil
import random
import signal
import socket
import sys
import termios
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOM = 4096
"""Bytes of room the warm parent's command line and environment keep, so that a session can
write its own into them (see `_write_block`)."""
ROOM_ENV = "REBOUND_WARM_ROOM"
MAX_MESSAGE = 1 << 20
SKIPPED = ("rebound_tui.serve", "rebound_tui.__main__")
"""Not imported in the warm parent: the SSH server (asyncssh) and the program entry."""
WARM_STARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("home", ()),
    ("checkin", ()),
    ("drill", (" ", "3", " ")),
)
"""The starts `warm_app` runs, each with the keys it presses."""
PR_SET_MEMORY_MERGE = 67
"""prctl(2): offer all of a process's private memory, and its forks', to the kernel's
same-page merging, KSM (Linux 6.4 and later)."""
KSM_RUN = "/sys/kernel/mm/ksm/run"
MERGE_ARG = "--share-memory"
"""The warm parent's argument that asks it to `merge_same_pages`."""
WARMED_WITH: list[dict[str, str]] = []
"""The Textual settings (`textual_settings`) of the warm parent's environment as it imported
Textual, once it has: a session with the same ones has nothing to read again."""


@dataclass
class Request:
    args: list[str]
    env: dict[str, str]
    cwd: str
    terminal: int


def warm_up() -> int:
    """Import what any session runs (Textual, Rebound's app, screens, services, store),
    then freeze the heap. Returns how many modules were imported."""
    import rebound_tui

    WARMED_WITH[:] = [textual_settings(os.environ)]
    for info in pkgutil.walk_packages(rebound_tui.__path__, "rebound_tui."):
        if info.name.startswith(SKIPPED):
            continue
        importlib.import_module(info.name)
    for name in ("textual.app", "textual.drivers.linux_driver"):
        importlib.import_module(name)

    with contextlib.suppress(Exception):  # a warm-up that fails costs only its speed-up
        warm_app()
    gc.collect()
    gc.freeze()
    return len(sys.modules)


def warm_app() -> None:
    """Run the app once, headless, on a data directory of its own: home, the check-in, and
    the drill (a question shown, its answer revealed, rated). The caches every session
    would otherwise fill for itself (parsed styles, selectors, widths, the drill's and the
    footer's widgets) are then filled once, here, and shared."""
    import asyncio
    import shutil
    import tempfile

    from rebound_tui.domain.clock import clock_from_environment
    from rebound_tui.domain.models import Card
    from rebound_tui.store.repository import Repository
    from rebound_tui.ui.app import ReboundApp

    folder = tempfile.mkdtemp(prefix="rebound-warm-")
    try:
        repo = Repository.open(Path(folder) / "data", clock_from_environment())
        now = repo.clock.now()
        repo.cards.put_many(
            Card(
                id=f"warm{i}", question="A question?", answer="An answer.", created_at=now, due=now
            )
            for i in range(2)
        )
        for start, keys in WARM_STARTS:
            # each start on its own: one that fails (costing its sessions its share of the
            # warm-up, about 2.7 MiB each for the drill) leaves the others warmed
            with contextlib.suppress(Exception):
                app = ReboundApp(repo=repo, clock=repo.clock, start=start, served=True)

                async def shown(app: ReboundApp = app, keys: tuple[str, ...] = keys) -> None:
                    async with app.run_test(size=(80, 24)) as pilot:
                        await pilot.pause()
                        for key in keys:
                            await pilot.press(key)
                            await pilot.pause()

                asyncio.run(shown())
        repo.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def merge_same_pages() -> str:
    """Offer the warm parent's memory, and so its sessions' (a fork keeps the setting), to
    the kernel's same-page merging. A session copies about 19 MiB of the warm parent's
    pages (CPython writes a reference count into each object it touches), most of them
    byte for byte the warm parent's page or every other session's: where the host runs
    KSM (`echo 1 > /sys/kernel/mm/ksm/run`), it shares them again within a minute or two
    (20 drill sessions measured: 6.4 MiB unique a session instead of 18.8). Returns "on",
    "off" (offered, but the host does not run KSM) or "unavailable" (not Linux, or a
    kernel before 6.4)."""
    if not sys.platform.startswith("linux"):
        return "unavailable"
    import ctypes

    try:
        if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_MEMORY_MERGE, 1, 0, 0, 0) != 0:
            return "unavailable"
    except (OSError, AttributeError):
        return "unavailable"
    try:
        return "on" if Path(KSM_RUN).read_text().strip() == "1" else "off"
    except OSError:
        return "off"


def serve(sock: socket.socket, merging: str = "not asked for") -> Request | None:
    """Answer requests until the server goes away (None), or, in a session process,
    return that session's request. `merging`: what `merge_same_pages` said, if asked."""
    sock.send(json.dumps({"ready": os.getpid(), "merging": merging}).encode())
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(sock, MAX_MESSAGE, 4)
        except InterruptedError:
            continue
        except OSError:
            return None
        if not message:
            for fd in fds:
                os.close(fd)
            return None
        try:
            asked = json.loads(message)
            ident = asked["id"]
        except (ValueError, KeyError, TypeError):
            for fd in fds:
                os.close(fd)
            continue
        if len(fds) != 1:
            for fd in fds:
                os.close(fd)
            sock.send(json.dumps({"id": ident, "error": "no terminal"}).encode())
            continue
        request = Request(
            args=[str(a) for a in asked["args"]],
            env={str(k): str(v) for k, v in asked["env"].items()},
            cwd=str(asked["cwd"]),
            terminal=fds[0],
        )
        if _fork_session(sock, ident, request):
            return request
        os.close(fds[0])


def _fork_session(sock: socket.socket, ident: int, request: Request) -> bool:
    """True in the session process; False in the warm parent once the middle is gone."""
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        middle = os.fork()
    except OSError as error:
        sock.send(json.dumps({"id": ident, "error": f"fork: {error}"}).encode())
        return False
    if middle:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(middle, 0)
        return False
    # the middle process: fork the session, say its pid, leave (the server adopts it)
    try:
        pid = os.fork()
        if pid == 0:
            sock.close()
            return True
        sock.send(json.dumps({"id": ident, "pid": pid}).encode())
        code = 0
    except BaseException as error:
        with contextlib.suppress(BaseException):
            sock.send(json.dumps({"id": ident, "error": f"fork: {error}"}).encode())
        code = 1
    os._exit(code)


def become_session(request: Request) -> None:
    """In the session process: everything `python -I -m rebound_tui` would have started
    with, for this session."""
    os.setsid()
    fcntl.ioctl(request.terminal, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(request.terminal, fd)
    os.closerange(3, os.sysconf("SC_OPEN_MAX") if os.sysconf("SC_OPEN_MAX") > 0 else 65536)
    os.chdir(request.cwd)
    for signum in (signal.SIGHUP, signal.SIGTERM, signal.SIGCHLD, signal.SIGWINCH):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # as Python starts
    argv = [sys.executable, "-I", "-m", "rebound_tui", *request.args]
    os.environ.clear()  # first: nothing of libc's environment points into the block after
    _rewrite_proc_blocks(argv, request.env)
    os.environ.update(request.env)
    fresh_state()
    _fresh_standard_streams()
    import rebound_tui.cli

    main_file = os.path.join(os.path.dirname(rebound_tui.cli.__file__), "..", "__main__.py")
    sys.argv = [os.path.normpath(main_file), *request.args]
    sys.orig_argv = argv


def fresh_state() -> None:
    """What a fork shares with its parent and a session must not: random state (seeded
    from the system again), the time zone, the locale and Textual's settings (read again
    from this session's environment)."""
    random.seed()
    time.tzset()
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_CTYPE, "")
    _reread_textual_environment()


def textual_settings(env: Mapping[str, str]) -> dict[str, str]:
    """What `textual.constants` reads from an environment: ESCDELAY and TEXTUAL_*."""
    return {k: v for k, v in env.items() if k == "ESCDELAY" or k.startswith("TEXTUAL_")}


def _reread_textual_environment() -> None:
    """Textual reads its settings (ESCDELAY, TEXTUAL_FPS, ...) when `textual.constants` is
    imported, and a few modules copy one: read them again from this session's environment,
    unless they are the ones the warm parent read. (Read again, the module is run anew:
    about 0.7 MiB of the warm parent's pages a session would otherwise copy for itself.)"""
    if WARMED_WITH and textual_settings(os.environ) == WARMED_WITH[0]:
        return
    import textual.constants as constants

    importlib.reload(constants)
    derived: dict[str, dict[str, object]] = {
        "textual.screen": {"UPDATE_PERIOD": 1 / constants.MAX_FPS},
        "textual.filter": {"DIM_FACTOR": constants.DIM_FACTOR},
        "textual._styles_cache": {"DEBUG": constants.DEBUG},
        "textual.message_pump": {"SLOW_THRESHOLD": constants.SLOW_THRESHOLD},
    }
    for name, values in derived.items():
        module = sys.modules.get(name)
        for attr, value in values.items():
            if module is not None and hasattr(module, attr):
                setattr(module, attr, value)


def _fresh_standard_streams() -> None:
    """sys.stdin/stdout/stderr on the terminal, made as Python makes them at start."""
    encoding = locale.getpreferredencoding(False)

    def stream(fd: int, errors: str) -> io.TextIOWrapper:
        raw = io.FileIO(fd, "rb" if fd == 0 else "wb", closefd=False)
        buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
        return io.TextIOWrapper(buffered, encoding=encoding, errors=errors, line_buffering=True)

    for fd, name, errors in (
        (0, "stdin", "strict"),
        (1, "stdout", "strict"),
        (2, "stderr", "backslashreplace"),
    ):
        made = stream(fd, errors)
        setattr(sys, name, made)
        setattr(sys, f"__{name}__", made)  # Textual writes to sys.__stderr__


def _rewrite_proc_blocks(argv: list[str], env: dict[str, str]) -> None:
    """Write the session's command line and environment over the process's own (the warm
    parent started with ROOM to spare in each), so /proc/PID/cmdline and environ, `ps`
    and the operator see what this session really runs with."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        arg_start, arg_end, env_start, env_end = (int(f) for f in fields[45:49])
    except (OSError, ValueError, IndexError):
        return
    _write_block(arg_start, arg_end, [a.encode() for a in argv])
    _write_block(env_start, env_end, [f"{k}={v}".encode() for k, v in env.items()])


def _write_block(start: int, end: int, items: list[bytes]) -> None:
    import ctypes

    data = b"".join(item + b"\0" for item in items)
    if not start or end - start < len(data):
        return  # no room: /proc keeps the warm parent's, the session's own is in os.environ
    ctypes.memmove(start, data.ljust(end - start, b"\0"), end - start)


def main() -> Request | None:
    fd = int(sys.argv[1])
    sock = socket.socket(fileno=fd)
    os.environ.pop(ROOM_ENV, None)
    merging = merge_same_pages() if MERGE_ARG in sys.argv[2:] else "not asked for"
    warm_up()
    try:
        return serve(sock, merging)
    finally:
        if sock.fileno() >= 0:
            sock.close()


if __name__ == "__main__":
    session = main()
    if session is None:
        raise SystemExit(0)
    become_session(session)
    from rebound_tui.cli import main as rebound_main

    raise SystemExit(rebound_main(session.args))
