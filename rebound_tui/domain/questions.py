"""The starter bank: interview questions in our own words, each with a short hint of what
a strong answer does. Nothing here is added to the drill until the user picks it.

Questions come in families the bank browser filters by: behavioural, situational ("What
would you do if…"), motivation (why this role, what you want next), and seven role
families. Wording rules (checked by tests/test_starter_bank.py): no question assumes a
current job or people to manage unless it is tagged so (MANAGES_PEOPLE, IN_WORK);
leadership means leading without authority, influence and mentoring; no exclamation
marks. A question's id never changes once shipped: cards added from the bank keep it as
their source id, which is how the bank knows they are already in the drill."""

from __future__ import annotations

from dataclasses import dataclass

from rebound_tui.domain.models import CardKind

MANAGES_PEOPLE = "manages-people"
"""Tag of a question that assumes the person has managed people."""
IN_WORK = "in-work"
"""Tag of a question that assumes the person has a job now."""

FAMILIES: tuple[tuple[str, str], ...] = (
    ("all", "All"),
    ("behavioural", "Behavioural"),
    ("situational", "Situational"),
    ("motivation", "Motivation"),
    ("software", "Software"),
    ("data", "Data"),
    ("product", "Product"),
    ("design", "Design"),
    ("operations", "Operations"),
    ("sales", "Sales"),
    ("support", "Support"),
)
"""Filter keys of the bank browser and their labels; "all" is every question."""

_FAMILY_TAGS: dict[str, tuple[str, ...]] = {
    "software": ("software", "engineering"),  # the focused drill's name for the family
}


@dataclass(frozen=True)
class StarterQuestion:
    id: str
    topic: str
    question: str
    hint: str
    family: str = "behavioural"
    kind: CardKind = "behavioural"
    tags: tuple[str, ...] = ()

    @property
    def card_tags(self) -> tuple[str, ...]:
        """Tags of the card made from it: its topic (as the bank always tagged them), its
        family (so the focused drill for a role finds it) and its own tags."""
        family = _FAMILY_TAGS.get(self.family, (self.family,))
        return tuple(dict.fromkeys((self.topic.lower(), *family, *self.tags)))


def _q(
    slug: str,
    topic: str,
    question: str,
    hint: str,
    family: str = "behavioural",
    kind: CardKind = "behavioural",
    tags: tuple[str, ...] = (),
) -> StarterQuestion:
    return StarterQuestion(f"starter-{slug}", topic, question, hint, family, kind, tags)


def _motivation(slug: str, topic: str, question: str, hint: str) -> StarterQuestion:
    return _q(slug, topic, question, hint, "motivation")


def _role(
    family: str, kind: CardKind, slug: str, question: str, hint: str, *tags: str
) -> StarterQuestion:
    return _q(slug, family.capitalize(), question, hint, family, kind, tags)


def in_family(family: str) -> tuple[StarterQuestion, ...]:
    """The questions the browser lists under a filter key ("all": every one)."""
    if family == "all":
        return QUESTION_BANK
    return tuple(q for q in QUESTION_BANK if q.family == family)


def question(question_id: str) -> StarterQuestion | None:
    return _BY_ID.get(question_id)


_S = "situational"
_B: CardKind = "behavioural"
_T: CardKind = "technical"
_K: CardKind = "skill"

