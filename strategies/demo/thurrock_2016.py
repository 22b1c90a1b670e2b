"""Thurrock's Health and Wellbeing Strategy 2016-2021, superseded in 2022: public facts, our wording."""

from boards.demo.data import THURROCK

STRATEGY = {
    "board": THURROCK,
    "key": "thurrock_2016",
    "title": "Health and Wellbeing Strategy 2016-2021",
    "slug": "health-and-wellbeing-strategy-2016-2021",
    "start_year": 2016,
    "end_year": 2021,
    "summary": (
        "Thurrock's previous Health and Wellbeing Strategy, for 2016 to 2021, organised around five "
        "goals. It was replaced by the 2022-2026 strategy."
    ),
    "vision": (
        "We want Thurrock to be a place where everyone has the chance to live a long, healthy and "
        "independent life.\n\n"
        "This strategy set five goals for the Board's partners for 2016 to 2021. It has been replaced "
        "by the Health and Wellbeing Strategy 2022-2026."
    ),
    "domain_label": "goal",
    "domain_label_plural": "goals",
    "domains": [
        {
            "title": "Opportunity for all",
            "description": "Good education, skills and work give everyone a fair chance of good health.",
            "priorities": [
                (
                    "All children ready for school",
                    "More children reach a good level of development by the end of reception year.",
                ),
                (
                    "More people in good work",
                    "Help residents into training and jobs, including people "
                    "with disabilities and long-term conditions.",
                ),
            ],
        },
        {
            "title": "Healthier environments",
            "description": "Places and homes that make the healthy choice the easy one.",
            "priorities": [
                (
                    "Healthier homes",
                    "Improve the condition of homes, especially in the private rented sector.",
                ),
                (
                    "Active travel and green spaces",
                    "Make walking and cycling easier and open spaces more inviting.",
                ),
            ],
        },
        {
            "title": "Better emotional health and wellbeing",
            "description": "Good mental health matters as much as good physical health.",
            "priorities": [
                (
                    "Less loneliness and isolation",
                    "Connect people with groups and activity in their own neighbourhood.",
                ),
                (
                    "Earlier help for mental health",
                    "Make support easier to find before problems become a crisis.",
                ),
            ],
        },
        {
            "title": "Quality care centred around the person",
            "description": "Care that is joined up and built around what matters to each person.",
            "priorities": [
                (
                    "Care closer to home",
                    "Bring more services out of hospital and into Thurrock's communities.",
                ),
                ("Support for carers", "Identify carers early and give them the support they need."),
            ],
        },
        {
            "title": "Healthier for longer",
            "description": "Preventing illness, and finding it early when it does happen.",
            "priorities": [
                ("Fewer people smoking", "Help smokers to quit and stop young people from starting."),
                (
                    "Long-term conditions found early",
                    "Find and treat more people with undiagnosed high blood pressure and diabetes.",
                ),
            ],
        },
    ],
    "final_draft_edits": [],
    "moves": [
        (
            "in_consultation",
            "The Board approved the draft strategy for public consultation in "
            "January 2016; the consultation ran from February to April 2016.",
            "thurrock_2016_consultation",
            "officer",
            "2016-02-01",
        ),
        (
            "final_draft",
            "The consultation closed in April 2016; the text is being finalised in the "
            "light of the responses.",
            None,
            "officer",
            "2016-04-30",
        ),
        (
            "approved",
            "Approved by the Health and Wellbeing Board in July 2016.",
            "thurrock_2016_approval",
            "officer",
            "2016-07-13",
        ),
        ("published", "Published for residents in September 2016.", None, "admin", "2016-09-01"),
    ],
}
