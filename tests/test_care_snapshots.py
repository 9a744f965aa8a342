"""How the safety net looks at 80×24: home with the "talk to someone" card, days
practised, a next step from an earlier day and a decision pending; the check-in screen
right after a very low check-in (`pytest --snapshot-update` after a look)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import CheckIn, Interview, Review, new_id
from rebound_tui.services import next_steps
from rebound_tui.ui.app import ReboundApp
from tests.helpers import open_repo
from tests.test_app_shell import seed

SIZE = (80, 24)


def test_home_with_the_care_card(snap_compare: Any, data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    seed(repo, clock)
    now = clock.now()
    repo.checkins.put(
        CheckIn(id=new_id(), at=now - timedelta(hours=1), pleasantness=-3, intensity=9)
    )
    repo.interviews.put(
        Interview(
            id=new_id(),
            company="Brightside",
            role="Data analyst",
            stage="onsite",
            interviewed_on=(now - timedelta(days=2)).date(),
            created_at=now,
        )
    )
    card = repo.cards.all()[0]
    for days in (0, 1, 4):
        repo.reviews.put(
            Review(id=new_id(), card_id=card.id, rating=3, reviewed_at=now - timedelta(days=days))
        )
    next_steps.add_step(repo, "Ask Sam for a referral", (now - timedelta(days=2)).date())
    assert snap_compare(ReboundApp(repo, clock), terminal_size=SIZE)


def test_check_in_right_after_a_very_low_one(
    snap_compare: Any, data_dir: Path, clock: FixedClock
) -> None:
    app = ReboundApp(open_repo(data_dir, clock), clock, start="checkin")
    keys = ["h", "h", "h", "tab", "tab", "9", "escape"]
    assert snap_compare(app, press=keys, terminal_size=SIZE)


def test_before_the_decision_dialog(snap_compare: Any, data_dir: Path, clock: FixedClock) -> None:
    """The wish-and-plan dialog, opened with o on home while a decision is pending, part
    filled in: the plan's title follows the obstacle."""
    repo = open_repo(data_dir, clock)
    repo.interviews.put(
        Interview(
            id="bright",
            company="Brightside",
            role="Data analyst",
            stage="onsite",
            interviewed_on=(clock.now() - timedelta(days=1)).date(),
            created_at=clock.now(),
        )
    )

    def typed(text: str) -> list[str]:
        return ["space" if c == " " else c for c in text]

    keys = ["o", *typed("A team that reviews work kindly"), "tab", "tab"]
    keys += typed("I go quiet when I am unsure")
    assert snap_compare(ReboundApp(repo, clock), press=keys, terminal_size=SIZE)
