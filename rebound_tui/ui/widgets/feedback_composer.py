"""Ask for feedback: a letter from our template, its status, and what came back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from rebound_tui.domain.feedback import HONEST_EXPECTATIONS, NUDGED, nudge_due
from rebound_tui.domain.models import FeedbackRequest, FeedbackStatus
from rebound_tui.ui.text import clean, plain, template

STATUS_LABELS = {"draft": "draft", "sent": "sent", "replied": "replied", "no_reply": "no reply"}
BUTTONS = (
    ("copy", "Copy (c)"),
    ("file", "Save (w)"),
    ("sent", "Sent (s)"),
    ("replied", "Replied (r)"),
    ("no_reply", "No reply (n)"),
)


class FeedbackPoints(OptionList):
    """The points that came back; each can become a drill card or a skill, or go."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "to_card", "Make a drill card", id="points.card"),
        Binding("k", "to_skill", "Skill to work on", id="points.skill"),
        Binding("x", "remove_point", "Delete point", id="points.delete"),
    ]

    def _highlighted_point(self) -> int | None:
        if self.highlighted is None or self.option_count == 0:
            return None
        option = self.get_option_at_index(self.highlighted)
        return None if option.id is None else int(option.id)

    def action_to_card(self) -> None:
        if (index := self._highlighted_point()) is not None:
            self.post_message(FeedbackComposer.PointToCard(index))

    def action_to_skill(self) -> None:
        if (index := self._highlighted_point()) is not None:
            self.post_message(FeedbackComposer.PointToSkill(index))

    def action_remove_point(self) -> None:
        if (index := self._highlighted_point()) is not None:
            self.post_message(FeedbackComposer.PointRemoved(index))


