"""Settings: your name, time zone and day start, the drill's limits, treats, the theme, and
every key. A change is checked, saved and applied at once; a refused one is said in one
line and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Hit, Hits, Provider
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from rebound_tui.domain.days import effective_timezone, zone
from rebound_tui.domain.models import Settings
from rebound_tui.services import settings as stored
from rebound_tui.services.calendar_file import keep_calendar_file
from rebound_tui.services.paths import letters_dir
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.dialogs.choice_picker import ChoicePicker
from rebound_tui.ui.dialogs.key_bindings import KeyBindingsScreen
from rebound_tui.ui.dialogs.value_editor import ValueEditor
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import cell, plain, short
from rebound_tui.ui.themes import theme_names
from rebound_tui.ui.widgets.footer import QuietFooter

BUDGETS = {0: "Free only", 1: "Free or cheap", 2: "A small splurge too"}
DAYS = {"d": 1, "w": 7, "y": 365}
MINUTES = {"m": 1, "h": 60}

# (row id, label, what it is for): the table's rows, in this order.
ROWS: tuple[tuple[str, str, str], ...] = (
    ("your_name", "Your name", "Signs the feedback letters you write."),
    (
        "timezone",
        "Time zone",
        "Your days, your streak and “today” follow this zone. Until you pick one, it is "
        "guessed from the computer Rebound runs on.",
    ),
    (
        "day_start_hour",
        "Day starts at",
        "The hour a drill day begins (0–23): a session at 1 am still counts for the "
        "evening before.",
    ),
    ("new_per_day", "New cards a day", "How many new cards the drill brings in each day."),
    (
        "reviews_per_day",
        "Reviews a day",
        "The most review cards the drill shows in a day, the weakest first; the rest wait "
        "for the days after. 0 or none: no limit.",
    ),
    (
        "backlog",
        "After a break",
        "Reviews piled up during a break are spread over this many days (2–60), the "
        "weakest first, with half the new cards meanwhile; off shows them all at once.",
    ),
    (
        "desired_retention",
        "Desired retention",
        "How likely you are to recall a card when it comes back (70%–99%); higher means "
        "more reviews.",
    ),
    (
        "maximum_interval_days",
        "Maximum interval",
        "The longest a card stays away, in days (1–36500; 2y and 8w work too).",
    ),
    (
        "learning_steps_minutes",
        "Learning steps",
        "The waits before a new card graduates: 1m 10m, or 1h 1d.",
    ),
    (
        "relearning_steps_minutes",
        "Relearning steps",
        "The waits after you forget a card: 10m, or none (leave it empty).",
    ),
    ("treat_budget", "Treat budget", "What a treat offered after a rejection may cost."),
    ("treat_minutes", "Treat time", "The longest a treat offered may take, in minutes."),
    (
        "drill_reminder",
        "Drill reminder",
        "A daily reminder to drill at this time (08:30, say) in your calendar: in the "
        "calendar export and the calendar file. Empty or off: none.",
    ),
    (
        "calendar_file",
        "Calendar file",
        "A calendar (.ics) of your follow-ups, next steps and interviews that Rebound "
        "rewrites after each change; in a synced folder, a calendar app can subscribe to "
        "it. A name alone goes in your home folder. Empty or off: none.",
    ),
    ("theme", "Theme", "How Rebound looks; applied at once, remembered."),
    ("keys", "Key bindings", "Every key, and its id for remapping one in settings.json."),
)
LABELS = {row: label for row, label, _ in ROWS}
HINTS = {row: hint for row, _, hint in ROWS}


class ThemeCommands(Provider):
    """ "Theme: <name>" in the palette opened over the settings screen."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name in theme_names():
            title = f"Theme: {name}"
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(setattr, self.app, "theme", name),
                    help="Use this theme (it is remembered)",
                )


class SettingsScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Settings"
    HELP_INTRO = (
        "Enter or e changes the highlighted setting; it is saved and applies at once. "
        "A value that cannot be used is refused, and nothing is saved."
    )
    CSS_PATH = str(STYLES / "settings.tcss")
    AUTO_FOCUS = "#settings-table"  # focused as it is built: keys typed ahead land there
    COMMANDS: ClassVar[set[Any]] = {ThemeCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Change", id="settings.edit"),
        Binding("j", "cursor(1)", "Down", show=False, id="settings.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="settings.up"),
        Binding("escape", "app.pop_screen", "Back", id="settings.back"),
    ]

    def __init__(self, *, edit: str | None = None) -> None:
        """`edit`: a row to open at once ("theme" from the palette's Theme)."""
        super().__init__()
        self.edit_first = edit

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="settings-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="settings-about")
        yield Static("", id="settings-status")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.title = "Settings"
        table = self.query_one(DataTable)
        table.add_column("Setting", width=18, key="setting")
        table.add_column("Now", key="value")
        self.reload()
        # A theme chosen from the palette ("Theme: nord") shows in the table at once.
        self.watch(self.app, "theme", lambda _: self.reload(), init=False)
        if self.edit_first in LABELS:
            table.move_cursor(row=list(LABELS).index(self.edit_first))
            self.action_edit()

    def on_screen_resume(self) -> None:
        self.reload()

    # -- showing ---------------------------------------------------------------------
    def reload(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        now = stored.settings(self.app.repo)
        for key, label, _ in ROWS:
            table.add_row(label, cell(self._value(key, now)), key=key)
        table.move_cursor(row=row)
        self._show_about()

    def _value(self, key: str, now: Settings) -> str:
        if key == "your_name":
            return short(now.your_name.strip(), 50) or "not set: letters sign “[your name]”"
        if key == "timezone":
            name = effective_timezone(now.timezone)
            local = self.app.clock.now().astimezone(zone(name))
            guess = "" if now.timezone_chosen else ", guessed"
            return f"{name} ({local:%H:%M} there now{guess})"
        if key == "day_start_hour":
            return f"{now.day_start_hour:02d}:00"
        if key in ("learning_steps_minutes", "relearning_steps_minutes"):
            return stored.format_steps(getattr(now, key))
        if key == "desired_retention":
            return f"{now.desired_retention:.0%}"
        if key == "reviews_per_day":
            return f"{now.reviews_per_day}" if now.reviews_per_day else "no limit"
        if key == "backlog":
            return f"spread over {now.backlog_days} days" if now.backlog_mode else "off"
        if key == "maximum_interval_days":
            days = now.maximum_interval_days
            return f"{days} days" + (f" (about {days / 365:.0f} years)" if days >= 730 else "")
        if key == "treat_budget":
            return BUDGETS[now.treat_budget]
        if key == "treat_minutes":
            return f"{now.treat_minutes} minutes"
        if key in ("drill_reminder", "calendar_file"):
            return getattr(now, key) or "none"
        if key == "theme":
            return self.app.theme
        if key == "keys":
            return "see every key (enter)"
        return str(getattr(now, key))

    def _selected(self) -> str:
        table = self.query_one(DataTable)
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _show_about(self) -> None:
        self.query_one("#settings-about", Static).update(plain(HINTS[self._selected()]))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_about()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def _saved(self, key: str) -> None:
        self.reload()
        now = stored.settings(self.app.repo)
        self.query_one("#settings-status", Static).update(
            plain(f"Saved: {LABELS[key]} is {self._value(key, now)}.")
        )

    # -- actions ---------------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, table.cursor_row + step))

    def action_edit(self) -> None:
        key = self._selected()
        self.query_one("#settings-status", Static).update("")
        if key == "keys":
            self.app.push_screen(KeyBindingsScreen())
        elif key == "timezone":
            self._pick_zone()
        elif key == "theme":
            self._pick_theme()
        elif key == "treat_budget":
            self._pick_budget()
        else:
            self._edit_text(key)

    def _edit_text(self, key: str) -> None:
        now = stored.settings(self.app.repo)
        if key in ("learning_steps_minutes", "relearning_steps_minutes"):
            value = stored.format_steps(getattr(now, key)).replace("none", "")
        elif key == "desired_retention":
            value = f"{now.desired_retention:.0%}"
        elif key == "reviews_per_day":
            value = str(now.reviews_per_day or "none")
        elif key == "backlog":
            value = str(now.backlog_days) if now.backlog_mode else "off"
        else:
            value = str(getattr(now, key))

        def apply(text: str) -> None:
            if key == "backlog":  # one row, two settings: on or off, and the days
                changes = stored.parse_backlog(text, stored.settings(self.app.repo))
            elif key == "calendar_file":
                changes = {key: stored.parse_calendar_file(text, letters_dir())}
            else:
                changes = {key: _PARSERS[key](text)}
            stored.update_settings(self.app.repo, **changes)
            if key in ("drill_reminder", "calendar_file"):
                self._write_calendar()

        longest = 4_000 if key == "calendar_file" else 200  # a path may be long
        editor = ValueEditor(LABELS[key], value, HINTS[key], apply, max_length=longest)
        self.app.push_screen(editor, lambda saved: self._saved(key) if saved else None)

    def _write_calendar(self) -> None:
        """The calendar file, if one is set, written now with the change in it."""
        problem = keep_calendar_file(self.app.repo, force=True)
        if problem is not None:
            self.app.notify(problem, severity="warning", timeout=12)

    def _pick_zone(self) -> None:
        now = stored.settings(self.app.repo)
        current = effective_timezone(now.timezone)
        detected = stored.detected_zone()
        labels = {detected: f"{detected}  (detected here)"}
        if current != detected:
            labels[current] = f"{current}  (in use)"
        choices = [(name, labels.get(name, name)) for name in stored.time_zones((detected,))]
        picker = ChoicePicker(
            "Time zone",
            choices,
            current,
            hint="Type part of a place: los angeles, london, tokyo",
            search=True,
        )

        def chosen(name: str | None) -> None:
            if name is not None:
                stored.choose_zone(self.app.repo, name)
                self._saved("timezone")

        self.app.push_screen(picker, chosen)

    def _pick_theme(self) -> None:
        names = theme_names()
        picker = ChoicePicker("Theme", [(n, n) for n in names], self.app.theme)

        def chosen(name: str | None) -> None:
            if name is not None and name in names:
                self.app.theme = name  # the app remembers it (ReboundApp.watch_theme)
                self._saved("theme")

        self.app.push_screen(picker, chosen)

    def _pick_budget(self) -> None:
        now = stored.settings(self.app.repo)
        choices = [(str(cost), label) for cost, label in BUDGETS.items()]
        picker = ChoicePicker("Treat budget", choices, str(now.treat_budget))

        def chosen(cost: str | None) -> None:
            if cost is not None:
                stored.update_settings(self.app.repo, treat_budget=int(cost))
                self._saved("treat_budget")

        self.app.push_screen(picker, chosen)


_PARSERS: dict[str, Callable[[str], object]] = {
    "your_name": str.strip,
    "day_start_hour": stored.parse_hour,
    "new_per_day": partial(stored.parse_whole, field="new_per_day"),
    "reviews_per_day": stored.parse_review_limit,
    "desired_retention": stored.parse_retention,
    "maximum_interval_days": partial(
        stored.parse_whole, field="maximum_interval_days", units=DAYS
    ),
    "learning_steps_minutes": partial(stored.parse_steps, field="learning_steps_minutes"),
    "relearning_steps_minutes": partial(stored.parse_steps, field="relearning_steps_minutes"),
    "treat_minutes": partial(stored.parse_whole, field="treat_minutes", units=MINUTES),
    "drill_reminder": stored.parse_reminder,
}


class ThemeScreen(SettingsScreen):
    """Settings with the theme list open: the palette's "Theme"."""

    def __init__(self) -> None:
        super().__init__(edit="theme")
