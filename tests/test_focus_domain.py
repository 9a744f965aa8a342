"""The focused drill's pure rules (issue 12, item 8): role families, which cards a focus
takes, weakest first, and the daily plan up to the interview."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from rebound_tui.domain.focus import (
    FAMILY_NAMES,
    MIN_TIED,
    Focus,
    cram_plan,
    focus_cards,
    role_family,
    tag_of,
    weakest_first,
)
from rebound_tui.domain.models import Card, Interview

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("role", "family"),
    [
        ("Senior Software Engineer", "engineering"),
        ("Backend developer (Go)", "engineering"),
        ("Engineering Manager", "engineering"),
        ("Tech Lead", "engineering"),
        ("Data Engineer", "data"),
        ("Machine Learning Scientist", "data"),
        ("Product Manager", "product"),
        ("Senior Product Designer", "design"),
        ("UX Researcher", "design"),
        ("Account Executive, EMEA", "sales"),
        ("Customer Success Manager", "support"),
        ("Programme Manager", "operations"),
        ("Head of People", "management"),
        ("Director of Finance", "management"),
        ("Barista", "other"),
        ("", "other"),
    ],
)
def test_role_families(role: str, family: str) -> None:
    assert role_family(role) == family
    assert family in FAMILY_NAMES


def test_tags_from_names() -> None:
    assert tag_of("Acme Corp") == "acme-corp"
    assert tag_of("  Zürich  Insurance ") == "zürich-insurance"


def card(card_id: str, **fields: object) -> Card:
    return replace(Card(id=card_id, question=f"Q {card_id}", created_at=NOW, due=NOW), **fields)  # type: ignore[arg-type]


INTERVIEWS = {
    "acme1": Interview(id="acme1", company="Acme", role="Software Engineer"),
    "acme0": Interview(id="acme0", company="ACME", role="Support Engineer"),
    "globex": Interview(id="globex", company="Globex", role="Account Executive"),
}
TIED = {"refl": frozenset({"acme0"}), "fb": frozenset({"acme1"}), "sales": frozenset({"globex"})}
DECK = [
    card("refl"),  # a reflection from the earlier Acme interview
    card("fb", kind="skill"),  # a feedback point of this one
    card("tagged", tags=("acme",)),
    card("tech", kind="technical"),
    card("design", tags=("system-design",)),
    card("sales"),
    card("plain"),
    card("starter", source="starter"),
    card("gone", tags=("acme",), suspended=True),
]


def ids(cards: list[Card]) -> set[str]:
    return {c.id for c in cards}


def test_an_interview_takes_its_company_its_family_and_starter_cards_if_few() -> None:
    picked = focus_cards(DECK, Focus("interview", "acme1"), INTERVIEWS, TIED)
    assert ids(picked) == {"refl", "fb", "tagged", "tech", "design", "starter"}
    many = [*DECK, *(card(f"t{i}", tags=("acme",)) for i in range(MIN_TIED))]
    assert "starter" not in ids(focus_cards(many, Focus("interview", "acme1"), INTERVIEWS, TIED))


def test_tag_company_and_family_focus() -> None:
    assert ids(focus_cards(DECK, Focus("tag", "ACME"), INTERVIEWS, TIED)) == {"tagged"}
    company = focus_cards(DECK, Focus("company", "acme"), INTERVIEWS, TIED)
    assert ids(company) == {"refl", "fb", "tagged"}
    sales = focus_cards(DECK, Focus("family", "sales"), INTERVIEWS, TIED)
    assert ids(sales) == {"sales"}
    assert "gone" not in ids(focus_cards(DECK, Focus("all"), INTERVIEWS, TIED))
    assert focus_cards(DECK, Focus("interview", "nobody"), INTERVIEWS, TIED) == []


def test_weakest_first_new_cards_count_as_weakest() -> None:
    reviewed = [
        card("strong", last_review=NOW - timedelta(days=1), stability=30.0, difficulty=5.0),
        card("weak", last_review=NOW - timedelta(days=20), stability=2.0, difficulty=5.0),
    ]
    new = card("new", created_at=NOW - timedelta(days=3))
    recall = {"strong": 0.98, "weak": 0.4}
    ordered = weakest_first([*reviewed, new], lambda c: recall[c.id])
    assert [c.id for c in ordered] == ["new", "weak", "strong"]


def test_the_daily_plan_up_to_the_day() -> None:
    monday = date(2026, 11, 30)
    thursday = date(2026, 12, 3)
    plan = cram_plan(36, monday, thursday)
    assert (plan.days_left, plan.today) == (3, 12)
    assert plan.text == "3 days left: about 12 cards a day; today 12"
    assert (
        cram_plan(36, date(2026, 12, 2), thursday).text
        == "Interview tomorrow: 36 cards, all today"
    )
    on_the_day = cram_plan(36, thursday, thursday)
    assert on_the_day.today == 10
    assert on_the_day.text == "Interview today: a warm-up with the 10 weakest cards"
    assert cram_plan(5, monday, None).text == "5 cards, weakest first; today 5"
    assert cram_plan(36, monday, thursday, limit=5).today == 5
    assert cram_plan(2, monday, thursday).today == 1
