"""Home's figures from the store's summaries (`services.overview.build_overview`): the
interviews of its open rebounds and follow-ups, its next steps and the interview waiting
for a decision are those a read of every record gives, after any edits."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import FeedbackRequest, Interview, NextStep, Rebound
from rebound_tui.services import next_steps
from rebound_tui.services.feedback import follow_ups_due
from rebound_tui.services.overview import Overview, build_overview
from rebound_tui.store.repository import Repository
from tests.helpers import START

TODAY = date(2026, 11, 26)


def _full(repo: Repository) -> dict[str, object]:
    """What home shows of interviews, follow-ups and next steps, from every record."""
    from rebound_tui.services.contrast import offer_contrast

    rebounds = sorted(
        (r for r in repo.rebounds.all() if r.closed_at is None),
        key=lambda r: r.opened_at,
        reverse=True,
    )
    held = [
        i
        for i in repo.interviews.all()
        if i.outcome == "active" and i.interviewed_on is not None and offer_contrast(i)
    ]
    return {
        "open_rebounds": tuple((r, repo.interviews.get(r.interview_id)) for r in rebounds),
        "follow_ups": tuple(follow_ups_due(repo)),
        "next_steps": tuple(next_steps.open_steps(repo, next_steps.today(repo, START))),
        "awaiting": max(held, key=lambda i: (i.interviewed_on or date.min, i.id), default=None),
    }


def _shown(overview: Overview) -> dict[str, object]:
    return {
        "open_rebounds": overview.open_rebounds,
        "follow_ups": overview.follow_ups,
        "next_steps": overview.next_steps,
        "awaiting": overview.awaiting_decision,
    }


def _edit(repo: Repository, rng: random.Random, n: int) -> None:
    kind = rng.choice(["interview", "rebound", "request", "step", "delete", "change"])
    interview_ids = [f"i{k}" for k in range(12)]
    if kind == "interview":
        repo.interviews.put(
            Interview(
                id=rng.choice(interview_ids),
                company=f"Co {n}",
                stage=rng.choice(["applied", "screen", "onsite"]),
                outcome=rng.choice(["active", "active", "rejected"]),
                interviewed_on=rng.choice([None, TODAY - timedelta(days=rng.randint(0, 30))]),
                wish=rng.choice(["", "", "a team", "  "]),
                pictured=rng.choice([None, None, None, 4]),
            )
        )
    elif kind == "rebound":
        repo.rebounds.put(
            Rebound(
                id=f"b{rng.randint(0, 6)}",
                interview_id=rng.choice([*interview_ids, "gone"]),
                opened_at=START - timedelta(days=rng.randint(0, 40)),
                closed_at=rng.choice([None, None, START - timedelta(hours=1)]),
            )
        )
    elif kind == "request":
        sent = TODAY - timedelta(days=rng.randint(0, 20))
        repo.feedback_requests.put(
            FeedbackRequest(
                id=f"f{rng.randint(0, 8)}",
                rebound_id="b1",
                interview_id=rng.choice([None, *interview_ids]),
                status=rng.choice(["sent", "sent", "draft", "replied"]),
                sent_on=sent,
                follow_up_on=sent + timedelta(days=7),
                nudged_on=rng.choice([None, None, TODAY]),
            )
        )
    elif kind == "step":
        repo.next_steps.put(
            NextStep(
                id=f"s{rng.randint(0, 9)}",
                text=f"step {n}",
                due_on=rng.choice([None, TODAY + timedelta(days=rng.randint(-5, 5))]),
                done_at=rng.choice([None, None, START - timedelta(hours=2)]),
                created_at=START - timedelta(days=rng.randint(0, 9)),
            )
        )
    elif kind == "delete":
        interview = repo.interviews.get(rng.choice(interview_ids))
        if interview is not None:
            repo.interviews.delete(interview)
    else:
        interview = repo.interviews.get(rng.choice(interview_ids))
        if interview is not None:
            repo.interviews.put(replace(interview, outcome="rejected", company="Renamed"))


@pytest.mark.parametrize("seed", range(10))
def test_home_figures_from_summaries_equal_a_full_read(
    data_dir: Path, clock: FixedClock, seed: int
) -> None:
    rng = random.Random(seed)
    repo = Repository.open(data_dir, clock)
    for n in range(40):
        _edit(repo, rng, n)
        if n % 4 == 0:
            assert _shown(build_overview(repo, START)) == _full(repo)
    repo.close()
    for readonly in (False, True, False):
        fresh = Repository.open(data_dir, clock, readonly=readonly)
        assert _shown(build_overview(fresh, START)) == _full(fresh)
        fresh.close()
