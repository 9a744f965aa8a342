"""Before the decision: a short wish, best outcome, obstacle and if-then plan (mental
contrasting, Oettingen), and how much life there has been pictured. Offered when an
interview is logged and while the decision is pending; everything is optional and saved
as it is typed."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from rebound_tui.domain.models import Interview
from rebound_tui.services import contrast, interviews
from rebound_tui.services.contrast import Contrast
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import clean, plain, short
from rebound_tui.ui.widgets.scale import Scale

INTRO = (
    "Hoping is normal. Picturing what might get in the way as well keeps the hope "
    "grounded, and gives you a plan. Every part is optional."
)
FIELDS: tuple[tuple[str, str, str], ...] = (
    # (field, border title, placeholder)
    ("wish", "Wish: what do you want from this job?", "In a few words"),
    ("best_outcome", "Best outcome: if it came true, how would it feel?", "What it would be like"),
    (
        "obstacle",
        "Obstacle: what in you might get in the way?",
        "A worry or a habit of yours, not a fault",
    ),
    ("plan", "", "One thing you will do"),
)


class ContrastDialog(ModalScreen[Interview | None]):
    """Returns the interview as saved (or None if nothing was written)."""

    app = rebound_app
    HELP_TITLE = "Before the decision"
    HELP_INTRO = (
        "Wish, best outcome, obstacle, plan: a few words each, all optional. What you type"
        " is saved as you type; ctrl+s or escape closes."
    )
    CSS_PATH = str(STYLES / "dialogs.tcss")
    AUTO_FOCUS = "#contrast-wish"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "close", "Save", id="contrast.save"),
        Binding("escape", "close", "Close", id="contrast.close"),
    ]

    def __init__(self, interview_id: str) -> None:
        super().__init__()
        self.interview_id = interview_id
        self._base: Interview | None = None
        self._saved: Interview | None = None

    def compose(self) -> ComposeResult:
        self._base = interviews.interview(self.app.repo, self.interview_id)
        shown = contrast.contrast_of(self._base) if self._base else Contrast()
        with VerticalScroll(id="contrast", classes="dialog") as box:
            name = short(self._base.name, 50) if self._base else ""
            # User text: plain Content, never markup.
            box.border_title = plain(
                f"Before the decision: {name}" if name else "Before the decision"
            )
            yield Static(INTRO, classes="dialog-text")
            for field, title, placeholder in FIELDS:
                text = Input(
                    clean(getattr(shown, field)),
                    placeholder=placeholder,
                    id=f"contrast-{field}",
                    max_length=1000,
                    select_on_focus=False,
                )
                text.border_title = plain(title or contrast.plan_lead(shown.obstacle))
                yield text
            yield Scale(
                "Have you pictured life there?",
                0,
                10,
                shown.pictured,
                low="not at all",
                high="vividly",
                id="contrast-pictured",
            )
            yield Static(
                "ctrl+s or escape closes · what you type is saved as you type",
                classes="dialog-keys",
            )

    # -- reads -----------------------------------------------------------------------
    def _typed(self) -> Contrast:
        def text(field: str) -> str:
            return self.query_one(f"#contrast-{field}", Input).value.strip()

        return Contrast(
            wish=text("wish"),
            best_outcome=text("best_outcome"),
            obstacle=text("obstacle"),
            plan=text("plan"),
            pictured=self.query_one("#contrast-pictured", Scale).value,
        )

    # -- saving ----------------------------------------------------------------------
    def _changed(self) -> None:
        typed = self._typed()
        self.app.autosave.schedule(f"contrast-{self.interview_id}", lambda: self._save(typed))

    def _save(self, typed: Contrast) -> None:
        if self._base is None:
            return  # the interview was deleted elsewhere: nothing to keep it on
        saved = contrast.save_contrast(self.app.repo, self._base, typed)
        self._base = self._saved = saved.record
        if saved.note:
            self.notify(saved.note, timeout=6)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "contrast-obstacle":
            plan = self.query_one("#contrast-plan", Input)
            plan.border_title = plain(contrast.plan_lead(event.value))
        self._changed()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_scale_changed(self, event: Scale.Changed) -> None:
        event.stop()
        self._changed()

    def action_close(self) -> None:
        self.app.autosave.flush()
        self.dismiss(self._saved)
