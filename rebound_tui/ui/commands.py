"""The command palette (ctrl+p): every action of the app and of the current screen."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual import work
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.css.query import NoMatches

if TYPE_CHECKING:
    from rebound_tui.ui.app import ReboundApp


class ReboundCommands(Provider):
    """App-wide actions, plus the bindings of the screen the palette was opened over."""

    def _commands(self) -> list[tuple[str, str, str]]:
        app = cast("ReboundApp", self.app)  # a provider of this app's palette only
        commands = list(app.palette_commands())
        seen = {action for _, _, action in commands}
        titles = {title.lower() for title, _, _ in commands}
        for binding in getattr(self.screen, "BINDINGS", []):
            action = getattr(binding, "action", None)
            description = getattr(binding, "description", "")
            if not action or not description:
                continue
            # "app.pop_screen" already names its target; "screen.app.pop_screen" is an
            # ActionError (found by tests/test_monkey.py).
            if not action.startswith(("app.", "screen.")):
                action = f"screen.{action}"
            if action in seen or description.lower() in titles:
                continue  # the app-wide command of the same name does the same
            seen.add(action)
            tooltip = getattr(binding, "tooltip", "") or description
            commands.append((description, tooltip, action))
        return commands

    async def _run(self, action: str) -> None:
        app = self.app
        if isinstance(app.screen, CommandPalette):
            # ctrl+p typed right after choosing this command opened another palette
            # before the command ran: close it, or the command's screen would open on
            # top of it and leave it stranded (found by tests/test_monkey.py).
            app.pop_screen()
        await app.run_action(action, self.screen)

    async def discover(self) -> Hits:
        for title, help_text, action in self._commands():
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._run, action), help=help_text
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
