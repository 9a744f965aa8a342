"""Textual's footer, rebuilt only when what it shows changes.

Textual's `Footer` removes and mounts all of its keys again whenever a screen's bindings
*may* have changed (`refresh_bindings`, focus moving, a screen resuming): at start that
is several times before the first paint, and in the drill once for every card. Each
rebuild mounts and styles a dozen widgets. This one compares what it would show (keys,
their labels and tooltips, which are enabled, the palette key) with what it shows, and
leaves its keys alone when they are the same, so it looks exactly like Textual's. Its
keys are built in their final style (see `compose`).

When they differ, the keys already there are given what a rebuild would show, as soon as
the change is handled rather than after the next repaint (`bindings_changed`): the
change is drawn in the same frame as the rest of the screen's. In a served drill, where
the keys change at every card, the rebuild and the extra frame it drew were about a
third of the CPU a key cost (docs/benchmarks.md).
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class QuietFooter(Footer):
    DEFAULT_CSS = """
    QuietFooter FooterKey.-spare {
        display: none;
    }
    """
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

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """As Textual's, but the keys are brought up to date as soon as the message that
        changed them is handled, not after the next repaint: in the same frame as the
        rest of the screen's change. Textual's drew a second frame for the footer alone,
        and in a served drill, where the keys change at every card, that frame was half
        the CPU a key cost."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_next(self._bring_up_to_date)

    def _bring_up_to_date(self) -> None:
        if not self.is_attached:
            return
        if self._shown is not None and self._what_it_shows() == self._shown:
            self.refresh()  # see `recompose`
        elif not self._update_in_place():
            self.call_after_refresh(self.recompose)

    def _update_in_place(self) -> bool:
        """Give the keys already there what a rebuild would show, in order; hide those
        left over (shown again by a later change) and mount only those missing, so a
        change is drawn in the frame it happens in. Only for a footer of keys alone (no
        groups of keys, which Textual composes into containers): False otherwise, and
        nothing is done."""
        old = list(self.children)
        if not old or not all(type(widget) is FooterKey for widget in old):
            return False
        shown = self._shown
        new = list(self.compose())
        if not all(type(widget) is FooterKey for widget in new):
            self._shown = shown
            return False
        old_keys, old_palette = _split(old)
        new_keys, new_palette = _split(new)
        if len(old_palette) != len(new_palette):
            self._shown = shown
            return False
        pairs = chain(
            zip(old_keys, new_keys, strict=False),  # the palette's key: paired apart
            zip(old_palette, new_palette, strict=True),
        )
        for target, source in pairs:
            _become(target, source)
            target.remove_class("-spare")
        for surplus in old_keys[len(new_keys) :]:
            surplus.add_class("-spare")  # kept for a later change: no mount, no frame more
        extra = new_keys[len(old_keys) :]
        if extra:
            self.mount_all(extra, before=old_palette[0] if old_palette else None)
        return True


def _split(keys: list[Any]) -> tuple[list[FooterKey], list[FooterKey]]:
    """The keys of bindings, and the command palette's (docked right, last)."""
    palette = [key for key in keys if key.has_class("-command-palette")]
    return [key for key in keys if not key.has_class("-command-palette")], palette


def _become(target: FooterKey, source: FooterKey) -> None:
    """`target` shows what `source` (composed, never mounted) would."""
    if (target.key, target.key_display, target.description, target.action) != (
        source.key,
        source.key_display,
        source.description,
        source.action,
    ):
        target.key = source.key
        target.key_display = source.key_display
        target.description = source.description
        target.action = source.action
        target.refresh(layout=True)
    target._disabled = source._disabled
    target.set_class(source._disabled, "-disabled")
    target.tooltip = source.tooltip