STARTER_BANK: tuple[StarterQuestion, ...] = (
    # About you
    _motivation("walk-me-through", "About you", "Walk me through your background.", "Two minutes, present → past → why this role; end on what you want next, not on your first job."),
    _motivation("why-this-company", "About you", "Why do you want to work here?", "Something specific you learned about them, how it connects to your own work, and what you'd bring."),
    _motivation("why-leaving", "About you", "What made you start looking for a new role?", "Calm and forward-looking: if your last role ended (a layoff, a contract, a move), one plain sentence says so; then what you're moving towards. No complaints about people."),
    _motivation("why-this-role", "About you", "Why this role, and why now?", "The fit between what the role needs and what you've done recently; what changed that makes now right."),
    _q("strengths", "About you", "What is your greatest strength?", "One strength, one short story that proves it, and why it matters for this job."),
    _q("weakness", "About you", "What is a weakness you are working on?", "A real one that won't sink you, what it cost once, and the concrete habit you use to manage it."),
    _motivation("five-years", "About you", "Where do you see yourself in a few years?", "Direction rather than a title: skills you want to grow and how this role is a step towards them."),
    _q("proud-of", "About you", "What are you most proud of in your career?", "One piece of work with stakes, your part in it, and a result you can put a number or name on."),
    _motivation("gap", "About you", "Can you explain this gap in your CV?", "Short, honest, unapologetic; what you did or learned in that time; back to why you're ready now."),
    _motivation("salary", "About you", "What are your salary expectations?", "A researched range, anchored on the role's value; ask about the band first if you can."),
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
    # Leadership: leading without authority; the two that assume managing people say so
    _q("lead-project", "Leadership", "Tell me about a project you led.", "The goal, how you organised people, one problem you handled, and the result."),
    _q("motivate", "Leadership", "Tell me about helping a group keep going through a hard stretch.", "What was hard, what you did week to week (as a peer or as the lead), and how you knew it was working."),
    _q("underperformer", "Leadership", "Tell me about managing someone who was struggling.", "Early, kind, specific conversations; the support and the deadline; the outcome either way.", tags=(MANAGES_PEOPLE,)),
    _q("vision", "Leadership", "Tell me about a time you set a direction others followed.", "The problem you saw, how you made the case, and what people did differently afterwards."),
    _q("delegate", "Leadership", "How do you decide what to delegate?", "Growth for the other person, clear outcomes, how you check in without micromanaging.", tags=(MANAGES_PEOPLE,)),
    # Closing
    _motivation("questions-for-us", "Closing", "What questions do you have for us?", "Two or three real ones about the team's problems, how success is measured, and what's next."),
    _motivation("why-hire-you", "Closing", "Why should we hire you?", "Three things they need, each matched with evidence from your work, in under a minute."),
    _motivation("anything-else", "Closing", "Is there anything else we should know about you?", "One strength or story you haven't had the chance to mention, tied back to the role."),
)  # fmt: skip
"""The bank as it first shipped, in its first order (the demo draws its cards from these,
so its data stays the same as the bank grows)."""

