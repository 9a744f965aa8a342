"""Write it out: a private page of free writing, saved as it is typed, with a gentle timer
(minutes written of about 15, never an alarm) and the past pages to reopen."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static, TextArea
from textual.widgets.option_list import Option

from rebound_tui.domain.days import effective_timezone, zone
from rebound_tui.domain.models import JournalEntry
from rebound_tui.services import journal
from rebound_tui.services.settings import settings as stored_settings
from rebound_tui.ui.access import rebound_app
from rebound_tui.ui.styles import STYLES
from rebound_tui.ui.text import clean, short, template
from rebound_tui.ui.widgets.footer import QuietFooter
from rebound_tui.ui.widgets.option_list import OptionList

INTRO = (
    "Only for you: kept with your own Rebound data, never sent anywhere. Write about "
    "what happened and your deepest thoughts and feelings about it. Spelling and order "
    "do not matter."
)
SHORT_INTRO = "Only for you, never sent anywhere. What happened, and how it feels."
BEFORE_WRITING = f"About {journal.SUGGESTED_MINUTES} minutes, at your own pace."
NEW_PAGE = "new"
TICK_SECONDS = 20.0


class PageList(OptionList):
    """The past pages. D deletes one: a key of the list, so the page never eats it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("D", "screen.delete", "Delete page", id="journal.delete"),
    ]


class JournalScreen(Screen[None]):
    app = rebound_app
    HELP_TITLE = "Write it out"
    HELP_INTRO = (
        "A private page for free writing: about 15 minutes on what happened and how it "
        "feels. Saved as you type and never sent anywhere. Tab moves to your past pages: "
        "enter reopens one, D deletes one. ctrl+n starts a new page. Escape goes back."
    )
    CSS_PATH = str(STYLES / "journal.tcss")
    AUTO_FOCUS = "#journal-text"  # focused as it is built: keys typed ahead land there
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "done", "Back (saved)", id="journal.done"),
        Binding("ctrl+n", "new_page", "New page", id="journal.new"),
    ]

    def __init__(self, entry_id: str | None = None, rebound_id: str | None = None) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.rebound_id = rebound_id
        self.page: JournalEntry | None = None
        """The page as loaded or last saved: the base of the next save."""
        self._started: datetime | None = None
        self._edited = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(INTRO, id="journal-intro")
        yield Static(SHORT_INTRO, id="journal-intro-short")
        yield Static(BEFORE_WRITING, id="journal-timer")
        with Horizontal(id="journal-body"):
            area = TextArea("", id="journal-text", soft_wrap=True)
            area.border_title = "Your page"
            yield area
            with Vertical(id="journal-side"):
                pages = PageList(id="journal-pages")
                pages.border_title = "Past pages"
                yield pages
        yield QuietFooter()

    def on_mount(self) -> None:
        self.title = "Write it out"
        self.sub_title = "Private"
        repo = self.app.repo
        found = journal.entry(repo, self.entry_id) if self.entry_id else None
        if self.entry_id and found is None:
            self.notify("That page is no longer here (deleted). This is a new one.", timeout=4)
        self._load(found or journal.new_entry(repo, self.rebound_id))
        self.set_interval(TICK_SECONDS, self._show_timer, name="journal-timer")

    def on_screen_resume(self) -> None:
        self._list_pages()

    # -- the page --------------------------------------------------------------------
    def _load(self, page: JournalEntry) -> None:
        self.page = page
        self._edited = False
        self._started = None
        self._shown = clean(page.text)
        area = self.query_one("#journal-text", TextArea)
        area.load_text(self._shown)
        area.move_cursor(area.document.end)  # reopened to go on writing
        self._show_timer()
        self._list_pages()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if not self._edited and text == self._shown:
            return  # the page being filled in on opening: nothing typed yet
        self._edited = True
        if self._started is None:
            self._started = self.app.clock.now()
        self._show_timer()
        assert self.page is not None
        self.app.autosave.schedule(f"journal-{self.page.id}", lambda: self._save(text))

    def _save(self, text: str) -> None:
        # Checked against the stored page: text written on another device too is merged,
        # both kept (services/versions.py); the page shows what was saved.
        assert self.page is not None
        base = self.page
        saved = journal.save_entry_edit(self.app.repo, replace(base, text=text), base)
        self.page = saved.record
        if not self.is_attached:
            return
        if saved.record.text != text:
            self._shown = clean(saved.record.text)
            self.query_one("#journal-text", TextArea).load_text(self._shown)
        if saved.note:
            self.app.notify(saved.note, timeout=6)
        self._list_pages()

    def _show_timer(self) -> None:
        if not self.is_attached:
            return
        timer = self.query_one("#journal-timer", Static)
        if self._started is None:
            timer.update(BEFORE_WRITING)
            return
        minutes = journal.minutes_written(self._started, self.app.clock.now())
        timer.update(journal.timer_line(minutes))

    # -- past pages ------------------------------------------------------------------
    def _list_pages(self) -> None:
        if not self.is_attached or self.page is None:
            return
        repo = self.app.repo
        tz = zone(effective_timezone(stored_settings(repo).timezone))
        pages = journal.entries(repo)
        options = [Option(Content.from_markup("[b]+[/] A new page"), id=NEW_PAGE)]
        for page in pages:
            day = f"{page.written_at.astimezone(tz):%d %b %Y}"
            mark = "▸ " if page.id == self.page.id else ""
            first = short(page.text, 40) or "(empty)"
            options.append(
                Option(
                    template("$mark[b]$day[/]\n[dim]$first[/]", mark=mark, day=day, first=first),
                    id=page.id,
                )
            )
        listing = self.query_one("#journal-pages", OptionList)
        highlighted = listing.highlighted
        listing.set_options(options)
        if options:
            listing.highlighted = min(highlighted or 0, len(options) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option.id
        self.app.autosave.flush()
        if chosen == NEW_PAGE:
            self.action_new_page()
            return
        page = journal.entry(self.app.repo, chosen) if chosen else None
        if page is not None:
            self._load(page)
            self.query_one("#journal-text", TextArea).focus()

    # -- actions ---------------------------------------------------------------------
    def action_new_page(self) -> None:
        self.app.autosave.flush()
        self._load(journal.new_entry(self.app.repo, self.rebound_id))
        self.query_one("#journal-text", TextArea).focus()

    def action_delete(self) -> None:
        listing = self.query_one("#journal-pages", OptionList)
        if listing.highlighted is None:
            return
        chosen = listing.get_option_at_index(listing.highlighted).id
        page = journal.entry(self.app.repo, chosen) if chosen and chosen != NEW_PAGE else None
        if page is None:
            return
        from rebound_tui.ui.dialogs.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.app.autosave.flush()
            journal.delete_entry(self.app.repo, page)
            if self.page is not None and self.page.id == page.id:
                self._load(journal.new_entry(self.app.repo, self.rebound_id))
            else:
                self._list_pages()

        self.app.push_screen(
            ConfirmScreen(
                f"Delete the page “{short(page.text, 60) or '(empty)'}”?"
                " It cannot be brought back.",
                title="Delete page",
                default=False,
            ),
            answered,
        )

    def action_done(self) -> None:
        self.app.autosave.flush()
        self.dismiss()
