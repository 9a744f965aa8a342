"""Step 2, a treat: one suggestion at a time, fitted to your energy, time and budget;
accept it, skip it, add your own, and later say how much it helped."""

from __future__ import annotations

import random
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from rebound_tui.domain.emotions import energy_level
from rebound_tui.domain.models import ReboundStep, Treat, TreatLog
from rebound_tui.domain.treats import TreatRequest, suggest_treat
from rebound_tui.services import checkins, rebounds, settings, treats
from rebound_tui.ui.dialogs.confirm import PromptScreen
from rebound_tui.ui.steps.step import Step
from rebound_tui.ui.text import short
from rebound_tui.ui.widgets.treat_picker import TreatPicker

ENOUGH_FOR_TODAY = "That's enough for today"
FOR_TODAY = "That can be enough for one day. The other steps will keep until tomorrow."


class TreatStep(Step):
    PANEL_ID = "step-treat"
    STEPS = ("treat",)
    INTROS: ClassVar[dict[ReboundStep, str]] = {
        "treat": "Be kind to yourself today, in a small way."
    }
    FOCUS: ClassVar[dict[ReboundStep, str]] = {"treat": "#treat-card"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "write", "Write it out", show=False, id="rebound.write"),
        Binding("t", "enough", ENOUGH_FOR_TODAY, show=False, id="rebound.enough"),
    ]

    def __init__(self, rebound_id: str) -> None:
        super().__init__(rebound_id)
        self._rng: random.Random | None = None
        self._skipped: list[str] = []
        self._suggestion: Treat | None = None

    def compose(self) -> ComposeResult:
        yield TreatPicker(id="treat-picker")
        # On the day of the no: the day can end here (never blocking: ctrl+n goes on).
        with Vertical(id="treat-today"):
            yield Static(FOR_TODAY, id="treat-today-text")
            with Horizontal(id="treat-today-buttons"):
                yield Button("Write it out (w)", id="treat-write", compact=True)
                yield Button(f"{ENOUGH_FOR_TODAY} (t)", id="treat-enough", compact=True)
                yield Static("or ctrl+n to keep going", classes="hint")

    def on_mount(self) -> None:
        preferences = settings.settings(self.app.repo)
        self.query_one(TreatPicker).set_constraints(
            preferences.treat_minutes, preferences.treat_budget
        )

    def show(self, step: ReboundStep) -> None:
        self._load()
        self.query_one("#treat-today").display = rebounds.opened_today(self.app.repo, self.rebound)

    # -- the day of the no ends here, if the user likes ------------------------------
    def action_write(self) -> None:
        self.app.autosave.flush()
        self.app.open("journal", rebound_id=self.rebound_id)

    def action_enough(self) -> None:
        self.post_message(self.EnoughForToday())

    @on(Button.Pressed, "#treat-write")
    def _write_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_write()

    @on(Button.Pressed, "#treat-enough")
    def _enough_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_enough()

    # -- reads -----------------------------------------------------------------------
    def _energy(self) -> str:
        checkin_id = self.rebound.checkin_id
        checkin = checkins.checkin(self.app.repo, checkin_id) if checkin_id else None
        return energy_level(checkin.energy) if checkin else "any"

    def _taken(self) -> tuple[Treat, TreatLog] | None:
        entry_id = self.rebound.treat_log_id
        entry = treats.treat_log_entry(self.app.repo, entry_id) if entry_id else None
        if entry is None:
            return None
        treat = treats.treat_by_id(self.app.repo, entry.treat_id)
        return (treat, entry) if treat else None

    def _load(self, *, new_suggestion: bool = True) -> None:
        picker = self.query_one(TreatPicker)
        if new_suggestion or self._suggestion is None:
            log = treats.treat_log(self.app.repo)
            if self._rng is None:
                # Seeded by the rebound, so the same visit offers the same treats.
                self._rng = random.Random(f"{self.rebound_id}-{len(log)}")
            request = TreatRequest(self._energy(), picker.minutes, picker.budget)
            self._suggestion = suggest_treat(
                treats.all_treats(self.app.repo), log, request, self._rng, exclude=self._skipped
            )
        picker.show(self._suggestion, self._energy(), self._taken())

    # -- what the user chose ---------------------------------------------------------
    @on(TreatPicker.NextRequested)
    def _another(self, event: TreatPicker.NextRequested) -> None:
        event.stop()
        if self._suggestion is not None:
            self._skipped.append(self._suggestion.id)
        self._load()

    @on(TreatPicker.ConstraintsChanged)
    def _constraints_changed(self, event: TreatPicker.ConstraintsChanged) -> None:
        event.stop()
        self._skipped.clear()
        self._load()

    @on(TreatPicker.Accepted)
    def _accept(self, event: TreatPicker.Accepted) -> None:
        event.stop()
        if self._suggestion is None:
            return
        rebound = self.rebound
        treats.accept_treat(self.app.repo, self._suggestion, rebound, rebound.checkin_id)
        self.notify(f"For today: {short(self._suggestion.title, 80)}.", timeout=4)
        self._load(new_suggestion=False)
        self.post_message(self.Saved())

    @on(TreatPicker.MarkedDone)
    def _done(self, event: TreatPicker.MarkedDone) -> None:
        event.stop()
        taken = self._taken()
        if taken is not None:
            treats.mark_treat_done(self.app.repo, taken[1])
            self._load(new_suggestion=False)

    @on(TreatPicker.Rated)
    def _rate(self, event: TreatPicker.Rated) -> None:
        event.stop()
        taken = self._taken()
        if taken is not None:
            treats.rate_treat(self.app.repo, taken[1], event.helped)
            self._load(new_suggestion=False)

    @on(TreatPicker.OwnRequested)
    def _add_own(self, event: TreatPicker.OwnRequested) -> None:
        event.stop()
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
