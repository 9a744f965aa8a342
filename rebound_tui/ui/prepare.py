"""While the user reads the first screen, do once what first opening each area would
otherwise do as its key is pressed: import the screen's module (and the charts and
tables it builds with), read its styles and, outside a served session, build the deck's
card records, its order and searchable texts, and the search index, a file or a thousand
records at a time.

A screen whose `CSS_PATH` is new to the app makes Textual read it, parse every stylesheet
again and restyle every widget of every screen, as the key that opens it waits: about
half of a first History or Cards open on a 2-core machine (docs/benchmarks.md, issue 16).
Read here, all at once, the styles cost one restyle of home while it sits idle, and a
screen opened later finds its styles in place (Textual then reads nothing).

The styles come first (their files are named in `navigation.AREAS`: nothing is imported
for them), as a key that opens a screen before they are read pays the most; then the
modules, then (outside a served session) the deck's cards, kept newest first with their
searchable texts, and the search index, and once
all is done, what the start and the steps built is left out of later collections
(`gc.freeze`). The work is cut into steps of one module or the styles, a
timer tick apart, so a key typed meanwhile waits for one step at most (the deck is
read a few hundred cards a step).

Started by the command line's app only (`ReboundApp.load_in_background`): in tests,
styles arrive when each screen first opens, as they always did, so a snapshot does not
depend on how long a test ran."""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rebound_tui.ui.navigation import AREAS
from rebound_tui.ui.styles import STYLES

if TYPE_CHECKING:
    from rebound_tui.ui.app import ReboundApp

STEP_GAP = 0.02
"""Seconds between two steps: keys and repaints queued meanwhile go first."""

GC_THRESHOLDS = (50_000, 20, 100)
"""Collections 70 times rarer than Python's default (700): a walk of the screens on heavy
data spent 284 ms in 641 collections (four full ones, 36 ms at worst) with the default,
94 ms in 5 (23 ms at worst) with these (bench/bench_gc.py, docs/benchmarks.md)."""

IMPORTED_BEFORE = {
    # The Markdown widget and its parser (50-80 ms at once): a step each, so a key
    # waits for one of them at most.
    "rebound_tui.ui.screens.retrospective": ("markdown_it", "textual.widgets._markdown"),
}

ALSO_IMPORTED = (
    "rebound_tui.ui.widgets.charts",  # plotext: the first import is the slowest part
    "rebound_tui.ui.widgets.fast_table",
    "filelock",  # the store's lock, first taken by a write (a drill's first rating)
)


class Preparer:
    """Runs `steps()` one per timer tick on `app` once `start` is called."""

    def __init__(self, app: ReboundApp) -> None:
        self._app = app
        self._steps: Iterator[Callable[[], object]] | None = None
        self.done = False

    def start(self, delay: float) -> None:
        if self._steps is None:
            self._steps = self.steps()
            self._app.set_timer(delay, self._next)

    def run_all(self) -> None:
        """Every step at once, no timer between them (for tests)."""
        for step in self.steps():
            step()
        self.done = True

    def steps(self) -> Iterator[Callable[[], object]]:
        yield self.read_styles
        modules = dict.fromkeys(area.screen.partition(":")[0] for area in AREAS)
        for module in (*modules, *ALSO_IMPORTED):
            for first in IMPORTED_BEFORE.get(module, ()):
                yield partial(_import, first)
            yield partial(_import, module)
        if not self._app.served:  # a served session keeps to what it shows
            from rebound_tui.services.cards import reading_ahead
            from rebound_tui.services.deck_order import ordering_ahead
            from rebound_tui.services.search import building_ahead

            yield from reading_ahead(self._app.repo)
            yield from ordering_ahead(self._app.repo)
            yield from building_ahead(self._app.repo)
        yield _freeze

    def _next(self) -> None:
        if self._steps is None or not self._app.is_running:
            return
        step = next(self._steps, None)
        if step is None:
            self.done = True
            return
        with contextlib.suppress(Exception):  # a step that fails costs only its speed-up
            step()
        self._app.set_timer(STEP_GAP, self._next)

    def read_styles(self) -> None:
        """Every area's styles, in the order of the areas (so the same rules win every
        time, whatever was opened first), then one restyle."""
        stylesheet = self._app.stylesheet
        added = False
        for path in style_paths():
            if not stylesheet.has_source(str(path), ""):
                stylesheet.read(path)
                added = True
        if added:
            # `parse`, not Textual's `reparse` (which parses every source again, in a
            # new stylesheet, for new variables): only the files just read are parsed.
            stylesheet.parse()
            stylesheet.update(self._app)


def _import(module: str) -> None:
    importlib.import_module(module)


def _freeze() -> None:
    """What was built so far lives as long as the app: no collection looks at it again
    (one would otherwise come due in the middle of a screen's first open)."""
    import gc

    gc.freeze()


def style_paths() -> list[Path]:
    """The CSS files of every area's screen (`Area.styles`), as Textual names them when
    it pushes one (`CSS_PATH = str(STYLES / name)`: the path itself)."""
    return list(dict.fromkeys(Path(STYLES / name) for area in AREAS for name in area.styles))


def resume_garbage_collection(*, served: bool) -> None:
    """After the start (collection paused, `cli/app.py`): what the start built is left
    out of every later pass, and collections come rarer, except in a served session,
    where memory counts more (garbage in cycles waits longer for a collection)."""
    import gc

    gc.freeze()
    if not served:
        gc.set_threshold(*GC_THRESHOLDS)
    gc.enable()
