"""A starter bank of common interview questions, in our own words, each with a short
hint of what a strong answer covers. Nothing here is added to the drill until the user
picks it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StarterQuestion:
    id: str
    topic: str
    question: str
    hint: str


def _q(slug: str, topic: str, question: str, hint: str) -> StarterQuestion:
    return StarterQuestion(f"starter-{slug}", topic, question, hint)


STARTER_BANK: tuple[StarterQuestion, ...] = (
    # About you
    _q("walk-me-through", "About you", "Walk me through your background.", "Two minutes, present → past → why this role; end on what you want next, not on your first job."),
    _q("why-this-company", "About you", "Why do you want to work here?", "Something specific you learned about them, how it connects to your own work, and what you'd bring."),
    _q("why-leaving", "About you", "Why are you leaving your current job?", "Forward-looking and calm: what you're moving towards. No complaints about people."),
    _q("why-this-role", "About you", "Why this role, and why now?", "The fit between what the role needs and what you've done recently; what changed that makes now right."),
    _q("strengths", "About you", "What is your greatest strength?", "One strength, one short story that proves it, and why it matters for this job."),
    _q("weakness", "About you", "What is a weakness you are working on?", "A real one that won't sink you, what it cost once, and the concrete habit you use to manage it."),
    _q("five-years", "About you", "Where do you see yourself in a few years?", "Direction rather than a title: skills you want to grow and how this role is a step towards them."),
    _q("proud-of", "About you", "What are you most proud of in your career?", "One piece of work with stakes, your part in it, and a result you can put a number or name on."),
    _q("gap", "About you", "Can you explain this gap in your CV?", "Short, honest, unapologetic; what you did or learned in that time; back to why you're ready now."),
    _q("salary", "About you", "What are your salary expectations?", "A researched range, anchored on the role's value; ask about the band first if you can."),
    # Working with people
    _q("conflict", "People", "Tell me about a time you disagreed with a colleague.", "STAR; show you listened, used evidence, kept the relationship, and what was decided."),
    _q("difficult-stakeholder", "People", "Describe working with a difficult stakeholder.", "Their goals as well as yours, how you built trust, and the outcome for the work."),
    _q("feedback-received", "People", "Tell me about critical feedback you received.", "What was said, how you reacted at first, what you changed, and evidence the change stuck."),
    _q("feedback-given", "People", "Tell me about a time you gave difficult feedback.", "Private, specific, about behaviour not character; what happened next."),
    _q("influence", "People", "How did you persuade people without authority?", "The stake for them, the evidence you brought, allies you won, and the decision that followed."),
    _q("teamwork", "People", "Tell me about your favourite team and your part in it.", "What made it work and what you personally did to make it so; say 'I' for your part."),
    _q("mentoring", "People", "Tell me about someone you helped grow.", "Where they started, what you did regularly, and where they got to."),
    _q("remote-collab", "People", "How do you work with people across time zones or remotely?", "Concrete habits: written updates, decision records, overlap hours, and one example."),
    # Getting things done
    _q("failure", "Delivery", "Tell me about a time you failed.", "A real failure, your share of it, what you did right after, and what you do differently now."),
    _q("deadline", "Delivery", "Tell me about a tight deadline you met.", "What made it tight, the trade-offs you chose and told people about, and the result."),
    _q("missed-deadline", "Delivery", "Tell me about a deadline you missed.", "When you saw it coming, who you told and when, how you limited the damage."),
    _q("prioritise", "Delivery", "How do you prioritise when everything is urgent?", "Your actual method (impact vs effort, who decides), and an example where you said no."),
    _q("ambiguity", "Delivery", "Tell me about working on something ill-defined.", "How you found the real problem, the first small step you took, and how it shaped the rest."),
    _q("ownership", "Delivery", "Tell me about something you owned from start to finish.", "Scope, the decisions that were yours, the hard part, and the measurable result."),
    _q("initiative", "Delivery", "Tell me about something you did that nobody asked you to do.", "The gap you noticed, why it mattered, what you did, and who benefited."),
    _q("mistake", "Delivery", "Tell me about a mistake you made at work.", "Owning it quickly, fixing it, and the guard you put in so it could not happen again."),
    _q("change", "Delivery", "Tell me about a big change you had to adapt to.", "What changed, how you got up to speed, and something you did better because of it."),
    _q("learn-fast", "Delivery", "Tell me about a time you had to learn something quickly.", "How you learned (sources, people, practice), and what you delivered with it."),
    # Thinking and judgement
    _q("decision-data", "Judgement", "Tell me about a decision you made with incomplete data.", "What you knew and didn't, how you limited the risk, and how you checked it afterwards."),
    _q("trade-off", "Judgement", "Tell me about a hard trade-off you made.", "The options, the criteria, who you consulted, what you gave up, and whether it paid off."),
    _q("problem-solving", "Judgement", "Walk me through a hard problem you solved.", "The symptoms, your hypotheses, how you narrowed it down, the fix, and the lesson."),
    _q("improve-process", "Judgement", "Tell me about a process you improved.", "Before and after, with a number; how you got people to adopt it."),
    _q("customer", "Judgement", "Tell me about a time you put the customer or user first.", "Whose need it was, what it cost you or the team, and what changed for them."),
    _q("ethics", "Judgement", "Tell me about a time you pushed back on something that felt wrong.", "The concern, how you raised it and to whom, and how it was resolved."),
    # Leadership
    _q("lead-project", "Leadership", "Tell me about a project you led.", "The goal, how you organised people, one problem you handled, and the result."),
    _q("motivate", "Leadership", "How have you motivated a team through a hard stretch?", "What was hard, what you did week to week, and how you knew it was working."),
    _q("underperformer", "Leadership", "Tell me about managing someone who was struggling.", "Early, kind, specific conversations; the support and the deadline; the outcome either way."),
    _q("vision", "Leadership", "Tell me about a time you set a direction others followed.", "The problem you saw, how you made the case, and what people did differently afterwards."),
    _q("delegate", "Leadership", "How do you decide what to delegate?", "Growth for the other person, clear outcomes, how you check in without micromanaging."),
    # Closing
    _q("questions-for-us", "Closing", "What questions do you have for us?", "Two or three real ones about the team's problems, how success is measured, and what's next."),
    _q("why-hire-you", "Closing", "Why should we hire you?", "Three things they need, each matched with evidence from your work, in under a minute."),
    _q("anything-else", "Closing", "Is there anything else we should know about you?", "One strength or story you haven't had the chance to mention, tied back to the role."),
)  # fmt: skip
