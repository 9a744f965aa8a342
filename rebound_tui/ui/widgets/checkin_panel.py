"""A mood check-in: place yourself on the grid, name the feeling, how strong, a note;
in a rebound, also what you would tell a friend with the same news, and (only if you
want to answer) how much you had pictured life there."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from rebound_tui.domain.emotions import QUADRANT_LABELS, quadrants, words_for
from rebound_tui.domain.models import CheckIn
from rebound_tui.ui.text import clean
from rebound_tui.ui.widgets.mood_grid import MoodGrid
from rebound_tui.ui.widgets.scale import Scale
from rebound_tui.ui.widgets.word_picker import WordPicker


@dataclass(frozen=True)
class CheckInValues:
    pleasantness: int
    energy: int
    words: tuple[str, ...]
    intensity: int | None  # None until the slider is touched
    daydream: int | None
    note: str
    friend: str | None = None  # None where the panel does not ask it


GRID_HINT = "←→↑↓ or hjkl on the grid · space picks a word · tab moves on"
DAYDREAM_QUESTION = "Had you pictured life there?"
DAYDREAM_OFFER = "optional, and hoping is normal"
FRIEND_QUESTION = "What would you tell a friend who got this email?"
TELL_ONE_PERSON = "If you can, tell one person you trust today. A short message is enough."


class DaydreamOffer(Static, can_focus=True):
    """The daydream question, offered rather than asked: enter (or space) opens its scale.
    On the day of the no it is optional; the question belongs before the decision."""

    DEFAULT_CSS = """
    DaydreamOffer {
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    DaydreamOffer:focus {
        text-style: bold;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "answer", "Answer it", show=False, id="checkin.daydream"),
    ]

    class Opened(Message):
        """The user chose to answer the daydream question."""

    def render(self) -> Content:
        marker = "▸ " if self.has_focus else "  "
        # In the scales' column of 30 where it fits; closed up, then without the key, where
        # it does not (as `Scale` does).
        question, offer = f"{DAYDREAM_QUESTION:<30}", f"{DAYDREAM_OFFER} · enter"
        width = self.size.width or 80
        if len(marker) + len(question) + 1 + len(offer) > width:
            question = DAYDREAM_QUESTION
            if len(marker) + len(question) + 1 + len(offer) > width:
                offer = DAYDREAM_OFFER
            if len(marker) + len(question) + 1 + len(offer) > width:
                offer = "optional"
        return Content.from_markup(
            "$marker$question [dim]$offer[/]", marker=marker, question=question, offer=offer
        )

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_answer(self) -> None:
        self.post_message(self.Opened())


