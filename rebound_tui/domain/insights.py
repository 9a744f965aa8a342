"""What the history screen plots: mood over time, treats that helped, daydreams against
how hard a rejection hit. Pure functions over records, with known answers in the tests."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from rebound_tui.domain.days import local_date
from rebound_tui.domain.models import CheckIn, Treat, TreatLog


@dataclass(frozen=True)
class MoodPoint:
    day: date
    pleasantness: float
    energy: float
    checkins: int


def mood_series(checkins: Iterable[CheckIn], tz: str) -> list[MoodPoint]:
    """One point per local day that has check-ins: the day's mean pleasantness and
    energy (each -3..3) and how many check-ins it had, in date order."""
    by_day: dict[date, list[CheckIn]] = defaultdict(list)
    for checkin in checkins:
        by_day[local_date(checkin.at, tz)].append(checkin)
    return [
        MoodPoint(
            day=day,
            pleasantness=sum(c.pleasantness for c in group) / len(group),
            energy=sum(c.energy for c in group) / len(group),
            checkins=len(group),
        )
        for day, group in sorted(by_day.items())
    ]


Trend = Literal["brighter", "heavier", "about the same"]

# The fewest check-ins on each side before "lately" is compared with "at the start".
TREND_MIN_SIDE = 3


def mood_trend(checkins: Iterable[CheckIn]) -> Trend | None:
    """Whether the latest check-ins are more pleasant than the earliest: the mean
    pleasantness of the last third against the first third (at least TREND_MIN_SIDE on
    each side, never the same check-in on both), or None when there are too few to say."""
    ordered = sorted(checkins, key=lambda c: (c.at, c.id))
    side = max(TREND_MIN_SIDE, len(ordered) // 3)
    if len(ordered) < 2 * side:
        return None
    before = sum(c.pleasantness for c in ordered[:side]) / side
    after = sum(c.pleasantness for c in ordered[-side:]) / side
    if after > before + 0.3:
        return "brighter"
    if after < before - 0.3:
        return "heavier"
    return "about the same"


@dataclass(frozen=True)
class TreatScore:
    treat_id: str
    title: str
    taken: int
    rated: int
    mean_helped: float | None


def treat_ranking(log: Iterable[TreatLog], treats: Sequence[Treat]) -> list[TreatScore]:
    """Treats taken, best-helping first (by mean rating; unrated ones last, then by how
    often they were taken)."""
    titles = {t.id: t.title for t in treats}
    taken: dict[str, int] = defaultdict(int)
    ratings: dict[str, list[int]] = defaultdict(list)
    for entry in log:
        taken[entry.treat_id] += 1
        if entry.helped is not None:
            ratings[entry.treat_id].append(entry.helped)
    scores = [
        TreatScore(
            treat_id=treat_id,
            title=titles.get(treat_id, "(a treat no longer in the list)"),
            taken=count,
            rated=len(ratings[treat_id]),
            mean_helped=(sum(ratings[treat_id]) / len(ratings[treat_id]))
            if ratings[treat_id]
            else None,
        )
        for treat_id, count in taken.items()
    ]
    scores.sort(key=lambda s: (s.mean_helped is None, -(s.mean_helped or 0), -s.taken, s.title))
    return scores


def hit(checkin: CheckIn) -> float | None:
    """How hard a rejection hit, 0..10: the feeling's intensity, scaled by how
    unpleasant it was (a relieved 'no' did not hit at all); None if it was unpleasant
    and its strength was never given."""
    if checkin.pleasantness >= 0:
        return 0.0
    if checkin.intensity is None:
        return None
    return round(checkin.intensity * (-checkin.pleasantness) / 3, 1)


@dataclass(frozen=True)
class DaydreamPoint:
    daydream: int
    hit: float
    rebound_id: str


def daydream_points(checkins: Iterable[CheckIn]) -> list[DaydreamPoint]:
    """For each rebound's check-in with a daydream answer and a known hit: (daydream, hit)."""
    return [
        DaydreamPoint(c.daydream, strength, c.rebound_id)
        for c in sorted(checkins, key=lambda c: c.at)
        if c.rebound_id and c.daydream is not None and (strength := hit(c)) is not None
    ]


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None with fewer than three points or no spread."""
    n = len(xs)
    if n < 3 or n != len(ys):
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / math.sqrt(sxx * syy)


def describe_correlation(r: float | None, n: int) -> str:
    if r is None:
        return "Not enough rejections with a daydream answer yet to say anything."
    strength = "strongly" if abs(r) >= 0.6 else "somewhat" if abs(r) >= 0.3 else "barely"
    direction = "harder" if r > 0 else "softer"
    return (
        f"Over {n} rejections, the more you had pictured the new life, the {direction} "
        f"the no hit you ({strength}: r = {r:.2f})."
    )
