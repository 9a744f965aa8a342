"""The app's areas, declared once. App actions (`app.open('drill')`), the command
palette, home's keys and so the help screen are all built from `AREAS`: a new screen is
a screen file, a `.tcss` file and one entry here. Screens never import each other: one
opens another with `app.open('<id>', ...)`, arguments going to the screen's class."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, NamedTuple

from textual.binding import Binding

if TYPE_CHECKING:
    from textual.screen import Screen


class Area(NamedTuple):
    """One area of the app. A named tuple, not a dataclass: made at every start, and a
    frozen dataclass costs a millisecond of generated code to define."""

    id: str
    """Used in `app.open('<id>')` and in home's binding id, `home.<id>`."""
    title: str
    help: str
    screen: str
    """Where the screen class lives, "module:Class": imported only when first opened."""
    home_key: str | None = None
    key_display: str | None = None
    in_footer: bool = True
    listed: bool = True
    """Offered in the command palette. An area that shows one record (a rebound, a card)
    is not: it is opened from another screen, with the record's id."""
    styles: tuple[str, ...] = ()
    """The screen's `CSS_PATH`, as file names in `ui.styles.STYLES`: read ahead without
    importing the screen (`ui.prepare`; `tests/test_prepare.py` keeps the two equal)."""

    def make_screen(self, **arguments: Any) -> Screen[Any]:
        module, _, name = self.screen.partition(":")
        screen_class = getattr(importlib.import_module(module), name)
        screen: Screen[Any] = screen_class(**arguments)  # a Screen subclass by contract
        return screen

    @property
    def action(self) -> str:
        return f"app.open('{self.id}')"

    def home_binding(self) -> Binding:
        assert self.home_key is not None
        return Binding(
            self.home_key,
            self.action,
            self.title,
            show=self.in_footer,
            key_display=self.key_display,
            id=f"home.{self.id}",
        )


_SCREENS = "rebound_tui.ui.screens"
AREAS: tuple[Area, ...] = (
    Area(
        "drill",
        "Drill",
        "Today's drill",
        f"{_SCREENS}.drill:DrillScreen",
        "d",
        styles=("drill.tcss",),
    ),
    Area(
        "cards",
        "Cards",
        "Browse, search and edit drill cards",
        f"{_SCREENS}.cards:CardsScreen",
        "k",
        styles=("cards.tcss",),
    ),
    Area(
        "stats",
        "Drill stats",
        "Retention, forecast, optimize",
        f"{_SCREENS}.drill_stats:DrillStatsScreen",
        styles=("stats.tcss",),
    ),
    Area(
        "checkin",
        "Check in",
        "How are you feeling?",
        f"{_SCREENS}.checkin:CheckInScreen",
        "c",
        styles=("checkin.tcss",),
    ),
    Area(
        "interviews",
        "Interviews",
        "Every application and interview",
        f"{_SCREENS}.interviews:InterviewsScreen",
        "i",
        in_footer=False,  # home's footer keeps room for quit and help; its hint lists it
        styles=("interviews.tcss",),
    ),
    Area(
        "history",
        "History",
        "Mood, rebounds, treats, funnel, drill",
        f"{_SCREENS}.history:HistoryScreen",
        "h",
        in_footer=False,  # home's footer keeps room for quit and help; its hint lists it
        styles=("history.tcss",),
    ),
    Area(
        "next_steps",
        "Next steps",
        "Things to do next: done, put off, from an earlier day",
        f"{_SCREENS}.next_steps:NextStepsScreen",
        "n",
        in_footer=False,  # home's footer keeps room for quit and help; its hint lists it
        styles=("next_steps.tcss",),
    ),
    Area(
        "settings",
        "Settings",
        "Name, time zone, day start, drill limits, treats, theme, keys",
        f"{_SCREENS}.settings:SettingsScreen",
        "comma",
        key_display=",",
        in_footer=False,  # home's footer is full at 80 columns; home's hint and help say it
        styles=("settings.tcss",),
    ),
    Area(
        "journal",
        "Write it out",
        "A private page to write about what happened and how it feels",
        f"{_SCREENS}.journal:JournalScreen",
        "w",
        in_footer=False,  # home's footer keeps room for quit and help; its hint lists it
        styles=("journal.tcss",),
    ),
    Area(
        "theme",
        "Theme",
        "Choose how Rebound looks",
        f"{_SCREENS}.settings:ThemeScreen",
        styles=("settings.tcss",),
    ),
    Area(
        "search",
        "Search",
        "Everything you wrote: reflections, journal, notes, letters, lessons, cards (/)",
        f"{_SCREENS}.search:SearchScreen",
        styles=("search.tcss",),
    ),
    Area(
        "rebound",
        "Rebound",
        "The six steps after a rejection",
        f"{_SCREENS}.rebound:ReboundScreen",
        listed=False,
        styles=("rebound.tcss",),
    ),
    Area(
        "retrospective",
        "Retrospective",
        "One rebound, read back",
        f"{_SCREENS}.retrospective:RetrospectiveScreen",
        listed=False,
        styles=("history.tcss",),
    ),
    Area(
        "card",
        "Card history",
        "One card and every review of it",
        f"{_SCREENS}.card_detail:CardDetailScreen",
        listed=False,
        styles=("card_detail.tcss",),
    ),
    Area(
        "cram",
        "Practise",
        "Practise for an interview, a tag or a role: weakest first, schedule untouched",
        f"{_SCREENS}.cram:CramScreen",
        listed=False,  # opened for an interview (home, the interviews list) or a tag
        styles=("drill.tcss", "cram.tcss"),
    ),
    Area(
        "starter_bank",
        "Starter questions",
        "Common interview questions to add to the drill",
        f"{_SCREENS}.starter_bank:StarterBankScreen",
        listed=False,
        styles=("cards.tcss", "starter_bank.tcss"),
    ),
)
AREA = {area.id: area for area in AREAS}
LISTED = tuple(area for area in AREAS if area.listed)
"""The areas the command palette and the help screen offer."""


def first_screen(start: str, options: dict[str, Any]) -> Screen[Any] | None:
    """The app's first screen for a start at home or at the drill (`rebound drill`): made
    Textual's default screen, not pushed over its empty one once the app is mounted (a
    first frame was drawn and thrown away, and home's figures read before the paint).
    None for the other starts, whose screens are pushed: only a pushed screen's styles
    are read, and theirs are not among the app's (`ReboundApp.CSS_PATH`)."""
    if start in ("checkin", "cram"):
        return None
    if start == "drill":
        return AREA["drill"].make_screen(exit_when_done=True, **options)
    home: Screen[Any] = importlib.import_module(f"{_SCREENS}.home").HomeScreen()
    return home  # named, not imported: screens import this module
