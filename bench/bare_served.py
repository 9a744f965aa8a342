"""The memory baseline for a served session: the bare Textual app (`bare_app.py`) forked
per session from a warm parent of its own, as `rebound serve` forks Rebound. This process
is that warm parent: it imports Textual and the bare app, runs the app once headless (as
`rebound_tui.serve.warm.warm_app` runs Rebound), collects and freezes its heap
(`gc.freeze()`), then forks COUNT sessions, each on a PTY of its own at 80x24, one after the
other once the last shows its text. It prints the sessions' pids on one line, and quits
them when its standard input closes.

    python bench/bare_served.py COUNT
"""

from __future__ import annotations

import asyncio
import fcntl
import gc
import os
import pty
import select
import struct
import sys
import termios
import time

import textual.drivers.linux_driver  # noqa: F401  (what a session's start imports)
from bare_app import Bare

READY = b"Bare Textual app ready"


def warm_up() -> None:
    async def shown() -> None:
        async with Bare().run_test(size=(80, 24)) as pilot:
            await pilot.pause()

    asyncio.run(shown())
    gc.collect()
    gc.freeze()


def session() -> tuple[int, int]:
    """A bare app on a PTY of its own: its pid and the PTY's master end, once it shows."""
    pid, master = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        try:
            Bare().run()
        finally:
            os._exit(0)
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    shown, deadline = b"", time.monotonic() + 30
    while READY not in shown:
        if not select.select([master], [], [], max(0.0, deadline - time.monotonic()))[0]:
            raise TimeoutError("the bare app did not show")
        shown += os.read(master, 65536)
    return pid, master


def drain(masters: list[int], seconds: float) -> None:
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        for fd in select.select(masters, [], [], left)[0]:
            try:
                os.read(fd, 65536)
            except OSError:
                masters.remove(fd)
        if not masters:
            return


def main() -> None:
    count = int(sys.argv[1])
    warm_up()
    opened = [session() for _ in range(count)]
    masters = [master for _, master in opened]
    drain(list(masters), 0.5)
    print(" ".join(str(pid) for pid, _ in opened), flush=True)
    sys.stdin.read()  # until the benchmark is done reading
    for master in masters:
        os.write(master, b"q")
    for pid, master in opened:
        os.waitpid(pid, 0)
        os.close(master)


if __name__ == "__main__":
    main()
