"""Deterministic demo data, written through the repository.

`small` is a few weeks of one person's job search (for screenshots and a first look);
`heavy` is five years of heavy use, sized as PRODUCT.md §8 sizes it: about 600
interviews, 2,000 check-ins, 3,000 reflections, 3,000 cards and 60,000 reviews; `huge` is
ten years at five times heavy (about 3,000 interviews, 10,000 check-ins, 15,000
reflections, 15,000 cards and 300,000 reviews), for benchmarks that must not grow with
history. The same seed and the same day always give the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from rebound_tui.domain.emotions import WORDS, quadrants
from rebound_tui.domain.factory import new_card
from rebound_tui.domain.feedback import feedback_letter, follow_up_date
from rebound_tui.domain.models import (
    STAGES,
    Card,
    CheckIn,
    FeedbackRequest,
    FeedbackStatus,
    Interview,
    JournalEntry,
    Lesson,
    NextStep,
    Outcome,
    Rebound,
    Reflection,
    ReflectionKind,
    Review,
    Settings,
    TreatLog,
)
from rebound_tui.domain.questions import STARTER_BANK
from rebound_tui.domain.scheduling import make_scheduler, rate, retrievability
from rebound_tui.domain.treats import CATALOGUE
from rebound_tui.services.demo_content import (
    ACTIONS,
    COMPANIES,
    CONTACTS,
    LESSONS,
    NEXT_STEPS,
    NOTES,
    PAGES,
    QUESTIONS,
    RESULTS,
    ROLES,
    SITUATIONS,
    TASKS,
)
from rebound_tui.store.repository import Repository


@dataclass(frozen=True)
class DemoSize:
    days: int
    interviews: int
    checkins: int
    reflections: int
    cards: int
    reviews: int


SIZES = {
    "small": DemoSize(days=45, interviews=14, checkins=24, reflections=10, cards=16, reviews=140),
    "heavy": DemoSize(
        days=5 * 365, interviews=600, checkins=2000, reflections=3000, cards=3000, reviews=60000
    ),
    "huge": DemoSize(
        days=10 * 365,
        interviews=5 * 600,
        checkins=5 * 2000,
        reflections=5 * 3000,
        cards=5 * 3000,
        reviews=5 * 60000,
    ),
}
DEMO_ZONE = "Europe/London"


class _Ids:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def __call__(self) -> str:
        return f"{self._rng.getrandbits(64):016x}"


def generate(repo: Repository, size: str = "small", *, seed: int = 7) -> dict[str, int]:
    """Write demo data into an (empty) repository; returns the counts written."""
    spec = SIZES[size]
    rng = random.Random(f"{seed}-{size}")
    ids = _Ids(rng)
    now = repo.clock.now()
    end = datetime.combine(now.astimezone(UTC).date(), time(12), tzinfo=UTC)
    start = end - timedelta(days=spec.days)
    repo.save_settings(Settings(timezone=DEMO_ZONE, your_name="Alex"))

    def moment(day_offset: float) -> datetime:
        return start + timedelta(days=day_offset, minutes=rng.randrange(8 * 60, 22 * 60))

    def day_of(when: datetime) -> date:
        return when.astimezone(UTC).date()

    # Interviews, spread over the period; most end in a no, as in life.
    interviews: list[Interview] = []
    for index in range(spec.interviews):
        applied = moment(spec.days * index / spec.interviews)
        stage = rng.choices(STAGES[:-1], weights=(45, 25, 15, 10, 5))[0]
        outcomes: tuple[Outcome, ...] = ("rejected", "ghosted", "withdrew", "offer", "active")
        outcome = rng.choices(outcomes, weights=(62, 18, 6, 4, 10))[0]
        if stage == "applied" and outcome == "offer":
            outcome = "rejected"
        if applied > end - timedelta(days=10):
            outcome = "active"
        interviewed = (
            applied + timedelta(days=rng.randrange(5, 20)) if stage != "applied" else None
        )
        decided = min(
            (interviewed or applied) + timedelta(days=rng.randrange(3, 15)),
            end - timedelta(days=1),
        )
        interviews.append(
            Interview(
                id=ids(),
                company=rng.choice(COMPANIES),
                role=rng.choice(ROLES),
                stage=stage,
                outcome=outcome,
                applied_on=day_of(applied),
                interviewed_on=day_of(interviewed) if interviewed else None,
                decided_on=day_of(decided) if outcome != "active" else None,
                contact=rng.choice(CONTACTS),
                created_at=applied,
                updated_at=decided,
            )
        )
    repo.interviews.put_many(interviews)

    # A rebound for every rejection after an interview; the newest one is still open.
    rejected = [i for i in interviews if i.outcome == "rejected" and i.stage != "applied"]
    rebounds, checkins, treat_log, lessons, requests = [], [], [], [], []
    steps: list[NextStep] = []
    for number, interview in enumerate(rejected):
        opened = datetime.combine(interview.decided_on or end.date(), time(18), tzinfo=UTC)
        if opened > end:
            opened = end - timedelta(hours=1)
        is_last = number == len(rejected) - 1
        rebound = Rebound(id=ids(), interview_id=interview.id, opened_at=opened, updated_at=opened)
        daydream = rng.randrange(0, 11)
        checkin = CheckIn(
            id=ids(),
            at=opened,
            tz=DEMO_ZONE,
            rebound_id=rebound.id,
            pleasantness=rng.choice((-3, -2, -2, -1)),
            energy=rng.choice((-2, -1, 1)),
            intensity=max(1, min(10, 3 + daydream // 2 + rng.randrange(-1, 3))),
            daydream=daydream,
            words=(),
            note="",
        )
        quadrant = quadrants(checkin.pleasantness, checkin.energy)[0]
        checkin = replace(checkin, words=tuple(rng.sample(WORDS[quadrant], 2)))
        checkins.append(checkin)
        treat = rng.choice(CATALOGUE)
        entry = TreatLog(
            id=ids(),
            treat_id=treat.id,
            accepted_at=opened,
            rebound_id=rebound.id,
            checkin_id=checkin.id,
            done_at=None if is_last else opened + timedelta(hours=2),
            helped=None if is_last else rng.randrange(2, 6),
        )
        treat_log.append(entry)
        request = FeedbackRequest(
            id=ids(),
            rebound_id=rebound.id,
            interview_id=interview.id,
            body=feedback_letter(interview, "Alex"),
            created_at=opened,
            updated_at=opened,
        )
        if not is_last or rng.random() < 0.5:
            sent = (opened + timedelta(days=1)).date()
            recent = opened > end - timedelta(days=21)
            answers: tuple[FeedbackStatus, ...] = ("replied", "no_reply")
            status: FeedbackStatus = "sent" if recent else rng.choices(answers, weights=(2, 5))[0]
            request = replace(
                request,
                status=status,
                sent_on=sent,
                follow_up_on=follow_up_date(sent) if status == "sent" else None,
                replied_on=sent + timedelta(days=3) if status == "replied" else None,
                points=("Go deeper on trade-offs",) if status == "replied" else (),
            )
        requests.append(request)
        for text in rng.sample(LESSONS, 2):
            lessons.append(Lesson(id=ids(), text=text, rebound_id=rebound.id, created_at=opened))
        rebound = replace(
            rebound,
            checkin_id=checkin.id,
            treat_log_id=entry.id,
            step="tough" if is_last else "move_on",
            visited=("feel", "treat", "went_well") if is_last else (),
            closed_at=None if is_last else opened + timedelta(days=2),
        )
        rebounds.append(rebound)
        # Its next step, a week on; done, unless it is recent (the id is derived, not
        # drawn, so the rest of the demo stays as it was).
        due = opened + timedelta(days=7)
        steps.append(
            NextStep(
                id=f"{rebound.id}-next",
                text=rng.choice(NEXT_STEPS),
                due_on=due.date(),
                rebound_id=rebound.id,
                done_at=due if due < end - timedelta(days=10) else None,
                created_at=opened,
                updated_at=due if due < end - timedelta(days=10) else opened,
            )
        )

    # Everyday check-ins on top of the rebound ones.
    latest = min(now, end) - timedelta(hours=1)  # none in the future: not "just now"
    while len(checkins) < spec.checkins:
        at = moment(rng.uniform(0, spec.days))
        while at > latest:
            at -= timedelta(days=1)
        p, e = rng.randrange(-3, 4), rng.randrange(-3, 4)
        words = WORDS[quadrants(p, e)[0]]
        checkins.append(
            CheckIn(
                id=ids(),
                at=at,
                tz=DEMO_ZONE,
                pleasantness=p,
                energy=e,
                words=tuple(rng.sample(words, rng.randrange(1, 3))),
                intensity=rng.randrange(2, 9),
            )
        )
    repo.rebounds.put_many(rebounds)
    repo.checkins.put_many(checkins)
    repo.treat_log.put_many(treat_log)
    repo.feedback_requests.put_many(requests)
    repo.lessons.put_many(lessons)
    repo.next_steps.put_many(steps)

    # Reflections on the rebounds (heavy use writes many per rebound).
    reflections = []
    for index in range(spec.reflections):
        if not rebounds:
            break
        # Newest rebounds first, so the open one has both kinds of reflection.
        rebound = rebounds[-1 - index % len(rebounds)]
        kind: ReflectionKind = "tough" if (index // len(rebounds)) % 2 == 0 else "went_well"
        created = rebound.opened_at + timedelta(minutes=10 + index % 50)
        reflections.append(
            Reflection(
                id=ids(),
                rebound_id=rebound.id,
                interview_id=rebound.interview_id,
                kind=kind,
                question=rng.choice(QUESTIONS),
                situation=rng.choice(SITUATIONS),
                task=rng.choice(TASKS),
                action=rng.choice(ACTIONS),
                result=rng.choice(RESULTS),
                note=rng.choice(NOTES),
                prepared=rng.choice(("yes", "partly", "no")) if kind == "tough" else "",
                created_at=created,
                updated_at=created,
            )
        )

    # Cards, and years of reviews simulated through the scheduler itself.
    cards_written, reviews = _cards_and_reviews(repo, spec, rng, ids, start, end, reflections)
    repo.reflections.put_many(reflections)
    pages = _written_pages(rebounds, size, seed)
    repo.journal.put_many(pages)
    return {
        "interviews": len(interviews),
        "rebounds": len(rebounds),
        "checkins": len(checkins),
        "reflections": len(reflections),
        "cards": cards_written,
        "reviews": reviews,
        "written pages": len(pages),
    }


def _written_pages(rebounds: list[Rebound], size: str, seed: int) -> list[JournalEntry]:
    """A page of free writing on the evening of some rebounds (the newest ones, then one
    in five): drawn from their own random stream, so the rest of the demo stays as it was."""
    rng = random.Random(f"{seed}-{size}-pages")
    newest = rebounds[-3:]
    older = rebounds[-4::-5] if size != "small" else []
    pages = []
    for number, rebound in enumerate([*older[::-1], *newest]):
        written = rebound.opened_at + timedelta(hours=2, minutes=rng.randrange(0, 60))
        pages.append(
            JournalEntry(
                id=f"{rebound.id}-page",
                written_at=written,
                text=PAGES[(number + rng.randrange(len(PAGES))) % len(PAGES)],
                rebound_id=rebound.id,
                updated_at=written + timedelta(minutes=rng.randrange(8, 25)),
            )
        )
    return pages


def _cards_and_reviews(
    repo: Repository,
    spec: DemoSize,
    rng: random.Random,
    ids: _Ids,
    start: datetime,
    end: datetime,
    reflections: list[Reflection],
) -> tuple[int, int]:
    scheduler = make_scheduler(Settings(timezone=DEMO_ZONE), fuzz=False)
    per_card = spec.reviews / spec.cards
    cards: list[Card] = []
    reviews: list[Review] = []
    tough = [r for r in reflections if r.kind == "tough"]
    # Where each reflection sits, by id: list.index would make the demo quadratic.
    position = {reflection.id: at for at, reflection in enumerate(reflections)}
    for index in range(spec.cards):
        # Spread card creation so that heavier histories belong to older cards.
        created = start + timedelta(days=spec.days * (index / spec.cards) ** 3.0)
        source = tough[index] if index < len(tough) else None
        if source is not None:
            question, hint = source.question, ""
        else:
            starter = rng.choice(STARTER_BANK)
            question, hint = starter.question, starter.hint
        answer = (
            f"S: {source.situation}\nA: {source.action}\nR: {source.result or 'It worked.'}"
            if source
            else f"S: {rng.choice(SITUATIONS)}\nA: {rng.choice(ACTIONS)}\n"
            f"R: {rng.choice(RESULTS) or 'It worked.'}"
        )
        card = new_card(
            question,
            card_id=ids(),
            answer=answer,
            hint=hint,
            source="reflection" if source else "starter",
            source_id=source.id if source else None,
            tags=("demo",),
            now=created,
        )
        if source is not None:
            reflections[position[source.id]] = replace(source, card_id=card.id)
        budget = max(1, round(rng.gauss(per_card * 3.2, per_card / 2)))
        if index >= spec.cards - 3:
            budget = 0  # the newest few are new: something to start the drill with
        when = created
        history = 0
        while history < budget and when < end:
            recall = retrievability(card, when, scheduler) if not card.is_new else 0.0
            p_fail = 0.35 if card.is_new else max(0.03, 1 - recall)
            grade = 1 if rng.random() < p_fail else rng.choices((2, 3, 4), weights=(15, 70, 15))[0]
            card, review = rate(card, grade, when, scheduler)
            reviews.append(replace(review, id=ids(), duration_ms=rng.randrange(4000, 90000)))
            history += 1
            # The user comes back when the card is due, give or take a day.
            when = max(card.due, when + timedelta(minutes=1)) + timedelta(
                hours=rng.randrange(0, 30)
            )
        cards.append(replace(card, updated_at=when if when < end else end))
    repo.cards.put_many(cards)
    repo.reviews.put_many(reviews)
    return len(cards), len(reviews)
