"""`ReboundApp`: the Textual application shell."""

from __future__ import annotations

import sys
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar, TypeGuard, TypeVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.notifications import SeverityLevel

from rebound_tui.domain.clock import Clock
from rebound_tui.services import settings
from rebound_tui.ui.autosave import Autosaver
from rebound_tui.ui.commands import PaletteAction, ReboundCommands
from rebound_tui.ui.keys import KeysInOrderApp
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import ControlCodeFilter, clean, one_line
from rebound_tui.ui.themes import SIXTEEN_COLOUR_THEME, startup_theme

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widgets import Input, TextArea

    from rebound_tui.services import Store
    from rebound_tui.ui.prepare import Preparer

ScreenT = TypeVar("ScreenT", bound="Screen[Any]")
PREPARE_AFTER = 0.3  # seconds after the first screen is filled


def is_text_field(widget: object) -> TypeGuard[Input | TextArea]:
    """An `Input` or a `TextArea`. TextArea is not imported to find out (it is slow to
    import, and the footer asks at start): if it is not loaded, no widget is one."""
    from textual.widgets import Input

    if isinstance(widget, Input):
        return True
    text_area = sys.modules.get("textual.widgets._text_area")
    return text_area is not None and isinstance(widget, text_area.TextArea)


class ReboundApp(KeysInOrderApp[int]):
    """Rebound's terminal app. Data comes from `repo`; time from `clock`. Keys reach the
    focus in order however fast they come (`ui/keys.py`)."""

    TITLE = "Rebound"
    # The screens a start opens (home; the drill for `rebound drill`) have their styles
    # read with the app's: a screen's own CSS_PATH, read when it is first pushed, makes
    # Textual parse every stylesheet again and restyle the whole app. Their rules name
    # only their own widgets' ids, so nothing else looks any different.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        STYLES / "base.tcss",
        STYLES / "home.tcss",
        STYLES / "drill.tcss",
    ]
    # Every screen is -narrow under 80 columns and -short under 24 rows (styles/*.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]  # noqa: RUF012
    COMMANDS: ClassVar[set[Any]] = {ReboundCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.commands"),
        # In a text field q and ? are typed, not keys: the footer offers these instead
        # (shown only there, see `check_action`; ctrl+q quits everywhere, as in Textual).
        Binding("ctrl+q", "quit_in_field", "Quit", key_display="^q", id="app.quit_in_field"),
        Binding("f1", "help_in_field", "Help", key_display="f1", id="app.help_in_field"),
        # A screen with a search of its own (the card browser) keeps `/` for it.
        Binding(
            "slash",
            "search",
            "Search everything you wrote",
            key_display="/",
            show=False,
            id="app.search",
        ),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("quit_in_field", "help_in_field"):
            return is_text_field(self.focused)
        if action == "search":  # in a text field `/` is typed: not offered there
            return not is_text_field(self.focused)
        return super().check_action(action, parameters)

    async def action_quit_in_field(self) -> None:
        await self.action_quit()

    def action_help_in_field(self) -> None:
        self.action_help()

    def __init__(
        self,
        repo: Store,
        clock: Clock,
        *,
        theme: str | None = None,
        start: str = "home",
        load_in_background: bool = False,
        served: bool = False,
        resume_gc: bool = False,
        **options: Any,
    ) -> None:
        super().__init__()
        self.resume_gc = resume_gc
        """The command line paused garbage collection for the start (`cli/app.py`): turn
        it back on once the first screen shows what it is for (`start_done`)."""
        self.served = served
        """Over SSH: every byte crosses a network, so no cursor blinks (`on_descendant_focus`)
        and the mouse reports clicks, not every motion (`ui/served.py`)."""
        if served and not sys.platform.startswith("win"):
            from textual.drivers.linux_driver import LinuxDriver

            if self.driver_class is LinuxDriver:  # not Windows, not a driver chosen by env
                from rebound_tui.ui.served import ServedDriver

                self.driver_class = ServedDriver
        self.repo = repo
        self.clock = clock
        self.autosave = Autosaver(self)
        self.start = start
        self.load_in_background = load_in_background
        """Home's figures read on a worker thread, the other screens prepared while the
        first one is read (`ui/prepare.py`): as `rebound` itself does."""
        self.preparer: Preparer | None = None
        self.options = options
        self._requested_theme = theme
        self._theme_ready = False
        stored = settings.settings(repo)
        self.theme = startup_theme(stored.theme, theme)
        if self.no_color and not theme and self.theme != stored.theme:
            # NO_COLOR: no colour at all (terminal defaults, selection in reverse video),
            # unless the user chose a theme, which wins (no-color.org); it comes out grey.
            self.theme = SIXTEEN_COLOUR_THEME
        self._filters.append(ControlCodeFilter())  # no control character reaches the terminal
        self._sync_no_color_filter()
        if self.no_color:
            self.add_class("-no-color")  # styles mark the selection without colour
        if stored.keymap:
            self.set_keymap(stored.keymap)

    # -- lifecycle -------------------------------------------------------------------
    def start_done(self, prepare_after: float = PREPARE_AFTER) -> None:
        """The first screen shows its content: garbage collection resumes (if it was
        paused for the start), leaving what the start built out of every later pass;
        the other screens are prepared from `prepare_after` seconds on."""
        from rebound_tui.ui.prepare import Preparer, resume_garbage_collection

        if self.resume_gc:
            self.resume_gc = False
            resume_garbage_collection(served=self.served)
        if self.load_in_background and self.preparer is None:
            self.preparer = Preparer(self)
            self.preparer.start(prepare_after)

    def on_mount(self) -> None:
        self._theme_ready = True
        if self.resume_gc:  # home calls it when its figures are in; other starts paint
            self.set_timer(5.0 if self.start == "home" else 0.5, self.start_done)
        self._install_hangup_handler()
        if self.start in ("checkin", "cram"):  # `rebound checkin`, `drill --tag/--for`
            self.open(self.start, exit_when_done=True, **self.options)
        self.show_notices()
        from rebound_tui.ui.calendar_sync import keep_in_sync
        from rebound_tui.ui.zone_offer import offer_client_zone

        keep_in_sync(self)  # the calendar file, if one is set (Settings.calendar_file)
        offer_client_zone(self)  # over SSH, the zone the client sent, asked about once

    def get_default_screen(self) -> Screen[Any]:
        """The first screen (`navigation.first_screen`), else Textual's empty one."""
        from rebound_tui.ui.navigation import first_screen

        screen = first_screen(self.start, self.options)
        return super().get_default_screen() if screen is None else self.sized(screen)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Served, a text field's cursor does not blink (a blink is a redraw every half
        second, about 2 KB/s on the wire while the user thinks)."""
        if self.served and is_text_field(event.widget):
            event.widget.cursor_blink = False

    def _install_hangup_handler(self) -> None:
        """Textual installs no SIGHUP handler: a dropped SSH connection would lose what was
        typed in the last second. Save it and leave cleanly instead."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, self._hang_up)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread
                return

    def _hang_up(self) -> None:
        import os
        import threading

        try:
            self._save_or_rescue()
        finally:
            # The terminal may be gone, and a clean shutdown writes to it; if that hangs,
            # leave anyway (everything is saved, or rescued, by now).
            watchdog = threading.Timer(2.0, os._exit, args=(129,))
            watchdog.daemon = True
            watchdog.start()
            self._unsaved_ok = True
            self.exit(return_code=129)

    def _save_or_rescue(self) -> str:
        """Save what is pending; if the disk refuses, write it wherever we can. Returns a
        sentence for the user about where it went ("" when all is saved)."""
        if self.autosave.flush():
            return ""
        stamp = self.clock.now().strftime("%Y%m%d-%H%M%S")
        path = self.autosave.rescue_anywhere(f"rebound-unsaved-{stamp}.json")
        if path is None:
            return " Your last changes could not be saved anywhere."
        return f" Your unsaved changes are in {path}; `rebound import` brings them back."

    _unsaved_ok = False
    failure: str | None = None
    """Why the app ended early (a store error), in one line for the command line to print."""
    """Set once the user has been asked about unsaved input (or nobody can be asked)."""

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Everything pending is saved before the app goes; if it cannot be, the user is
        asked (retry, keep editing, or write it to a file) instead of losing it."""
        if self.autosave.flush() or self._unsaved_ok:
            super().exit(*args, **kwargs)
            return

        def answered(safe: bool | None) -> None:
            if safe:
                self._unsaved_ok = True
                self.call_later(self.exit, *args, **kwargs)

        self._ask_about_unsaved("quit", answered)

    def pop_screen(self) -> Any:
        """Pending saves belong to the screen being left: run them while it still exists.
        If they fail, leaving waits for the user's answer."""
        from textual.screen import ModalScreen

        if isinstance(self.screen, ModalScreen) or self.autosave.flush():
            return super().pop_screen()
        leaving = self.screen

        def answered(safe: bool | None) -> None:
            if safe and self.screen is leaving:
                self.call_later(self.pop_screen)

        self._ask_about_unsaved("leave", answered)
        from textual.await_complete import AwaitComplete

        return AwaitComplete.nothing()

    def _ask_about_unsaved(self, leaving: str, answered: Any) -> None:
        from rebound_tui.ui.dialogs.unsaved import UnsavedScreen

        if isinstance(self.screen, UnsavedScreen):
            return
        self.push_screen(UnsavedScreen(leaving), answered)

    def _handle_exception(self, error: Exception) -> None:
        """A problem with the data directory (the disk is full, another Rebound held the
        lock too long, the directory became read-only) ends the app with one clear line,
        not a traceback; what was saved before is safe, and typing that could not be saved
        is written elsewhere and named in that line."""
        from textual.css.query import NoMatches
        from textual.worker import WorkerFailed

        from rebound_tui.services import StoreError

        cause = error.error if isinstance(error, WorkerFailed) else error
        if isinstance(cause, NoMatches) and (self._exit or not self._running):
            # A key opened a screen just before quitting (or a hang-up): the shutdown
            # removed its widgets before its mount handler ran. Nothing to show, nothing
            # lost (found by tests/test_monkey.py).
            return

        if isinstance(cause, StoreError | OSError):  # also in a worker (home's figures)
            self._return_code = 1
            rescued = self._rescue_quietly()
            self._unsaved_ok = True
            reason = cause.strerror if isinstance(cause, OSError) and cause.strerror else cause
            # Printed by the command line once the terminal is restored, escaped, one line.
            self.failure = f"{getattr(cause, 'doing', 'could not save')}: {reason}.{rescued}"
            self.exit(return_code=1)
            return
        self._rescue_quietly()  # a bug ends the app: what was typed is kept all the same
        self._unsaved_ok = True
        super()._handle_exception(error)

    def _rescue_quietly(self) -> str:
        try:
            return self._save_or_rescue()
        except Exception:  # already on the way out with an error of its own
            return ""

    def show_notices(self) -> None:
        """Tell the user, once, about anything the store had to do on their behalf."""
        for notice in settings.take_notices(self.repo):
            self.notify(notice, severity="warning", timeout=12)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification is literal text: messages often carry user text (a card's
        question, a treat, a typed path), which must never be parsed as markup or reach the
        terminal as control codes. `markup` is accepted for Textual's signature only."""
        super().notify(
            clean(message), title=one_line(title), severity=severity, timeout=timeout, markup=False
        )

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header shows titles literally, on one line (a sub-title is often a company)."""
        return super().format_title(one_line(title), one_line(sub_title))

    def _sync_no_color_filter(self) -> None:
        """Under NO_COLOR, Textual picks its colour-removing filter when the app is created,
        for the theme of that moment: an ANSI theme needs `NoColor` (terminal defaults),
        others `Monochrome`. Keep the choice in step with the theme actually in use, or
        an ANSI theme comes out black on black."""
        if not self.no_color:
            return
        from textual.filter import Monochrome, NoColor

        wanted = NoColor if self.native_ansi_color else Monochrome
        self._filters = [
            wanted() if isinstance(f, NoColor | Monochrome) else f for f in self._filters
        ]

    def watch_theme(self, theme: str) -> None:
        self._sync_no_color_filter()
        if not self._theme_ready:
            return
        settings.save_theme(self.repo, theme)

    # -- actions ---------------------------------------------------------------------
    def action_help(self) -> None:
        from rebound_tui.ui.dialogs.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def palette_commands(self) -> list[tuple[str, str, PaletteAction]]:
        """(title, help, action) for the command palette: every area, drill options, export,
        import, backups, help, quit and every theme (`ui/data_actions.py`)."""
        from rebound_tui.ui.data_actions import palette_entries
        from rebound_tui.ui.navigation import LISTED

        return [
            ("Home", "Back to the home screen", "app.go_home"),
            *((area.title, area.help, area.action) for area in LISTED),
            ("Help: keys of this screen", "Every key the current screen knows", "app.help"),
            ("Quit", "Leave Rebound (everything is already saved)", "app.quit"),
            *palette_entries(self),
        ]

    def action_command_palette(self) -> None:
        from rebound_tui.ui.commands import ReboundPalette

        # `is_open` takes `App[object]`, and App is invariant in its return type.
        if self.use_command_palette and not ReboundPalette.is_open(self):  # type: ignore[arg-type]
            # No fixed id: a palette just closed may still be on its way out.
            self.push_screen(ReboundPalette())

    def action_search(self) -> None:
        """`/`: search everything you wrote (not from a dialog)."""
        from textual.screen import ModalScreen

        if isinstance(self.screen, ModalScreen):
            return
        self.open("search")

    def action_open(self, area: str) -> None:
        """Open one of the app's areas (`ui/navigation.py`) on top of the current screen."""
        self.open(area)

    def open(self, area: str, **arguments: Any) -> None:
        """Open an area, with what its screen takes (`app.open('rebound', rebound_id=…)`)."""
        from rebound_tui.ui.navigation import AREA

        self.push_screen(self.sized(AREA[area].make_screen(**arguments)))

    def sized(self, screen: ScreenT) -> ScreenT:
        """`screen` with the breakpoint classes of the terminal's size (-wide, -tall...)
        already on: Textual adds them when the screen first gets its size, after its
        widgets are styled, and styles them all again for it."""
        width, height = self.size
        for dimension, own, ours in (
            (width, screen.HORIZONTAL_BREAKPOINTS, self.HORIZONTAL_BREAKPOINTS),
            (height, screen.VERTICAL_BREAKPOINTS, self.VERTICAL_BREAKPOINTS),
        ):
            breakpoints = (ours if own is None else own) or []
            screen.add_class(*screen._get_breakpoint_classes(dimension, breakpoints), update=False)
        return screen

    def action_go_home(self) -> None:
        from rebound_tui.ui.screens.home import HomeScreen

        keep = 2 if self.screen_stack[0].id == "_default" else 1  # the start screen over it
        while len(self.screen_stack) > keep and not isinstance(self.screen, HomeScreen):
            depth = len(self.screen_stack)
            self.pop_screen()
            if len(self.screen_stack) >= depth:  # held back: something is not saved yet
                break
