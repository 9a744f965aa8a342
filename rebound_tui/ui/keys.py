"""Keys reach the focused widget in order, however fast they come.

Textual 8.2.8 hands each key to whatever is focused at the moment the *app* takes the key
from its queue (`App.on_event`), and moves on to the next key at once. A key that changes
the focus (tab, shift+tab, enter in a form) does so only later, once it has travelled
through the widgets' own queues and back up to the screen's or app's bindings. So in a
burst (a fast typist, a paste, an SSH link that batches keystrokes) `Acme`, tab,
`Analyst` puts "AcmeAnalyst" in the first field. docs/textual-burst-keys.md has the
reproduction and the details.

`KeysInOrderApp` holds a key back while the previous one is still being handled, and
hands it on once everything that key set off (its journey up the widgets, the messages
and callbacks it caused, a focus change that Textual defers, a screen being opened) has
run: each key lands where it would have landed had it been typed slowly.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Iterator
from contextlib import suppress
from itertools import chain
from typing import Any, ClassVar

from textual import events
from textual._queue import Queue
from textual.app import App, ReturnType
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen

SETTLE_POLL_SECONDS = 0.005
"""How often to look again once a key has kept the app busy for a while."""


class KeysInOrderApp(App[ReturnType]):
    """An app that gives each typed key (and each paste) to the focus only once the
    previous one has been handled completely."""

    KEY_SETTLE_LIMIT: ClassVar[float] = 1.0
    """Seconds a key waits at most for the previous one. A handler that takes longer is
    busy with something else than focus (a save, say); the key then goes where it would
    have gone had it been typed slowly during that work."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_keys: deque[events.Key | events.Paste] = deque()
        self._key_in_flight = False
        self._settling: asyncio.Task[None] | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            if self._key_in_flight:
                self._held_keys.append(event)
            else:
                await self._deliver_key(event)
            return
        await super().on_event(event)

    async def keys_handled(self) -> None:
        """Wait until every key received so far has been handed on and handled. For
        tests and scripts that type ahead; call it from outside the app's own task."""
        while (self._key_in_flight or self._held_keys) and self.is_running:
            await asyncio.sleep(SETTLE_POLL_SECONDS)

    async def _deliver_key(self, event: events.Key | events.Paste) -> None:
        """Route one key as Textual does (priority bindings, then the focus), then wait
        in the background for everything it set off before the next key goes."""
        self._key_in_flight = True
        try:
            # A key whose turn comes after the app began closing (its screens are gone)
            # is dropped, as one typed into a closed terminal is: Textual would look
            # for a screen to give it to, and end the app with ScreenStackError.
            if self._screen_stacks.get(self._current_mode):
                await super().on_event(event)
        finally:
            self._settling = asyncio.create_task(self._release_next_key())

    async def _release_next_key(self) -> None:
        with suppress(Exception):  # never leave keys held: at worst they go on unsettled
            await settled(self, self.KEY_SETTLE_LIMIT)
        self._settling = None
        if self._held_keys and self.call_later(self._deliver_key, self._held_keys.popleft()):
            return  # delivered from the app's own queue, after what is already there
        self._held_keys.clear()  # nothing more, or the app is closing
        self._key_in_flight = False


async def settled(app: App[Any], limit: float) -> None:
    """Return once the app, its screens and the current screen's widgets have nothing
    left to do (each waits for its next message, none is queued, no callback is due), or
    after `limit` seconds."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    last_busy: MessagePump | None = None
    while loop.time() < start + limit and app.is_running:
        candidates = _pumps(app) if last_busy is None else chain([last_busy], _pumps(app))
        last_busy = next((pump for pump in candidates if _is_busy(pump)), None)
        if last_busy is None:
            return
        # Most keys are handled within a few turns of the event loop; something slower
        # (a screen being built) is looked at less often.
        quick = loop.time() - start < SETTLE_POLL_SECONDS
        await asyncio.sleep(0 if quick else SETTLE_POLL_SECONDS / 5)


def _pumps(app: App[Any]) -> Iterator[MessagePump]:
    """Where a key's consequences run: the app, every screen on the stack (a dismissed
    dialog's result goes to the screen below), and every widget of the current one."""
    yield app
    stack = app.screen_stack
    yield from stack[:-1]
    if stack:
        yield from stack[-1].walk_children(with_self=True)


def _is_busy(pump: MessagePump) -> bool:
    """True unless the pump is parked, waiting for its next message, with nothing due."""
    if pump._closing or pump._closed:
        return False
    queue: Queue[Message | None] = pump._message_queue
    # A pump's task waits on its queue's `ready_event` only between messages; while it
    # handles one (or runs its idle callbacks, or has not started) nobody waits there.
    parked = bool(queue.ready_event._waiters)
    if not parked or not queue.empty() or pump._pending_message is not None:
        return True
    if pump._next_callbacks:
        return True
    # Callbacks waiting for the next repaint (`call_after_refresh`, which a screen uses
    # to focus a widget once it is shown).
    return isinstance(pump, Screen) and bool(pump._callbacks)
