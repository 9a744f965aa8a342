"""The focused drill: which cards to practise for a tag, a company, an interview or a
role family, in which order, and how many a day until the interview.

A card is tied to an interview through where it came from: a reflection or a feedback
point of that interview's rebound (`Card.source` and `Card.source_id`, worked out by
`services.focus`), and through its tags: a card tagged with the company's name ("acme",
or "acme-corp" for "Acme Corp") belongs to every interview there.

A role family is a small classification of an interview's role text, by our own keyword
lists (`ROLE_FAMILIES`), the field before the level: "Engineering Manager" is
engineering, "Product Designer" design, "Head of People" management. The first family,
in the order of the table, with a keyword in the role wins; a role that matches none is
"other". A family brings the cards tagged with its name (or one of its tags) and, for
engineering and data, the technical cards.

Nothing here changes a card: a cram session (see `services.focus`) never writes a review
and never touches the FSRS schedule, as Anki's filtered decks without rescheduling."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from rebound_tui.domain.days import plural
from rebound_tui.domain.models import Card, CardKind, Interview

FocusKind = Literal["all", "tag", "company", "interview", "family"]


@dataclass(frozen=True)
class RoleFamily:
    name: str
    keywords: tuple[str, ...]
    """Words or phrases of a role's text (whole words, any case) that put it here."""
    tags: tuple[str, ...] = ()
    """Card tags that belong to the family, besides its own name."""
    kinds: tuple[CardKind, ...] = ()
    """Card kinds that belong to the family (technical questions for engineering)."""


ROLE_FAMILIES: tuple[RoleFamily, ...] = (
    RoleFamily(
        "design",
        ("designer", "design", "ux", "ui", "user research", "ux researcher", "illustrator"),
        ("portfolio", "ux"),
    ),
    RoleFamily(
        "data",
        (
            "data",
            "analyst",
            "analytics",
            "scientist",
            "machine learning",
            "ml",
            "ai",
            "statistician",
            "bi",
        ),
        ("sql", "statistics", "analytics"),
        ("technical",),
    ),
    RoleFamily("product", ("product", "pm", "product owner"), ("product-sense", "roadmap")),
    RoleFamily(
        "sales",
        (
            "sales",
            "account executive",
            "account manager",
            "business development",
            "bdr",
            "sdr",
            "ae",
        ),
        ("negotiation", "pipeline"),
    ),
    RoleFamily(
        "support",
        ("support", "customer success", "customer service", "helpdesk", "help desk"),
        ("customers",),
    ),
    RoleFamily(
        "engineering",
        (
            "engineer",
            "engineering",
            "developer",
            "programmer",
            "software",
            "backend",
            "back end",
            "frontend",
            "front end",
            "full stack",
            "fullstack",
            "devops",
            "sre",
            "swe",
            "architect",
            "tech lead",
            "qa",
            "tester",
        ),
        ("coding", "system-design", "algorithms"),
        ("technical",),
    ),
    RoleFamily(
        "operations",
        (
            "operations",
            "ops",
            "logistics",
            "supply chain",
            "project manager",
            "program manager",
            "programme manager",
            "coordinator",
            "administrator",
        ),
        ("process",),
    ),
    RoleFamily(
        "management",
        ("manager", "management", "head", "director", "lead", "vp", "chief", "cto", "ceo"),
        ("leadership",),
    ),
)
OTHER = "other"
ROLE_FAMILY_NAMES: tuple[str, ...] = tuple(f.name for f in ROLE_FAMILIES)
FAMILY_NAMES: tuple[str, ...] = (*ROLE_FAMILY_NAMES, OTHER)
_FAMILY = {f.name: f for f in ROLE_FAMILIES}


def role_family(role: str) -> str:
    """The family of a role's text: the first in `ROLE_FAMILIES` with a keyword in it
    (whole words, any case), else "other"."""
    words = " ".join(re.findall(r"[a-z0-9]+", role.casefold()))
    for family in ROLE_FAMILIES:
        if any(re.search(rf"\b{re.escape(k)}\b", words) for k in family.keywords):
            return family.name
    return OTHER


def tag_of(text: str) -> str:
    """A name as a tag: lower case, words joined by '-' ("Acme Corp" → "acme-corp")."""
    return "-".join(re.findall(r"\w+", text.casefold()))


def has_tag(card: Card, tag: str) -> bool:
    wanted = tag_of(tag)
    return bool(wanted) and any(tag_of(t) == wanted for t in card.tags)


def same_company(a: str, b: str) -> bool:
    return bool(tag_of(a)) and tag_of(a) == tag_of(b)


@dataclass(frozen=True)
class Focus:
    """What a focused drill practises: every card, one tag, one company, one interview
    (its own cards, its company's, its role family's), or one role family."""

    kind: FocusKind
    value: str = ""
    """The tag, the company, the interview's id, or the family's name."""
    label: str = ""
    """How the screen names it ("Acme — Engineer", "tag leadership")."""

    @property
    def title(self) -> str:
        if self.label:
            return self.label
        if self.kind == "all":
            return "all your cards"
        if self.kind == "tag":
            return f"tag {self.value}"
        return self.value


