"""The daydream insight: how much life there had been pictured (asked before the decision,
or the rebound check-in's answer in older data) against how heavy the no felt. It speaks
only with enough points, as a hint in plain words, never as a cause or as blame."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rebound_tui.domain.insights import (
    DAYDREAM_MIN_POINTS,
    DaydreamPoint,
    daydream_points,
    describe_daydreams,
)
from rebound_tui.domain.models import CheckIn, Interview, Rebound

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
NEVER = ("because", "the more you", "hit you", "r =", "strongly", "your fault", "should")


def points(pairs: list[tuple[int, float]]) -> list[DaydreamPoint]:
    return [DaydreamPoint(x, y, f"r{i}") for i, (x, y) in enumerate(pairs)]


def assert_kind(text: str) -> None:
    for phrase in NEVER:
        assert phrase not in text.lower(), phrase
    assert "!" not in text


def test_the_interviews_answer_before_the_decision_comes_first() -> None:
    checkins = [
        CheckIn(id="a", at=T0, pleasantness=-3, intensity=9, daydream=2, rebound_id="r1"),
        CheckIn(id="b", at=T0 + timedelta(1), pleasantness=-2, intensity=6, rebound_id="r2"),
        CheckIn(
            id="c", at=T0 + timedelta(2), pleasantness=-1, intensity=3, daydream=4, rebound_id="r3"
        ),
        CheckIn(id="d", at=T0 + timedelta(3), pleasantness=-1, intensity=3, rebound_id="r4"),
    ]
    rebounds = [Rebound(id=f"r{n}", interview_id=f"i{n}", opened_at=T0) for n in range(1, 5)]
    interviews = [
        Interview(id="i1", company="A", pictured=9),  # asked before: it wins over the 2
        Interview(id="i2", company="B", pictured=5),  # no check-in answer: this one
        Interview(id="i3", company="C"),  # not asked before: the check-in's 4
        Interview(id="i4", company="D"),  # neither: left out
    ]
    found = daydream_points(checkins, rebounds, interviews)
    assert [(p.rebound_id, p.daydream, p.hit) for p in found] == [
        ("r1", 9, 9.0),
        ("r2", 5, 4.0),
        ("r3", 4, 1.0),
    ]
    # Older callers, check-ins only: the check-ins' own answers.
    assert [(p.daydream, p.hit) for p in daydream_points(checkins)] == [(2, 9.0), (4, 1.0)]


@pytest.mark.parametrize("n", [0, 3, DAYDREAM_MIN_POINTS - 1])
def test_with_few_points_it_claims_nothing(n: int) -> None:
    # Even a perfect line of 7 says nothing yet: so few points are mostly chance.
    text = describe_daydreams(points([(i, float(i)) for i in range(n)]))
    assert "too few to see a pattern" in text
    assert "tended" in text and "Across" not in text
    assert ("None yet" if n == 0 else f"{n} so far") in text
    assert_kind(text)


def test_with_enough_points_it_gives_a_hint_not_a_cause() -> None:
    pairs = [
        (9, 9.0),
        (8, 7.0),
        (7, 8.0),
        (5, 4.0),
        (4, 5.0),
        (2, 2.0),
        (1, 3.0),
        (0, 1.0),
        (6, 6.0),
    ]
    text = describe_daydreams(points(pairs))
    assert text == (
        "Across 9 rejections, the ones you had pictured more tended to feel heavier. "
        "That is common; it is one reason to picture the obstacle too, before the decision."
    )
    assert_kind(text)


def test_no_pattern_and_the_other_way_are_said_plainly() -> None:
    flat = describe_daydreams(points([(i, 5.0 if i % 2 else 4.0) for i in range(10)]))
    assert flat == (
        "Across 10 rejections, how much you had pictured life there made no clear "
        "difference to how heavy the no felt."
    )
    lighter = describe_daydreams(points([(i, float(10 - i)) for i in range(8)]))
    assert lighter.startswith("Across 8 rejections, the ones you had pictured more did not")
    for text in (flat, lighter):
        assert_kind(text)
