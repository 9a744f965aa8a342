"""Textual's OptionList, safe to page through before it has a size."""

from __future__ import annotations

from typing import Literal

from textual.widgets import OptionList as TextualOptionList


class OptionList(TextualOptionList):
    """In Textual 8.2.8, pageup/pagedown in a list that has no size yet (a terminal only a
    few cells big, or keys typed ahead of the first paint) raised KeyError: the list maps
    options to lines only once it has a size. Found by the monkey (tests/test_monkey.py)."""

    def _move_page(self, direction: Literal[-1, 1]) -> None:
        if not self.scrollable_content_region:
            return  # not laid out: nothing to page through
        super()._move_page(direction)
