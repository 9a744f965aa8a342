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
# Free-writing pages ("write it out"), as someone might write them after a no.
PAGES = (
    "The email came at 4pm, two lines long. I read it on the bus and then read it again "
    "as if the words might change.\n\n"
    "What I keep coming back to is the second interview, when the manager laughed at my "
    "story about the outage. I thought that meant it was going well. Maybe it did, and "
    "they simply had someone with more years.\n\n"
    "I am tired more than sad, I think. Tired of getting ready for something and then "
    "putting it all away again.",
    "I had already planned the walk to their office. I knew which café I would go to at "
    "lunch. That is the part that stings: not the job, the small life I had built around "
    "it in my head.\n\n"
    "My sister said it is their loss. I know she means well, but it does not feel like "
    "anyone's loss but mine today.",
    "Angry all day. Three rounds and a take-home that took a whole weekend, and the "
    "reply was a template with my name spelled wrong.\n\n"
    "Writing it down helps a little. The anger is about being treated as a number, and "
    "that says more about their process than about me.\n\n"
    "Tomorrow I will ask them for one thing I could build on, and then let it go.",
    "I do not know what to write. I feel flat. I made tea and forgot to drink it.\n\n"
    "Things that are true: I answered the design question well. I was nervous in the "
    "first ten minutes and calmer after. I still like this kind of work.",
    "This is the fourth no this month and I notice I have started to expect it, which "
    "makes me quieter in the interviews, which probably does not help.\n\n"
    "When I imagine telling a friend about this, I would tell them that four companies "
    "is a small sample and that they are allowed to be disappointed. I can try to say "
    "the same to myself.",
    "Short one tonight. I talked to Sam for an hour and I feel lighter. I did not "
    "realise how much I had been carrying around on my own.",
)
