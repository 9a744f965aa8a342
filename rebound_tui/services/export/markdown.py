"""`rebound export --format md`, and the retrospective screen: everything as readable
Markdown, a retrospective per rebound, in the user's own time zone. User text reads as
typed: control characters show as visible escapes and Markdown cannot restructure the
page."""

from __future__ import annotations

import re
from datetime import datetime

from rebound_tui.domain.days import effective_timezone, plural, zone
from rebound_tui.domain.factory import next_step_kept_on
from rebound_tui.domain.models import STAGE_LABELS, Rebound
from rebound_tui.domain.safe_text import escape_controls
from rebound_tui.services.treats import all_treats
from rebound_tui.store.repository import Repository

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|~!])")


# What would start a list item or a setext heading if the text began a line.
_MD_BULLET = re.compile(r"^([-+=])")


_MD_NUMBERED = re.compile(r"^(\d+)([.)])")


# A value never given (a slider left untouched) reads as this, never as a number.
UNSET = "—"

HELPED = {1: "not at all", 2: "a little", 3: "somewhat", 4: "a lot", 5: "hugely"}


def md(text: str) -> str:
    """User text as Markdown that shows exactly that text, on one line: control characters
    as visible escapes, Markdown and HTML syntax escaped, nothing that starts a block."""
    escaped = _MD_SPECIAL.sub(r"\\\1", escape_controls(" ".join(text.split())))
    return _MD_NUMBERED.sub(r"\1\\\2", _MD_BULLET.sub(r"\\\1", escaped))


def _out_of_ten(value: int | None) -> str:
    return UNSET if value is None else f"{value}/10"


