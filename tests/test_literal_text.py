"""User text is always literal on screen: markup in a card question, a company name or a
treat title is shown as typed, and control characters (ESC sequences that would write the
clipboard or retitle the terminal, BEL, NUL, C1, bidi overrides) never reach the terminal.

Each screen is rendered the way the real driver renders it (the compositor's full update,
turned into the exact escape sequences Textual would write), then fed to pyte, a terminal
emulator, to read what a user would see.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pyte
import pytest
from textual.pilot import Pilot

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import (
    Card,
    CheckIn,
    FeedbackRequest,
    Interview,
    Lesson,
    NextStep,
    Rebound,
    Reflection,
    Treat,
    TreatLog,
)
from rebound_tui.store.repository import Repository
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.drill import DrillScreen
from rebound_tui.ui.screens.home import HomeScreen
from rebound_tui.ui.screens.rebound import ReboundScreen
from rebound_tui.ui.screens.retrospective import RetrospectiveScreen
from rebound_tui.ui.text import clean, one_line, plain, short, template
from tests.helpers import REPO_ROOT, START, open_repo
from tests.terminal import Terminal

SIZE = (80, 24)

OSC52 = "\x1b]52;c;SGFja2VkIQ==\x07"  # would put "Hacked!" on the clipboard
OSC0 = "\x1b]0;pwned\x07"  # would retitle the terminal window
CSI = "\x1b[2J\x1b[H"  # would clear the screen
C1_CSI = "\x9b31m"  # the 8-bit CSI: a red foreground on terminals that honour C1
BIDI = "\u202eevil\u202c"  # right-to-left override
HOSTILE = (
    f"[/bold] [link=x]y[/link] [@click=app.quit]x[/] $var :smile: "
    f"{OSC52}{OSC0}{CSI}\x07\x00{C1_CSI}{BIDI}\x7f"
)
# What the terminal may never see: C0 but newline/tab... (ESC included), DEL, C1, bidi.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile(label: str, length: int = 0) -> str:
    """`label` (to find it on screen), every hostile thing at once, then padding to make it
    `length` characters long (if it is not already)."""
    text = f"{label} {HOSTILE} "
    return text + "w" * (length - len(text))


def seed_hostile(repo: Repository, clock: FixedClock, long: bool = False) -> dict[str, str]:
    """A hostile value in every text field of every record type; returns the record ids.
    `long`: every value as long as the data files allow (100,000 characters for free text,
    less for names, titles and single words)."""
    now = clock.now()
    word, line, text = (1_000, 10_000, 100_000) if long else (0, 0, 0)
    repo.save_settings(
        replace(
            repo.settings(),
            your_name=hostile("NAME", line),
            keymap={"home.follow_up": "[/bold]"},  # shown on the help screen
        )
    )
    interview = repo.interviews.put(
        Interview(
            id="i1",
            company=hostile("ACME", line),
            role=hostile("ROLE", line),
            stage="final",
            outcome="rejected",
            contact=hostile("CONTACT", line),
            notes=hostile("NOTES", text),
            created_at=now,
            updated_at=now,
        )
    )
    repo.interviews.put(
        Interview(id="i2", company=hostile("ACTIVE", line), created_at=now, updated_at=now)
    )
    checkin = repo.checkins.put(
        CheckIn(
            id="k1",
            at=now - timedelta(hours=1),
            pleasantness=-2,
            energy=1,
            words=(hostile("WORD", word), "tense"),
            intensity=7,
            note=hostile("FEELNOTE", text),
            daydream=8,
            rebound_id="r1",
        )
    )
    treat = repo.treats.put(Treat(id="t1", title=hostile("TREAT", line), minutes=5, cost=0))
    log = repo.treat_log.put(
        TreatLog(id="l1", treat_id=treat.id, accepted_at=now, rebound_id="r1", helped=4)
    )
    repo.rebounds.put(
        Rebound(
            id="r1",
            interview_id=interview.id,
            opened_at=now - timedelta(hours=2),
            step="feel",
            checkin_id=checkin.id,
            treat_log_id=log.id,
        )
    )
    repo.next_steps.put(
        NextStep(
            id="n1",
            text=hostile("NEXTSTEP", line),
            due_on=now.date() + timedelta(days=2),
            rebound_id="r1",
            created_at=now,
        )
    )
    for kind in ("went_well", "tough"):
        repo.reflections.put(
            Reflection(
                id=f"f-{kind}",
                rebound_id="r1",
                kind=kind,
                question=hostile(f"REFQ-{kind}", text),
                situation=hostile("SIT", text),
                task=hostile("TASK", text),
                action=hostile("ACTION", text),
                result=hostile("RESULT", text),
                note=hostile("REFNOTE", text),
                prepared="partly" if kind == "tough" else "",
                created_at=now,
                updated_at=now,
            )
        )
    repo.feedback_requests.put(
        FeedbackRequest(
            id="fb1",
            rebound_id="r1",
            interview_id=interview.id,
            body=hostile("LETTER", text),
            status="sent",
            sent_on=now.date() - timedelta(days=10),
            follow_up_on=now.date() - timedelta(days=1),
            points=(hostile("POINT", text),),
            created_at=now,
            updated_at=now,
        )
    )
    repo.lessons.put(
        Lesson(id="les1", text=hostile("LESSON", text), rebound_id="r1", created_at=now)
    )
    repo.lessons.put(
        Lesson(
            id="les2",
            text=hostile("SKILL", text),
            kind="skill",
            rebound_id="r1",
            created_at=now,
        )
    )
    repo.cards.put(
        Card(
            id="c1",
            question=hostile("CARDQ", text),
            answer=hostile("CARDA", text),
            hint=hostile("HINT", text),
            tags=(hostile("TAG", word),),
            created_at=now - timedelta(days=1),
            due=now,
        )
    )
    repo.cards.put(
        Card(
            id="c2",
            question="A plain second question",
            created_at=now - timedelta(days=1, seconds=-1),
            due=now,
        )
    )
    return {"rebound": "r1", "interview": "i1", "card": "c1"}


# -- reading what the terminal would show ----------------------------------------------
def terminal_output(app: ReboundApp) -> str:
    """The exact text Textual would write to a real terminal to paint the whole screen."""
    update = app.screen._compositor.render_update(full=True)
    return update.render_segments(app.console)


def screen_text(app: ReboundApp) -> str:
    """What a user sees: the terminal output, interpreted by a terminal emulator."""
    width, height = app.size
    screen = pyte.Screen(width, height)
    pyte.Stream(screen).feed(terminal_output(app))
    return "\n".join(screen.display)


def flat(text: str) -> str:
    """Screen text without borders, scrollbars and line wrapping: one long line."""
    return " ".join(re.sub(r"[│┃╭╮╰╯─━▏▎▍▌▋▊▉▔▁]", " ", text).split())


def user_text_escapes(output: str) -> list[str]:
    """Forbidden characters in `output` other than Textual's own escape sequences."""
    own = re.compile(
        r"\x1b\[[0-9;?]*[A-Za-z]"  # CSI: cursor moves, colours (SGR)
        r"|\x1b\]8;[^\x1b\x07]*\x1b\\"  # OSC 8 hyperlinks Textual makes for [link] spans
    )
    rest = own.sub("", output)
    return sorted({f"U+{ord(c):04X}" for c in FORBIDDEN.findall(rest)})


