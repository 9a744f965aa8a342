"""Asking for feedback: our own letter template, and when to follow up."""

from __future__ import annotations

from datetime import date

from rebound_tui.domain.models import STAGE_LABELS, FeedbackRequest, Interview

FOLLOW_UP_WEEKS = 1

TEMPLATE = """\
Subject: Thank you, and one small request

Hi {contact},

Thank you for letting me know about the {role} role at {company}, and for the time you and \
the team gave me{stage_clause}. I enjoyed our conversations and I'm still very interested in \
{company}; I'd be glad to be considered if something suitable opens up.

If you can spare a few minutes, one thing would help me a great deal: is there one skill \
you would suggest I build for roles like this? A sentence or two is plenty.

I completely understand if that isn't possible; there is no need to reply in that case.

Thanks again, and I hope our paths cross again.

Best wishes,
{name}
"""

HONEST_EXPECTATIONS = (
    "Most candidates never get feedback (about 71% in North America in Talent Board's 2022 "
    "research), so silence is normal and says nothing about you. Asking costs little."
)


def feedback_letter(interview: Interview, your_name: str = "") -> str:
    """The feedback request, filled in from the interview record."""
    stage = STAGE_LABELS.get(interview.stage, "")
    stage_clause = (
        f" through the {stage.lower()} stage" if interview.stage not in ("applied", "") else ""
    )
    return TEMPLATE.format(
        contact=interview.contact.strip() or "there",
        role=interview.role.strip() or "open",
        company=interview.company.strip() or "your company",
        stage_clause=stage_clause,
        name=your_name.strip() or "[your name]",
    )


def follow_up_date(sent_on: date) -> date:
    """When to nudge if there is no reply: a week after sending."""
    from dateutil.relativedelta import relativedelta  # only when a request is sent

    return sent_on + relativedelta(weeks=FOLLOW_UP_WEEKS)


NUDGED = "You asked; that part was yours."
"""Shown once a request has had its one follow-up: closed for the user from then on."""

NUDGE_TEMPLATE = """\
Hi {contact},

Just a short follow-up on my note from last week about the {role} role. If you have a \
moment for a sentence or two, I'd be grateful; if not, no problem at all.

Best wishes,
{name}
"""


def nudge_letter(interview: Interview, your_name: str = "") -> str:
    """The one short follow-up, a week after the request, if there was no reply."""
    return NUDGE_TEMPLATE.format(
        contact=interview.contact.strip() or "there",
        role=interview.role.strip() or "open",
        name=your_name.strip() or "[your name]",
    )


def nudge_due(request: FeedbackRequest, today: date) -> bool:
    """Sent, its follow-up day has come, no reply and not nudged yet: one short nudge is
    fine. Never "overdue": the silence is the employer's, not a task of the user's."""
    return (
        request.status == "sent"
        and request.follow_up_on is not None
        and request.follow_up_on <= today
        and request.nudged_on is None
        and request.replied_on is None
    )
