"""Textual's footer, rebuilt only when what it shows changes.

Textual's `Footer` removes and mounts all of its keys again whenever a screen's bindings
*may* have changed (`refresh_bindings`, focus moving, a screen resuming): at start that
is several times before the first paint, and in the drill once for every card. Each
rebuild mounts and styles a dozen widgets. This one compares what it would show (keys,
their labels and tooltips, which are enabled, the palette key) with what it shows, and
leaves its keys alone when they are the same, so it looks exactly like Textual's. Its
keys are built in their final style (see `compose`).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class QuietFooter(Footer):
    _shown: tuple[Any, ...] | None = None

    def _what_it_shows(self) -> tuple[Any, ...]:
        active = self.screen.active_bindings
        keys = tuple(
            (
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                binding.group,
                enabled,
                tooltip,
            )
            for (_, binding, enabled, tooltip) in active.values()
            if binding.show
        )
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _, binding, enabled, tooltip = found
                palette = (binding.key, binding.description, enabled, tooltip, binding.tooltip)
        return (keys, palette, self.compact)

    def compose(self) -> ComposeResult:
        self._shown = self._what_it_shows() if self._bindings_ready else None
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # A key starts compact and is bound to the footer's (not compact) after
                # mounting: its class goes on and off again, each time restyling it.
                # Start it as it will end (the palette's key is not bound: it stays).
                if not widget.has_class("-command-palette"):
                    widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(widget.compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        if (
            self._shown is not None
            and self.is_attached
            and self._bindings_ready
            and self._what_it_shows() == self._shown
        ):
            # Still repaint (cheap: the same keys drawn again). Callbacks waiting for the
            # next refresh (`call_after_refresh`), and a key held back until they have run
            # (ui/keys.py), would otherwise wait for some unrelated repaint, up to a second.
            self.refresh()
            return
        await super().recompose()
        # Textual binds each key it mounts to the footer's `compact` (`data_bind`) and
        # drops a binding only when `compact` changes, which it never does here: without
        # this, every key ever shown stays alive (a few more for every card drilled).
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, call) for node, call in watchers if node.is_attached]
