"""Ask for feedback: a letter from our template, its status, and what came back."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from rebound_tui.domain.feedback import HONEST_EXPECTATIONS
from rebound_tui.domain.models import FeedbackRequest
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
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "request('card')", "Make a drill card", id="points.card"),
        Binding("k", "request('skill')", "Skill to work on", id="points.skill"),
        Binding("x", "request('delete')", "Delete point", id="points.delete"),
    ]

    def action_request(self, what: str) -> None:
        if self.highlighted is None or self.option_count == 0:
            return
        option = self.get_option_at_index(self.highlighted)
        if option.id is None:
            return
        self.post_message(FeedbackComposer.Requested(what, int(option.id)))


class FeedbackComposer(Vertical):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "request('copy')", "Copy", id="feedback.copy"),
        Binding("w", "request('file')", "Save to file", id="feedback.file"),
        Binding("s", "request('sent')", "Mark sent", id="feedback.sent"),
        Binding("r", "request('replied')", "Got a reply", id="feedback.replied"),
        Binding("n", "request('no_reply')", "No reply", id="feedback.no_reply"),
    ]

    class Requested(Message):
        def __init__(self, what: str, value: int | str | None = None) -> None:
            super().__init__()
            self.what = what
            self.value = value

    class BodyChanged(Message):
        def __init__(self, body: str) -> None:
            super().__init__()
            self.body = body

    def compose(self) -> ComposeResult:
        yield Static("", id="feedback-status")
        body = TextArea("", id="feedback-body", soft_wrap=True)
        body.border_title = "Your letter (edit freely; saved as you type)"
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

    def load(self, request: FeedbackRequest, show_body: bool = True) -> None:
        if show_body:
            area = self.query_one("#feedback-body", TextArea)
            if area.text != clean(request.body):
                with self.prevent(TextArea.Changed):
                    area.load_text(clean(request.body))
        status = STATUS_LABELS.get(request.status, request.status)
        parts = ["Status: [b]$status[/]"]
        if request.sent_on:
            parts.append("sent $sent")
        if request.follow_up_on and request.status == "sent":
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
            )
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

    def action_request(self, what: str) -> None:
        self.post_message(self.Requested(what))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        assert event.button.id is not None
        self.post_message(self.Requested(event.button.id.removeprefix("feedback-")))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.BodyChanged(event.text_area.text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if text:
            self.post_message(self.Requested("add_point", text))
            event.input.value = ""
