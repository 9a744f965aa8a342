"""Search everything you wrote: type, and what holds every word shows as you type (newest
first); ↑↓ choose, enter opens the record where it lives."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, Static
from textual.widgets.option_list import Option

from rebound_tui.services.search import Hit, SearchIndex
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import one_line, short, template
from rebound_tui.ui.widgets.footer import QuietFooter
from rebound_tui.ui.widgets.option_list import OptionList

SHOWN = 200
"""The most hits listed (the newest); the count says how many there are in all."""
FIRST = 40
"""Hits listed before the list is painted (more than a tall terminal shows)."""
DEBOUNCE_SECONDS = 0.02
"""How long typing pauses before the list follows it: keys that come together (a paste,
a burst over SSH, a fast typist's) are looked for once; a person's next key comes ten
times later, so every letter shows its hits (it waited 50 ms: a third of a search)."""
WHAT_IS_SEARCHED = (
    "Reflections, journal pages, check-in and interview notes, feedback letters, lessons,"
    " next steps and cards"
)


READING = template("[dim]Reading everything you wrote…[/]")


class SearchScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Search"
    HELP_INTRO = (
        "Everything you wrote, found as you type: every word must appear, in any case,"
        " with or without accents. Newest first. ↑↓ choose, enter opens it; / goes back to"
        " the words."
    )
    CSS_PATH = str(STYLES / "search.tcss")
    AUTO_FOCUS = "#search-input"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="search.open"),
        Binding("slash", "find", "Search", key_display="/", show=False, id="search.find"),
        Binding("down", "cursor(1)", "Down", show=False, id="search.down"),
        Binding("up", "cursor(-1)", "Up", show=False, id="search.up"),
        Binding("escape", "app.pop_screen", "Back", id="search.back"),
    ]

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.query_text = query
        self.index: SearchIndex | None = None
        self.hits: list[Hit] = []
        self._listed = 0
        """Counts the listings: the rest of one is added only if none came since."""
        self._pending: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        words = Input(
            value=self.query_text,
            placeholder="Words to find in everything you wrote",
            id="search-input",
            select_on_focus=False,
        )
        words.border_title = "/ search"
        yield words
        yield Static("", id="search-summary")
        yield OptionList(id="search-results")
        yield QuietFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "find":  # in the field `/` is typed: offered from the list only
            return not isinstance(self.focused, Input)
        return True

    def on_mount(self) -> None:
        self.title = "Search"
        # Nothing typed yet: what to do, at once; the index is read meanwhile.
        self._summary(self._counted("") if not self.query_text.strip() else READING)
        self.load_index()

    def on_screen_resume(self) -> None:
        if self.index is not None:  # back from a record, which may have changed
            self.load_index()

    @work(thread=True, exclusive=True, group="search-index")
    def load_index(self) -> None:
        """Read and fold every record on a worker: years of writing take a moment."""
        index = SearchIndex.latest(self.app.repo)
        self.app.call_from_thread(self._index_ready, index)

    def _index_ready(self, index: SearchIndex) -> None:
        self.index = index
        self.refresh_hits()

    # -- typing ----------------------------------------------------------------------
    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        if self.index is None and self.query_text.strip():
            self._summary(READING)
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(DEBOUNCE_SECONDS, self.refresh_hits)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def refresh_hits(self) -> None:
        """List what holds every word typed so far."""
        self._pending = None
        if self.index is None:
            return
        listing = self.query_one("#search-results", OptionList)
        current = self._highlighted()
        query = self.query_text
        self.hits = self.index.search(query, limit=SHOWN)
        ids = [hit.id for hit in self.hits]
        at = ids.index(current.id) if current and current.id in ids else 0
        # A screenful first; the rest once it is painted (unless typing went on).
        listing.set_options(Option(self._prompt(hit), id=hit.id) for hit in self.hits[:FIRST])
        self._listed += 1
        if len(self.hits) > FIRST:
            self.call_after_refresh(self._list_rest, self._listed, self.hits[FIRST:], at)
        if self.hits and at < FIRST:
            listing.highlighted = at
        self._summary(self._counted(query))

    def _list_rest(self, listed: int, hits: list[Hit], at: int) -> None:
        if listed != self._listed:  # listed again since
            return
        listing = self.query_one("#search-results", OptionList)
        listing.add_options(Option(self._prompt(hit), id=hit.id) for hit in hits)
        if at >= FIRST:
            listing.highlighted = at

    def _counted(self, query: str) -> Content:
        if not query.strip():
            return template(
                "[dim]Type a word or two. $what are searched.[/]", what=WHAT_IS_SEARCHED
            )
        if not self.hits:
            return template(
                "Nothing holds all of “$query”. Fewer words, or part of a word, may find it.",
                query=short(query, 40),
            )
        assert self.index is not None
        total = self.index.count(query) if len(self.hits) >= SHOWN else len(self.hits)
        found = f"{total:,} found" if total > 1 else "1 found"
        more = total > len(self.hits)
        shown = f"the newest {len(self.hits):,} shown" if more else "newest first"
        return template("$found · $shown · [b]enter[/] opens it", found=found, shown=shown)

    def _summary(self, text: Content) -> None:
        self.query_one("#search-summary", Static).update(text)

    @staticmethod
    def _prompt(hit: Hit) -> Content:
        head = Content.assemble(
            (f"{hit.label:<10} ", "bold"),
            (f"{hit.day:%d %b %Y}  ", "dim"),
            short(hit.title, 52),
        )
        text = hit.snippet.text
        if not text or text == hit.title:
            return head
        # one_line keeps every character in place (a control becomes one picture), so the
        # marks still fall on the words found.
        found = Content(one_line(text))
        for start, end in hit.snippet.marks:
            found = found.stylize("bold underline", start, end)
        return Content.assemble(head, "\n  ", found.stylize("dim"))

    # -- moving and opening ------------------------------------------------------------
    def _highlighted(self) -> Hit | None:
        index = self.query_one("#search-results", OptionList).highlighted
        return self.hits[index] if index is not None and index < len(self.hits) else None

    def action_cursor(self, delta: int) -> None:
        listing = self.query_one("#search-results", OptionList)
        if not self.hits:
            return
        now = listing.highlighted or 0
        listing.highlighted = max(0, min(len(self.hits) - 1, now + delta))

    def action_find(self) -> None:
        self.query_one("#search-input", Input).focus()

    def action_open(self) -> None:
        """Open the highlighted record where it lives (`Hit.opens`)."""
        if self._pending is not None:  # enter typed before the list caught up
            self.refresh_hits()
        hit = self._highlighted()
        if hit is None:
            return
        from rebound_tui.ui.navigation import AREA

        if hit.opens.area not in AREA:
            self.notify("That record has no screen of its own yet.", severity="warning")
            return
        self.app.open(hit.opens.area, **hit.opens.arguments)
