"""Record builders shared by tests: plain records, not yet stored anywhere."""

from __future__ import annotations

from datetime import datetime, timedelta

from rebound_tui.domain.models import Card


def drill_cards(now: datetime, n: int) -> list[Card]:
    """`n` cards due `now`, created a day earlier one second apart (so their order is
    fixed): ids c0, c1, …, "Question i" with "Answer i"."""
    return [
        Card(
            id=f"c{i}",
            question=f"Question {i}",
            answer=f"Answer {i}",
            created_at=now - timedelta(days=1, seconds=-i),
            due=now,
        )
        for i in range(n)
    ]


def bare_cards(now: datetime, n: int, prefix: str = "c") -> list[Card]:
    """`n` question-only cards created and due `now`: ids `prefix`0, … and questions q0, …"""
    return [Card(id=f"{prefix}{i}", question=f"q{i}", created_at=now, due=now) for i in range(n)]
