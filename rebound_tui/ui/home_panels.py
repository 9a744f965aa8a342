"""What the home screen's panels say, from the figures (`services.overview.Overview`), and
the same panels kept beside `rebound status`'s figures so that a start paints them at once
(`kept_form`, `kept_texts`; see `services.status_snapshot`)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from textual.content import Content

from rebound_tui.domain.days import ago, plural
from rebound_tui.ui.text import from_kept, plain, short, template, to_kept

if TYPE_CHECKING:
    from rebound_tui.services.overview import Overview


class HomeTexts(NamedTuple):
    """What home's panels show (the drill panel's border says the days practised)."""

    drill: Content
    practised: str
    mood: Content
    rebounds: Content
    hint: Content
    care: bool
    """Whether the "talk to someone" card is due."""


def texts(overview: Overview, now: datetime) -> HomeTexts:
    days = overview.days_practised_7
    return HomeTexts(
        _drill_text(overview),
        # Days practised, not a streak that can break; in the border: it costs no row.
        f"practised {days} of 7 days" if days else "",
        _mood_text(overview, now),
        _rebounds_text(overview),
        _hint_text(overview),
        overview.care is not None,
    )


def kept_form(overview: Overview) -> dict[str, object] | None:
    """Home's panels as JSON values, kept beside `rebound status`'s figures and read
    back by `kept_texts` (None if one cannot be kept). The last check-in is kept as its
    time and words: how long ago it was is worked out when shown."""
    panels = {
        "drill": to_kept(_drill_text(overview)),
        "rebounds": to_kept(_rebounds_text(overview)),
        "hint": to_kept(_hint_text(overview)),
    }
    if None in panels.values():
        return None
    last = overview.last_checkin
    mood = None if last is None else [last.at.isoformat(), _words(last.words)]
    days, care = overview.days_practised_7, overview.care is not None
    return {**panels, "practised": days, "mood": mood, "care": care}


def _drill_text(overview: Overview) -> Content:
    if overview.card_count == 0:
        return template(
            "[dim]No drill cards yet.[/]\nTough questions you reflect on become cards."
        )
    counts = overview.counts  # the drill header's counts, at the same moment
    if counts.to_drill:
        line = f"[b]{plural(counts.to_drill, 'card')}[/] to drill"
    elif counts.later:
        line = "[b]Nothing to drill right now.[/]"
    else:
        line = "[b]All done for today.[/]"
    text = template(f"{line}\n$due due · $new new", due=counts.due_now, new=counts.new)
    if counts.held_back:  # the daily review limit, or a backlog spread over days
        held = template("[dim]+$n held for later days[/]", n=f"{counts.held_back:,}")
        text = Content("\n").join([text, held])
    if not counts.later:
        return text
    later = template(
        "[dim]$n back later today, $next$at[/]",
        n=counts.later,
        next="next " if counts.later > 1 else "",
        at=f"at {overview.next_back_at}",
    )
    return Content("\n").join([text, later])


def _mood_text(overview: Overview, now: datetime) -> Content:
    last = overview.last_checkin
    return _mood(None if last is None else (last.at, _words(last.words)), now)


def _rebounds_text(overview: Overview) -> Content:
    """Open rebounds first (what the panel is for), then a decision pending, the
    feedback nudges and the next steps, each kept short so that 80×24 shows them all."""
    from rebound_tui.domain.models import STEP_LABELS  # the records are read by now

    lines = []
    for rebound, interview in overview.open_rebounds[:3]:
        name = short(interview.name, 60) if interview else "(interview gone)"
        rested = overview.today is not None and rebound.paused_on == overview.today
        lines.append(
            template(
                "• $name  [dim]$left[/] $step",
                name=name,
                left="enough for today; next:" if rested else "left at:",
                step=STEP_LABELS[rebound.step],
            )
        )
    if len(overview.open_rebounds) > 3:
        lines.append(plain(f"  … and {len(overview.open_rebounds) - 3} more rebounds"))
    lines.extend(_waiting_lines(overview))
    lines.extend(_follow_up_lines(overview))
    # Three next steps when little else is listed, two when the panel is busier.
    lines.extend(_next_steps_lines(overview, shown=3 if len(lines) <= 2 else 2))
    if not lines:
        return template(
            "[dim]None open. When a rejection lands, a rebound walks you through it.[/]"
        )
    return Content("\n").join(lines)


def _follow_up_lines(overview: Overview) -> list[Content]:
    """One short nudge each, never owed: the first by name (f opens it), the rest
    named together."""
    if not overview.follow_ups:
        return []
    names = [short(i.company, 40) if i else "them" for _, i in overview.follow_ups]
    lines = [
        template("✉ One short nudge to $name about feedback [dim](f opens it)[/]", name=names[0])
    ]
    if len(names) > 1:
        lines.append(
            template("[dim]  and one each to[/] $names", names=short(", ".join(names[1:]), 60))
        )
    return lines


def _waiting_lines(overview: Overview) -> list[Content]:
    """While a decision is pending: a minute of planning (o), never required."""
    interview = overview.awaiting_decision
    if interview is None:
        return []
    return [
        template(
            "◇ Waiting to hear from $name? A minute of planning [dim](o)[/]",
            name=short(interview.company, 60) or "them",
        )
    ]


def _next_steps_lines(overview: Overview, shown: int = 3) -> list[Content]:
    """The open next steps, soonest first; one whose day has passed says which day
    it was from (never "overdue"); n opens them all."""
    lines = []
    for index, item in enumerate(overview.next_steps[:shown]):
        day = item.step.day
        when = ""
        if day:
            when = f", from {day:%a %d %b}" if item.overdue else f", by {day:%a %d %b}"
        lines.append(
            template(
                "→ $step [dim](next step$when$key)[/]",
                step=short(item.step.text, 120),
                when=when,
                key="; n opens them" if index == 0 else "",
            )
        )
    if len(overview.next_steps) > shown:
        more = len(overview.next_steps) - shown
        lines.append(template("[dim]  … and $n more next steps[/]", n=more))
    return lines


def _hint_text(overview: Overview) -> Content:
    areas = template(
        "[b]c[/] check in · [b]r[/] a rejection or rebound · [b]d[/] drill · "
        "[b]k[/] cards · [b]p[/] practise for an interview · [b]i[/] interviews · "
        "[b]h[/] history · [b]n[/] next steps · [b]w[/] write it out · [b],[/] settings · "
        "[b]?[/] keys"
    )
    if overview.interview_count == 0 and overview.card_count == 0:
        welcome = template(
            "[dim]Welcome. Everything you type is saved as you type it. Press r when a "
            "rejection lands; k adds questions to drill.[/]"
        )
        return Content("\n\n").join([welcome, areas])
    return areas


def _words(words: tuple[str, ...] | list[str]) -> str:
    return ", ".join(words) or "no words picked"


def _mood(last: tuple[datetime, str] | None, now: datetime) -> Content:
    """The mood panel: when the last check-in was (`last`: its time and its words)."""
    if last is None:
        return template("[dim]No check-ins yet.[/]\nHow you feel is worth a minute.")
    at, words = last
    return template(
        "Last check-in [b]$when[/]\n$words", when=ago(at, now), words=short(words, 120)
    )


def kept_texts(kept: object, now: datetime) -> HomeTexts | None:
    """The panels `HomeScreen.kept_form` kept, shown at `now`; None unless `kept` is
    exactly such a form."""
    if not isinstance(kept, dict):
        return None
    drill, rebounds, hint = (from_kept(kept.get(name)) for name in ("drill", "rebounds", "hint"))
    days, mood, care = kept.get("practised"), kept.get("mood"), kept.get("care")
    if drill is None or rebounds is None or hint is None or not isinstance(care, bool):
        return None
    if type(days) is not int or not 0 <= days <= 7:
        return None
    last = None
    if mood is not None:
        if not (isinstance(mood, list) and len(mood) == 2 and isinstance(mood[1], str)):
            return None
        try:
            last = (datetime.fromisoformat(mood[0]), mood[1])
        except (TypeError, ValueError):
            return None
        if last[0].tzinfo is None:
            return None
    practised = f"practised {days} of 7 days" if days else ""
    return HomeTexts(drill, practised, _mood(last, now), rebounds, hint, care)