class CheckInPanel(Vertical):
    """Posts `CheckInPanel.Changed` with every change; its owner decides how to save."""

    class Changed(Message):
        """Something in the check-in changed: `values` is all of it, as now shown."""

        def __init__(self, panel: CheckInPanel, values: CheckInValues) -> None:
            super().__init__()
            self.panel = panel
            self.values = values

        @property
        def control(self) -> CheckInPanel:
            return self.panel

    def __init__(
        self, *, daydream: bool = False, friend: bool = False, id: str | None = None
    ) -> None:
        super().__init__(id=id, classes="checkin-panel")
        self.show_daydream = daydream
        self.show_friend = friend

    def compose(self) -> ComposeResult:
        with Horizontal(classes="checkin-top"):
            grid = MoodGrid(id="checkin-grid")
            grid.border_title = "Where are you?"
            yield grid
            words = WordPicker(id="checkin-words")
            words.border_title = "Words for it"
            yield words
        yield Scale("How strong is it?", 1, 10, low="faint", high="huge", id="checkin-intensity")
        if self.show_daydream:
            yield DaydreamOffer(id="checkin-daydream-offer")
            daydream = Scale(
                DAYDREAM_QUESTION, 0, 10, low="not at all", high="vividly", id="checkin-daydream"
            )
            daydream.display = False
            yield daydream
        yield Input(
            select_on_focus=False,
            placeholder="A note, if you like",
            id="checkin-note",
            max_length=2000,
        )
        if self.show_friend:
            friend = Input(
                select_on_focus=False,
                placeholder="The kind words you would say to them",
                id="checkin-friend",
                max_length=2000,
            )
            friend.border_title = FRIEND_QUESTION
            yield friend
            yield Static(TELL_ONE_PERSON, id="checkin-people")
        yield Static(GRID_HINT, classes="hint", id="checkin-hint")

    def on_mount(self) -> None:
        self._offer_words(0, 0)

    def load(self, checkin: CheckIn | None) -> None:
        """Show a saved check-in (or a blank one)."""
        grid = self.query_one(MoodGrid)
        if checkin is None:
            grid.set_position(0, 0)
            self._offer_words(0, 0, picked=())
            for scale in self.query(Scale):
                scale.set_value(None)
            self._show_daydream_scale(False)
            with self.prevent(Input.Changed):
                for field in self.query(Input):
                    field.value = ""
            return
        grid.set_position(checkin.pleasantness, checkin.energy)
        self._offer_words(checkin.pleasantness, checkin.energy, picked=checkin.words)
        self.query_one("#checkin-intensity", Scale).set_value(checkin.intensity)
        if self.show_daydream:
            self.query_one("#checkin-daydream", Scale).set_value(checkin.daydream)
            self._show_daydream_scale(checkin.daydream is not None)
        with self.prevent(Input.Changed):
            self.query_one("#checkin-note", Input).value = clean(checkin.note)
            if self.show_friend:
                self.query_one("#checkin-friend", Input).value = clean(checkin.friend)

    def _show_daydream_scale(self, shown: bool) -> None:
        """The daydream scale in place of its offer (once answered, or asked for)."""
        for offer in self.query(DaydreamOffer):
            offer.display = not shown
        for scale in self.query("#checkin-daydream"):
            scale.display = shown

    def on_daydream_offer_opened(self, event: DaydreamOffer.Opened) -> None:
        event.stop()
        self._show_daydream_scale(True)
        self.query_one("#checkin-daydream", Scale).focus()

    def values(self) -> CheckInValues:
        grid = self.query_one(MoodGrid)
        intensity = self.query_one("#checkin-intensity", Scale).value
        daydream = self.query_one("#checkin-daydream", Scale).value if self.show_daydream else None
        return CheckInValues(
            pleasantness=grid.pleasantness,
            energy=grid.energy,
            words=tuple(self.query_one(WordPicker).picked),
            intensity=intensity,
            daydream=daydream,
            note=self.query_one("#checkin-note", Input).value,
            friend=self.query_one("#checkin-friend", Input).value if self.show_friend else None,
        )

    def _offer_words(
        self, pleasantness: int, energy: int, picked: tuple[str, ...] | None = None
    ) -> None:
        picker = self.query_one(WordPicker)
        picker.offer(words_for(pleasantness, energy), picked)
        labels = [QUADRANT_LABELS[q] for q in quadrants(pleasantness, energy)]
        picker.border_title = "Words for it — " + (labels[0] if len(labels) == 1 else "any")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # The hint follows the focus: a slider's keys differ from the grid's.
        if isinstance(event.widget, Scale):
            hint = f"{event.widget.keys_hint} · tab moves on"
        elif isinstance(event.widget, DaydreamOffer):
            hint = "enter answers it · tab moves on"
        else:
            hint = GRID_HINT
        self.query_one("#checkin-hint", Static).update(hint)

    def _changed(self) -> None:
        self.post_message(self.Changed(self, self.values()))

    def on_mood_grid_moved(self, event: MoodGrid.Moved) -> None:
        event.stop()
        self._offer_words(event.pleasantness, event.energy)
        self._changed()

    def on_word_picker_changed(self, event: WordPicker.Changed) -> None:
        event.stop()
        self._changed()

    def on_scale_changed(self, event: Scale.Changed) -> None:
        event.stop()
        self._changed()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._changed()


def apply_values(checkin: CheckIn, values: CheckInValues) -> CheckIn:
    return replace(
        checkin,
        pleasantness=values.pleasantness,
        energy=values.energy,
        words=values.words,
        intensity=values.intensity,
        daydream=values.daydream,
        note=values.note,
        friend=checkin.friend if values.friend is None else values.friend,
    )
