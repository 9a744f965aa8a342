"""Next steps: every open one (one whose day has passed shows "from" that day, never
"overdue"), to mark done, put off, edit or add; the done ones on request. None leaves
the list unless the user says so."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.widgets.option_list import Option

from rebound_tui.domain.days import effective_timezone, zone
from rebound_tui.domain.models import NextStep
from rebound_tui.services import next_steps
from rebound_tui.services.settings import settings as stored_settings
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.dialogs.next_step_form import NextStepForm, StepForm
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import short, template
from rebound_tui.ui.widgets.footer import QuietFooter
from rebound_tui.ui.widgets.option_list import OptionList


def _day(day: date) -> str:
    return f"{day:%a %d %b}"


class NextStepsScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Next steps"
    HELP_INTRO = (
        "Things to do next, from a rebound's Move on or added here; an open one whose day"
        " has passed stays listed, from that day. x marks one done (again: open), s and w"
        " put it off a day or a week, e or enter edits it, a adds one, v shows the done ones."
    )
    CSS_PATH = str(STYLES / "next_steps.tcss")
    AUTO_FOCUS = "#next-steps-list"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "done", "Done", id="next_steps.done"),
        Binding("s", "snooze(1)", "+1 day", id="next_steps.snooze_day"),
        # Out of the footer so quit and help fit at 80 columns (help lists them).
        Binding("w", "snooze(7)", "+1 week", show=False, id="next_steps.snooze_week"),
        Binding("e", "edit", "Edit", id="next_steps.edit"),
        Binding("a", "add", "Add", id="next_steps.add"),
        Binding("v", "toggle_done", "Done ones", show=False, id="next_steps.show_done"),
        Binding("D", "delete", "Delete", show=False, id="next_steps.delete"),
        Binding("j", "cursor(1)", "Down", show=False, id="next_steps.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="next_steps.up"),
        Binding("escape", "app.pop_screen", "Back", id="next_steps.back"),
    ]

    def __init__(self, select: str | None = None) -> None:
        super().__init__()
        self.select = select
        self.show_done = False
        self.listed: list[NextStep] = []
        self.tz = "UTC"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="next-steps-summary")
        yield OptionList(id="next-steps-list")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.title = "Next steps"
        self.reload(self.select)

    def on_screen_resume(self) -> None:
        self.reload()

    # -- the list --------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        repo = self.app.repo
        self.tz = effective_timezone(stored_settings(repo).timezone)
        today = next_steps.today(repo)
        open_ones = next_steps.open_steps(repo, today)
        done = next_steps.done_steps(repo)
        names = next_steps.rebound_names(repo)
        current = select or self._highlighted_id()
        self.listed = [item.step for item in open_ones]
        options = [
            Option(self._open_prompt(item.step, item.overdue, today, names), id=item.step.id)
            for item in open_ones
        ]
        if self.show_done:
            self.listed += done
            options += [Option(self._done_prompt(s, names), id=s.id) for s in done]
        listing = self.query_one(OptionList)
        listing.set_options(options)
        ids = [s.id for s in self.listed]
        if ids:
            listing.highlighted = ids.index(current) if current in ids else 0
        self.query_one("#next-steps-summary", Static).update(
            self._summary(len(open_ones), sum(i.overdue for i in open_ones), len(done))
        )

    def _summary(self, open_count: int, overdue: int, done: int) -> Content:
        if not open_count and not done:
            return template(
                "[dim]No next steps yet. Press [b]a[/] to add one; a rebound's Move on"
                " adds one too.[/]"
            )
        parts = [f"{open_count:,} open"]
        if overdue:
            parts.append(f"{overdue:,} from an earlier day")
        shown = "v hides them" if self.show_done else "v shows them"
        return template(
            "$open · $done\n[dim]x done · s or w puts one off a day or a week · e edits[/]",
            open=", ".join(parts),
            done=f"{done:,} done ({shown})" if done else "none done yet",
        )

    @staticmethod
    def _from(step: NextStep, names: dict[str, str]) -> str:
        if step.rebound_id is None:
            return ""
        return f" · {short(names.get(step.rebound_id, '(rebound deleted)'), 40)}"

    def _open_prompt(
        self, step: NextStep, overdue: bool, today: date, names: dict[str, str]
    ) -> Content:
        if step.day is None:
            when = "no day"
        elif overdue:
            when = f"from {_day(step.day)}"
        elif step.day == today:
            when = "today"
        else:
            when = f"by {_day(step.day)}"
        if step.snoozed_until is not None and not overdue:
            when += ", put off"
        return template(
            "$text [dim]· $when$source[/]",
            text=short(step.text, 200),
            when=when,
            source=self._from(step, names),
        )

    def _done_prompt(self, step: NextStep, names: dict[str, str]) -> Content:
        assert step.done_at is not None
        return template(
            "[dim]✓ $text · done $when$source[/]",
            text=short(step.text, 200),
            when=_day(step.done_at.astimezone(zone(self.tz)).date()),
            source=self._from(step, names),
        )

    def _highlighted_id(self) -> str | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None or listing.highlighted >= len(self.listed):
            return None
        return self.listed[listing.highlighted].id

    def _highlighted(self) -> NextStep | None:
        selected = self._highlighted_id()
        return next_steps.next_step(self.app.repo, selected) if selected else None

    def _after(self, step: NextStep) -> str | None:
        """The step below `step` (else above it): where the cursor goes once it leaves."""
        ids = [s.id for s in self.listed]
        if step.id not in ids:
            return None
        index = ids.index(step.id)
        rest = ids[index + 1 :] + ids[:index][::-1]
        return rest[0] if rest else None

    # -- actions ---------------------------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_cursor(self, delta: int) -> None:
        listing = self.query_one(OptionList)
        listing.action_cursor_down() if delta > 0 else listing.action_cursor_up()

    def action_done(self) -> None:
        step = self._highlighted()
        if step is None:
            self.notify("No next step to mark done. Press a to add one.", timeout=3)
            return
        if step.is_done:
            next_steps.reopen(self.app.repo, step)
            self.notify(f"Open again: {short(step.text, 60)}", timeout=3)
            self.reload(select=step.id)
            return
        following = None if self.show_done else self._after(step)
        next_steps.mark_done(self.app.repo, step)
        self.notify(f"Done: {short(step.text, 60)}. It counts in your history.", timeout=3)
        self.reload(select=following or step.id)

    def action_snooze(self, days: int) -> None:
        step = self._highlighted()
        if step is None:
            self.notify("No next step to put off.", timeout=3)
            return
        if step.is_done:
            self.notify("That one is done; x opens it again.", timeout=3)
            return
        moved = next_steps.snooze(self.app.repo, step, days)
        assert moved.day is not None
        self.notify(f"Put off to {moved.day:%A %d %b}.", timeout=3)
        self.reload(select=step.id)

    def action_edit(self) -> None:
        step = self._highlighted()
        if step is None:
            self.action_add()
            return

        def saved(result: StepForm | None) -> None:
            if result is not None:
                next_steps.edit_step(self.app.repo, step, *result)
                self.reload(select=step.id)

        today = next_steps.today(self.app.repo)
        self.app.push_screen(
            NextStepForm(step.text, step.day, today, title="Edit next step"), saved
        )

    def action_add(self) -> None:
        def saved(result: StepForm | None) -> None:
            if result is not None:
                added = next_steps.add_step(self.app.repo, *result)
                self.reload(select=added.id)

        today = next_steps.today(self.app.repo)
        self.app.push_screen(NextStepForm("", None, today, title="New next step"), saved)

    def action_toggle_done(self) -> None:
        self.show_done = not self.show_done
        self.reload()

    def action_delete(self) -> None:
        step = self._highlighted()
        if step is None:
            return
        from rebound_tui.ui.dialogs.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                following = self._after(step)
                next_steps.delete_step(self.app.repo, step)
                self.reload(select=following)

        self.app.push_screen(
            ConfirmScreen(
                f"Delete “{short(step.text, 80)}”? (x marks it done and keeps it.)",
                title="Delete next step",
                default=False,
            ),
            answered,
        )