def assert_clean(app: ReboundApp, where: str) -> str:
    output = terminal_output(app)
    assert "\x1b]52" not in output, f"OSC 52 (clipboard) reached the terminal on {where}"
    assert "\x1b]0;" not in output and "\x1b]2;" not in output, f"retitle on {where}"
    assert user_text_escapes(output) == [], f"control characters on {where}"
    return screen_text(app)


async def settle(pilot: Pilot[int]) -> None:
    await pilot.pause()
    await pilot.pause()


# -- the one literal-text path ---------------------------------------------------------
def test_clean_shows_control_characters_visibly() -> None:
    assert clean("a\x1b]52;c;QQ==\x07b") == "a␛]52;c;QQ==␇b"
    assert clean("tab\tand\nnewline") == "tab\tand\nnewline"
    assert clean("nul\x00 del\x7f") == "nul␀ del␡"
    assert clean("c1 \x9b31m \x85") == "c1 \ufffd31m \ufffd"
    assert clean("\u202eevil\u202c \u2066x\u2069") == "\ufffdevil\ufffd \ufffdx\ufffd"
    assert clean("line\r\nnext") == "line\nnext"
    assert clean("lone \ud800 surrogate") == "lone \ufffd surrogate"
    assert FORBIDDEN.search(clean(HOSTILE)) is None


