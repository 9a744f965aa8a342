"""A rebound: six steps after a rejection, each skippable, resumable where you left off."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Header, Static

from rebound_tui.domain.days import parse_day
from rebound_tui.domain.emotions import energy_level
from rebound_tui.domain.funnel import funnel
from rebound_tui.domain.models import (
    REBOUND_STEPS,
    FeedbackRequest,
    Rebound,
    ReboundStep,
    ReflectionKind,
    Treat,
    TreatLog,
)
from rebound_tui.domain.treats import TreatRequest, suggest_treat
from rebound_tui.services import checkins, clock, feedback, rebounds, reflections, treats
from rebound_tui.services.paths import letters_dir, writable_path
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import short
from rebound_tui.ui.widgets.checkin_panel import CheckInPanel, apply_values
from rebound_tui.ui.widgets.feedback_composer import FeedbackComposer
from rebound_tui.ui.widgets.move_on_panel import MoveOnPanel
from rebound_tui.ui.widgets.reflection_panes import ReflectionPanes
from rebound_tui.ui.widgets.step_bar import StepBar
from rebound_tui.ui.widgets.treat_picker import TreatPicker

PANEL_OF = {
    "feel": "step-feel",
    "treat": "step-treat",
    "went_well": "step-reflect",
    "tough": "step-reflect",
    "feedback": "step-feedback",
    "move_on": "step-move-on",
}
INTROS = {
    "feel": "Whatever you feel is allowed. Name it as precisely as you can.",
    "treat": "Be kind to yourself today, in a small way.",
    "went_well": "Some of it went well. Which questions did you handle, and why did it work?",
    "tough": "Which questions were hard? Write the answer you wish you'd given.",
    "feedback": "Ask for one specific piece of feedback. Edit the letter, copy it, send it.",
    "move_on": "Take what's useful and leave the rest.",
}


class ReboundScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Rebound"
    HELP_INTRO = (
        "Six steps, in any order: ctrl+n next, ctrl+b back, escape home. Nothing is lost: "
        "everything is saved as you type, and you come back to where you were."
    )
    CSS_PATH = str(STYLES / "rebound.tcss")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "step(1)", "Next step", priority=True, id="rebound.next"),
        Binding("ctrl+b", "step(-1)", "Back a step", priority=True, id="rebound.back"),
        Binding("escape", "leave", "Home (saved)", id="rebound.home"),
    ]

    def __init__(self, rebound_id: str, *, step: ReboundStep | None = None) -> None:
        super().__init__()
        self.rebound_id = rebound_id
        self.start_step = step
        self._rng: random.Random | None = None
        self._skipped_treats: list[str] = []
        self._suggestion: Treat | None = None

    # -- data ------------------------------------------------------------------------
    @property
    def rebound(self) -> Rebound:
        rebound = self.app.repo.rebounds.get(self.rebound_id)
        assert rebound is not None, "rebound vanished"
        return rebound

    def compose(self) -> ComposeResult:
        yield Header()
        yield StepBar()
        yield Static("", id="step-intro")
        with ContentSwitcher(id="steps"):
            with Vertical(id="step-feel"):
                yield CheckInPanel(daydream=True, id="rebound-checkin")
            yield TreatPicker(id="step-treat")
            yield ReflectionPanes(id="step-reflect")
            yield FeedbackComposer(id="step-feedback")
            yield MoveOnPanel(id="step-move-on")
        yield Footer()

    def on_mount(self) -> None:
        rebound = self.rebound
        interview = self.app.repo.interviews.get(rebound.interview_id)
        self.title = "Rebound"
        self.sub_title = short(interview.name, 60) if interview else ""
        checkin = self.app.repo.checkins.get(rebound.checkin_id) if rebound.checkin_id else None
        self.query_one(CheckInPanel).load(checkin)
        settings = self.app.repo.settings()
        self.query_one(TreatPicker).set_constraints(settings.treat_minutes, settings.treat_budget)
        self._show(self.start_step or rebound.step)

    def _show(self, step: ReboundStep) -> None:
        rebound = self.rebound
        if step != rebound.step or step not in rebound.visited:
            rebound = rebounds.move_to_step(self.app.repo, rebound, step)
        self.query_one(ContentSwitcher).current = PANEL_OF[step]
        bar = self.query_one(StepBar)
        bar.current = step
        bar.statuses = rebounds.step_status(self.app.repo, rebound)
        self.query_one("#step-intro", Static).update(INTROS[step])
        loader = {
            "feel": self._load_feel,
            "treat": self._load_treat,
            "went_well": self._load_reflections,
            "tough": self._load_reflections,
            "feedback": self._load_feedback,
            "move_on": self._load_move_on,
        }[step]
        loader()
        self.call_after_refresh(self._focus_step, step)

    def _focus_step(self, step: str) -> None:
        targets = {
            "feel": "#checkin-grid",
            "treat": "#treat-card",
            "went_well": "#reflect-went-well",
            "tough": "#reflect-tough",
            "feedback": "#feedback-body",
            "move_on": "#lesson-0",
        }
        self.query_one(targets[step]).focus()

    def _refresh_bar(self) -> None:
        # A save run while the screen is being left finds no bar (NoMatches, found by
        # tests/test_monkey.py): the check-in is saved all the same.
        for bar in self.query(StepBar):
            bar.statuses = rebounds.step_status(self.app.repo, self.rebound)

    # -- navigation ------------------------------------------------------------------
    def action_step(self, delta: int) -> None:
        self.app.autosave.flush()
        index = REBOUND_STEPS.index(self.rebound.step)
        target = max(0, min(len(REBOUND_STEPS) - 1, index + delta))
        if target != index:
            self._show(REBOUND_STEPS[target])

    def go_to(self, step: ReboundStep) -> None:
        """Jump straight to a step (used by the palette and tests)."""
        self.app.autosave.flush()
        self._show(step)

    def action_leave(self) -> None:
        self.app.autosave.flush()
        self.dismiss()

    # -- 1. feel ---------------------------------------------------------------------
    def _load_feel(self) -> None:
        pass

    def on_check_in_panel_changed(self, event: CheckInPanel.Changed) -> None:
        self._checkin_values = event.values
        self.app.autosave.schedule(f"rebound-checkin-{self.rebound_id}", self._save_checkin)

    def _save_checkin(self) -> None:
        rebound = self.rebound
        existing = self.app.repo.checkins.get(rebound.checkin_id) if rebound.checkin_id else None
        base = existing or checkins.new_checkin(self.app.repo, rebound_id=rebound.id)
        checkins.save_checkin(self.app.repo, apply_values(base, self._checkin_values))
        self._refresh_bar()

    # -- 2. treat --------------------------------------------------------------------
    def _energy(self) -> str:
        rebound = self.rebound
        checkin = self.app.repo.checkins.get(rebound.checkin_id) if rebound.checkin_id else None
        return energy_level(checkin.energy) if checkin else "any"

    def _taken(self) -> tuple[Treat, TreatLog] | None:
        rebound = self.rebound
        entry = self.app.repo.treat_log.get(rebound.treat_log_id) if rebound.treat_log_id else None
        if entry is None:
            return None
        treat = treats.treat_by_id(self.app.repo, entry.treat_id)
        return (treat, entry) if treat else None

    def _load_treat(self, *, new_suggestion: bool = True) -> None:
        picker = self.query_one(TreatPicker)
        if new_suggestion or self._suggestion is None:
            log = self.app.repo.treat_log.all()
            if self._rng is None:
                # Seeded by the rebound, so the same visit offers the same treats.
                self._rng = random.Random(f"{self.rebound_id}-{len(log)}")
            request = TreatRequest(self._energy(), picker.minutes, picker.budget)
            self._suggestion = suggest_treat(
                treats.all_treats(self.app.repo),
                log,
                request,
                self._rng,
                exclude=self._skipped_treats,
            )
        picker.show(self._suggestion, self._energy(), self._taken())

    def on_treat_picker_requested(self, event: TreatPicker.Requested) -> None:
        event.stop()
        taken = self._taken()
        if event.what == "next":
            if self._suggestion is not None:
                self._skipped_treats.append(self._suggestion.id)
            self._load_treat()
        elif event.what == "constraints":
            self._skipped_treats.clear()
            self._load_treat()
        elif event.what == "accept" and self._suggestion is not None:
            treats.accept_treat(
                self.app.repo, self._suggestion, self.rebound, self.rebound.checkin_id
            )
            self.notify(f"Enjoy it: {short(self._suggestion.title, 80)}.", timeout=4)
            self._load_treat(new_suggestion=False)
            self._refresh_bar()
        elif event.what == "own":
            self._add_own_treat()
        elif event.what == "done" and taken is not None:
            treats.mark_treat_done(self.app.repo, taken[1])
            self._load_treat(new_suggestion=False)
        elif event.what == "rate" and taken is not None and event.value is not None:
            treats.rate_treat(self.app.repo, taken[1], event.value)
            self._load_treat(new_suggestion=False)

    def _add_own_treat(self) -> None:
        from rebound_tui.ui.dialogs.confirm import PromptScreen

        picker = self.query_one(TreatPicker)

        def named(title: str | None) -> None:
            if not title or not title.strip():
                return
            treat = treats.add_own_treat(
                self.app.repo,
                Treat(
                    id="",
                    title=title.strip(),
                    minutes=min(picker.minutes, 30),
                    cost=min(picker.budget, 1),
                    energy="any",
                    place="either",
                ),
            )
            self._suggestion = treat
            picker.show(treat, self._energy(), self._taken())

        self.app.push_screen(
            PromptScreen(
                "A small thing that helps you (it joins your suggestions):", title="Your own treat"
            ),
            named,
        )

    # -- 3/4. reflections ------------------------------------------------------------
    def _load_reflections(self, select: str | None = None) -> None:
        self.query_one(ReflectionPanes).show(
            reflections.reflections_of(self.app.repo, self.rebound_id), select=select
        )

    def on_reflection_panes_requested(self, event: ReflectionPanes.Requested) -> None:
        event.stop()
        step = event.kind
        if self.rebound.step != step:
            rebounds.move_to_step(self.app.repo, self.rebound, step)
            self.query_one(StepBar).current = step
        reflection = (
            self.app.repo.reflections.get(event.reflection_id) if event.reflection_id else None
        )
        if event.what == "add":
            self._edit(reflections.new_reflection(self.app.repo, self.rebound, event.kind))
        elif event.what == "edit" and reflection is not None:
            self._edit(reflection)
        elif event.what == "drill" and reflection is not None:
            if not reflection.question.strip():
                self.notify("Write the question first (enter to edit).", severity="warning")
                return
            reflections.send_to_drill(self.app.repo, reflection)
            self.notify("In your drill.", timeout=3)
            self._load_reflections(select=reflection.id)
        elif event.what == "delete" and reflection is not None:
            self._delete(reflection)

    def _edit(self, reflection: object) -> None:
        from rebound_tui.ui.dialogs.reflection_editor import ReflectionEditor

        def back(result: object) -> None:
            self._load_reflections(select=getattr(result, "id", None))
            self._refresh_bar()

        self.app.push_screen(ReflectionEditor(reflection), back)  # type: ignore[arg-type]

    def _delete(self, reflection: object) -> None:
        from rebound_tui.ui.dialogs.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                reflections.delete_reflection(self.app.repo, reflection)  # type: ignore[arg-type]
                self._load_reflections()
                self._refresh_bar()

        question = getattr(reflection, "question", "") or "this reflection"
        self.app.push_screen(
            ConfirmScreen(
                f"Delete “{short(question, 80)}”? Its drill card, if any, stays.",
                title="Delete",
                default=False,
            ),
            answered,
        )

    def on_descendant_focus(self, event: object) -> None:
        """Moving between the two panes moves the step bar between Went well and Tough."""
        focused = self.focused
        if focused is None or focused.id not in ("reflect-went-well", "reflect-tough"):
            return
        step: ReflectionKind = "went_well" if focused.id == "reflect-went-well" else "tough"
        if self.rebound.step != step:
            rebounds.move_to_step(self.app.repo, self.rebound, step)
            bar = self.query_one(StepBar)
            bar.current = step
            self._refresh_bar()

    # -- 5. feedback -----------------------------------------------------------------
    def _load_feedback(self) -> None:
        request = feedback.feedback_request_for(self.app.repo, self.rebound)
        self.query_one(FeedbackComposer).load(request)

    def _request(self) -> FeedbackRequest:
        return feedback.feedback_request_for(self.app.repo, self.rebound)

    def on_feedback_composer_body_changed(self, event: FeedbackComposer.BodyChanged) -> None:
        event.stop()
        body = event.body

        def save() -> None:
            feedback.save_feedback_request(self.app.repo, replace(self._request(), body=body))

        self.app.autosave.schedule(f"feedback-{self.rebound_id}", save)

    def on_feedback_composer_requested(self, event: FeedbackComposer.Requested) -> None:
        event.stop()
        self.app.autosave.flush()
        composer = self.query_one(FeedbackComposer)
        request = self._request()
        what = event.what
        if what == "copy":
            self.app.copy_to_clipboard(composer.body)
            self.notify(
                "Copied through your terminal (OSC 52). Paste it into your email.", timeout=4
            )
        elif what == "file":
            self._save_letter(composer.body)
        elif what in ("sent", "replied", "no_reply"):
            request = feedback.set_feedback_status(self.app.repo, request, what)
            composer.load(request, show_body=False)
            self._refresh_bar()
        elif what == "add_point" and isinstance(event.value, str):
            request = feedback.save_feedback_request(
                self.app.repo, replace(request, points=(*request.points, event.value))
            )
            composer.load(request, show_body=False)
        elif what in ("card", "skill", "delete") and isinstance(event.value, int):
            point = request.points[event.value]
            if what == "card":
                feedback.point_to_card(self.app.repo, request, point)
                self.notify("A drill card now asks you about it.", timeout=3)
            elif what == "skill":
                feedback.point_to_skill(self.app.repo, request, point)
                self.notify("Saved as a skill to work on.", timeout=3)
            else:
                points = tuple(p for i, p in enumerate(request.points) if i != event.value)
                request = feedback.save_feedback_request(
                    self.app.repo, replace(request, points=points)
                )
                composer.load(request, show_body=False)

    def _save_letter(self, body: str) -> None:
        from rebound_tui.ui.dialogs.confirm import PromptScreen

        interview = self.app.repo.interviews.get(self.rebound.interview_id)
        slug = (
            "".join(c if c.isalnum() else "-" for c in (interview.company if interview else ""))
            .strip("-")
            .lower()
        )
        default = (
            letters_dir() / f"feedback-request-{slug or 'letter'}-{clock.today(self.app.repo)}.txt"
        )

        def chosen(path_text: str | None) -> None:
            if not path_text:
                return
            try:
                path = writable_path(Path(path_text))
            except (OSError, RuntimeError, ValueError):
                self.notify(f"{short(path_text, 80)!r} is not a path I can use.", severity="error")
                return
            if path is None:
                self.notify(
                    f"On this server, letters are saved in {letters_dir()}.", severity="error"
                )
                return
            try:
                from rebound_tui.services.export.files import (
                    write_private,  # 0600, never half-written
                )

                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                write_private(path, body.encode("utf-8"))
            except OSError as error:
                self.notify(f"Could not save: {error.strerror}", severity="error")
                return
            self.notify(f"Saved to {path}", timeout=4)

        self.app.push_screen(
            PromptScreen("Save the letter to:", value=str(default), title="Save to file"), chosen
        )

    # -- 6. move on ------------------------------------------------------------------
    def _load_move_on(self) -> None:
        rebound = self.rebound
        by_position = {x.position: x.text for x in rebounds.lessons_of(self.app.repo, rebound.id)}
        lessons = [by_position.get(i, "") for i in range(rebounds.MAX_LESSONS)]
        self.query_one(MoveOnPanel).load(
            lessons,
            rebound.next_step,
            rebound.next_step_on,
            funnel(self.app.repo.interviews.all()),
        )

    def on_move_on_panel_changed(self, event: MoveOnPanel.Changed) -> None:
        event.stop()
        self.app.autosave.schedule(f"move-on-{self.rebound_id}", self._save_move_on)

    def _save_move_on(self) -> None:
        panel = self.query_one(MoveOnPanel)
        rebounds.save_lessons(self.app.repo, self.rebound, panel.lessons())
        try:
            when = parse_day(panel.next_step_on_text, clock.today(self.app.repo))
        except ValueError as problem:
            panel.show_error(str(problem))
            when = self.rebound.next_step_on
        else:
            panel.show_error(f"→ {when:%A %d %B %Y}" if when else "")
        rebounds.save_next_step(self.app.repo, self.rebound, panel.next_step, when)
        self._refresh_bar()

    def on_move_on_panel_close_requested(self, event: MoveOnPanel.CloseRequested) -> None:
        event.stop()
        self.action_close_rebound()

    def action_close_rebound(self) -> None:
        from rebound_tui.ui.dialogs.confirm import ConfirmScreen

        self.app.autosave.flush()

        def answered(yes: bool | None) -> None:
            if yes:
                rebounds.close_rebound(self.app.repo, self.rebound)
                self.notify(
                    "Rebound closed. It stays readable in your history. Well done.", timeout=5
                )
                self.dismiss()

        self.app.push_screen(
            ConfirmScreen(
                "Close this rebound? You can still read it in your history.",
                title="Close",
                default=True,
            ),
            answered,
        )
