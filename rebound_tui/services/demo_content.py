"""The words of the demo data: companies, roles, questions, STAR stories, notes and
lessons that `demo.generate` picks from."""

from __future__ import annotations

from rebound_tui.domain.questions import STARTER_BANK

COMPANIES = (
    "Acme Analytics",
    "Brightwater",
    "Cobalt Health",
    "Driftwood Labs",
    "Emberline",
    "Fieldstone",
    "Greenlane Energy",
    "Harbourview",
    "Ironbark Systems",
    "Juniper Pay",
    "Kestrel Robotics",
    "Lumen Learning",
    "Meridian Maps",
    "Northwind Freight",
    "Orchard Bank",
    "Pinecone Games",
    "Quarry Data",
    "Riverbend Media",
    "Saltmarsh Bio",
    "Tidewater Travel",
    "Umber & Co",
    "Vantage Clinics",
    "Willowby Insurance",
    "Yarrow Foods",
    "Zephyr Cloud",
)
ROLES = (
    "Backend engineer",
    "Data analyst",
    "Product designer",
    "Site reliability engineer",
    "Frontend engineer",
    "Engineering manager",
    "Data engineer",
    "Product manager",
    "Platform engineer",
    "QA engineer",
)
CONTACTS = ("Priya", "Tom", "Amara", "Jonas", "Mei", "Carlos", "Ruth", "Sam", "Ines", "Kofi")
QUESTIONS = (
    *(q.question for q in STARTER_BANK),
    "How would you design a URL shortener?",
    "Tell me about the most complex bug you fixed.",
    "How do you keep a service reliable while shipping fast?",
    "How would you explain a technical trade-off to a non-technical manager?",
    "What would you do in your first ninety days here?",
    "How do you decide when a feature is done?",
    "Tell me about a metric you moved.",
    "How do you review someone else's work?",
)
SITUATIONS = (
    "Our main service slowed down every Monday morning",
    "Two teams wanted the same engineer for a quarter",
    "A customer threatened to leave over a missed date",
    "The release process took a whole day",
    "A new hire was struggling in their first month",
    "Our dashboards disagreed with finance's numbers",
)
TASKS = (
    "I had to find the cause without stopping releases",
    "It was my job to get a decision by the end of the week",
    "I owned the plan and the communication",
    "I needed to cut the time without adding risk",
)
ACTIONS = (
    "I measured where the time went, wrote down three options with costs, "
    "and ran the cheapest experiment first",
    "I met each side separately, wrote up what each needed, and proposed a split "
    "we could revisit after a month",
    "I paired with them twice a week, set one small goal each time, and asked "
    "for feedback on my help",
    "I automated the slowest two steps, added a checklist for the rest, "
    "and trained two colleagues to run it",
)
RESULTS = (
    "Latency dropped by 40% and stayed there",
    "We shipped a week early and both teams were happy with the split",
    "The customer renewed for two years",
    "Release time went from a day to forty minutes",
    "",
)
NOTES = (
    "I froze on this one",
    "I talked for too long",
    "I forgot the result",
    "Felt solid",
    "They nodded a lot",
    "I had a story ready",
    "I said 'we' the whole time",
)
LESSONS = (
    "Lead with the result, then tell the story",
    "Prepare two stories about conflict",
    "Practise the why-leaving answer out loud",
    "Ask what success looks like in the first six months",
    "Bring numbers for every project",
    "Research the team, not just the company",
)
NEXT_STEPS = (
    "Apply to three roles this week",
    "Ask a friend for a mock interview",
    "Update my CV with the latest project",
    "Message two former colleagues about openings",
)