class Journal:
    """Renders one repository's records as Markdown, in the user's own time zone."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.tz = zone(effective_timezone(repo.settings().timezone))
        self.interviews = {i.id: i for i in repo.interviews.all()}
        self.checkins = {c.id: c for c in repo.checkins.all()}
        self.treat_log = {t.id: t for t in repo.treat_log.all()}
        self.treats = {t.id: t for t in all_treats(repo)}
        self.reflections = sorted(repo.reflections.all(), key=lambda r: (r.created_at, r.id))
        self.requests = sorted(repo.feedback_requests.all(), key=lambda f: (f.created_at, f.id))
        self.lessons = sorted(repo.lessons.all(), key=lambda x: (x.created_at, x.id))
        self.next_steps = sorted(repo.next_steps.all(), key=lambda s: (s.created_at, s.id))

    def day(self, when: datetime) -> str:
        return f"{when.astimezone(self.tz):%Y-%m-%d}"

    def time(self, when: datetime) -> str:
        return f"{when.astimezone(self.tz):%Y-%m-%d %H:%M}"

    # -- one rebound -----------------------------------------------------------------
    def rebound(self, rebound: Rebound, *, level: int = 3) -> str:
        h = "#" * level
        interview = self.interviews.get(rebound.interview_id)
        title = md(interview.name) if interview else "(interview deleted)"
        lines = [f"{h} {title}", ""]
        if interview is not None:
            facts = [STAGE_LABELS.get(interview.stage, interview.stage), interview.outcome]
            if interview.decided_on:
                facts.append(f"decided {interview.decided_on.isoformat()}")
            lines.append(f"*{md(', '.join(facts))}*")
            lines.append("")
            plan = [
                (label, value)
                for label, value in (
                    ("Wish", interview.wish),
                    ("Best outcome", interview.best_outcome),
                    ("Obstacle", interview.obstacle),
                    ("Plan", interview.plan),
                )
                if value.strip()
            ]
            if plan or interview.pictured is not None:
                lines.append("Before the decision:")
                lines.extend(f"- **{label}:** {md(value)}" for label, value in plan)
                if interview.pictured is not None:
                    lines.append(f"- **Pictured life there:** {interview.pictured}/10")
                lines.append("")
        state = (
            f"closed {self.day(rebound.closed_at)}"
            if rebound.closed_at
            else f"still open, at step {md(rebound.step.replace('_', ' '))}"
        )
        lines.append(f"- Opened {self.day(rebound.opened_at)}, {state}.")
        checkin = self.checkins.get(rebound.checkin_id or "")
        if checkin is not None:
            words = ", ".join(checkin.words) or "no words picked"
            feeling = f"- **Feeling:** {md(words)}; strength {_out_of_ten(checkin.intensity)}"
            if checkin.daydream is not None:
                feeling += f"; had pictured life there {checkin.daydream}/10"
            lines.append(feeling + ".")
            if checkin.note.strip():
                lines.append(f"  > {md(checkin.note)}")
            if checkin.friend.strip():
                lines.append(f"- **What I would tell a friend:** {md(checkin.friend)}")
        entry = self.treat_log.get(rebound.treat_log_id or "")
        if entry is not None:
            treat = self.treats.get(entry.treat_id)
            text = f"- **Treat:** {md(treat.title) if treat else 'a treat'}"
            if entry.helped is not None:
                text += f"; it helped {HELPED.get(entry.helped, '?')} ({entry.helped}/5)"
            elif entry.done_at is None:
                text += "; not done yet"
            lines.append(text + ".")
        for kind, heading in (("went_well", "Went well"), ("tough", "Tough")):
            mine = [r for r in self.reflections if r.rebound_id == rebound.id and r.kind == kind]
            if not mine:
                continue
            lines += ["", f"{h}# {heading}", ""]
            for r in mine:
                label = "What worked" if kind == "went_well" else "What happened"
                line = f"- **{md(r.question) or '(no question)'}**"
                if r.prepared:
                    line += f" (prepared: {md(r.prepared)})"
                lines.append(line)
                # On a line of its own: a question ends in its own punctuation.
                if r.note.strip():
                    lines.append(f"  - {label}: {md(r.note)}")
                for tag, text in (
                    ("S", r.situation),
                    ("T", r.task),
                    ("A", r.action),
                    ("R", r.result),
                ):
                    if text.strip():
                        lines.append(f"  - {tag}: {md(text)}")
                if r.card_id:
                    lines.append("  - *In the drill.*")
        requests = [f for f in self.requests if f.rebound_id == rebound.id]
        if requests:
            lines += ["", f"{h}# Feedback", ""]
            for f in requests:
                status = {
                    "draft": "Drafted, not sent yet",
                    "sent": "Sent, waiting",
                    "replied": "They replied",
                    "no_reply": "Sent, no reply",
                }.get(f.status, md(f.status))
                dates = []
                if f.sent_on:
                    dates.append(f"sent {f.sent_on.isoformat()}")
                if f.follow_up_on:
                    dates.append(f"follow up {f.follow_up_on.isoformat()}")
                if f.replied_on:
                    dates.append(f"replied {f.replied_on.isoformat()}")
                lines.append(f"- {status}" + (f" ({', '.join(dates)})" if dates else "") + ".")
                lines.extend(f"  - They said: {md(point)}" for point in f.points)
        learned = [x for x in self.lessons if x.rebound_id == rebound.id and x.text.strip()]
        steps = [s for s in self.next_steps if s.rebound_id == rebound.id]
        kept = next_step_kept_on(rebound)  # data from schema 1, not opened since
        if kept is not None and kept.id not in {s.id for s in steps}:
            steps.append(kept)
        if learned or steps:
            lines += ["", f"{h}# Moving on", ""]
            for index, lesson in enumerate((x for x in learned if x.kind == "lesson"), start=1):
                lines.append(f"{index}. {md(lesson.text)}")
            for skill in (x for x in learned if x.kind == "skill"):
                lines.append(f"- Skill to work on: {md(skill.text)}")
            for step in steps:
                when = f" by {step.day.isoformat()}" if step.day else ""
                done = f" (done {self.day(step.done_at)})" if step.done_at else ""
                lines.append(f"- **Next step:** {md(step.text)}{when}{done}.")
        return "\n".join(lines)

    # -- write it out ----------------------------------------------------------------
    def written_pages(self) -> list[str]:
        """The journal's free-writing pages, newest first, each as the user wrote it
        (lines kept, every line escaped), with the rebound it was written for."""
        pages = sorted(self.repo.journal.all(), key=lambda p: (p.written_at, p.id), reverse=True)
        rebounds = {r.id: r for r in self.repo.rebounds.all()}
        out = ["## Written pages", ""]
        for page in pages:
            heading = f"### {self.time(page.written_at)}"
            rebound = rebounds.get(page.rebound_id or "")
            if rebound is not None:
                interview = self.interviews.get(rebound.interview_id)
                about = md(interview.name) if interview else "(interview deleted)"
                heading += f" · after {about}"
            out += [heading, ""]
            if page.tags:
                out += [f"*{md(', '.join(page.tags))}*", ""]
            for line in page.text.splitlines() or ["(nothing written)"]:
                out.append(f"> {md(line)}" if line.strip() else ">")
            out.append("")
        if not pages:
            out += ["None yet.", ""]
        return out[:-1]

    # -- everything ------------------------------------------------------------------
    def document(self, now: datetime) -> str:
        repo = self.repo
        rebounds = sorted(repo.rebounds.all(), key=lambda r: (r.opened_at, r.id), reverse=True)
        cards = sorted(repo.cards.all(), key=lambda c: (c.created_at, c.id))
        checkins = sorted(self.checkins.values(), key=lambda c: (c.at, c.id), reverse=True)
        out = [
            "# Rebound journal",
            "",
            f"Exported {self.day(now)}: {plural(len(self.interviews), 'interview')}, "
            f"{plural(len(rebounds), 'rebound')}, {plural(len(checkins), 'check-in')}, "
            f"{plural(len(cards), 'drill card')}.",
            "",
            "## Rebounds",
            "",
        ]
        if not rebounds:
            out += ["No rebounds yet.", ""]
        for rebound in rebounds:
            out += [self.rebound(rebound), ""]
        out += ["## Check-ins", ""]
        if checkins:
            out += [
                "| When | Pleasant | Energy | Words | Strength | Note |",
                "|---|---|---|---|---|---|",
            ]
            for c in checkins:
                out.append(
                    f"| {self.time(c.at)} | {c.pleasantness:+d} | {c.energy:+d} | "
                    f"{md(', '.join(c.words))} | {_out_of_ten(c.intensity)} | {md(c.note)} |"
                )
        else:
            out.append("No check-ins yet.")
        out += ["", *self.written_pages()]
        out += ["", "## Lessons and skills", ""]
        learned = [x for x in self.lessons if x.text.strip()]
        out += [
            f"- {md(x.text)}" + (" *(skill)*" if x.kind == "skill" else "") for x in learned
        ] or ["None yet."]
        out += ["", "## Drill cards", ""]
        for card in cards:
            status = (
                "suspended"
                if card.suspended
                else "new"
                if card.is_new
                else (f"next due {self.day(card.due)}")
            )
            out += [
                f"### {md(card.question)}",
                "",
                f"*{status}; {plural(card.reps, 'review')}, "
                f"forgotten {plural(card.lapses, 'time')}*",
                "",
            ]
            for line in card.answer.splitlines() or ["(no answer yet)"]:
                out.append(f"> {md(line)}" if line.strip() else ">")
            out.append("")
        if not cards:
            out += ["None yet.", ""]
        return "\n".join(out).rstrip() + "\n"


def export_markdown(repo: Repository, now: datetime) -> str:
    return Journal(repo).document(now)


def retrospective(repo: Repository, rebound_id: str) -> str | None:
    """One rebound read back as Markdown (the retrospective screen), None if it is gone."""
    rebound = repo.rebounds.get(rebound_id)
    return Journal(repo).rebound(rebound, level=2) if rebound else None
