"""The starter bank's content (issue 14, item 9): enough questions worth practising, each
with a hint, in every family; worded so that nothing assumes a job now or people to
manage unless it is tagged so; and every id that ever shipped still there, so cards added
from the bank keep their link to it."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.focus import family_card
from rebound_tui.domain.questions import (
    FAMILIES,
    IN_WORK,
    MANAGES_PEOPLE,
    QUESTION_BANK,
    STARTER_BANK,
    in_family,
    question,
)
from rebound_tui.services.cards import add_starter_questions, starter_ids_in_deck
from tests.helpers import open_repo

SHIPPED = [
    "walk-me-through",
    "why-this-company",
    "why-leaving",
    "why-this-role",
    "strengths",
    "weakness",
    "five-years",
    "proud-of",
    "gap",
    "salary",
    "conflict",
    "difficult-stakeholder",
    "feedback-received",
    "feedback-given",
    "influence",
    "teamwork",
    "mentoring",
    "remote-collab",
    "failure",
    "deadline",
    "missed-deadline",
    "prioritise",
    "ambiguity",
    "ownership",
    "initiative",
    "mistake",
    "change",
    "learn-fast",
    "decision-data",
    "trade-off",
    "problem-solving",
    "improve-process",
    "customer",
    "ethics",
    "lead-project",
    "motivate",
    "underperformer",
    "vision",
    "delegate",
    "questions-for-us",
    "why-hire-you",
    "anything-else",
]
"""The ids of the bank's first 42 questions, as they shipped."""

ROLES = ("software", "data", "product", "design", "operations", "sales", "support")

ASSUMES_WORK_OR_REPORTS = re.compile(
    r"\b(current(ly)? (job|role|employer|company|team|manager|boss)|currently|your "
    r"(team|manager|boss|employer|reports|direct reports|staff)|direct reports|report "
    r"to you|people you manage|you manage|leaving)\b",
    re.IGNORECASE,
)
"""Words that assume the reader has a job now, or people who report to them."""


def test_the_bank_has_at_least_120_questions_each_with_a_hint() -> None:
    assert len(QUESTION_BANK) >= 120
    assert all(q.hint.strip() and q.question.strip() and q.topic for q in QUESTION_BANK)
    assert all(len(q.hint) >= 40 for q in QUESTION_BANK), "a hint says what a good answer does"


def test_ids_are_unique_and_every_shipped_id_is_still_there() -> None:
    ids = [q.id for q in QUESTION_BANK]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("starter-") for i in ids)
    assert [q.id for q in STARTER_BANK] == [f"starter-{s}" for s in SHIPPED]
    assert all(question(f"starter-{s}") is not None for s in SHIPPED)


def test_every_family_has_enough_questions() -> None:
    counts = Counter(q.family for q in QUESTION_BANK)
    families = [key for key, _ in FAMILIES if key != "all"]
    assert set(counts) == set(families)
    assert all(counts[f] >= 8 for f in ROLES), counts
    assert all(counts[f] >= 12 for f in ("behavioural", "situational", "motivation")), counts
    assert in_family("all") == QUESTION_BANK
    assert sum(len(in_family(f)) for f in families) == len(QUESTION_BANK)


def test_situational_questions_ask_what_you_would_do() -> None:
    situational = in_family("situational")
    assert all(q.question.startswith("What would you do") for q in situational)
    assert {q.kind for q in situational} == {"behavioural"}  # drilled with STAR
    assert {q.kind for q in in_family("motivation")} == {"behavioural"}


def test_role_families_have_technical_questions_as_technical_cards() -> None:
    for role in ROLES:
        kinds = Counter(q.kind for q in in_family(role))
        assert kinds["technical"] + kinds["skill"] >= 3, (role, kinds)
    assert {q.kind for q in QUESTION_BANK} == {"behavioural", "technical", "skill"}


def test_no_question_assumes_a_job_now_or_people_to_manage_unless_tagged_so() -> None:
    untagged = [
        q.id
        for q in QUESTION_BANK
        if ASSUMES_WORK_OR_REPORTS.search(f"{q.question} {q.hint}")
        and not {MANAGES_PEOPLE, IN_WORK} & set(q.tags)
    ]
    assert untagged == []
    # the question the issue quotes is gone, its id kept for the cards made from it
    assert all("current job" not in q.question.lower() for q in QUESTION_BANK)
    assert question("starter-why-leaving") is not None


def test_leadership_without_authority_outnumbers_managing_people() -> None:
    leadership = [q for q in QUESTION_BANK if q.topic == "Leadership"]
    managing = [q for q in leadership if MANAGES_PEOPLE in q.tags]
    assert 0 < len(managing) < len(leadership) / 2
    assert {"starter-underperformer", "starter-delegate"} <= {q.id for q in managing}
    assert question("starter-lead-without-title") in leadership


def test_the_wording_is_calm() -> None:
    for q in QUESTION_BANK:
        assert "!" not in q.question + q.hint, q.id
        assert q.question.rstrip("'").endswith((".", "?")), q.id
        assert q.hint.rstrip().endswith("."), q.id
    texts = [q.question.lower() for q in QUESTION_BANK]
    assert len(texts) == len(set(texts)), "no question twice"


def test_cards_from_the_bank_keep_the_kind_and_join_their_role(
    data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    wanted = ["starter-sw-hash-map", "starter-des-portfolio", "starter-why-leaving"]
    cards = {c.source_id: c for c in add_starter_questions(repo, wanted)}
    assert starter_ids_in_deck(repo) == set(wanted)
    software, design = cards["starter-sw-hash-map"], cards["starter-des-portfolio"]
    assert (software.kind, design.kind) == ("technical", "skill")
    assert family_card("engineering")(software) and family_card("design")(design)
    assert cards["starter-why-leaving"].tags == ("about you", "motivation")
    assert all(c.hint and c.source == "starter" for c in cards.values())
