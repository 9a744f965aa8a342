"""The starter bank browser, by role (issue 14, item 9): [ and ] (or a click on a tab)
choose a kind of question or a role, the list shows only those, the ones already in the
drill are marked, and picking and adding work as before, across tabs. Its look at 80×24
and 60×20 (the text of each was read before it was accepted)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Tabs

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.questions import in_family
from rebound_tui.services.cards import add_starter_questions
from rebound_tui.ui.app import ReboundApp
from rebound_tui.ui.screens.starter_bank import StarterBankScreen
from rebound_tui.ui.widgets.option_list import OptionList
from tests.helpers import open_repo


def bank(app: ReboundApp) -> StarterBankScreen:
    assert isinstance(app.screen, StarterBankScreen)
    return app.screen


def listed(app: ReboundApp) -> list[str]:
    options = bank(app).query_one(OptionList)
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


async def test_choose_a_role_and_add_its_questions_to_the_drill(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    add_starter_questions(repo, ["starter-sw-testing"])  # already in the drill
    app = ReboundApp(repo, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("k", "n")
        await pilot.pause()
        assert len(listed(app)) == len(in_family("all"))
        await pilot.press("right_square_bracket", "right_square_bracket")  # Situational
        await pilot.pause()
        assert listed(app) == [q.id for q in in_family("situational")]
        await pilot.press("space")  # picked here, still picked under another tab
        await pilot.press(*["right_square_bracket"] * 2)  # Software
        await pilot.pause()
        screen = bank(app)
        assert screen.query_one(Tabs).active == "family-software"
        assert listed(app) == [q.id for q in in_family("software")]
        options = screen.query_one(OptionList)
        assert "Software · 11 questions · 1 in your drill" in str(options.border_title)
        testing = listed(app).index("starter-sw-testing")
        assert str(options.get_option_at_index(testing).prompt).startswith("[✓]")
        await pilot.press(*["j"] * testing, "space")  # in the drill already: not picked
        assert "Already in your drill." in str(screen.query_one("#starter-hint").render())
        await pilot.press("k", "space", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, StarterBankScreen)
    added = {c.source_id: c for c in repo.cards.all()}
    software = in_family("software")[testing - 1]
    assert set(added) == {"starter-sw-testing", "starter-sit-priority-clash", software.id}
    assert added[software.id].kind == software.kind
    assert "engineering" in added[software.id].tags  # the focused drill for the role finds it


async def test_the_tabs_wrap_and_a_click_chooses(data_dir: Path, clock: FixedClock) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("k", "n")
        await pilot.pause()
        await pilot.click("#family-behavioural")
        await pilot.pause()
        assert listed(app) == [q.id for q in in_family("behavioural")]
        assert app.focused is bank(app).query_one(OptionList)  # the keys still work
        await pilot.press("left_square_bracket", "left_square_bracket")  # round to Support
        await pilot.pause()
        assert listed(app) == [q.id for q in in_family("support")]


@pytest.mark.parametrize(
    ("size", "keys"),
    [((80, 24), []), ((80, 24), ["right_square_bracket"] * 4), ((60, 20), [])],
)
def test_look(
    size: tuple[int, int], keys: list[str], snap_compare, data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    add_starter_questions(repo, ["starter-why-this-company", "starter-sw-api-design"])
    app = ReboundApp(repo, clock)
    assert snap_compare(app, press=["k", "n", *keys], terminal_size=size)
