"""A seeded random-key monkey for Rebound's app (used by tests/test_monkey.py).

`run_monkey` drives `ReboundApp` with Textual's Pilot: thousands of keys, weighted so
that it types into text fields and also leaves them, opens every screen, uses the
command palette, and sometimes resizes the terminal. When the app quits (q, ctrl+q, the
palette's Quit) a new app is started on the same data and the walk goes on. Any
unhandled exception (including the ones ReboundApp turns into "could not save" and exit
code 1) stops the walk with a `MonkeyFailure` that names the seed, the key index and the
last 30 keys, so the run can be replayed.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from typing import Any

from textual import events

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.emotions import GRID_MAX, GRID_MIN
from rebound_tui.domain.models import (
    REBOUND_STEPS,
    Card,
    CheckIn,
    FeedbackRequest,
    Interview,
    Lesson,
    NextStep,
    Rebound,
    Reflection,
    Review,
    Treat,
    TreatLog,
)
from rebound_tui.store.errors import StoreError
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp

# -- hostile records -----------------------------------------------------------------

HOSTILE = (
    "[/bold] closes a tag that was never opened",
    "[link=x]a link[/link] and [@click=app.quit]click to quit[/]",
    "[bold red]loud[/] [on red]x[/on red] [b]",
    "clipboard \x1b]52;c;aGk=\x07 write",
    "title \x1b]0;pwned\x07 change",
    "clear \x1b[2J\x1b[H screen",
    "nul \x00 byte",
    "c1 \x9b csi and \x85 nel",
    "bell \x07 backspace \x08 del \x7f",
    "emoji 🎉👩‍💻🏳️‍🌈 wide ｗｉｄｅ",
    "rtl \u202eevil\u202c override",
    "zero\u200bwidth \ufeff bom",
    "multi\nline\r\ntext\twith tab",
    "x" * 20_000,
)


def _text(rng: random.Random) -> str:
    return rng.choice(HOSTILE)


def _fit(value: Any, limit: int) -> Any:
    if isinstance(value, str):
        return value[:limit]
    if isinstance(value, tuple):
        return tuple(_fit(item, limit) for item in value)
    return value


def _put(collection: Any, record: Any) -> None:
    """Store `record`; where a field's cap is below a hostile string, store the longest
    prefix the cap takes (one-line fields hold 10,000 characters, words 1,000)."""
    for limit in (None, 10_000, 1_000):
        candidate = record
        if limit is not None:
            candidate = replace(
                record, **{f.name: _fit(getattr(record, f.name), limit) for f in fields(record)}
            )
        try:
            collection.put(candidate)
            return
        except StoreError:
            if limit == 1_000:
                raise


def plant_hostile_records(repo: Repository, clock: FixedClock) -> None:
    """Put records whose every text field holds markup, escape sequences, control
    characters, emoji, an RTL override or a 20,000-character string into `repo`: an
    open rebound at each step, check-ins, reflections, feedback, lessons, cards due now
    (with reviews), a treat, an active interview."""
    now = clock.now()
    rng = random.Random(9)
    steps = REBOUND_STEPS
    for index, text in enumerate(HOSTILE):
        other = HOSTILE[(index + 3) % len(HOSTILE)]
        interview = Interview(
            id=f"hostile-interview-{index}",
            company=text,
            role=other,
            stage="onsite",
            outcome="rejected" if index % 4 else "active",
            contact=text,
            notes=other,
            created_at=now - timedelta(days=index + 1),
            updated_at=now - timedelta(days=index + 1),
        )
        _put(repo.interviews, interview)
        checkin = CheckIn(
            id=f"hostile-checkin-{index}",
            at=now - timedelta(days=index, hours=2),
            pleasantness=rng.randint(GRID_MIN, GRID_MAX),
            energy=rng.randint(GRID_MIN, GRID_MAX),
            words=(text[:200], "tired"),
            note=text,
        )
        _put(repo.checkins, checkin)
        if index % 4:
            rebound = Rebound(
                id=f"hostile-rebound-{index}",
                interview_id=interview.id,
                opened_at=now - timedelta(days=index),
                step=steps[index % len(steps)],
                visited=steps[: index % len(steps)],
                checkin_id=checkin.id,
                closed_at=now if index % 5 == 0 else None,
            )
            _put(repo.rebounds, rebound)
            _put(
                repo.next_steps,
                NextStep(
                    id=f"hostile-next-step-{index}",
                    text=other,
                    due_on=(now + timedelta(days=index - 5)).date(),
                    rebound_id=rebound.id,
                    snoozed_until=(now + timedelta(days=index)).date() if index % 3 else None,
                    done_at=now if index % 7 == 0 else None,
                    created_at=now,
                ),
            )
            for kind in ("went_well", "tough"):
                _put(
                    repo.reflections,
                    Reflection(
                        id=f"hostile-reflection-{kind}-{index}",
                        rebound_id=rebound.id,
                        kind=kind,
                        question=text,
                        situation=other,
                        task=text,
                        action=other,
                        result=text,
                        note=other,
                        prepared="partly" if kind == "tough" else "",
                        interview_id=interview.id,
                        created_at=now,
                        updated_at=now,
                    ),
                )
            _put(
                repo.feedback_requests,
                FeedbackRequest(
                    id=f"hostile-feedback-{index}",
                    rebound_id=rebound.id,
                    interview_id=interview.id,
                    body=text,
                    status=("draft", "sent", "replied")[index % 3],
                    sent_on=(now - timedelta(days=20)).date() if index % 3 else None,
                    follow_up_on=(now - timedelta(days=2)).date() if index % 3 else None,
                    points=(text[:300], other[:300]),
                    created_at=now,
                    updated_at=now,
                ),
            )
            _put(
                repo.lessons,
                Lesson(
                    id=f"hostile-lesson-{index}",
                    text=text,
                    kind=("lesson", "skill")[index % 2],
                    position=1 + index % 3,
                    rebound_id=rebound.id,
                    created_at=now,
                ),
            )
        treat = Treat(id=f"hostile-treat-{index}", title=text, created_at=now)
        _put(repo.treats, treat)
        _put(
            repo.treat_log,
            TreatLog(
                id=f"hostile-treat-log-{index}",
                treat_id=treat.id,
                accepted_at=now - timedelta(days=index),
                done_at=now - timedelta(days=index) + timedelta(hours=1) if index % 2 else None,
                helped=1 + index % 5 if index % 2 else None,
            ),
        )
        card = Card(
            id=f"hostile-card-{index}",
            question=text,
            answer=other,
            hint=text,
            tags=(text[:40].replace(" ", "-"),),
            created_at=now - timedelta(days=3),
            updated_at=now - timedelta(days=3),
            due=now - timedelta(hours=index),
            state=(1, 2, 3)[index % 3],
            stability=2.5 if index % 3 else None,
            difficulty=5.0 if index % 3 else None,
            step=0 if index % 3 != 1 else None,
            last_review=now - timedelta(days=2) if index % 3 else None,
            reps=index % 3,
        )
        _put(repo.cards, card)
        if index % 3:
            _put(
                repo.reviews,
                Review(
                    id=f"hostile-review-{index}",
                    card_id=card.id,
                    rating=1 + index % 4,
                    reviewed_at=now - timedelta(days=2),
                    duration_ms=3000,
                ),
            )


# -- keys ------------------------------------------------------------------------------

# Screen keys from home: c r d i k h f ? ctrl+p; n and S from the cards screen.
SCREEN_KEYS = ("c", "r", "d", "i", "k", "h", "f", "question_mark", "ctrl+p")
BINDING_LETTERS = (*tuple("crdihxanoseubtwfpykjlmgvz"), "D", "R", "S", "question_mark")
LEAVE_KEYS = ("escape", "tab", "shift+tab", "ctrl+n", "ctrl+r", "enter", "space")
MOVE_KEYS = ("up", "down", "left", "right", "h", "j", "k", "l")
PAGE_KEYS = ("pageup", "pagedown", "home", "end", "backspace", "delete")
CTRL_KEYS = ("ctrl+s", "ctrl+t", "ctrl+z", "ctrl+y", "ctrl+a", "ctrl+e", "ctrl+k", "ctrl+u")
CTRL_KEYS += ("ctrl+w", "ctrl+c", "ctrl+x", "ctrl+v", "slash", "left_square_bracket")
CTRL_KEYS += ("right_square_bracket",)
QUIT_KEYS = ("q", "ctrl+q")
PALETTE_QUERIES = (
    "drill",
    "home",
    "cards",
    "check",
    "interv",
    "hist",
    "stats",
    "help",
    "theme",
    "quit",
    "keys",
    "[/b]",
    "new",
)
TYPED_TEXT = "Héllo [/bold] [@click=app.quit] 🎉 a-b,c.d!? ünïcode 42"


def _typed(text: str) -> list[str]:
    """Pilot key names for typing `text` (Pilot maps single non-alphanumeric chars)."""
    return [" " if ch == " " else ch for ch in text]


def key_stream(rng: random.Random) -> Iterator[list[str]]:
    """Groups of keys, without end. Each group is pressed in one Pilot call."""
    while True:
        roll = rng.random()
        if roll < 0.05:
            # Go home and open a screen (sometimes one level deeper: n / S on cards).
            group = ["escape"] * rng.randint(2, 5) + [rng.choice(SCREEN_KEYS)]
            if group[-1] == "k" and rng.random() < 0.5:
                group.append(rng.choice(("n", "S", "enter", "e", "slash")))
            if group[-1] == "ctrl+p":
                group += [*_typed(rng.choice(PALETTE_QUERIES)), "enter"]
            yield group
        elif roll < 0.08:
            ending = rng.choice((["enter"], ["down", "enter"], ["escape"], ["tab"]))
            yield ["ctrl+p", *_typed(rng.choice(PALETTE_QUERIES)), *ending]
        elif roll < 0.20:
            start = rng.randrange(len(TYPED_TEXT))
            yield _typed(TYPED_TEXT[start : start + rng.randint(1, 12)])
        elif roll < 0.38:
            yield [rng.choice(BINDING_LETTERS) for _ in range(rng.randint(1, 3))]
        elif roll < 0.52:
            yield [rng.choice(LEAVE_KEYS) for _ in range(rng.randint(1, 2))]
        elif roll < 0.64:
            yield [rng.choice(MOVE_KEYS) for _ in range(rng.randint(1, 4))]
        elif roll < 0.72:
            yield [rng.choice("12345") for _ in range(rng.randint(1, 2))]
        elif roll < 0.80:
            yield [rng.choice(PAGE_KEYS)]
        elif roll < 0.88:
            yield [rng.choice(CTRL_KEYS)]
        elif roll < 0.885:
            yield [rng.choice(QUIT_KEYS)]
        elif roll < 0.895:
            yield ["resize"]
        elif roll < 0.92:
            # A fast burst, as from a paste or a held key in tmux: no waiting in between.
            yield ["burst"] + [
                rng.choice(LEAVE_KEYS + MOVE_KEYS + SCREEN_KEYS + ("1", "2", "3", "4"))
                for _ in range(rng.randint(3, 10))
            ]
        else:
            yield [rng.choice(("enter", "space", "escape", "tab"))]


# -- the run ---------------------------------------------------------------------------


class MonkeyFailure(AssertionError):
    pass


class MonkeyApp(ReboundApp):
    """ReboundApp that remembers every exception that ended it, including those the real
    app turns into a "could not save" exit with code 1."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.errors: list[BaseException] = []

    def _handle_exception(self, error: Exception) -> None:
        super()._handle_exception(error)
        # Textual keeps the first exception it will re-raise; ReboundApp's own handling
        # (a store error) ends with code 1. Anything ReboundApp dismisses is neither.
        if self._exception is error or self._return_code not in (None, 0):
            self.errors.append(error)


