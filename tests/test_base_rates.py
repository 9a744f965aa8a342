"""Base rates as context, not a benchmark: what chance alone makes likely, each figure
with its year and population, the sources' disagreement shown, interviews counted the
way the sources count them."""

from __future__ import annotations

import pytest

from rebound_tui.domain.funnel import (
    BASE_RATES,
    CAREERPLUG,
    DISAGREEMENT,
    OFFICETEAM,
    Funnel,
    chance_alone,
    chance_without_offer,
    funnel,
    how_often,
    one_in,
)
from rebound_tui.domain.models import Interview
from rebound_tui.ui.widgets.move_on_panel import perspective


def test_chance_without_offer() -> None:
    assert chance_without_offer(0.25, 3) == pytest.approx(0.421875)
    assert chance_without_offer(0.27, 3) == pytest.approx(0.389017)
    assert chance_without_offer(1 / 6, 3) == pytest.approx(125 / 216)
    assert chance_without_offer(0.27, 0) == 1
    with pytest.raises(ValueError):
        chance_without_offer(1.5, 2)


def test_how_often_in_words() -> None:
    # The example: at 1 in 4 a time, 3 without an offer happens about 4 in 10.
    assert how_often(chance_without_offer(0.25, 3)) == "about 4 times in 10"
    assert how_often(0.73) == "about 7 times in 10"
    assert how_often(0.12) == "about 1 time in 10"
    assert how_often(0.043) == "about 1 time in 23"
    assert how_often(0.97) == "almost always"
    assert how_often(0.0) == "never"
    assert one_in(0.27) == "1 in 4" and one_in(1 / 6) == "1 in 6"


def test_interviews_counted_as_the_sources_count_them() -> None:
    """A phone screen is not what the sources count as an interviewed candidate: only
    applications that went past one, once each, and only decided ones count as a no."""
    mine = funnel(
        [
            Interview(id="1", company="A", stage="screen", outcome="rejected"),
            Interview(id="2", company="B", stage="technical", outcome="rejected"),
            Interview(id="3", company="C", stage="final", outcome="ghosted"),
            Interview(id="4", company="D", stage="onsite", outcome="active"),
            Interview(id="5", company="E", stage="onsite", outcome="withdrew"),
            Interview(id="6", company="F", stage="applied"),
        ]
    )
    assert (mine.interviews, mine.later_rounds, mine.later_nos) == (5, 4, 2)


def test_chance_alone_sentence() -> None:
    three = Funnel(10, 5, 0, 3, later_rounds=4, later_nos=3)
    assert chance_alone(three) == (
        "By chance alone, if each were a 27% chance (CareerPlug), 3 without an offer "
        "would happen about 4 times in 10; at 1 in 6 (OfficeTeam), about 6 times in 10."
    )
    assert chance_alone(Funnel(3, 1, 0, 0, later_rounds=1, later_nos=0)) is None
    assert chance_alone(Funnel(9, 5, 1, 3, later_rounds=4, later_nos=3)) is None


def test_every_figure_has_its_year_and_population() -> None:
    for rate in BASE_RATES:
        assert rate.year and rate.population and rate.source and rate.url
    assert CAREERPLUG.year.startswith("2024") and "small businesses" in CAREERPLUG.population
    assert OFFICETEAM.year == "undated" and "largest US companies" in OFFICETEAM.population
    assert "1 in 4" in DISAGREEMENT and "1 in 6" in DISAGREEMENT


def test_perspective_is_context_not_a_benchmark() -> None:
    text = perspective(Funnel(14, 9, 0, 5, later_rounds=7, later_nos=5)).plain
    assert "0%" not in text and "(0" not in text
    assert "By chance alone" in text and "about 2 times in 10" in text
    assert "for context, not a bar to clear" in text
    assert "2024 hiring data, 60,000+ small businesses" in text
    assert "undated, 150 executives" in text
    assert "The two disagree" in text
    assert text.index("By chance alone") < text.index("27% of interviewed")
    assert "!" not in text
