"""Small treats after a rejection: our own catalogue, and how one is chosen.

A treat is small, cheap and quick, and kind: nothing to earn, nothing that stokes anger
(hitting a punchbag to vent raised anger in Bushman 2002). The choice fits the check-in's
energy (low energy: something restful; high energy: something active and steady), the
time there is and the budget; it learns from how much past treats helped, and never offers the same
treat twice in a row.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from rebound_tui.domain.models import EPOCH, Treat, TreatEnergy, TreatLog, TreatPlace

COST_LABELS = {0: "free", 1: "cheap", 2: "a small splurge"}
BUDGET_LABELS = {0: "free only", 1: "free or cheap", 2: "up to a small splurge"}
ENERGY_LABELS = {"low": "restful", "high": "active", "any": "any energy"}


def _t(
    slug: str, title: str, minutes: int, cost: int, place: TreatPlace, energy: TreatEnergy
) -> Treat:
    return Treat(
        id=f"builtin-{slug}",
        title=title,
        minutes=minutes,
        cost=cost,
        place=place,
        energy=energy,
        created_at=EPOCH,
    )


CATALOGUE: tuple[Treat, ...] = (
    _t("tea-window", "Make a proper pot of tea and drink it by a window, phone in another room", 15, 0, "indoor", "low"),
    _t("bath", "Run a long hot bath or shower with the good soap", 30, 0, "indoor", "low"),
    _t("nap", "Take a twenty-minute nap, alarm set, no guilt", 25, 0, "indoor", "low"),
    _t("comfort-film", "Rewatch a film you already know you love", 120, 0, "indoor", "low"),
    _t("old-episode", "Put on one episode of a comfort show", 30, 0, "indoor", "low"),
    _t("pastry", "Buy the nicest pastry in the nearest bakery and eat it slowly", 20, 1, "outdoor", "any"),
    _t("favourite-album", "Lie down and listen to a favourite album start to finish", 45, 0, "indoor", "low"),
    _t("call-friend", "Call a friend who is on your side; you don't have to talk about the job", 30, 0, "either", "any"),
    _t("walk-green", "Walk to the nearest patch of green and back, no podcast", 30, 0, "outdoor", "any"),
    _t("run", "Go for a short run and let it be as slow as it wants", 30, 0, "outdoor", "high"),
    _t("dance", "Play three loud songs and dance to them in the kitchen", 10, 0, "indoor", "high"),
    _t("swim", "Swim a few easy lengths at the local pool", 60, 1, "either", "high"),
    _t("bike", "Take a bike ride somewhere with no purpose", 45, 0, "outdoor", "high"),
    _t("cook-favourite", "Cook the meal you make best, the way you like it", 60, 1, "indoor", "any"),
    _t("takeaway", "Order from the place you save for good days", 45, 2, "indoor", "low"),
    _t("flowers", "Buy yourself a small bunch of flowers", 15, 1, "outdoor", "any"),
    _t("new-book", "Go to a bookshop or library and come back with one book", 45, 1, "outdoor", "any"),
    _t("read-chapter", "Read one chapter of a novel, in bed or on the sofa", 30, 0, "indoor", "low"),
    _t("coffee-out", "Have a coffee somewhere nice and people-watch", 30, 1, "outdoor", "low"),
    _t("stretch", "Do ten minutes of slow stretching on the floor", 10, 0, "indoor", "low"),
    _t("yoga-video", "Follow a gentle yoga video", 25, 0, "indoor", "low"),
    _t("sunlight", "Sit in the sun (or daylight) for ten minutes with your eyes closed", 10, 0, "outdoor", "low"),
    _t("tidy-corner", "Tidy one small corner so it feels good to look at", 15, 0, "indoor", "high"),
    _t("bake", "Bake something simple: cookies, banana bread, flapjacks", 60, 1, "indoor", "high"),
    _t("game", "Play a game you are good at, one round or three", 30, 0, "indoor", "any"),
    _t("puzzle", "Do a crossword or a jigsaw for a while", 30, 0, "indoor", "low"),
    _t("draw", "Doodle or draw something, badly and happily", 20, 0, "indoor", "low"),
    _t("write-it-out", "Write for fifteen minutes about what happened and how it feels, then close the notebook", 15, 0, "indoor", "any"),
    _t("letter-to-self", "Write a short note to yourself from a friend's point of view", 15, 0, "indoor", "low"),
    _t("museum", "Wander a free museum or gallery for an hour", 60, 0, "outdoor", "any"),
    _t("market", "Browse a market and buy one small thing you like", 45, 1, "outdoor", "high"),
    _t("pet", "Spend time with a pet, yours or a friend's", 20, 0, "either", "low"),
    _t("ice-cream", "Get an ice cream, whatever the weather", 15, 1, "outdoor", "any"),
    _t("face-mask", "Do a face mask or some simple self-care you usually skip", 20, 1, "indoor", "low"),
    _t("hike", "Go for a longer walk somewhere with a view", 120, 0, "outdoor", "high"),
    _t("gym", "Do an easy, steady workout you know well, at the gym or at home", 45, 1, "either", "high"),
    _t("cinema", "Catch a matinee at the cinema", 150, 2, "outdoor", "low"),
    _t("plant", "Repot a plant, or buy a small new one", 20, 1, "indoor", "any"),
    _t("playlist", "Make a playlist for the next good day", 20, 0, "indoor", "any"),
    _t("breathing", "Breathe slowly for five minutes: in for four, out for six", 5, 0, "either", "low"),
    _t("early-night", "Have an early night with clean sheets", 30, 0, "indoor", "low"),
    _t("picnic", "Take a sandwich to a park bench and eat it there", 40, 1, "outdoor", "any"),
    _t("karaoke", "Sing along, loudly, to something ridiculous", 10, 0, "indoor", "high"),
    _t("massage", "Book a short massage or use a foam roller at home", 30, 2, "either", "low"),
)  # fmt: skip


@dataclass(frozen=True)
class TreatRequest:
    energy: str = "any"  # "low", "high", or "any"
    minutes: int = 30
    budget: int = 1  # the most a treat may cost: 0 free, 1 cheap, 2 small splurge


def helped_weights(log: Iterable[TreatLog]) -> dict[str, float]:
    """How strongly to favour each treat, from how much it helped (1-5) before.

    A Bayesian average with two imaginary "3 out of 5" ratings keeps one lucky rating from
    dominating; the weight is (average / 3)², so a treat that always helps comes back
    about twice as often and one that never helps about a fifth as often."""
    totals: dict[str, list[int]] = defaultdict(list)
    for entry in log:
        if entry.helped is not None:
            totals[entry.treat_id].append(entry.helped)
    weights = {}
    for treat_id, ratings in totals.items():
        average = (sum(ratings) + 3 * 2) / (len(ratings) + 2)
        weights[treat_id] = (average / 3) ** 2
    return weights


def _fits(treat: Treat, request: TreatRequest, *, energy: bool, time: bool) -> bool:
    if treat.cost > request.budget:
        return False
    if time and treat.minutes > request.minutes:
        return False
    return not (
        energy
        and request.energy != "any"
        and treat.energy != "any"
        and treat.energy != request.energy
    )


def suggest_treat(
    treats: Sequence[Treat],
    log: Sequence[TreatLog],
    request: TreatRequest,
    rng: random.Random,
    *,
    exclude: Collection[str] = (),
) -> Treat | None:
    """Pick one treat for `request`, or None if nothing within budget is left.

    Never the treat taken last time, nor any in `exclude` (those skipped just now). If
    nothing fits exactly, the energy match is relaxed first, then the time; the budget
    never is.
    """
    last = max(log, key=lambda e: e.accepted_at).treat_id if log else None
    banned = set(exclude) | ({last} if last else set())
    candidates = [t for t in treats if t.id not in banned]
    weights = helped_weights(log)
    for energy, time in ((True, True), (False, True), (False, False)):
        pool = [t for t in candidates if _fits(t, request, energy=energy, time=time)]
        if pool:
            return rng.choices(pool, weights=[weights.get(t.id, 1.0) for t in pool])[0]
    return None


def describe(treat: Treat) -> str:
    """'15 min · free · indoor · restful'."""
    return " · ".join(
        (
            f"{treat.minutes} min",
            COST_LABELS.get(treat.cost, "?"),
            treat.place,
            ENERGY_LABELS.get(treat.energy, treat.energy),
        )
    )