ADDED: tuple[StarterQuestion, ...] = (
    # Behavioural, more of them; leading without a title, and mentoring
    _q("lead-without-title", "Leadership", "Tell me about a time you led something without being anyone's manager.", "How you got people to commit when they didn't have to: a shared goal, clear small asks, credit given freely; and what got done."),
    _q("align-groups", "Leadership", "Tell me about bringing together people who wanted different things.", "What each side needed, how you found common ground (data, a trial, a shared goal), what was given up, and what was agreed."),
    _q("habit-adopted", "Leadership", "Tell me about a practice you started that others took up.", "The problem it solved, how you showed it worked before asking anyone to change, and how widely it is used now."),
    _q("new-person", "Leadership", "Tell me about helping someone new find their feet.", "What they needed in the first weeks, what you did (pairing, notes, introductions), and how soon they worked on their own."),
    _q("unpopular-idea", "Judgement", "Tell me about a time you argued for an idea most people were against.", "Why you believed it, how you listened to the objections, what evidence moved people (or didn't), and the outcome."),
    _q("pressure", "Delivery", "Tell me about a time you worked under a lot of pressure.", "What made it hard, how you kept the work steady (a plan, breaks, asking for help), and what you learned about your limits."),
    _q("explain-complex", "People", "Tell me about explaining something complicated to someone outside your field.", "Who they were, what they had to decide, the picture or example you used, and how you checked they understood."),
    _q("helped-colleague", "People", "Tell me about a time you helped a colleague who was stuck.", "How you noticed, how you helped without taking over, and what they could do alone afterwards."),
    _q("hiring-decision", "Leadership", "Tell me about a hiring decision you made.", "What the role needed, how you judged candidates fairly, and what you learned from how it turned out.", tags=(MANAGES_PEOPLE,)),
    _q("grow-reports", "Leadership", "How do you help the people who report to you grow?", "Regular one-to-ones, stretch work matched to their goals, honest feedback; one person's story, before and after.", tags=(MANAGES_PEOPLE,)),
    # Situational: what would you do if…
    _q("sit-priority-clash", "Situational", "What would you do if two people asked you for urgent, conflicting things on the same day?", "Find out what each needs and by when, make the clash visible, let whoever owns the priority decide, then tell both. Add a time you did something like it.", _S),
    _q("sit-estimate-wrong", "Situational", "What would you do if, halfway through, you saw your work would take twice as long as you said?", "Say so early, with a new estimate and options (cut scope, get help, move the date), rather than hoping to catch up.", _S),
    _q("sit-colleague-mistake", "Situational", "What would you do if you spotted a colleague's mistake just before it went out?", "Tell them first, quickly and privately; help fix it; no blame. If there is no time, stop the damage and tell them straight after.", _S),
    _q("sit-disagree-decision", "Situational", "What would you do if a decision was made that you thought was wrong?", "Raise it once, with evidence, with whoever made it; if it stands, commit and help it work; say what would make you raise it again.", _S),
    _q("sit-no-instructions", "Situational", "What would you do if you were handed a task with almost no instructions?", "Ask the few questions that matter (goal, deadline, who decides), write down what you understood, and show a small first version early.", _S),
    _q("sit-first-weeks", "Situational", "What would you do in your first few weeks here?", "Learn before changing things: meet people, learn the goals and the tools, take one small useful task, and share what you notice.", _S),
    _q("sit-upset-user", "Situational", "What would you do if a customer was angry about something that wasn't your fault?", "Acknowledge how they feel, own the next step even if not the cause, find out what happened, and follow up when you said you would.", _S),
    _q("sit-too-much-work", "Situational", "What would you do if you had more work than you could finish well?", "List it, size it, ask whoever sets priorities what matters most, and say clearly what will slip rather than doing all of it badly.", _S),
    _q("sit-unfair-ask", "Situational", "What would you do if you were asked to do something you thought was unfair to customers?", "Ask questions first (there may be context), raise the concern plainly with the person asking, and know where you would take it next.", _S),
    _q("sit-no-reply", "Situational", "What would you do if someone you depended on kept not replying?", "Assume busy, not careless; try another channel, make the ask small and specific with a date, and say what happens if you don't hear back.", _S),
    _q("sit-never-done", "Situational", "What would you do if you were asked to do something you had never done before?", "Say honestly what you know and don't, how you'd learn fast (docs, people, a small trial), and when you'd check in.", _S),
    _q("sit-credit", "Situational", "What would you do if someone presented your work as their own?", "Stay calm, talk to them privately first and assume a misunderstanding, make your work visible from then on, and escalate only if it repeats.", _S),
    _q("sit-late-change", "Situational", "What would you do if the plan changed late, after you had put a lot of work in?", "Understand why, keep what can be reused, let the rest go without a grudge, and tell people what the change costs.", _S),
    _q("sit-peer-struggling", "Situational", "What would you do if a colleague seemed to be struggling and falling behind?", "Check in privately and kindly, offer specific help, don't gossip; if the work is at risk, agree together how to flag it.", _S),
    # Motivation: what you want next (none assumes a job now)
    _motivation("next-role", "Motivation", "What are you looking for in your next role?", "Two or three concrete things (the work, the way of working, what you want to learn), each linked to something this role offers."),
    _motivation("path-change", "Motivation", "Tell me about a gap or a change of direction in your path.", "A plain sentence or two on what happened, no apology needed; what you did or learned then; why this role makes sense now."),
    _motivation("best-work", "Motivation", "What helps you do your best work?", "Concrete conditions (clear goals, quick feedback, time to focus), an example of when they were there; self-knowledge, not demands."),
    _motivation("energy", "Motivation", "What kind of work gives you energy, and what drains it?", "Honest and specific, with examples; pick a drain that isn't the heart of this role, and say how you handle it."),
    _motivation("learning-lately", "Motivation", "What have you been learning lately?", "One real thing, why you chose it, how you're learning it, and something you made with it; time between roles counts."),
    _motivation("values", "Motivation", "What matters most to you in a place to work?", "Two values with a reason each, shown through something you did; connect at least one to what you know of them."),
    _motivation("described-by-others", "Motivation", "How would people who have worked with you describe you?", "Three words others have actually used, each with a quick example; one can be something you are still growing."),
    _motivation("this-field", "Motivation", "What draws you to this field?", "A real beginning (a moment, a problem, a person) and what keeps you interested now; specific beats passionate."),
    _motivation("first-year", "Motivation", "What would make your first year here a success?", "Outcomes for them and for you: something delivered or improved, something learned, people you now work well with."),
    _motivation("other-companies", "Motivation", "Are you talking to other companies?", "Honest and brief: yes, a few roles like this one; say what makes this one stand out. No names needed."),
    _motivation("alone-or-together", "Motivation", "Do you prefer working on your own or with others?", "Both have a place: when each helps you, with an example, and how you'd fit the way they work."),
    # Software
    _role("software", _T, "sw-api-design", "How would you design an API for a to-do list used from phones and the web?", "Users and operations first, then resources, endpoints, errors, paging, auth and versioning; say the trade-offs out loud."),
    _role("software", _T, "sw-slow-endpoint", "A request that used to be fast is now slow. How do you find out why?", "Measure before guessing (logs, metrics, traces), ask what changed (a deploy, data size, traffic), narrow it to one layer, fix, confirm with numbers."),
    _role("software", _T, "sw-code-review", "What do you look for when you review someone's code?", "Correctness and tests first, then clarity and design; kind, specific comments; what you let go; one review that caught something real."),
    _role("software", _T, "sw-testing", "How do you decide what to test, and how?", "By risk: critical paths and tricky logic first; a sensible mix of unit, integration and end-to-end; tests that fail for the right reason."),
    _role("software", _B, "sw-legacy", "Tell me about working in a codebase you didn't write and found hard to change.", "How you learned it, small safe steps with tests around them, respect for why it is the way it is, and what got better."),
    _role("software", _B, "sw-incident", "Tell me about a production incident you helped resolve.", "Detect, limit, fix, learn: your part at each step, how you kept people informed, and what changed so it would not repeat. No blame."),
    _role("software", _T, "sw-reminders", "How would you design a system that sends reminders to millions of people at the right time?", "Clarify scale and timing, then storage, a queue and workers, retries and duplicates, time zones, and how you'd watch it running."),
    _role("software", _T, "sw-tech-debt", "How do you make the case for paying down technical debt?", "Put it in terms others feel (slower delivery, incidents), propose small steps alongside feature work, and show the result afterwards."),
    _role("software", _T, "sw-hash-map", "When would you choose a hash map over a sorted list, and what does each cost?", "Lookup and insert costs (constant on average versus logarithmic), ordered iteration, memory, and a concrete case where order matters."),
    _role("software", _T, "sw-concurrency", "Two requests update the same record at once. What can go wrong, and how do you prevent it?", "Lost updates and races; transactions, row locks, optimistic versions or idempotent writes; choose one and explain its cost."),
    _role("software", _K, "sw-live-coding", "Solve a small coding problem while explaining your thinking out loud.", "Restate the problem, ask about edge cases, start simple and correct, talk as you go, test with an example, then improve it."),
    # Data
    _role("data", _T, "data-latest-order", "How would you find each customer's most recent order in SQL?", "A window function (row number per customer, newest first) or a join on the latest date; mention ties and indexes.", "sql"),
    _role("data", _T, "data-metric-drop", "A key number dropped 20% overnight. How do you investigate?", "Check the data first (tracking, pipeline, definitions), then split it (platform, region, release), compare with known events; say what you'd tell people and when."),
    _role("data", _T, "data-ab-test", "How would you design an A/B test for a new sign-up page?", "One main metric and a few guardrails, sample size from the smallest effect worth finding, random assignment, a fixed length; no stopping early on a peek.", "statistics"),
    _role("data", _T, "data-p-value", "How would you explain a p-value to someone without a statistics background?", "How surprising the result would be if nothing real were going on; what it does not say (the chance the idea is right); a plain example.", "statistics"),
    _role("data", _B, "data-messy", "Tell me about a time the data was messier than you expected.", "What was wrong, how you found it, what you fixed and what you documented, and how it changed the conclusions."),
    _role("data", _B, "data-changed-decision", "Tell me about an analysis that changed a decision, or one that didn't.", "The question, the finding, how you shaped it for the people deciding, and what happened; if nothing changed, what you learned about timing and audience."),
    _role("data", _T, "data-simple-model", "How do you choose between a simple model and a more complex one?", "Start from a baseline; weigh accuracy against interpretability, data size, upkeep and speed; judge both on held-out data."),
    _role("data", _T, "data-overfitting", "How do you tell a model is overfitting, and what do you do about it?", "Much better on training than validation data; more data, a simpler model, regularisation, cross-validation; and check for leakage."),
    _role("data", _T, "data-pipeline", "How would you make a daily data pipeline reliable?", "Steps safe to re-run, checks on row counts and freshness, alerts, backfills and a clear owner; one failure it would have caught."),
    _role("data", _T, "data-dashboard", "Someone asks you for a dashboard. What do you ask them first?", "Which decision it supports, who looks at it and how often, which numbers they'd act on; sometimes a one-off analysis serves better.", "analytics"),
    _role("data", _T, "data-causation", "Two numbers move together. How would you tell whether one causes the other?", "Confounders, reverse cause, chance; an experiment if you can, otherwise natural experiments or careful controls; say how sure you can be.", "statistics"),
    # Product
    _role("product", _T, "pm-improve", "Pick a product you use often. How would you improve it?", "Who uses it and for what, one real problem, a few options, the one you'd choose and why, and how you'd know it worked.", "product-sense"),
    _role("product", _T, "pm-roadmap", "How do you decide what goes on a roadmap?", "Goals first, then evidence from users and data, rough cost and risk; the method you actually use; what you said no to and how.", "roadmap"),
    _role("product", _T, "pm-success-metric", "What would you measure to know a new feature is working?", "One outcome tied to what the user is trying to do, a few guardrails, a baseline and a time frame; beware numbers that only flatter.", "product-sense"),
    _role("product", _B, "pm-not-built", "Tell me about a feature you decided not to build, or to take away.", "The evidence, who disagreed, how you told users and colleagues, and what the time went to instead."),
    _role("product", _B, "pm-engineers-disagreed", "Tell me about a time engineers disagreed with your plan.", "The cost and risk they saw, what you changed, what you held to and why, and how the working relationship came out."),
    _role("product", _T, "pm-user-needs", "How do you learn what users actually need?", "Talk to them and watch them work, look at what they do in the data, test cheap prototypes; separate the request from the problem under it."),
    _role("product", _B, "pm-launch", "Walk me through a launch you were part of.", "The goal, your part, one thing that went wrong and how it was handled, and what the numbers said a month later."),
    _role("product", _B, "pm-fixed-date", "The date can't move and the work won't fit. What do you do?", "Find the smallest version that still solves the core problem, agree the cuts with the people affected, and plan what comes next."),
    _role("product", _T, "pm-brief", "What goes into a good product brief?", "The problem and who has it, evidence, goals and non-goals, how success is measured, open questions; short enough to be read."),
    _role("product", _B, "pm-many-stakeholders", "How do you keep many stakeholders informed without endless meetings?", "Written updates on a rhythm, decisions recorded with reasons, the right detail for each audience; an example where it saved a meeting."),
    # Design
    _role("design", _K, "des-portfolio", "Walk me through a project in your portfolio.", "The problem and the people, your part (not the whole group's), options you tried and dropped, the result; five minutes, then let them ask.", "portfolio"),
    _role("design", _B, "des-critique", "How do you take critique of your designs?", "Keep the work and yourself apart, ask which problem a comment points to, and give an example where critique made the design better."),
    _role("design", _T, "des-research", "How do you decide whether a design needs user research, and what kind?", "Match the method to the question and the risk: interviews to understand, usability tests to check, data to measure; how you'd do it cheaply.", "ux"),
    _role("design", _B, "des-disagreement", "Tell me about a time you disagreed with a product or engineering decision about a design.", "What each side was protecting, the evidence you brought, where you met, and how the result held up with users."),
    _role("design", _T, "des-accessibility", "How do you make sure your designs work for disabled people?", "From the start: contrast, keyboard and screen reader use, text size, plain language; standards such as WCAG; testing with real users.", "ux"),
    _role("design", _B, "des-constraints", "Tell me about designing within tight technical limits.", "The limit, how you learned it early from engineers, the idea it pushed you to, and what users got."),
    _role("design", _T, "des-system", "How would you start a design system for a product that has none?", "Audit what exists, begin with the most used pieces, agree names and tokens with engineers, document use, and plan who looks after it."),
    _role("design", _K, "des-whiteboard", "Design a way to book a table at a restaurant, talking us through it.", "Ask who and why first, map the main flow, sketch roughly, call out edge cases (no tables, changes, cancelling), and say how you'd test it.", "ux"),
    _role("design", _T, "des-did-it-work", "How do you know a design worked after it shipped?", "A goal set before launch, behaviour data, usability findings, support requests; an example where the result surprised you."),
    _role("design", _B, "des-handoff", "How do you work with developers so a design is built as intended?", "Involve them early, share states and edge cases, stay around during the build, review it in the product, and welcome good changes."),
    # Operations
    _role("operations", _B, "ops-broken-process", "Tell me about a process that kept breaking and how you fixed it.", "How you found the real cause (not the loudest symptom), the change, who you brought along, and the numbers before and after.", "process"),
    _role("operations", _T, "ops-health", "Which numbers would you watch to know an operation is healthy?", "A few that match the goal (throughput, cycle time, errors, cost, satisfaction), with targets, trends, and who acts on them."),
    _role("operations", _B, "ops-supplier", "Tell me about a supplier relationship that went wrong.", "What was expected, how you raised it, the fix or the exit, and what you put in place afterwards."),
    _role("operations", _T, "ops-plan", "How do you plan a project with many moving parts?", "The goal and date, work broken down with owners, dependencies, risks with a plan each, and a steady check-in rhythm; tools matter less."),
    _role("operations", _B, "ops-busiest-day", "What would you do if something critical failed on your busiest day?", "People and customers first, a quick workaround, clear updates to those affected, then the real fix and what would prevent it."),
    _role("operations", _B, "ops-saving", "Tell me about saving money or time without making things worse.", "Before and after in numbers, how you checked quality held, and who you brought along."),
    _role("operations", _T, "ops-automate", "How do you decide whether to automate a task?", "How often it happens and how error-prone it is, the cost to build and keep, what happens when the automation fails; one example.", "process"),
    _role("operations", _B, "ops-new-process", "Tell me about getting several departments to follow a new process.", "Why it was needed, how you involved them in shaping it, training and support, and how you knew it had stuck.", "process"),
    _role("operations", _T, "ops-risks", "How do you find the risks in an operation before they bite?", "Walk the process end to end, read past incidents and near misses, ask the people doing the work, rank by likelihood and impact, act on the top few."),
    _role("operations", _B, "ops-data-decision", "Tell me about a decision you made from operational data.", "The question, the data and its limits, the decision, and what happened next."),
    # Sales
    _role("sales", _K, "sales-sell-me", "Sell me something you use every day.", "Ask a question or two before pitching, tie features to what they said they need, handle one objection, and ask for a next step."),
    _role("sales", _T, "sales-process", "Walk me through how you take a deal from first contact to close.", "Your stages, what must be true to move on, how you qualify (need, budget, timing, who decides), and one real deal as the example.", "pipeline"),
    _role("sales", _B, "sales-lost-deal", "Tell me about a deal you lost and what you learned.", "Why it was lost (honestly, including your part), what you'd do differently, and a later deal where that helped."),
    _role("sales", _K, "sales-price-objection", "A prospect says the price is too high. What do you say?", "Ask what they are comparing with, go back to the cost of their problem and the value, offer options before any discount.", "negotiation"),
    _role("sales", _B, "sales-behind-target", "Tell me about a stretch when you were behind target.", "Honest numbers, what you changed (pipeline, focus, activity), who you asked for help, and how it ended."),
    _role("sales", _T, "sales-prospecting", "How do you find and start conversations with new prospects?", "Who your ideal customer is, where you find them, a short personal first message, a follow-up rhythm; numbers from something that worked.", "pipeline"),
    _role("sales", _T, "sales-first-call", "How do you prepare for a first call with a prospect?", "Their business and recent news, likely problems, who will be there, a few good questions, and a clear aim for the call."),
    _role("sales", _B, "sales-complex-sale", "Tell me about a sale with many people involved in the decision.", "Who each person was and what they cared about, how you reached the real decision-maker, and how long it took."),
    _role("sales", _T, "sales-honest-pipeline", "How do you keep a pipeline honest?", "Clear stage definitions, a next step with a date on every deal, clearing out stalled ones, forecasts you would stand behind.", "pipeline"),
    _role("sales", _B, "sales-grow-account", "Tell me about growing an existing customer's account.", "How you learned what else they needed, the trust you built first, and the expansion with a number.", "negotiation"),
    # Support
    _role("support", _B, "sup-hard-conversation", "Tell me about the hardest customer conversation you have had.", "What upset them, how you listened and stayed calm, what you could and couldn't do, and how it ended.", "customers"),
    _role("support", _B, "sup-dont-know", "A customer asks something you don't know. What do you do?", "Say so honestly, tell them what you'll do and by when, find out (docs, colleagues), follow up, then write it down for the next person.", "customers"),
    _role("support", _T, "sup-triage", "How do you prioritise a queue full of tickets?", "Impact and urgency (outages, many people, deadlines), fairness to older tickets, quick wins; how you'd spot a pattern."),
    _role("support", _T, "sup-bug-report", "How do you turn a customer's complaint into a bug report developers can act on?", "Steps to reproduce, expected and actual, environment, how often, screenshots or logs, the impact; say whether you reproduced it."),
    _role("support", _K, "sup-saying-no", "How do you tell a customer no and keep their trust?", "Be clear and early, explain why in plain words, offer what you can do instead, and leave the door open.", "customers"),
    _role("support", _B, "sup-pattern", "Tell me about noticing a pattern in support requests and acting on it.", "How you spotted it, the evidence you gathered, who you took it to, and how many requests it saved."),
    _role("support", _K, "sup-rewrite", "Rewrite this reply to be clearer and kinder: 'As per my last email, the feature doesn't do that.'", "Drop the blame, lead with what they can do, use short sentences and one next step; read it aloud as the customer would."),
    _role("support", _T, "sup-metrics", "Which support numbers matter, and which can mislead?", "Resolution time, first-contact resolution, satisfaction, reopened tickets; speed can hurt quality, so read them together."),
    _role("support", _T, "sup-escalate", "When do you escalate a ticket, and how?", "Clear triggers (severity, security, money, stuck too long), a hand-off with everything gathered, and keeping the customer updated."),
    _role("support", _B, "sup-steady", "How do you stay steady through a day of difficult conversations?", "Real habits (a pause between hard calls, talking it over with colleagues, not taking it personally) and an example."),
)  # fmt: skip
"""Added for issue 14: more behavioural, situational and motivation questions, and the
seven role families."""

QUESTION_BANK: tuple[StarterQuestion, ...] = STARTER_BANK + ADDED
"""Every question of the bank, as the browser lists them under "All"."""

_BY_ID = {q.id: q for q in QUESTION_BANK}
