"""Demonstration strategy of the Leicestershire board (2022-2032): public facts, our wording."""

from boards.demo.data import LEICESTERSHIRE

STRATEGIES = [
    {
        "board": LEICESTERSHIRE,
        "key": "leicestershire_2022",
        "title": "Joint Health and Wellbeing Strategy 2022-2032",
        "slug": "joint-health-and-wellbeing-strategy-2022-2032",
        "start_year": 2022,
        "end_year": 2032,
        "summary": (
            "Leicestershire's ambitions and priorities for the next ten years to improve health and "
            "wellbeing and reduce health inequalities, built around four life-course outcomes."
        ),
        "vision": (
            "Over the next ten years we want everyone in Leicestershire to have the opportunity to look "
            "after their health and wellbeing, at every stage of life.\n\n"
            "The strategy follows the life course, from the best start for life to dying well. It sets the "
            "vision and priorities for health and wellbeing across the county, and it is Leicestershire's "
            "place-based plan.\n\n"
            "Delivering it is a joint responsibility of the Board's partners. A delivery plan and a "
            "performance dashboard will show how the priorities are being met, and the priorities will be "
            "aligned with Primary Care Network and neighbourhood plans, so that work in each locality adds "
            "up to progress across the whole county."
        ),
        "domain_label": "life-course outcome",
        "domain_label_plural": "life-course outcomes",
        "domains": [
            {
                "title": "Best Start for Life",
                "description": (
                    "So that our children have the best start for life, we will act across the whole of "
                    "childhood: from birth to 19, or to 25 for young people with special educational needs "
                    "and disabilities."
                ),
                "priorities": [
                    (
                        "The first 1,001 days",
                        "Support parents from pregnancy until their child's second "
                        "birthday, when the foundations of lifelong health are laid.",
                    ),
                    (
                        "Ready for school",
                        "More children reach a good level of development by the time they start school.",
                    ),
                    (
                        "Children and young people's mental health",
                        "Earlier help in schools and communities, before problems escalate.",
                    ),
                    (
                        "Support for children with special educational needs and disabilities",
                        "Joined-up "
                        "support for children, young people and their families up to the age of 25.",
                    ),
                ],
            },
            {
                "title": "Staying Healthy, Safe and Well",
                "description": (
                    "Prevention is always better than cure, and good health is an asset to each person, "
                    "to communities and to the whole population. We want everyone in Leicestershire to "
                    "have the chance of a happy, healthy, safe and long life, free from illness and "
                    "disease for as long as possible."
                ),
                "priorities": [
                    (
                        "Healthy weight and physical activity",
                        "Make it easier to eat well and to be active every day.",
                    ),
                    ("A smoke-free Leicestershire", "Fewer people smoking, in every community."),
                    ("Good mental health for adults", "Promote wellbeing and make support easy to find."),
                    ("Warm and healthy homes", "Help households to keep warm and well at home."),
                    (
                        "Safe from harm",
                        "Work with the police and community safety partners on domestic "
                        "abuse and other harms to health.",
                    ),
                ],
            },
            {
                "title": "Living and Supported Well",
                "description": (
                    "As people grow older, become unwell or develop one or more long-term conditions, we "
                    "will support them to live as independently as they can, with the best possible "
                    "quality of life, for as long as possible."
                ),
                "priorities": [
                    (
                        "Living well with long-term conditions",
                        "Joined-up care for people with several conditions at once.",
                    ),
                    ("Support for carers", "Recognise unpaid carers and look after their own health."),
                    (
                        "Healthy ageing",
                        "Prevent falls and frailty, and help people stay active and connected.",
                    ),
                    (
                        "Integrated neighbourhood working",
                        "Health and social care working together through "
                        "Primary Care Networks and district healthy partnerships.",
                    ),
                ],
            },
            {
                "title": "Dying Well",
                "description": (
                    "The end of life is part of everyone's life course, yet many people find it hard to "
                    "talk about. We will help Leicestershire to understand, talk about and plan for it, so "
                    "that everyone has a choice about their care and treatment, and their loved ones and "
                    "carers are supported."
                ),
                "priorities": [
                    (
                        "Talking about death and dying",
                        "Make conversations about the end of life an ordinary part of life.",
                    ),
                    ("Planning ahead", "More people with an advance care plan that records their wishes."),
                    (
                        "Support for the bereaved",
                        "Make bereavement support easy to find for families and carers.",
                    ),
                ],
            },
        ],
        "final_draft_edits": [],
        "moves": [],  # Still a draft.
    },
]
