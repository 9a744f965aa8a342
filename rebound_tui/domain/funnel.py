"""Your own funnel (applications → interviews → offers), published base rates as
context (each with its year, population and how it counts), and what chance alone makes
likely: never a benchmark to fall short of."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rebound_tui.domain.models import Interview

LATER_STAGES = frozenset({"technical", "onsite", "final", "offer"})
"""Stages past a phone screen: closest to what the published figures count as an
interviewed candidate (one count per application, however many rounds)."""


@dataclass(frozen=True)
class Funnel:
    applications: int
    interviews: int
    offers: int
    rejections: int
    later_rounds: int = 0
    """Applications that went past a phone screen (or ended in an offer)."""
    later_nos: int = 0
    """Of those, how many ended without an offer (a no, or no word at all)."""

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
    in an offer) was interviewed; one that got past a phone screen is a later round."""
    applications = interviewed = offers = rejections = later = later_nos = 0
    for record in interviews:
        applications += 1
        if record.reached_interview or record.outcome == "offer":
            interviewed += 1
        if record.outcome == "offer":
            offers += 1
        if record.outcome == "rejected":
            rejections += 1
        if record.stage in LATER_STAGES or record.outcome == "offer":
            later += 1
            if record.outcome in ("rejected", "ghosted"):
                later_nos += 1
    return Funnel(applications, interviewed, offers, rejections, later, later_nos)


@dataclass(frozen=True)
class BaseRate:
    figure: str
    meaning: str
    source: str
    """Who, in two words or so (the long name and the link are in docs/sources.md)."""
    year: str
    """The year of the data, or "undated" where the source gives none."""
    population: str
    url: str
    rate: float | None = None
    """The chance per interviewed application it implies, where it implies one."""


# Each checked against its source; see docs/sources.md. Both hiring figures count once
# per candidate an employer interviewed (not each round), so the user's own numbers are
# set beside them the same way: once per application that went past a phone screen.
CAREERPLUG = BaseRate(
    "27%",
    "of interviewed candidates were hired",
    "CareerPlug",
    "2024 hiring data",
    "60,000+ small businesses",
    "https://staffinghub.com/?p=14337",
    0.27,
)
OFFICETEAM = BaseRate(
    "About 1 in 6",
    "interviewed candidates hired: executives said they interview six per opening",
    "OfficeTeam survey",
    "undated",
    "150 executives at the 1,000 largest US companies",
    "http://officeteam.rhi.mediaroom.com/index.php?s=247&item=788",
    1 / 6,
)
TALENT_BOARD = BaseRate(
    "71%",
    "of candidates never got any feedback on why",
    "Talent Board",
    "2022",
    "candidates in North America",
    "https://www.ere.net/articles/latest-findings-on-giving-feedback-to-candidates-show-missed-opportunities",
)
BASE_RATES = (CAREERPLUG, OFFICETEAM, TALENT_BOARD)

HOW_COUNTED = "Past a phone screen, counted once per application as the figures below count"

DISAGREEMENT = (
    "The two disagree (about 1 in 4 against 1 in 6): small businesses in 2024 against "
    "large companies in an undated survey, hires counted against what executives said. "
    "Neither is your chance with any one employer."
)

NORMAL_REMINDER = (
    "Most interviews end in a no for everyone but one person, so even a strong candidate "
    "hears no far more often than yes. A rejection is one data point, not a verdict on you."
)


def chance_without_offer(rate: float, tries: int) -> float:
    """How likely `tries` interviewed applications in a row end without an offer if each
    were an independent `rate` chance: (1 - rate) ** tries."""
    if not 0 <= rate <= 1:
        raise ValueError(f"rate {rate} is not a probability")
    return (1 - rate) ** max(tries, 0)


def how_often(probability: float) -> str:
    """'about 4 times in 10', 'about 1 time in 20', in words a person can picture."""
    if probability >= 0.95:
        return "almost always"
    tens = round(probability * 10)
    if tens >= 2:
        return f"about {tens} times in 10"
    if tens == 1:
        return "about 1 time in 10"
    if probability <= 0:
        return "never"
    return f"about 1 time in {round(1 / probability):,}"


def one_in(rate: float) -> str:
    """0.27 → '1 in 4', 1/6 → '1 in 6'."""
    return f"1 in {round(1 / rate):,}" if rate > 0 else "none"


def chance_alone(mine: Funnel) -> str | None:
    """Your own numbers as what chance alone makes likely at each published rate, e.g.
    "By chance alone, if each were a 27% chance (CareerPlug), 3 without an offer would
    happen about 4 times in 10; …". None while no application past a phone screen has
    ended without an offer, or once there has been an offer."""
    n = mine.later_nos
    if n == 0 or mine.offers:
        return None
    parts = []
    for rate in BASE_RATES:
        if rate.rate is None:
            continue
        chance = f"a {rate.figure} chance" if rate.figure.endswith("%") else one_in(rate.rate)
        parts.append(
            (chance, rate.source.split()[0], how_often(chance_without_offer(rate.rate, n)))
        )
    (first, source, often), *others = parts
    text = (
        f"By chance alone, if each were {first} ({source}), {n:,} without an offer "
        f"would happen {often}"
    )
    for chance, source, often in others:
        text += f"; at {chance} ({source}), {often}"
    return text + "."
