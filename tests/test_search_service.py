"""Search finds a word in each kind of record, and says what opens it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import (
    Card,
    CheckIn,
    FeedbackRequest,
    Interview,
    JournalEntry,
    Lesson,
    NextStep,
    Rebound,
    Reflection,
)
from rebound_tui.services.search import SearchIndex, search
from rebound_tui.store.repository import Repository

# A word only one field of one record holds: (kind, record id) it must find.
WORDS = {
    "marmalade": ("reflection", "rf1"),  # question
    "tangerine": ("reflection", "rf1"),  # situation
    "obsidian": ("reflection", "rf1"),  # task
    "lantern": ("reflection", "rf1"),  # action
    "harpsichord": ("reflection", "rf1"),  # result
    "zeppelin": ("reflection", "rf1"),  # note
    "driftwood": ("journal", "jn1"),  # text
    "lighthouse": ("journal", "jn1"),  # tag
    "pebble": ("checkin", "ck1"),  # note
    "meadow": ("checkin", "ck1"),  # what you would tell a friend
    "saxophone": ("interview", "iv1"),  # notes
    "orchard": ("interview", "iv1"),  # wish
    "glacier": ("interview", "iv1"),  # best outcome
    "thunder": ("interview", "iv1"),  # obstacle
    "compass": ("interview", "iv1"),  # plan
    "paprika": ("feedback", "fb1"),  # the letter
    "origami": ("feedback", "fb1"),  # a point from the reply
    "walnut": ("lesson", "ls1"),
    "bicycle": ("next_step", "ns1"),
    "nebula": ("card", "cd1"),  # question
    "cobalt": ("card", "cd1"),  # answer
    "juniper": ("card", "cd1"),  # hint
    "falconry": ("card", "cd1"),  # tag
}


def seed_everything(repo: Repository, clock: FixedClock) -> None:
    """One record of each kind searched, each holding its own words (see WORDS)."""
    now = clock.now()
    day = timedelta(days=1)
    repo.interviews.put(
        Interview(
            id="iv1",
            company="Acme",
            role="Engineer",
            notes="Ask about the saxophone team",
            wish="orchard",
            best_outcome="glacier",
            obstacle="thunder",
            plan="compass",
            created_at=now - 9 * day,
        )
    )
    repo.interviews.put(Interview(id="iv2", company="Globex", created_at=now - 30 * day))
    repo.rebounds.put(Rebound(id="rb1", interview_id="iv1", opened_at=now - 2 * day))
    repo.rebounds.put(
        Rebound(id="rb2", interview_id="iv2", opened_at=now - 20 * day, closed_at=now - 19 * day)
    )
    repo.reflections.put(
        Reflection(
            id="rf1",
            rebound_id="rb1",
            kind="tough",
            question="Tell me about marmalade",
            situation="tangerine",
            task="obsidian",
            action="lantern",
            result="harpsichord",
            note="zeppelin",
            created_at=now - 2 * day,
        )
    )
    repo.journal.put(
        JournalEntry(
            id="jn1", written_at=now - day, text="The driftwood day", tags=("lighthouse",)
        )
    )
    repo.checkins.put(CheckIn(id="ck1", at=now - 3 * day, note="a pebble", friend="meadow"))
    repo.feedback_requests.put(
        FeedbackRequest(
            id="fb1", rebound_id="rb1", body="Dear paprika", points=("origami",), created_at=now
        )
    )
    repo.lessons.put(Lesson(id="ls1", text="walnut", rebound_id="rb2", created_at=now - 19 * day))
    repo.next_steps.put(NextStep(id="ns1", text="Take the bicycle", created_at=now - 4 * day))
    repo.cards.put(
        Card(
            id="cd1",
            question="What is a nebula?",
            answer="cobalt",
            hint="juniper",
            tags=("falconry",),
            created_at=now - 5 * day,
        )
    )


@pytest.mark.parametrize("word", sorted(WORDS))
def test_each_field_of_each_record_is_searched(
    repo: Repository, clock: FixedClock, word: str
) -> None:
    seed_everything(repo, clock)
    hits = search(repo, word.upper())
    assert [(hit.kind, hit.id) for hit in hits] == [WORDS[word]]
    assert word in hits[0].snippet.text.lower()


def test_hits_come_newest_first_with_what_opens_them(repo: Repository, clock: FixedClock) -> None:
    seed_everything(repo, clock)
    index = SearchIndex.build(repo)
    hits = {hit.kind: hit for hit in index.search("a")}  # every record holds an "a"
    kinds = [hit.kind for hit in index.search("a")]
    assert kinds == [
        "feedback",
        "journal",
        "reflection",
        "checkin",
        "next_step",
        "card",
        "interview",
        "lesson",
    ]
    assert index.count("a") == 8 and len(index.search("a", limit=3)) == 3
    opens = {kind: (hit.opens.area, dict(hit.opens.arguments)) for kind, hit in hits.items()}
    assert opens == {
        "reflection": ("rebound", {"rebound_id": "rb1", "step": "tough"}),
        "feedback": ("rebound", {"rebound_id": "rb1", "step": "feedback"}),
        "lesson": ("retrospective", {"rebound_id": "rb2"}),  # its rebound is closed
        "journal": ("journal", {"entry_id": "jn1"}),
        "checkin": ("history", {}),
        "interview": ("interviews", {"select": "iv1"}),
        "next_step": ("next_steps", {"select": "ns1"}),
        "card": ("card", {"card_id": "cd1"}),
    }
    assert hits["feedback"].title == "Feedback letter to Acme — Engineer"
    assert hits["lesson"].title == "A lesson, from Globex"
    assert hits["card"].title == "What is a nebula?"
    assert hits["journal"].day.isoformat() == "2026-11-25"


def test_every_word_must_be_in_the_same_record(repo: Repository, clock: FixedClock) -> None:
    seed_everything(repo, clock)
    assert [hit.id for hit in search(repo, "tangerine zeppelin")] == ["rf1"]
    assert search(repo, "tangerine walnut") == []
    assert search(repo, "") == []