@dataclass
class MonkeyResult:
    seed: int
    keys: int = 0
    apps: int = 0
    exits: int = 0
    stops: int = 0
    seconds: float = 0.0
    screens: set[str] = field(default_factory=set)

    @property
    def keys_per_second(self) -> float:
        return self.keys / self.seconds if self.seconds else 0.0


SIZES = ((80, 24), (60, 20), (120, 40), (40, 12), (80, 24), (60, 20), (10, 4), (1, 1))


def key_event(key: str, app: Any) -> events.Key:
    """A key event as if `key` were typed into `app`."""
    event = _key_event(key)
    event.set_sender(app)
    return event


def _key_event(key: str) -> events.Key:
    """The event Pilot would send for `key` (see textual.app.App._press_keys)."""
    import unicodedata

    from textual.app import _character_to_key  # type: ignore[attr-defined]
    from textual.keys import REPLACED_KEYS, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    return event


async def press_fast(
    pilot: Any,
    keys: list[str],
    *,
    settle: bool = True,
    on_key: Callable[[str], None] | None = None,
) -> None:
    """Press `keys` as Pilot does, but wait only until the screen has handled its messages
    (Pilot.press also sleeps at least 40 ms a key to see the CPU idle, too slow for
    thousands of keys). With `settle=False` the keys go in one burst, as from a paste.
    Stops pressing once the app is on its way out (a quit among the keys)."""
    app = pilot.app
    for key in keys:
        if _leaving(app):
            return
        if on_key is not None:
            on_key(key)
        event = _key_event(key)
        event.set_sender(app)
        app.post_message(event)
        if settle:
            await _settle(pilot)
    await _settle(pilot)