def test_plain_and_template_never_parse_user_markup() -> None:
    assert plain("[/bold] [b]x[/b]").plain == "[/bold] [b]x[/b]"
    content = template("[b]$q[/] and $r", q="[/bold]", r="$var :smile:")
    assert content.plain == "[/bold] and $var :smile:"
    assert one_line("a\nb\tc") == "a b c"
    assert short("x" * 100, 10) == "x" * 9 + "…"
    assert short("[/bold]\x1b]0;t\x07", 80) == "[/bold]␛]0;t␇"


async def test_backstops_catch_text_that_skips_the_literal_path(
    data_dir: Path, clock: FixedClock
) -> None:
    """A widget given raw user text (not through ui/text.py) still writes no control
    character, and a notification asked for with markup is literal anyway."""
    from textual.content import Content
    from textual.widgets import Static

    repo = open_repo(data_dir, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await app.screen.mount(Static(Content(f"RAW {OSC52}{OSC0}{C1_CSI}{BIDI}"), id="raw"))
        app.notify("[/bold] [@click=app.quit]q[/]", markup=True)
        app.screen.sub_title = f"SUB {OSC0}\nline"
        await settle(pilot)
        shown = flat(assert_clean(app, "home with raw text"))
        assert "RAW ]52;c;SGFja2Vk" in shown  # the controls dropped, the text kept
        assert "[/bold] [@click=app.quit]q[/]" in shown
        assert "SUB ␛]0;pwned␇ line" in shown
        assert app.return_code is None


# -- the examples --------------------------------------------------------------
async def test_undo_toast_shows_a_markup_question_literally(
    data_dir: Path, clock: FixedClock
) -> None:
    """The issue: a question containing [/bold] crashed the drill when a rating was undone
    (the undo toast parsed it as markup), and its OSC 52 reached the terminal."""
    repo = open_repo(data_dir, clock)
    question = f"Why [/bold] us? {OSC52}{OSC0}"
    repo.cards.put(Card(id="c1", question=question, answer="Because", due=clock.now()))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True, tooltips=True) as pilot:
        await pilot.press("d", "space", "3")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, DrillScreen)
        text = assert_clean(app, "the drill after undo")
        assert "Undone: Why [/bold] us? ␛]52;c;SGFja2VkIQ==␇␛]0;pwned␇" in flat(text)
        assert repo.reviews.all() == []


async def test_rebound_header_shows_the_company_literally(
    data_dir: Path, clock: FixedClock
) -> None:
    """The issue: an OSC 52 in an interview's company reached the terminal through the
    rebound's header."""
    repo = open_repo(data_dir, clock)
    now = clock.now()
    repo.interviews.put(
        Interview(id="i1", company=f"Evil{OSC52}{OSC0}[b]Co", outcome="rejected", created_at=now)
    )
    repo.rebounds.put(Rebound(id="r1", interview_id="i1", opened_at=now))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True, tooltips=True) as pilot:
        await settle(pilot)
        app.push_screen(ReboundScreen("r1"))
        await settle(pilot)
        text = assert_clean(app, "the rebound")
        assert "Evil␛]52;c;SGFja2VkIQ==␇␛]0;pwned␇[b]Co" in text.splitlines()[0]


