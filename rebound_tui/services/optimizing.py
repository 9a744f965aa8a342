"""Personal FSRS parameters: what the optimizer reads from the log, and what accepting a
fit writes (the parameters alone, or the parameters and every card rescheduled)."""

from __future__ import annotations

from dataclasses import replace

from rebound_tui.domain.models import Review
from rebound_tui.store.repository import Repository


def reschedule_all(repo: Repository, parameters: tuple[float, ...]) -> int:
    """Save new FSRS parameters and rebuild every reviewed card's schedule with them
    (read and written under the directory lock, so a rating elsewhere is not lost)."""
    from rebound_tui.domain.scheduling import make_scheduler, replay

    with repo.transaction():
        settings = replace(repo.settings(), fsrs_parameters=parameters)
        scheduler = make_scheduler(settings, fuzz=False)
        by_card: dict[str, list[Review]] = {}
        for review in repo.reviews.all():
            by_card.setdefault(review.card_id, []).append(review)
        changed = []
        for card in repo.cards.all():
            history = by_card.get(card.id)
            if not history:
                continue
            rebuilt, kept = replay(card, history, scheduler, leech_lapses=settings.leech_lapses)
            if not kept:
                continue  # every review predates a reset: nothing to reschedule
            changed.append(
                replace(
                    card,
                    state=rebuilt.state,
                    step=rebuilt.step,
                    stability=rebuilt.stability,
                    difficulty=rebuilt.difficulty,
                    due=rebuilt.due,
                    last_review=rebuilt.last_review,
                )
            )
        repo.save_settings(settings)
        repo.cards.put_many(changed)
    return len(changed)


def all_reviews(repo: Repository) -> list[Review]:
    """The whole review log (the stats and the optimizer need all of it)."""
    return repo.reviews.all()