def _leaving(app: Any) -> bool:
    """Quitting, or stopped by an exception (which does not set `_exit`)."""
    return bool(app._exit or app._closing or app._closed or app._exception is not None)


async def _settle(pilot: Any) -> None:
    """Wait for the screen's messages and any animation; a wait that outlives a running
    app is a hang, and fails."""
    app = pilot.app
    if _leaving(app):
        return
    await pilot._wait_for_screen()
    # An app that quits mid-animation never completes it: wait for either.
    waiter = asyncio.ensure_future(app.animator.wait_until_complete())
    deadline = time.monotonic() + SETTLE_TIMEOUT
    try:
        while not waiter.done() and not _leaving(app):
            if time.monotonic() > deadline:
                raise TimeoutError(f"an animation still running after {SETTLE_TIMEOUT} s")
            await asyncio.wait({waiter}, timeout=0.2)
    finally:
        waiter.cancel()


SETTLE_TIMEOUT = 30.0


async def run_monkey(
    make_app: Callable[[], MonkeyApp],
    *,
    seed: int,
    keys: int,
    size: tuple[int, int] = (80, 24),
    log: Callable[[str], None] | None = None,
    visit: frozenset[str] = frozenset(),
    max_keys: int | None = None,
) -> MonkeyResult:
    """Press `keys` random keys (seeded by `seed`) into apps made by `make_app`, then go on
    until a key has gone to each screen named in `visit`, up to `max_keys` in all.

    Key timing is not part of the seed: a key that lands while a screen opens can send the
    walk elsewhere, and a screen a walk reaches two or three times in `keys` keys (the
    drill, a check-in) is then sometimes missed. Walking on until each is reached keeps
    the check that the weights reach every screen without making it a matter of luck."""
    rng = random.Random(seed)
    stream = key_stream(rng)
    result = MonkeyResult(seed=seed)
    recent: deque[str] = deque(maxlen=30)
    started = time.monotonic()
    pressed = 0

    def fail(app: MonkeyApp, error: BaseException | None, what: str) -> MonkeyFailure:
        return MonkeyFailure(
            f"monkey {what} (seed={seed}, key index={pressed}, app #{result.apps}, "
            f"screen={type(app.screen).__name__ if app.is_running else '-'}): "
            f"{error!r}\nlast {len(recent)} keys: {list(recent)}\n"
            f"replay: REBOUND_MONKEY_SEED={seed} REBOUND_MONKEY_KEYS={pressed + 1}"
        )

    last = max(keys, max_keys or keys)

    def count(key: str) -> None:
        nonlocal pressed
        recent.append(key)
        pressed += 1
        if app.is_running:  # the screen this key goes to
            result.screens.add(type(app.screen).__name__)

    def left() -> int:
        """Keys still to press."""
        if pressed < keys:
            return keys - pressed
        return last - pressed if visit - result.screens else 0

    while left():
        app = make_app()
        result.apps += 1
        current = size
        stopped = False
        try:
            async with app.run_test(size=current) as pilot:
                await pilot.pause()
                while left() and not _leaving(app):
                    group = next(stream)
                    if group == ["resize"]:
                        current = rng.choice(SIZES)
                        recent.append(f"resize{current}")
                        pressed += 1
                        await pilot.resize_terminal(*current)
                        continue
                    burst = group[0] == "burst"
                    if burst:
                        group = group[1:]
                    await press_fast(pilot, group[: left()], settle=not burst, on_key=count)
                    if app.errors:
                        break
                    if app.is_running and app.return_code is None:
                        result.screens.add(type(app.screen).__name__)
                stopped = _leaving(app) and app.return_code is None
                if not _leaving(app):
                    # Let the app handle what is queued before the test harness tears it
                    # down (run_test's shutdown does not wait for the queue, as quitting
                    # does): the keys still held back first, then what they set off.
                    await app.keys_handled()
                    await pilot.pause()
        except Exception as error:  # re-raised by run_test at exit
            first = app.errors[0] if app.errors else error
            raise fail(app, first, "crashed") from first
        if app.errors:
            raise fail(app, app.errors[0], "crashed") from app.errors[0]
        if app.return_code not in (None, 0):
            raise fail(app, None, f"exited with code {app.return_code}")
        if app.return_code is not None:
            result.exits += 1
        elif stopped:  # ended without exit() or an exception
            result.stops += 1
        if log is not None:
            log(f"seed {seed}: {pressed}/{keys} keys, {result.apps} apps")
    result.keys = pressed
    result.seconds = time.monotonic() - started
    return result