MIN_TIED = 10
"""With fewer cards tied to an interview, the starter-bank questions in the deck join."""


def focus_cards(
    cards: Iterable[Card],
    focus: Focus,
    interviews: Mapping[str, Interview],
    tied: Mapping[str, frozenset[str]],
) -> list[Card]:
    """The cards `focus` practises, suspended ones left out. `tied` maps a card's id to
    the interviews it came from (a reflection or feedback of their rebounds)."""
    pool = [c for c in cards if not c.suspended]

    def of_interviews(wanted: Callable[[Interview], bool]) -> set[str]:
        return {i for i, interview in interviews.items() if wanted(interview)}

    def tied_to(ids: set[str]) -> Callable[[Card], bool]:
        return lambda card: bool(tied.get(card.id, frozenset()) & ids)

    if focus.kind == "all":
        return pool
    if focus.kind == "tag":
        return [c for c in pool if has_tag(c, focus.value)]
    if focus.kind == "family":
        ids = of_interviews(lambda i: role_family(i.role) == focus.value)
        in_family = family_card(focus.value)
        return [c for c in pool if in_family(c) or tied_to(ids)(c)]
    if focus.kind == "company":
        ids = of_interviews(lambda i: same_company(i.company, focus.value))
        of_company = company_card(focus.value, ids, tied)
        return [c for c in pool if of_company(c)]
    interview = interviews.get(focus.value)
    if interview is None:
        return []
    own = tied_to({interview.id})
    company = company_card(
        interview.company,
        of_interviews(lambda i: same_company(i.company, interview.company)),
        tied,
    )
    family = role_family(interview.role)
    in_family = family_card(family) if family != OTHER else (lambda card: False)
    picked = [c for c in pool if own(c) or company(c) or in_family(c)]
    if len(picked) < MIN_TIED:
        have = {c.id for c in picked}
        picked += [
            c
            for c in pool
            if c.source == "starter" and c.kind == "behavioural" and c.id not in have
        ]
    return picked


def company_card(
    company: str, interview_ids: set[str], tied: Mapping[str, frozenset[str]]
) -> Callable[[Card], bool]:
    """Whether a card belongs to `company`: tied to one of its interviews, or tagged
    with its name."""
    return lambda card: (
        bool(tied.get(card.id, frozenset()) & interview_ids) or has_tag(card, company)
    )


def family_card(family: str) -> Callable[[Card], bool]:
    """Whether a card belongs to a role family: tagged with it (or one of its tags), or
    of one of its kinds."""
    spec = _FAMILY.get(family)
    if spec is None:
        return lambda card: False
    tags = {tag_of(t) for t in (spec.name, *spec.tags)}
    return lambda card: card.kind in spec.kinds or any(tag_of(t) in tags for t in card.tags)


def weakest_first(cards: Iterable[Card], recall: Callable[[Card], float]) -> list[Card]:
    """Lowest probability of recall first; new cards (never reviewed) count as weakest,
    oldest first; ties by due date."""
    return sorted(
        cards,
        key=lambda c: (0.0 if c.is_new else recall(c), c.due, c.created_at, c.id),
    )


WARM_UP = 10
"""On the interview's day: a warm-up with this many of the weakest cards."""


@dataclass(frozen=True)
class CramPlan:
    """How many cards today, for `total` cards and the days until the interview. Nothing
    is written, so each day's list is again the weakest: the weakest come up every day,
    and all of them by the day before."""

    total: int
    today: int
    day: date | None = None
    days_left: int | None = None

    @property
    def text(self) -> str:
        """'3 days left: about 12 cards a day; today 12'."""
        cards = plural(self.total, "card")
        if self.days_left is None:
            return f"{cards}, weakest first; today {self.today}"
        if self.days_left <= 0:
            return f"Interview today: a warm-up with the {plural(self.today, 'weakest card')}"
        if self.days_left == 1:
            return f"Interview tomorrow: {cards}, all today"
        per_day = math.ceil(self.total / self.days_left)
        return (
            f"{self.days_left} days left: about {plural(per_day, 'card')} a day; "
            f"today {self.today}"
        )


def cram_plan(total: int, today: date, day: date | None, limit: int | None = None) -> CramPlan:
    """Today's share of `total` cards before `day` (None: no date, all of them): an even
    share of the days left, the day before taking what remains; on the day, a warm-up."""
    if day is None:
        count = total
        days_left = None
    else:
        days_left = (day - today).days
        count = min(total, WARM_UP) if days_left <= 0 else math.ceil(total / days_left)
    if limit is not None:
        count = min(count, limit)
    return CramPlan(total=total, today=min(count, total), day=day, days_left=days_left)
