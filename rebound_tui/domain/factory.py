"""New records, built in one place: a new card is new in every way (due now, no
schedule yet, created and updated now), wherever its question came from."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from rebound_tui.domain.models import Card, CardKind, CardSource, NextStep, Rebound, new_id


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


def new_next_step(
    text: str,
    *,
    now: datetime,
    due_on: date | None = None,
    rebound_id: str | None = None,
) -> NextStep:
    """A next step, open from now on."""
    return NextStep(
        id=new_id(),
        text=text,
        due_on=due_on,
        rebound_id=rebound_id,
        created_at=now,
        updated_at=now,
    )


def next_step_kept_on(rebound: Rebound) -> NextStep | None:
    """The next step a schema-1 rebound kept on itself (`next_step`, `next_step_on`) as a
    record of its own, or None if it had none (a day without a text is not a step). Its
    id comes from the rebound's, so opening old data and importing an old export of it
    make the same record, once."""
    text = rebound.next_step.strip()
    if not text:
        return None
    stamp = max(rebound.updated_at, rebound.opened_at)
    digest = hashlib.sha256(f"next_step:{rebound.id}".encode()).hexdigest()
    return NextStep(
        id=digest[:16],
        text=text,
        due_on=rebound.next_step_on,
        rebound_id=rebound.id,
        created_at=stamp,
        updated_at=stamp,
    )
