"""Personal FSRS parameters: what the optimizer learns from, the workload each way of
taking a fit implies, and what taking it writes (the parameters alone, or the parameters
and every card rescheduled)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from rebound_tui.domain.days import effective_timezone
from rebound_tui.domain.forecast import FORECAST_DAYS, Workload, simulate_workload
from rebound_tui.domain.models import Card, Review, Settings
from rebound_tui.domain.optimize import FitResult, fit_parameters, rescheduled, training_set
from rebound_tui.services.clock import now
from rebound_tui.store.repository import Repository

ChoiceKind = Literal["keep", "future", "reschedule"]


@dataclass(frozen=True)
class Forecasts:
    """Cards due a day over the next `FORECAST_DAYS` drill days for each way of taking a
    fit: keep the current parameters, new ones for future reviews only, or new ones and
    every card rescheduled now."""

    keep: Workload
    future: Workload
    reschedule: Workload
    moved: int
    """Reviewed cards whose due date rescheduling now would change."""

    def of(self, kind: ChoiceKind) -> Workload:
        return {"keep": self.keep, "future": self.future, "reschedule": self.reschedule}[kind]


def optimizer_review_count(repo: Repository) -> int:
    """Reviews that count toward the optimizer's threshold: those of cards that exist."""
    return len(training_set(repo.cards.all(), repo.reviews.all()).reviews)


def fit(repo: Repository) -> FitResult:
    """Fit parameters to the reviews of cards that exist, each card's history split at its
    resets. Raises ValueError when no history spans more than a day. About a second on
    the heavy demo's 55,000 reviews: call it from a worker."""
    settings = repo.settings()
    data = training_set(repo.cards.all(), repo.reviews.all())
    return fit_parameters(
        data.reviews,
        effective_timezone(settings.timezone),
        settings.day_start_hour,
        settings.fsrs_parameters,
        resets=data.resets,
    )


def forecast_keeping_due_dates(
    repo: Repository, parameters: tuple[float, ...], days: int = FORECAST_DAYS
) -> tuple[Workload, Workload]:
    """The workload with the current parameters, and with `parameters` for future
    reviews only (see `simulate_workload`): under a second on the heavy demo."""
    settings = repo.settings()
    cards = repo.cards.all()
    new = replace(settings, fsrs_parameters=parameters)
    return (
        _simulate(cards, settings, now(repo), days),
        _simulate(cards, new, now(repo), days),
    )


def forecast_rescheduling(
    repo: Repository, parameters: tuple[float, ...], days: int = FORECAST_DAYS
) -> tuple[Workload, int]:
    """The workload with `parameters` and every card rescheduled now, and how many cards
    would change due date. Seconds on the heavy demo (every review is replayed, as
    `reschedule_all` would): call it from a worker."""
    new = replace(repo.settings(), fsrs_parameters=parameters)
    cards = repo.cards.all()
    rebuilt = {c.id: c for c in rescheduled(cards, repo.reviews.all(), new)}
    moved = sum(1 for c in cards if c.id in rebuilt and rebuilt[c.id].due != c.due)
    after = [rebuilt.get(c.id, c) for c in cards]
    return _simulate(after, new, now(repo), days), moved


def forecast_choices(
    repo: Repository, parameters: tuple[float, ...], days: int = FORECAST_DAYS
) -> Forecasts:
    """The workload of each choice for `parameters` from now on."""
    keep, future = forecast_keeping_due_dates(repo, parameters, days)
    reschedule, moved = forecast_rescheduling(repo, parameters, days)
    return Forecasts(keep, future, reschedule, moved)


def _simulate(cards: list[Card], settings: Settings, moment: datetime, days: int) -> Workload:
    from rebound_tui.domain.scheduling import make_scheduler

    tz = effective_timezone(settings.timezone)
    scheduler = make_scheduler(settings)
    return simulate_workload(cards, scheduler, moment, tz, settings.day_start_hour, days)


def save_parameters(repo: Repository, parameters: tuple[float, ...]) -> None:
    """Use `parameters` from each card's next review on: due dates stay as they are."""
    with repo.transaction():
        repo.save_settings(replace(repo.settings(), fsrs_parameters=parameters))


def reschedule_all(repo: Repository, parameters: tuple[float, ...]) -> int:
    """Save new FSRS parameters and rebuild every reviewed card's schedule with them, in
    one transaction (read and written under the directory lock, so a rating elsewhere is
    not lost). Returns how many cards were rebuilt."""
    with repo.transaction():
        settings = replace(repo.settings(), fsrs_parameters=parameters)
        changed = rescheduled(repo.cards.all(), repo.reviews.all(), settings)
        repo.save_settings(settings)
        repo.cards.put_many(changed)
    return len(changed)


def apply_choice(repo: Repository, kind: ChoiceKind, parameters: tuple[float, ...]) -> int:
    """Take a fit as the user chose: "keep" changes nothing, "future" saves the
    parameters, "reschedule" saves them and reschedules. Returns the cards rescheduled."""
    if kind == "future":
        save_parameters(repo, parameters)
    elif kind == "reschedule":
        return reschedule_all(repo, parameters)
    return 0


def all_reviews(repo: Repository) -> list[Review]:
    """The whole review log (the stats and the optimizer need all of it)."""
    return repo.reviews.all()
