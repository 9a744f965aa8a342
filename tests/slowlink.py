"""A slow link on 127.0.0.1: a TCP proxy that delays every chunk by a fixed one-way delay
(100 ms each way makes a ~200 ms round trip) and can cap the bandwidth, for `rebound serve`
under test and in bench/bench_ssh.py (netem may not exist in the kernel).

    async with SlowLink("127.0.0.1", server_port, delay=0.1, kbit=256) as link:
        await asyncssh.connect("127.0.0.1", link.port, ...)

Each direction keeps its order: a chunk leaves `delay` seconds after it arrived, or later
if the capped line is still busy with the ones before it. Chunks are written as they were
read, so the proxy itself never joins two of the client's packets into one.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from types import TracebackType


class SlowLink:
    def __init__(
        self,
        host: str,
        port: int,
        *,
        delay: float = 0.1,
        kbit: float | None = None,
    ) -> None:
        self.target = (host, port)
        self.delay = delay
        self.bytes_per_second = kbit * 1000 / 8 if kbit else None
        self.port = 0
        self.sent_down = 0
        """Bytes the server sent toward the client (what a screen costs on the wire)."""
        self.sent_up = 0
        self.dropped = False
        """Set to drop every chunk from now on, both ways, without closing anything: a
        link that died silently (Wi-Fi gone, a phone asleep)."""
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> SlowLink:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._server is not None:
            with contextlib.suppress(Exception):
                await self._server.wait_closed()

    async def __aenter__(self) -> SlowLink:
        return await self.start()

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.stop()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._writers.update((writer, up_writer))
        for task in (
            asyncio.create_task(self._carry(reader, up_writer, up=True)),
            asyncio.create_task(self._carry(up_reader, writer, up=False)),
        ):
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _carry(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, up: bool
    ) -> None:
        """One direction: read chunks as they come, hand each to a sender that writes it
        when its time has come (arrival + delay, after the line is free)."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        sender = asyncio.create_task(self._send(queue, writer))
        try:
            while data := await reader.read(65536):
                if self.dropped:
                    continue
                if up:
                    self.sent_up += len(data)
                else:
                    self.sent_down += len(data)
                queue.put_nowait((time.monotonic() + self.delay, data))
        except (ConnectionError, OSError):
            pass
        finally:
            queue.put_nowait((time.monotonic() + self.delay, b""))
            with contextlib.suppress(asyncio.CancelledError, ConnectionError, OSError):
                await sender

    async def _send(
        self, queue: asyncio.Queue[tuple[float, bytes]], writer: asyncio.StreamWriter
    ) -> None:
        line_free = 0.0
        try:
            while True:
                due, data = await queue.get()
                if self.bytes_per_second and data:
                    # the line carries one chunk at a time at the capped rate
                    start = max(time.monotonic(), line_free)
                    line_free = start + len(data) / self.bytes_per_second
                    due = max(due, line_free)
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not data:  # the other side closed: close this one after the delay
                    writer.close()
                    return
                writer.write(data)
                await writer.drain()
        finally:
            writer.close()
