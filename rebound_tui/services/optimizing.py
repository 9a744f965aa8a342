"""Personal FSRS parameters: what the optimizer learns from, the workload each way of
taking a fit implies, and what taking it writes (the parameters alone, or the parameters
and every card rescheduled)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from rebound_tui.domain.days import effective_timezone
from rebound_tui.domain.forecast import FORECAST_DAYS, Workload, simulate_workload
from rebound_tui.domain.models import Card, Review, Settings
from rebound_tui.domain.optimize import FitResult, fit_parameters, rescheduled, training_set
from rebound_tui.services.clock import now
from rebound_tui.store.repository import Repository

if TYPE_CHECKING:
    from fsrs import Scheduler

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


@dataclass(frozen=True)
class Offer:
    """A fit and what each way of taking it would mean for the next weeks."""

    fit: FitResult
    forecasts: Forecasts


def fit(repo: Repository) -> FitResult:
    """Fit parameters to the reviews of cards that exist, each card's history split at its
    resets. Raises ValueError when no history spans more than a day. About a second on
    the heavy demo's 55,000 reviews: call it from a worker."""
    return _fit(repo.settings(), repo.cards.all(), repo.reviews.all())


def forecast_choices(
    repo: Repository, parameters: tuple[float, ...], days: int = FORECAST_DAYS
) -> Forecasts:
    """The workload of each choice for `parameters` from now on (see `simulate_workload`).
    Seconds on the heavy demo (rescheduling replays every review): call it from a worker."""
    return _forecast(
        repo.settings(), repo.cards.all(), repo.reviews.all(), now(repo), parameters, days
    )


def fit_and_forecast(repo: Repository) -> Offer:
    """`fit`, then `forecast_choices` for its parameters, reading the log once."""
    settings, cards, reviews = repo.settings(), repo.cards.all(), repo.reviews.all()
    result = _fit(settings, cards, reviews)
    return Offer(result, _forecast(settings, cards, reviews, now(repo), result.after))


def _fit(settings: Settings, cards: list[Card], reviews: list[Review]) -> FitResult:
    data = training_set(cards, reviews)
    return fit_parameters(
        data.reviews,
        effective_timezone(settings.timezone),
        settings.day_start_hour,
        settings.fsrs_parameters,
        resets=data.resets,
    )


def _forecast(
    settings: Settings,
    cards: list[Card],
    reviews: list[Review],
    moment: datetime,
    parameters: tuple[float, ...],
    days: int = FORECAST_DAYS,
) -> Forecasts:
    from rebound_tui.domain.scheduling import make_scheduler

    tz = effective_timezone(settings.timezone)
    new_settings = replace(settings, fsrs_parameters=parameters)
    current = make_scheduler(settings)
    new = make_scheduler(new_settings)
    rebuilt = {c.id: c for c in rescheduled(cards, reviews, new_settings)}
    after_reschedule = [rebuilt.get(c.id, c) for c in cards]

    def simulate(scheduler: Scheduler, deck: list[Card]) -> Workload:
        return simulate_workload(deck, scheduler, moment, tz, settings.day_start_hour, days)

    return Forecasts(
        keep=simulate(current, cards),
        future=simulate(new, cards),
        reschedule=simulate(new, after_reschedule),
        moved=sum(1 for c in cards if c.id in rebuilt and rebuilt[c.id].due != c.due),
    )


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
