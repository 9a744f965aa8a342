"""New records, built in one place: a new card is new in every way (due now, no
schedule yet, created and updated now), wherever its question came from."""

from __future__ import annotations

from datetime import datetime

from rebound_tui.domain.models import Card, CardKind, CardSource, new_id


def new_card(
    question: str,
    *,
    now: datetime,
    source: CardSource,
    answer: str = "",
    hint: str = "",
    kind: CardKind = "behavioural",
    source_id: str | None = None,
    tags: tuple[str, ...] = (),
    card_id: str | None = None,
) -> Card:
    """A card the drill shows from now on, as a new card. `kind` is what it drills:
    behavioural (the default, as for every card kept before kinds existed), technical or
    a skill to practise."""
    return Card(
        id=card_id or new_id(),
        question=question,
        answer=answer,
        hint=hint,
        kind=kind,
        tags=tags,
        source=source,
        source_id=source_id,
        created_at=now,
        updated_at=now,
        due=now,
    )
