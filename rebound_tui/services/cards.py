"""Drill cards: the deck as the Cards screen lists it, a card written or edited by
hand, added from the starter bank, suspended, reset or deleted, and its review history.
New cards are built by `domain.factory.new_card`, wherever their question comes from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from rebound_tui.domain.factory import new_card
from rebound_tui.domain.models import Card, Review
from rebound_tui.domain.questions import STARTER_BANK
from rebound_tui.services.clock import now
from rebound_tui.store.repository import Repository


def all_cards(repo: Repository) -> list[Card]:
    return repo.cards.all()


def card(repo: Repository, card_id: str) -> Card | None:
    return repo.cards.get(card_id)


def card_count(repo: Repository) -> int:
    return repo.cards.count()


def blank_card(repo: Repository) -> Card:
    """A card the user is about to write (not stored until saved). It starts as a
    behavioural question, like the starter bank's; the editor lets the user change it."""
    return new_card("", now=now(repo), source="typed", kind="behavioural")


def second_half(repo: Repository, card: Card) -> Card:
    """The second card of a split: the same question, kind, tags and source, no answer
    yet (not stored until saved)."""
    return new_card(
        card.question,
        now=now(repo),
        kind=card.kind,
        source=card.source,
        source_id=card.source_id,
        tags=card.tags,
    )


def save_card(repo: Repository, card: Card) -> Card:
    """Store a card written or edited by hand (its schedule is left as it is)."""
    return repo.cards.put(replace(card, updated_at=now(repo)))


def set_suspended(repo: Repository, card: Card, suspended: bool) -> Card:
    return repo.cards.put(replace(card, suspended=suspended, updated_at=now(repo)))


def delete_card(repo: Repository, card: Card) -> None:
    """Remove a card from the deck; its reviews stay in the history."""
    repo.cards.delete(card)


def starter_ids_in_deck(repo: Repository) -> set[str]:
    """Which starter-bank questions are already cards."""
    return {c.source_id for c in repo.cards.all() if c.source == "starter" and c.source_id}


def add_starter_questions(repo: Repository, question_ids: Iterable[str]) -> list[Card]:
    """Starter-bank questions as new cards (no answer yet: written while drilling). They
    are behavioural questions, answered in STAR form."""
    wanted = set(question_ids)
    stamp = now(repo)
    cards = [
        new_card(
            q.question,
            now=stamp,
            hint=q.hint,
            kind="behavioural",
            tags=(q.topic.lower(),),
            source="starter",
            source_id=q.id,
        )
        for q in STARTER_BANK
        if q.id in wanted
    ]
    repo.cards.put_many(cards)
    return cards


def reset_card(repo: Repository, card: Card) -> Card:
    """Forget a card's schedule: it becomes new again (its review history stays)."""
    stamp = now(repo)
    fresh = replace(
        card,
        state=1,
        step=0,
        stability=None,
        difficulty=None,
        due=stamp,
        last_review=None,
        reps=0,
        lapses=0,
        leech=False,
        tags=tuple(t for t in card.tags if t != "leech"),
        suspended=False,
        buried_until=None,
        updated_at=stamp,
        reset_at=stamp,
    )
    return repo.cards.put(fresh)


def reviews_of(repo: Repository, card_id: str) -> list[Review]:
    return sorted(
        (r for r in repo.reviews.all() if r.card_id == card_id), key=lambda r: r.reviewed_at
    )
