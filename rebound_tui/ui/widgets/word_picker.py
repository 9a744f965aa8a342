"""Pick any number of emotion words; picked ones are marked [x] (not by colour alone)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rebound_tui.ui.text import line


class WordPicker(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pick", "Pick word", id="words.toggle"),
        Binding("j", "cursor_down", "Down", show=False, id="words.down"),
        Binding("k", "cursor_up", "Up", show=False, id="words.up"),
    ]

    class Changed(Message):
        def __init__(self, picker: WordPicker, words: tuple[str, ...]) -> None:
            super().__init__()
            self.picker = picker
            self.words = words

        @property
        def control(self) -> WordPicker:
            return self.picker

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.picked: list[str] = []
        self._offered: tuple[str, ...] = ()

    def offer(self, words: Iterable[str], picked: Iterable[str] | None = None) -> None:
        """Show `words`, with picked words (from anywhere) first."""
        if picked is not None:
            self.picked = list(dict.fromkeys(picked))  # an imported list may repeat a word
        self._offered = tuple(dict.fromkeys(words))
        self._rebuild()

    def _rebuild(self) -> None:
        highlighted = self.highlighted
        shown = [*self.picked, *(w for w in self._offered if w not in self.picked)]
        self.set_options(Option(self._prompt(w), id=w) for w in shown)
        if shown:
            self.highlighted = min(highlighted or 0, len(shown) - 1)

    def _prompt(self, word: str) -> Content:
        return line(f"[x] {word}" if word in self.picked else f"[ ] {word}", 80)

    def action_pick(self) -> None:
        if self.highlighted is None:
            return
        word = self.get_option_at_index(self.highlighted).id
        assert word is not None
        if word in self.picked:
            self.picked.remove(word)
        else:
            self.picked.append(word)
        self.replace_option_prompt(word, self._prompt(word))  # in place: the cursor stays
        self.post_message(self.Changed(self, tuple(self.picked)))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick()
