"""Your own funnel (applications → interviews → offers) and published base rates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rebound_tui.domain.models import Interview


@dataclass(frozen=True)
class Funnel:
    applications: int
    interviews: int
    offers: int
    rejections: int

    @property
    def interview_rate(self) -> float | None:
        """Share of applications that led to at least one interview."""
        return self.interviews / self.applications if self.applications else None

    @property
    def offer_rate(self) -> float | None:
        """Share of interviewed applications that ended in an offer."""
        return self.offers / self.interviews if self.interviews else None


def funnel(interviews: Iterable[Interview]) -> Funnel:
    """Every interview record is an application; one that got past 'applied' (or ended
    in an offer) was interviewed."""
    applications = interviewed = offers = rejections = 0
    for record in interviews:
        applications += 1
        if record.reached_interview or record.outcome == "offer":
            interviewed += 1
        if record.outcome == "offer":
            offers += 1
        if record.outcome == "rejected":
            rejections += 1
    return Funnel(applications, interviewed, offers, rejections)


@dataclass(frozen=True)
class BaseRate:
    figure: str
    meaning: str
    source: str
    url: str


# Each checked against its source; see docs/sources.md.
BASE_RATES = (
    BaseRate(
        "27%",
        "of interviewed candidates were hired",
        "CareerPlug Recruiting Metrics Report, 2024 hiring data from 60,000+ small businesses",
        "https://staffinghub.com/?p=14337",
    ),
    BaseRate(
        "6",
        "candidates interviewed per opening, on average",
        "OfficeTeam survey of 150 executives at large US companies",
        "http://officeteam.rhi.mediaroom.com/index.php?s=247&item=788",
    ),
    BaseRate(
        "71%",
        "of North American candidates never got any feedback on why",
        "Talent Board, 2022 Candidate Experience Benchmark Research",
        "https://www.ere.net/articles/latest-findings-on-giving-feedback-to-candidates-show-missed-opportunities",
    ),
)

NORMAL_REMINDER = (
    "Most interviews end in a no for everyone but one person: with about six people "
    "interviewed for each opening, even a strong candidate hears no far more often than "
    "yes. A rejection is one data point, not a verdict on you."
)
