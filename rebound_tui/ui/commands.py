"""The command palette (ctrl+p): every action of the app and of the current screen."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from rebound_tui.ui.app import ReboundApp


class ReboundCommands(Provider):
    """App-wide actions, plus the bindings of the screen the palette was opened over."""

    def _commands(self) -> list[tuple[str, str, str]]:
        app: ReboundApp = self.app  # type: ignore[assignment]
        commands = list(app.palette_commands())
        seen = {action for _, _, action in commands}
        titles = {title.lower() for title, _, _ in commands}
        for binding in getattr(self.screen, "BINDINGS", []):
            action = getattr(binding, "action", None)
            description = getattr(binding, "description", "")
            if not action or not description or f"screen.{action}" in seen:
                continue
            if description.lower() in titles:
                continue  # the app-wide command of the same name does the same
            seen.add(f"screen.{action}")
            tooltip = getattr(binding, "tooltip", "") or description
            commands.append((description, tooltip, f"screen.{action}"))
        return commands

    async def _run(self, action: str) -> None:
        await self.app.run_action(action, self.screen)

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