class FeedbackComposer(Vertical):
    """The letter, its status and the points that came back; what the user does goes up
    as the messages below, for the rebound's feedback step to act on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit_letter", "Edit letter", id="feedback.edit"),
        # Each of these is on its button ("Copy (c)"), so the footer keeps its room for
        # the keys every step needs (next, back, home, help, quit); help lists them all.
        Binding("c", "copy_letter", "Copy", show=False, id="feedback.copy"),
        Binding("w", "save_letter", "Save to file", show=False, id="feedback.file"),
        Binding("s", "mark('sent')", "Mark sent", show=False, id="feedback.sent"),
        Binding("r", "mark('replied')", "Got a reply", show=False, id="feedback.replied"),
        Binding("n", "mark('no_reply')", "No reply", show=False, id="feedback.no_reply"),
        Binding("u", "nudge", "Copy one short nudge", show=False, id="feedback.nudge"),
    ]

    NUDGE_OFFER = (
        "No reply yet, and that is common. One short nudge is fine: u copies it, and "
        "then this one is closed for you."
    )

    class CopyRequested(Message):
        """Copy the letter to the clipboard."""

    class SaveToFileRequested(Message):
        """Save the letter to a file of the user's choosing."""

    class NudgeRequested(Message):
        """Copy the one short follow-up and close the request for the user."""

    @dataclass
    class StatusChosen(Message):
        """The user marked the request sent, replied or with no reply."""

        status: FeedbackStatus

    @dataclass
    class BodyChanged(Message):
        """The letter was edited."""

        body: str

    @dataclass
    class PointAdded(Message):
        """A point of feedback that came back, typed in."""

        text: str

    @dataclass
    class PointToCard(Message):
        """Write a drill card for the point at `index` (in the request's points): the
        point becomes its hint, the question is the user's."""

        index: int

    @dataclass
    class PointToSkill(Message):
        """Save the point at `index` as a skill to work on."""

        index: int

    @dataclass
    class PointRemoved(Message):
        """Delete the point at `index`."""

        index: int

    def compose(self) -> ComposeResult:
        yield Static("", id="feedback-status")
        body = TextArea("", id="feedback-body", soft_wrap=True)
        body.border_title = "Your letter (e to edit; saved as you type)"
        yield body
        with Horizontal(id="feedback-buttons"):
            for name, label in BUTTONS:
                yield Button(label, id=f"feedback-{name}", compact=True)
        yield Static(HONEST_EXPECTATIONS, id="feedback-honest")
        point = Input(
            select_on_focus=False,
            placeholder="Feedback you got back: one point, then enter",
            id="feedback-point",
            max_length=2_000,
        )
        point.border_title = "What they said"
        yield point
        yield FeedbackPoints(id="feedback-points")

    def load(
        self, request: FeedbackRequest, show_body: bool = True, today: date | None = None
    ) -> None:
        """Show `request`; on and after its follow-up day (`today` given), offer the one
        nudge, and once nudged show it closed."""
        if show_body:
            area = self.query_one("#feedback-body", TextArea)
            if area.text != clean(request.body):
                with self.prevent(TextArea.Changed):
                    area.load_text(clean(request.body))
        status = STATUS_LABELS.get(request.status, request.status)
        due = today is not None and nudge_due(request, today)
        self._nudge_due = due
        parts = ["Status: [b]$status[/]"]
        if request.sent_on:
            parts.append("sent $sent")
        if request.nudged_on:
            parts.append("nudged $nudged · closed")
        elif due:
            parts.append("no reply yet")
        elif request.follow_up_on and request.status == "sent":
            parts.append("follow up on [b]$follow[/] if there is no reply")
        if request.replied_on:
            parts.append("replied $replied")
        self.query_one("#feedback-status", Static).update(
            template(
                " · ".join(parts),
                status=status,
                sent=request.sent_on.isoformat() if request.sent_on else "",
                follow=request.follow_up_on.isoformat() if request.follow_up_on else "",
                replied=request.replied_on.isoformat() if request.replied_on else "",
                nudged=request.nudged_on.isoformat() if request.nudged_on else "",
            )
        )
        self.query_one("#feedback-honest", Static).update(
            self.NUDGE_OFFER
            if due
            else NUDGED
            if request.nudged_on and request.status == "sent"
            else HONEST_EXPECTATIONS
        )
        points = self.query_one("#feedback-points", FeedbackPoints)
        if request.points:
            points.set_options(
                Option(plain(f"• {p}"), id=str(i)) for i, p in enumerate(request.points)
            )
            points.highlighted = 0
        else:
            points.set_options(
                [
                    Option(
                        "Nothing logged yet. Most people hear nothing; that is normal.",
                        disabled=True,
                    )
                ]
            )
        points.border_title = "c card · k skill · x delete" if request.points else ""

    @property
    def body(self) -> str:
        return self.query_one("#feedback-body", TextArea).text

    def action_edit_letter(self) -> None:
        """Put the cursor in the letter: letters typed from here are text, not keys."""
        self.query_one("#feedback-body", TextArea).focus()

    def action_copy_letter(self) -> None:
        self.post_message(self.CopyRequested())

    def action_save_letter(self) -> None:
        self.post_message(self.SaveToFileRequested())

    def action_nudge(self) -> None:
        """Only on and after the follow-up day, and only once."""
        if getattr(self, "_nudge_due", False):
            self.post_message(self.NudgeRequested())

    def action_mark(self, status: FeedbackStatus) -> None:
        self.post_message(self.StatusChosen(status))

    @on(Button.Pressed, "#feedback-copy")
    def _copy_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_copy_letter()

    @on(Button.Pressed, "#feedback-file")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save_letter()

    @on(Button.Pressed, "#feedback-sent")
    def _sent_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_mark("sent")

    @on(Button.Pressed, "#feedback-replied")
    def _replied_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_mark("replied")

    @on(Button.Pressed, "#feedback-no_reply")
    def _no_reply_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_mark("no_reply")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.BodyChanged(event.text_area.text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            self.post_message(self.PointAdded(text))
            event.input.value = ""
