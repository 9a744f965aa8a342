"""What the history screen plots: mood over time, treats that helped, how much life
there had been pictured against how heavy the no felt. Pure functions over records, with
known answers in the tests."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from rebound_tui.domain.days import local_date
from rebound_tui.domain.models import CheckIn, Interview, Rebound, Treat, TreatLog


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
    """How much life there had been pictured, 0-10: the interview's answer before the
    decision, else (older data) the rebound check-in's."""
    hit: float
    rebound_id: str


def daydream_points(
    checkins: Iterable[CheckIn],
    rebounds: Iterable[Rebound] = (),
    interviews: Iterable[Interview] = (),
) -> list[DaydreamPoint]:
    """For each rebound's check-in with a known hit and an answer to how much life there
    had been pictured (the interview's `pictured`, asked before the decision; else the
    check-in's `daydream`, as older data has it): (pictured, hit)."""
    interview_of = {r.id: r.interview_id for r in rebounds}
    pictured = {i.id: i.pictured for i in interviews if i.pictured is not None}
    points = []
    for c in sorted(checkins, key=lambda c: c.at):
        if not c.rebound_id:
            continue
        answer = pictured.get(interview_of.get(c.rebound_id, ""), c.daydream)
        strength = hit(c)
        if answer is not None and strength is not None:
            points.append(DaydreamPoint(answer, strength, c.rebound_id))
    return points


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


DAYDREAM_MIN_POINTS = 8
"""Below this many rejections, any pattern is mostly chance: the insight says nothing."""
DAYDREAM_CLEAR = 0.3
"""How far r must be from 0 before a tendency is mentioned (as a hint, never a cause)."""


def describe_daydreams(points: Sequence[DaydreamPoint]) -> str:
    """What the pattern suggests, in plain words and only with enough points: a hint
    ("tended to"), never a cause, never blame, and no statistics."""
    n = len(points)
    if n < DAYDREAM_MIN_POINTS:
        so_far = "None yet" if n == 0 else f"{n} so far"
        return (
            f"After {DAYDREAM_MIN_POINTS} rejections with an answer to how much you had "
            "pictured life there, this will say whether the ones you pictured more tended "
            f"to feel heavier. {so_far}: too few to see a pattern."
        )
    r = correlation([p.daydream for p in points], [p.hit for p in points])
    if r is not None and r >= DAYDREAM_CLEAR:
        return (
            f"Across {n} rejections, the ones you had pictured more tended to feel heavier. "
            "That is common; it is one reason to picture the obstacle too, before the decision."
        )
    if r is not None and r <= -DAYDREAM_CLEAR:
        return (
            f"Across {n} rejections, the ones you had pictured more did not feel heavier; "
            "if anything, a little lighter."
        )
    return (
        f"Across {n} rejections, how much you had pictured life there made no clear "
        "difference to how heavy the no felt."
    )
