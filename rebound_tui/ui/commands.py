"""The command palette (ctrl+p): every action of the app and of the current screen."""

from __future__ import annotations

import inspect
from collections.abc import AsyncGenerator, Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual import work
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.css.query import NoMatches
from textual.markup import escape

if TYPE_CHECKING:
    from rebound_tui.ui.app import ReboundApp

PaletteAction = str | Callable[[], object]
"""An action string run on the app ("app.open('drill')"), or a function to call."""


class ReboundCommands(Provider):
    """The actions of the screen the palette was opened over (its keys, and its focused
    widget's), then the app's (`ReboundApp.palette_commands`); each title once."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = cast("ReboundApp", self.app)  # a provider of this app's palette only
        own = app.palette_commands()
        titles = {title.casefold() for title, _, _ in own}
        actions = {action for _, _, action in own if isinstance(action, str)}
        commands: list[tuple[str, str, Callable[[], object]]] = []
        for title, help_text, action, node in self._screen_commands():
            if title.casefold() in titles or action in actions:
                continue  # the app-wide command of the same name does the same
            titles.add(title.casefold())
            commands.append((title, help_text, partial(app.run_action, action, node)))
        for title, help_text, run in own:
            if isinstance(run, str):
                commands.append((title, help_text, partial(app.run_action, run, self.screen)))
            else:
                commands.append((title, help_text, run))
        return commands

    def _screen_commands(self) -> Iterator[tuple[str, str, str, Any]]:
        """(title, help, action, node to run it on): what the screen's keys do now (a key
        that does nothing now is left out), with the keys in the help line. Only Rebound's
        own bindings: they all carry an id (for a keymap); Textual's (tab, ctrl+c) do not,
        and the app's are in `palette_commands`."""
        app = self.app
        found: dict[tuple[int, str], tuple[str, str, list[str], Any]] = {}
        for active in self.screen.active_bindings.values():
            binding, node = active.binding, active.node
            if node is app or not (binding.id and binding.description and active.enabled):
                continue
            key = binding.key_display or app.get_key_display(binding)
            title, tooltip, keys, _ = found.setdefault(
                (id(node), binding.action), (binding.description, binding.tooltip, [], node)
            )
            if key not in keys:
                keys.append(key)
        for (_, action), (title, tooltip, keys, node) in found.items():
            help_text = f"{tooltip} · " if tooltip else ""
            yield title, f"{help_text}key: {' '.join(keys)}", action, node

    async def _run(self, command: Callable[[], object]) -> None:
        app = self.app
        if isinstance(app.screen, CommandPalette):
            # ctrl+p typed right after choosing this command opened another palette
            # before the command ran: close it, or the command's screen would open on
            # top of it and leave it stranded (found by tests/test_monkey.py).
            app.pop_screen()
        result = command()
        if inspect.isawaitable(result):
            await result

    async def discover(self) -> Hits:
        for title, help_text, command in self._commands():
            yield DiscoveryHit(
                escape(title), partial(self._run, command), text=title, help=escape(help_text)
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, command in self._commands():
            # Equal matches: the shorter title, the closer one, first ("interv": Interviews
            # before Practise for an interview).
            score = matcher.match(title) - len(title) / 1e6
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._run, command),
                    text=title,
                    help=escape(help_text),
                )


class ReboundPalette(CommandPalette):
    """Textual's palette, safe against keys typed faster than it lays itself out (found by
    the monkey in tests/test_monkey.py): pageup/pagedown before its list has a size raised
    KeyError, and a search still starting when the palette closed raised NoMatches."""

    def _action_command_list(self, action: str) -> None:
        paging = action in ("page_up", "page_down")
        if paging and not self.query_one(CommandList).scrollable_content_region:
            return  # not laid out yet: nothing to page through
        super()._action_command_list(action)

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        try:
            # the undecorated method of Textual's palette (its @work wrapper keeps it)
            # (`__wrapped__` is set by functools.wraps at run time; typeshed cannot see it)
            await CommandPalette._gather_commands.__wrapped__(self, search_value)  # type: ignore[attr-defined]
        except NoMatches:
            if self.query(CommandList):
                raise
            # The palette closed (its list removed) before the search ran: nothing to show.

    async def _search_for(self, search_value: str) -> AsyncGenerator[DiscoveryHit | Hit, bool]:
        """Textual's search over every provider, each title once: a screen's own provider
        (the settings screen's themes) may offer what the app's already does."""
        hits = super()._search_for(search_value)
        seen: set[str] = set()
        aborted = False  # what the palette's worker sends back: whether it was cancelled
        try:
            hit = await hits.__anext__()
            while True:
                title = (hit.text or "").casefold()
                if title not in seen:
                    seen.add(title)
                    aborted = yield hit
                hit = await hits.asend(aborted)
        except StopAsyncIteration:
            return
