"""Every word reviewed: what the app says is read by someone rejected today. Emotion words
are feelings, treats are kind and safe, the letter asks for one skill to build, and
nothing blames, lectures or cheers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from rebound_tui.domain import emotions, feedback, funnel, treats
from rebound_tui.domain.models import Card, Interview
from rebound_tui.ui.card_status import card_status, tag_label
from rebound_tui.ui.widgets.reflection_panes import TITLES

BANNED = (
    "!",
    "crazy",
    "fail",
    "should have",
    "should've",
    "could have done",
    "rocked",
    "crush",
    "nail",
    "overdue",
    "punch",
    "vent",
    "unfair",
    "energy to burn",
    "not good enough",
    "leech",
    "lapse",
    "rejected by",
    "well done",
)


def shipped_strings() -> dict[str, str]:
    """Every line the domain catalogues ship to the screen, by where it comes from."""
    interview = Interview(id="i", company="Acme", role="Analyst", contact="Ana")
    out = {f"emotion {w}": w for w in emotions.ALL_WORDS}
    out |= {f"quadrant {k}": v for k, v in emotions.QUADRANT_LABELS.items()}
    out |= {f"treat {t.id}": t.title for t in treats.CATALOGUE}
    out |= {f"cost {k}": v for k, v in treats.COST_LABELS.items()}
    out |= {f"energy {k}": v for k, v in treats.ENERGY_LABELS.items()}
    out |= {
        "letter": feedback.feedback_letter(interview, "Sam"),
        "nudge letter": feedback.nudge_letter(interview, "Sam"),
        "nudged": feedback.NUDGED,
        "honest": feedback.HONEST_EXPECTATIONS,
        "disagreement": funnel.DISAGREEMENT,
        "reminder": funnel.NORMAL_REMINDER,
        "how counted": funnel.HOW_COUNTED,
    }
    out |= {
        f"rate {r.source}": f"{r.figure} {r.meaning} {r.year} {r.population}"
        for r in funnel.BASE_RATES
    }
    out |= {f"pane {k}": v for k, v in TITLES.items()}
    return out


@pytest.mark.parametrize("phrase", BANNED)
def test_no_banned_phrase_in_shipped_strings(phrase: str) -> None:
    found = {where: text for where, text in shipped_strings().items() if phrase in text.lower()}
    assert not found, f"{phrase!r} in {found}"


def test_treat_docstring_keeps_no_cheer() -> None:
    assert "crazy" not in (treats.__doc__ or "").lower()


def test_emotion_words_are_feelings_and_plenty() -> None:
    words = emotions.ALL_WORDS
    assert len(words) >= 60 and len(set(words)) == len(words)
    assert "not good enough" not in words and "insecure" in words
    # Each quadrant keeps its size, so the grid stays balanced.
    sizes = {q: len(w) for q, w in emotions.WORDS.items()}
    assert sizes == {
        emotions.HIGH_UNPLEASANT: 20,
        emotions.LOW_UNPLEASANT: 22,
        emotions.HIGH_PLEASANT: 12,
        emotions.LOW_PLEASANT: 12,
    }
    # A feeling is a word or two, not a sentence about the person.
    for word in words:
        assert re.fullmatch(r"[a-z]+( [a-z]+)?", word), word
        assert not word.startswith(("not ", "no ", "a ")), word


def test_treats_are_kind_and_safe() -> None:
    by_id = {t.id: t.title for t in treats.CATALOGUE}
    assert "punchbag" not in by_id["builtin-gym"] and "easy, steady" in by_id["builtin-gym"]
    assert by_id["builtin-write-it-out"].startswith(
        "Write for fifteen minutes about what happened and how it feels"
    )
    # Ids are kept, so treats already logged still have their title and ratings.
    assert len(by_id) == len(treats.CATALOGUE) == 44


def test_letter_asks_for_one_skill_to_build() -> None:
    letter = feedback.feedback_letter(Interview(id="i", company="Acme"))
    assert "is there one skill you would suggest I build for roles like this?" in " ".join(
        letter.split()
    )
    assert "differently" not in letter


def test_drill_words_for_what_users_read() -> None:
    at = datetime(2026, 11, 26, tzinfo=UTC)
    card = Card(id="c", question="q", created_at=at, due=at, state=2, last_review=at, leech=True)
    assert card_status(card) == "keeps slipping"
    assert tag_label("leech") == "leech (keeps slipping)" and tag_label("sql") == "sql"
    assert TITLES["went_well"] == "Went well — answers that landed"
