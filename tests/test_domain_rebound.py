"""Pure rules behind the rebound: feelings, treats, STAR checks, funnel, follow-ups."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from rebound_tui.domain import emotions
from rebound_tui.domain.feedback import feedback_letter, follow_up_date
from rebound_tui.domain.funnel import funnel
from rebound_tui.domain.models import Interview, Treat, TreatLog
from rebound_tui.domain.star import check_star, star_text, we_and_i
from rebound_tui.domain.treats import CATALOGUE, TreatRequest, helped_weights, suggest_treat

T0 = datetime(2026, 11, 1, tzinfo=UTC)


# -- feelings -------------------------------------------------------------------------
def test_word_list_is_long_and_weighted_toward_rejection() -> None:
    assert len(set(emotions.ALL_WORDS)) >= 60
    unpleasant = len(emotions.WORDS[emotions.LOW_UNPLEASANT]) + len(
        emotions.WORDS[emotions.HIGH_UNPLEASANT]
    )
    assert unpleasant > len(emotions.ALL_WORDS) / 2
    for word in ("disappointed", "embarrassed", "relieved", "numb", "angry", "ashamed", "hopeful"):
        assert word in emotions.ALL_WORDS


@pytest.mark.parametrize(
    ("pleasantness", "energy", "expected"),
    [
        (-2, -1, ("low-unpleasant",)),
        (3, 3, ("high-pleasant",)),
        (0, -2, ("low-pleasant", "low-unpleasant")),
        (-1, 0, ("high-unpleasant", "low-unpleasant")),
        (0, 0, ("high-pleasant", "high-unpleasant", "low-pleasant", "low-unpleasant")),
    ],
)
def test_quadrants_of_a_cell(pleasantness: int, energy: int, expected: tuple[str, ...]) -> None:
    assert sorted(emotions.quadrants(pleasantness, energy)) == sorted(expected)


def test_words_for_a_cell() -> None:
    assert "disappointed" in emotions.words_for(-2, -2)
    assert "angry" not in emotions.words_for(-2, -2)
    assert set(emotions.words_for(0, 0)) == set(emotions.ALL_WORDS)
    assert emotions.energy_level(-3) == "low"
    assert emotions.energy_level(2) == "high"
    assert emotions.energy_level(0) == "any"


# -- treats ---------------------------------------------------------------------------
def test_catalogue_is_ours_tagged_and_big_enough() -> None:
    assert len(CATALOGUE) >= 40
    assert len({t.id for t in CATALOGUE}) == len(CATALOGUE)
    for treat in CATALOGUE:
        assert treat.minutes > 0 and treat.cost in (0, 1, 2)
        assert treat.place in ("indoor", "outdoor", "either")
        assert treat.energy in ("low", "high", "any")
    assert {t.energy for t in CATALOGUE} == {"low", "high", "any"}


def _log(treat_id: str, helped: int | None, hours: int = 0) -> TreatLog:
    return TreatLog(
        id=f"{treat_id}-{hours}",
        treat_id=treat_id,
        accepted_at=T0 + timedelta(hours=hours),
        helped=helped,
    )


def test_suggestion_fits_energy_time_and_budget() -> None:
    rng = random.Random(1)
    for _ in range(200):
        pick = suggest_treat(CATALOGUE, [], TreatRequest("low", 20, 0), rng)
        assert pick is not None
        assert pick.energy in ("low", "any")
        assert pick.minutes <= 20
        assert pick.cost == 0
    for _ in range(200):
        pick = suggest_treat(CATALOGUE, [], TreatRequest("high", 60, 1), rng)
        assert pick is not None and pick.energy in ("high", "any")


def test_never_the_same_treat_twice_in_a_row() -> None:
    only_two = [Treat(id="a", title="A"), Treat(id="b", title="B")]
    rng = random.Random(7)
    log: list[TreatLog] = []
    for hour in range(30):
        pick = suggest_treat(only_two, log, TreatRequest(), rng)
        assert pick is not None
        if log:
            assert pick.id != log[-1].treat_id
        log.append(_log(pick.id, None, hour))


def test_skipped_treats_are_not_offered_again_and_budget_is_never_relaxed() -> None:
    treats = [Treat(id="free", title="F", cost=0), Treat(id="dear", title="D", cost=2)]
    rng = random.Random(3)
    assert suggest_treat(treats, [], TreatRequest(budget=0), rng, exclude={"free"}) is None
    pick = suggest_treat(treats, [], TreatRequest(budget=2), rng, exclude={"free"})
    assert pick is not None and pick.id == "dear"


def test_energy_and_time_relax_when_nothing_fits() -> None:
    treats = [Treat(id="long-active", title="L", minutes=90, energy="high")]
    pick = suggest_treat(treats, [], TreatRequest("low", 10, 1), random.Random(0))
    assert pick is not None and pick.id == "long-active"


def test_treats_that_helped_come_back_more_often() -> None:
    treats = [Treat(id=name, title=name) for name in ("great", "meh", "bad")]
    log = [_log("great", 5, h) for h in range(4)] + [_log("bad", 1, 10 + h) for h in range(4)]
    log.append(_log("meh", 3, 100))  # the last one taken
    weights = helped_weights(log)
    assert weights["great"] > 1.5 and weights["bad"] < 0.5 and weights["meh"] == 1.0
    counts = Counter(
        suggest_treat(treats, log, TreatRequest(), random.Random(seed)).id  # type: ignore[union-attr]
        for seed in range(2000)
    )
    assert counts["meh"] == 0
    assert counts["great"] > 3 * counts["bad"]


def test_same_seed_same_suggestion() -> None:
    first = suggest_treat(CATALOGUE, [], TreatRequest(), random.Random(42))
    again = suggest_treat(CATALOGUE, [], TreatRequest(), random.Random(42))
    assert first == again


# -- STAR -----------------------------------------------------------------------------
def test_star_checks() -> None:
    assert check_star("", "", "", "") == []
    good = check_star(
        "Our deploys broke weekly.",
        "I owned the fix.",
        "I wrote a canary stage, added rollback alarms and trained the team on "
        "reading them over two weeks.",
        "Incidents fell from 4 to 1 a month.",
    )
    assert all(note.ok for note in good)
    short_action = check_star(
        "A long story about the situation that went on and on for a while", "", "I fixed it", ""
    )
    texts = [n.text for n in short_action if not n.ok]
    assert any(
        t.startswith("Action (3 words) is not longer than your Situation (14)") for t in texts
    )
    assert any(t.startswith("No Result yet") for t in texts)
    weak_i = check_star(
        "We had an outage.",
        "We needed to fix it.",
        "We rolled back and we wrote a postmortem with our team.",
        "We recovered.",
    )
    assert any(t.startswith('"we" 6× against "I" 0×') for t in (n.text for n in weak_i))


def test_we_and_i_counting() -> None:
    assert we_and_i("We did it; I led it and my team's part was ours.") == (2, 2)
    assert we_and_i("I’ve done this, we’re sure") == (1, 1)


def test_star_text_for_a_card() -> None:
    assert star_text("s", "", "a", " r ") == "S: s\nA: a\nR: r"


# -- funnel ---------------------------------------------------------------------------
def test_funnel_maths() -> None:
    records = [
        Interview(id="1", company="A", stage="applied"),
        Interview(id="2", company="B", stage="applied", outcome="ghosted"),
        Interview(id="3", company="C", stage="screen", outcome="rejected"),
        Interview(id="4", company="D", stage="onsite", outcome="rejected"),
        Interview(id="5", company="E", stage="final", outcome="offer"),
        Interview(id="6", company="F", stage="applied", outcome="offer"),
    ]
    result = funnel(records)
    assert (result.applications, result.interviews, result.offers, result.rejections) == (
        6,
        4,
        2,
        2,
    )
    assert result.interview_rate == pytest.approx(4 / 6)
    assert result.offer_rate == pytest.approx(0.5)
    empty = funnel([])
    assert empty.interview_rate is None and empty.offer_rate is None


# -- feedback -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        (date(2026, 11, 26), date(2026, 12, 3)),
        (date(2026, 12, 28), date(2027, 1, 4)),
        (date(2028, 2, 26), date(2028, 3, 4)),  # leap year
        (date(2027, 2, 26), date(2027, 3, 5)),
    ],
)
def test_follow_up_a_week_after_sending(sent: date, expected: date) -> None:
    assert follow_up_date(sent) == expected


def test_feedback_letter_is_filled_from_the_interview() -> None:
    letter = feedback_letter(
        Interview(id="1", company="Acme", role="Data engineer", stage="onsite", contact="Priya"),
        "Sam",
    )
    assert letter.startswith("Subject: Thank you, and one small request\n\nHi Priya,")
    assert "the Data engineer role at Acme" in letter
    assert "through the onsite / panel stage" in letter
    assert "one skill \nyou" not in letter and "is there one skill you would suggest" in letter
    assert "for roles like this?" in letter and "done differently" not in letter
    assert "no need to reply" in letter
    assert letter.rstrip().endswith("Sam")
    bare = feedback_letter(Interview(id="2", company="Beta"))
    assert "Hi there," in bare and "[your name]" in bare