# -- what is typed ----------------------------------------------------------------------
@pytest.mark.slow
async def test_typed_markup_is_shown_literally_in_errors_and_toasts(
    data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    """Markup typed into a date, a treat's name or a file path comes back in an error line or
    a toast: each used to end the app with a MarkupError."""
    repo = open_repo(data_dir, clock)
    now = clock.now()
    repo.interviews.put(Interview(id="i1", company="Acme", outcome="rejected", created_at=now))
    repo.rebounds.put(Rebound(id="r1", interview_id="i1", opened_at=now))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        # A date the interview form cannot read.
        await pilot.press("i", "a", *"Initech", "tab", "tab", "tab", "tab", "tab")
        await pilot.press(*"[/b]", "ctrl+s")
        await settle(pilot)
        assert "[/b]' is not a date I can read" in flat(assert_clean(app, "interview form"))
        await pilot.press("escape", "escape")
        await settle(pilot)
        # Your own treat, accepted: "For today: …".
        app.push_screen(ReboundScreen("r1", step="treat"))
        await settle(pilot)
        await pilot.press("o", *"Walk [/b] $x", "enter")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert "For today: Walk [/b] $x." in flat(assert_clean(app, "treat toast"))
        # A next step's date the move-on step cannot read (shown when the autosave runs).
        await app.screen.go_to("move_on")  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("tab", "tab", "tab", "tab", *"[/b]")
        await pilot.pause(1.2)
        await settle(pilot)
        assert "'[/b]' is not a date I can read" in flat(assert_clean(app, "next step"))
        # The letter saved to a path with markup in it: "Saved to …".
        await app.screen.go_to("feedback")  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.click("#feedback-file")
        await settle(pilot)
        target = tmp_path / "[b]letters[/b]" / "[/b] letter.txt"
        await pilot.press("ctrl+a", "ctrl+k", *str(target), "enter")
        await settle(pilot)
        assert target.is_file()
        shown = flat(assert_clean(app, "letter toast"))
        assert "Saved to /" in shown and "[b]letters[/b]/[/b] letter.txt" in shown


async def test_an_editor_shows_control_characters_and_changes_nothing_until_typed_in(
    data_dir: Path, clock: FixedClock
) -> None:
    """A reflection holding ESC sequences opens with them visible (␛); leaving without
    typing stores exactly what was there; typing saves what the fields show."""
    from rebound_tui.ui.dialogs.reflection_editor import ReflectionEditor

    repo = open_repo(data_dir, clock)
    seed_hostile(repo, clock)
    before = repo.reflections.get("f-tough")
    assert before is not None
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.push_screen(ReflectionEditor(before))
        await pilot.pause(1.0)  # longer than the autosave delay
        await settle(pilot)
        assert "REFQ-tough [/bold]" in flat(assert_clean(app, "reflection editor"))
        await pilot.press("escape", "n")  # leave; no drill card
        await settle(pilot)
        assert repo.reflections.get("f-tough") == before
        app.push_screen(ReflectionEditor(before))
        await settle(pilot)
        await pilot.press("end", "!")
        await pilot.pause(1.0)
        await settle(pilot)
    after = repo.reflections.get("f-tough")
    assert after is not None
    assert after.question == clean(before.question) + "!"
    assert after.situation == clean(before.situation)


# -- every screen, every record type ---------------------------------------------------
def route_keys() -> dict[str, list[str]]:
    return {
        "home": [],
        "check-in": ["c"],
        "rejection": ["r"],
        "drill": ["d"],
        "drill answer": ["d", "space"],
        "drill undo": ["d", "space", "3", "u"],
        "cards": ["k"],
        "card history": ["k", "down", "enter"],
        "card editor": ["k", "down", "e"],
        "starter bank": ["k", "n"],
        "drill stats": ["k", "S"],
        "interviews": ["i"],
        "interview form": ["i", "e"],
        "delete interview": ["i", "D"],
        "next steps": ["n"],
        "next step form": ["n", "e"],
        "history": ["h"],
        "history rebounds": ["h", "right_square_bracket"],
        "history treats": ["h", *["right_square_bracket"] * 2],
        "history daydreams": ["h", *["right_square_bracket"] * 3],
        "history funnel": ["h", *["right_square_bracket"] * 4],
        "history drill": ["h", *["right_square_bracket"] * 5],
        "retrospective": ["h", "right_square_bracket", "enter"],
        "help": ["question_mark"],
        "palette": ["ctrl+p"],
    }


# Where each hostile value must be seen, literally: (screen, label).
EXPECTED_VISIBLE = [
    ("home", "NEXTSTEP [/bold] [link=x]y[/link]"),
    ("home", "ACME [/bold]"),
    ("next steps", "NEXTSTEP [/bold] [link=x]y[/link]"),
    ("next steps", "· ACME [/bold]"),
    ("next step form", "NEXTSTEP [/bold] [link=x]y[/link]"),
    ("drill", "CARDQ [/bold] [link=x]y[/link] [@click=app.quit]x[/] $var :smile: ␛]52;"),
    ("drill answer", "CARDA [/bold]"),
    ("drill answer", "Hint: HINT [/bold]"),
    ("drill undo", "Undone: CARDQ [/bold]"),
    ("cards", "CARDQ [/bold]"),
    ("card history", "CARDQ [/bold]"),
    ("interviews", "ACME [/bold"),
    ("rejection", "ACTIVE [/bold]"),
    ("history", "FEELNOTE [/bold"),
    ("history rebounds", "ACME [/bold]"),
    ("history treats", "TREAT [/bold]"),
    ("retrospective", "ACME [/bold] [link=x]y[/link]"),
    ("delete interview", "Delete ACME [/bold]"),
]


async def walk_every_screen(app: ReboundApp, pilot: Pilot[int]) -> dict[str, str]:
    seen: dict[str, str] = {}
    for name, keys in route_keys().items():
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await settle(pilot)
        seen[name] = assert_clean(app, name)
        for _ in range(5):
            if isinstance(app.screen, HomeScreen):
                break
            await pilot.press("escape")
            await pilot.pause()
        if not isinstance(app.screen, HomeScreen):
            await pilot.press("escape")  # the palette closes with escape too
            await settle(pilot)
        assert isinstance(app.screen, HomeScreen), f"stuck after {name}: {app.screen}"
        app.clear_notifications()
    return seen


@pytest.mark.slow
async def test_every_screen_shows_hostile_records_literally(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    seed_hostile(repo, clock)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True, tooltips=True) as pilot:
        await settle(pilot)
        seen = await walk_every_screen(app, pilot)
        # Every step of the rebound, with the company in the header.
        for step in ("feel", "treat", "went_well", "tough", "feedback", "move_on"):
            app.push_screen(ReboundScreen("r1", step=step))
            await settle(pilot)
            text = assert_clean(app, f"rebound step {step}")
            assert "ACME [/bold] [link=x]y[/link]" in text.splitlines()[0]
            seen[f"rebound {step}"] = text
            await pilot.press("escape")
            await settle(pilot)
        assert app.return_code is None  # [@click=app.quit] did not quit
    for screen, needle in EXPECTED_VISIBLE:
        assert needle in flat(seen[screen]), f"{needle!r} not on {screen}:\n{seen[screen]}"
    assert "WORD [/bold]" in flat(seen["rebound feel"])
    assert "TREAT [/bold]" in flat(seen["rebound treat"])
    assert "REFQ-went_well [/bold]" in flat(seen["rebound went_well"])
    assert "LETTER [/bold]" in flat(seen["rebound feedback"])
    assert "POINT [/bold]" in flat(seen["rebound feedback"])
    assert "LESSON [/bold]" in flat(seen["rebound move_on"])


@pytest.mark.slow
async def test_every_screen_survives_a_100000_character_value(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    seed_hostile(repo, clock, long=True)
    app = ReboundApp(repo, clock)
    async with app.run_test(size=SIZE, notifications=True, tooltips=True) as pilot:
        await settle(pilot)
        seen = await walk_every_screen(app, pilot)
        for step in ("feel", "treat", "went_well", "tough", "feedback", "move_on"):
            app.push_screen(ReboundScreen("r1", step=step))
            await settle(pilot)
            assert_clean(app, f"rebound step {step}")
            await pilot.press("escape")
            await settle(pilot)
    assert "CARDQ [/bold]" in flat(seen["drill"])
    assert "Undone: CARDQ [/bold]" in flat(seen["drill undo"])


@pytest.mark.slow
async def test_retrospective_makes_no_links_from_user_text(
    data_dir: Path, clock: FixedClock
) -> None:
    """Markdown syntax and bare URLs in a rebound read back as typed, never as links."""
    repo = open_repo(data_dir, clock)
    seed_hostile(repo, clock)
    lesson = "see [docs](http://evil.example) or http://evil.example &copy; <b>x</b> **b**"
    repo.lessons.put(Lesson(id="les1", text=lesson, rebound_id="r1", created_at=clock.now()))
    app = ReboundApp(repo, clock)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        app.push_screen(RetrospectiveScreen("r1"))
        await settle(pilot)
        await pilot.press("end")
        await settle(pilot)
        output = terminal_output(app)
        assert "\x1b]8;" not in output  # no hyperlink anywhere
        text = assert_clean(app, "the retrospective")
        assert lesson in flat(text)


# -- a real terminal -------------------------------------------------------------------
class RawTerminal(Terminal):
    """A `Terminal` that also keeps every byte the app wrote to it."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path) -> None:
        super().__init__(args, env, cwd)
        self.raw = bytearray()
        feed = self.stream.feed

        def keep(data: bytes) -> None:
            self.raw.extend(data)
            feed(data)

        self.stream.feed = keep  # type: ignore[method-assign]


@pytest.mark.slow
def test_real_terminal_receives_no_user_escape_sequences(
    data_dir: Path, clock: FixedClock
) -> None:
    """`rebound` on a PTY: drill, rate, undo, open the rebound and its retrospective; the
    raw bytes written never carry the user's OSC 52, OSC 0 or C1 bytes (Textual's own OSC
    sequences, for the pointer shape and links, are allowed)."""
    repo = open_repo(data_dir, clock)
    seed_hostile(repo, clock)
    repo.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(TERM="xterm-256color", COLORTERM="truecolor", REBOUND_FAKE_NOW=START.isoformat())
    term = RawTerminal(["--data-dir", str(data_dir)], env, REPO_ROOT)
    try:
        term.wait_for("Open rebounds")
        term.press("d", pause=0.3)
        term.wait_for("CARDQ [/bold]")
        term.press("space", pause=0.3)
        term.wait_for("Good")  # the answer is shown, with its ratings
        term.press("3", pause=0.5)
        term.press("u", pause=0.3)
        term.wait_for("Undone: CARDQ [/bold]")
        term.press("escape", pause=0.3)
        term.wait_for("Open rebounds")
        term.press("r", pause=0.3)
        term.wait_for("Resume")
        term.press("enter", pause=0.5)
        term.wait_for("Whatever you feel")
        term.wait_for("Rebound — ACME [/bold]")
        term.press("escape", pause=0.3)
        term.wait_for("Open rebounds")
        term.press("h", pause=0.5)
        term.wait_for("Daydreams")  # the history screen's tabs: it has opened
        term.press("]", "enter", pause=0.5)  # the Rebounds tab puts the cursor in its list
        term.wait_for("Retrospective")
        term.press("escape", "escape", "q", pause=0.3)
        assert term.wait_exit() == 0
    finally:
        term.close()
    output = bytes(term.raw)
    assert b"\x1b]52" not in output  # the clipboard was not touched
    assert b"\x1b]0;" not in output and b"\x1b]2;" not in output  # nor the window title
    assert "␛]52;c;SGFja2VkIQ==␇".encode() in output  # shown instead, as pictures
    text = output.decode("utf-8", errors="replace")
    assert "\x9b" not in text and "\u202e" not in text  # no C1 CSI, no bidi override
    own_osc = re.sub(r"\x1b\]22;[a-z-]*\x07|\x1b\]8;[^\x1b\x07]*\x1b\\", "", text)
    assert "\x00" not in text and "\x07" not in own_osc  # no NUL, no bell
    # Every OSC the app wrote is Textual's own: the pointer shape (22) or a link (8).
    assert {m.group(1) for m in re.finditer(r"\x1b\](\d+);", text)} <= {"22", "8"}
