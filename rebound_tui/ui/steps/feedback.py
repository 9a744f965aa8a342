"""Step 5, ask for feedback: the letter (saved as you type), copied or saved to a file,
its status and follow-up, and the points that came back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult

from rebound_tui.domain.feedback import NUDGED
from rebound_tui.domain.models import Card, FeedbackRequest, ReboundStep
from rebound_tui.services import cards, clock, feedback, interviews
from rebound_tui.services.paths import letters_dir, writable_path
from rebound_tui.ui.dialogs.card_editor import CardEditor
from rebound_tui.ui.dialogs.confirm import PromptScreen
from rebound_tui.ui.steps.step import Step
from rebound_tui.ui.text import short
from rebound_tui.ui.widgets.feedback_composer import FeedbackComposer


class FeedbackStep(Step):
    PANEL_ID = "step-feedback"
    STEPS = ("feedback",)
    INTROS: ClassVar[dict[ReboundStep, str]] = {
        "feedback": "Ask for one specific piece of feedback. Edit the letter, copy it, send it."
    }
    # The step opens on its buttons, so c, w, s, r and n do what they say at the first
    # press; `e` (or tab) puts the cursor in the letter.
    FOCUS: ClassVar[dict[ReboundStep, str]] = {"feedback": "#feedback-copy"}

    def compose(self) -> ComposeResult:
        yield FeedbackComposer(id="feedback-composer")

    def show(self, step: ReboundStep) -> None:
        self._letter = self._request()  # what the letter's edits are based on
        self.query_one(FeedbackComposer).load(self._letter, today=clock.today(self.app.repo))

    def _request(self) -> FeedbackRequest:
        return feedback.feedback_request_for(self.app.repo, self.rebound)

    def _show_request(self, request: FeedbackRequest) -> None:
        self.query_one(FeedbackComposer).load(
            request, show_body=False, today=clock.today(self.app.repo)
        )

    @on(FeedbackComposer.BodyChanged)
    def _body_changed(self, event: FeedbackComposer.BodyChanged) -> None:
        event.stop()
        body = event.body

        def save() -> None:
            # Checked against the stored letter: typed on another device too, both texts
            # stay (services/versions.py), and the letter shows what was saved.
            base = getattr(self, "_letter", None) or self._request()
            saved = feedback.save_letter_body(self.app.repo, base, body)
            self._letter = saved.record
            if saved.record.body != body and self.is_attached:
                self.query_one(FeedbackComposer).load(saved.record)
            if saved.note:
                self.app.notify(saved.note, timeout=6)

        self.app.autosave.schedule(f"feedback-{self.rebound_id}", save)

    # -- the letter ------------------------------------------------------------------
    @on(FeedbackComposer.CopyRequested)
    def _copy(self, event: FeedbackComposer.CopyRequested) -> None:
        event.stop()
        self.app.autosave.flush()
        self.app.copy_to_clipboard(self.query_one(FeedbackComposer).body)
        self.notify("Copied through your terminal (OSC 52). Paste it into your email.", timeout=4)

    @on(FeedbackComposer.SaveToFileRequested)
    def _save_to_file(self, event: FeedbackComposer.SaveToFileRequested) -> None:
        event.stop()
        self.app.autosave.flush()
        body = self.query_one(FeedbackComposer).body

        def chosen(path_text: str | None) -> None:
            if path_text:
                self._save_letter(path_text, body)

        self.app.push_screen(
            PromptScreen(
                "Save the letter to:", value=str(self._letter_path()), title="Save to file"
            ),
            chosen,
        )

    def _letter_path(self) -> Path:
        """Where the letter goes unless the user says otherwise: named for the company."""
        interview = interviews.interview(self.app.repo, self.rebound.interview_id)
        company = interview.company if interview else ""
        slug = "".join(c if c.isalnum() else "-" for c in company).strip("-").lower()
        today = clock.today(self.app.repo)
        return letters_dir() / f"feedback-request-{slug or 'letter'}-{today}.txt"

    def _save_letter(self, path_text: str, body: str) -> None:
        try:
            path = writable_path(Path(path_text))
        except (OSError, RuntimeError, ValueError):
            self.notify(f"{short(path_text, 80)!r} is not a path I can use.", severity="error")
            return
        if path is None:
            self.notify(f"On this server, letters are saved in {letters_dir()}.", severity="error")
            return
        try:
            feedback.save_letter(path, body)
        except OSError as error:
            self.notify(f"Could not save: {error.strerror}", severity="error")
            return
        self.notify(f"Saved to {path}", timeout=4)

    # -- its status and what came back -----------------------------------------------
    @on(FeedbackComposer.StatusChosen)
    def _status_chosen(self, event: FeedbackComposer.StatusChosen) -> None:
        event.stop()
        self.app.autosave.flush()
        self._show_request(
            feedback.set_feedback_status(self.app.repo, self._request(), event.status)
        )
        self.post_message(self.Saved())

    @on(FeedbackComposer.NudgeRequested)
    def _nudge(self, event: FeedbackComposer.NudgeRequested) -> None:
        """Copy the one short follow-up; from now on the request is closed for the user."""
        event.stop()
        self.app.autosave.flush()
        request = self._request()
        self.app.copy_to_clipboard(feedback.nudge_for(self.app.repo, request))
        self._show_request(
            feedback.mark_nudged(self.app.repo, request.id, clock.today(self.app.repo))
        )
        self.notify(f"Copied a short nudge to paste into your email. {NUDGED}", timeout=5)
        self.post_message(self.Saved())

    @on(FeedbackComposer.PointAdded)
    def _point_added(self, event: FeedbackComposer.PointAdded) -> None:
        event.stop()
        self.app.autosave.flush()
        request = self._request()
        points = (*request.points, event.text)
        self._show_request(
            feedback.save_feedback_request(self.app.repo, replace(request, points=points))
        )

    @on(FeedbackComposer.PointToCard)
    def _point_to_card(self, event: FeedbackComposer.PointToCard) -> None:
        event.stop()
        self.app.autosave.flush()
        request = self._request()
        if not 0 <= event.index < len(request.points):
            return

        def saved(card: Card | None) -> None:
            if card is not None:
                cards.save_card(self.app.repo, card)
                self.notify("In your drill: the point comes back as the hint.", timeout=3)

        self.app.push_screen(
            CardEditor(
                feedback.card_from_point(self.app.repo, request, request.points[event.index]),
                title="A card from feedback",
                note="Write the question that will make you practise this point.",
            ),
            saved,
        )

    @on(FeedbackComposer.PointToSkill)
    def _point_to_skill(self, event: FeedbackComposer.PointToSkill) -> None:
        event.stop()
        self.app.autosave.flush()
        request = self._request()
        if 0 <= event.index < len(request.points):
            feedback.point_to_skill(self.app.repo, request, request.points[event.index])
            self.notify("Saved as a skill to work on.", timeout=3)

    @on(FeedbackComposer.PointRemoved)
    def _point_removed(self, event: FeedbackComposer.PointRemoved) -> None:
        event.stop()
        self.app.autosave.flush()
        request = self._request()
        points = tuple(p for i, p in enumerate(request.points) if i != event.index)
        self._show_request(
            feedback.save_feedback_request(self.app.repo, replace(request, points=points))
        )
