"""
The demonstration content loaded by `manage.py load_demo`: two boards, their partners, people, meetings
and strategies.

Facts about the places (board membership, the strategies' periods, domains and outcomes, the
consultation dates, the Leicestershire minute of 25 November 2021) follow public pages by the two
boards; the wording here is our own. Every person named is fictional, and the individual priorities
are illustrative.
"""

from datetime import date

DEMO_PASSWORD = "demo-password-2026"

THURROCK = "thurrock"
LEICESTERSHIRE = "leicestershire"

# (name, kind, website). Kinds are boards.models.Organisation.Kind values.
ORGANISATIONS = {
    THURROCK: [
        ("Thurrock Council", "council", "https://www.thurrock.gov.uk/"),
        ("NHS Mid and South Essex Integrated Care Board", "nhs", ""),
        ("Healthwatch Thurrock", "healthwatch", ""),
        ("Essex Police", "police", "https://www.essex.police.uk/"),
        ("Office of the Police, Fire and Crime Commissioner for Essex", "police", ""),
        ("Thurrock CVS", "voluntary", ""),
        ("Essex Partnership University NHS Foundation Trust", "nhs", "https://eput.nhs.uk/"),
    ],
    LEICESTERSHIRE: [
        ("Leicestershire County Council", "council", "https://www.leicestershire.gov.uk/"),
        ("NHS Leicester, Leicestershire and Rutland Integrated Care Board", "nhs", ""),
        ("Healthwatch Leicester and Leicestershire", "healthwatch", ""),
        ("Leicestershire Police", "police", "https://www.leics.police.uk/"),
        ("Office of the Police and Crime Commissioner for Leicestershire", "police", ""),
        ("Charnwood Borough Council", "district", "https://www.charnwood.gov.uk/"),
        ("Voluntary Action LeicesterShire", "voluntary", ""),
    ],
}

BOARDS = {
    THURROCK: {
        "name": "Thurrock Health and Wellbeing Board",
        "area": "Thurrock",
        "colour": "#00594f",
        "description": (
            "The Health and Wellbeing Board brings together the local organisations whose services and "
            "support shape the health and wellbeing of Thurrock residents. It creates Thurrock's Health "
            "and Wellbeing Strategy and oversees its delivery.\n\n"
            "The Board includes representatives of:\n\n"
            "- Thurrock Council\n"
            "- NHS Mid and South Essex Integrated Care Board\n"
            "- Healthwatch Thurrock\n"
            "- Essex Police and the Office of the Police, Fire and Crime Commissioner for Essex\n"
            "- Essex Partnership University NHS Foundation Trust\n"
            "- Thurrock CVS, for the voluntary and community sector\n\n"
            "*Demonstration data: the people named as members of this board are fictional.*"
        ),
    },
    LEICESTERSHIRE: {
        "name": "Leicestershire Health and Wellbeing Board",
        "area": "Leicestershire",
        "colour": "#5a2d82",
        "description": (
            "The Health and Wellbeing Board brings together the organisations that take decisions about "
            "health, wellbeing and care services in Leicestershire. It plans how best to meet the needs of "
            "the county's population and to tackle health inequalities, through its Joint Health and "
            "Wellbeing Strategy.\n\n"
            "Its members come from:\n\n"
            "- the NHS, including the Leicester, Leicestershire and Rutland Integrated Care Board\n"
            "- Leicestershire County Council\n"
            "- Healthwatch Leicester and Leicestershire\n"
            "- the Office of the Police and Crime Commissioner, and Leicestershire Police\n"
            "- the district and borough councils\n"
            "- other agencies with a responsibility for health and wellbeing, such as the voluntary "
            "sector\n\n"
            "*Demonstration data: the people named as members of this board are fictional.*"
        ),
    },
}

# Portal accounts. `board_role` is a boards.BoardRole role; `member` names the Membership (below,
# by its `name`) that this account holds.
USERS = [
    {
        "username": "admin",
        "first_name": "Robin",
        "last_name": "Ashcombe",
        "superuser": True,
    },
    {
        "username": "thurrock.officer",
        "first_name": "Nadia",
        "last_name": "Fenwick",
        "board": THURROCK,
        "board_role": "officer",
    },
    {
        "username": "thurrock.admin",
        "first_name": "Graham",
        "last_name": "Pennock",
        "board": THURROCK,
        "board_role": "administrator",
    },
    {
        "username": "thurrock.member",
        "first_name": "Sam",
        "last_name": "Okafor",
        "board": THURROCK,
        "member": "Sam Okafor",
    },
    {
        "username": "leics.officer",
        "first_name": "Priya",
        "last_name": "Saddington",
        "board": LEICESTERSHIRE,
        "board_role": "officer",
    },
    {
        "username": "leics.admin",
        "first_name": "Owen",
        "last_name": "Marchant",
        "board": LEICESTERSHIRE,
        "board_role": "administrator",
    },
    {
        "username": "leics.member",
        "first_name": "Helen",
        "last_name": "Varley",
        "board": LEICESTERSHIRE,
        "member": "Helen Varley",
    },
]

# Seats on the boards: (name, job title, organisation, role, starts on). Roles are
# boards.Membership.Role values. Everyone here is fictional.
MEMBERSHIPS = {
    THURROCK: [
        (
            "Cllr Morgan Ashby",
            "Portfolio Holder for Adults and Health",
            "Thurrock Council",
            "chair",
            date(2021, 5, 26),
        ),
        (
            "Dr Leila Marchetti",
            "Clinical Director for Thurrock",
            "NHS Mid and South Essex Integrated Care Board",
            "vice_chair",
            date(2022, 7, 1),
        ),
        (
            "Sam Okafor",
            "Healthwatch Thurrock representative",
            "Healthwatch Thurrock",
            "voting",
            date(2020, 6, 1),
        ),
        (
            "Chief Superintendent Dana Whitlock",
            "District Commander, Thurrock",
            "Essex Police",
            "voting",
            date(2021, 9, 1),
        ),
        ("Bernadette Ellery", "Chief Executive", "Thurrock CVS", "voting", date(2019, 4, 1)),
        (
            "Tom Greaves",
            "Director of Community Mental Health Services",
            "Essex Partnership University NHS Foundation Trust",
            "co_opted",
            date(2021, 1, 1),
        ),
        (
            "Rhys Calloway",
            "Head of Partnerships",
            "Office of the Police, Fire and Crime Commissioner for Essex",
            "observer",
            date(2021, 6, 1),
        ),
        (
            "Dr Hana Lindqvist",
            "Director of Public Health",
            "Thurrock Council",
            "supporting_officer",
            date(2020, 10, 1),
        ),
    ],
    LEICESTERSHIRE: [
        (
            "Cllr Dominic Faversham",
            "Cabinet Lead Member for Health",
            "Leicestershire County Council",
            "chair",
            date(2021, 5, 27),
        ),
        (
            "Dr Anika Rowe",
            "Place Lead for Leicestershire",
            "NHS Leicester, Leicestershire and Rutland Integrated Care Board",
            "vice_chair",
            date(2022, 7, 1),
        ),
        (
            "Helen Varley",
            "Healthwatch representative",
            "Healthwatch Leicester and Leicestershire",
            "voting",
            date(2021, 4, 1),
        ),
        (
            "Superintendent Marcus Lyle",
            "Local Policing Commander",
            "Leicestershire Police",
            "voting",
            date(2021, 2, 1),
        ),
        (
            "Cllr Joanna Pell",
            "Representative of the district and borough councils",
            "Charnwood Borough Council",
            "voting",
            date(2021, 5, 27),
        ),
        (
            "Femi Adeyemi-Clarke",
            "Chief Executive",
            "Voluntary Action LeicesterShire",
            "co_opted",
            date(2020, 9, 1),
        ),
        (
            "Ruth Haddon",
            "Policy Officer",
            "Office of the Police and Crime Commissioner for Leicestershire",
            "observer",
            date(2021, 7, 1),
        ),
        (
            "Dr Colin Mercer",
            "Director of Public Health",
            "Leicestershire County Council",
            "supporting_officer",
            date(2019, 1, 1),
        ),
    ],
}

# Meetings: local start time, venue, status, agenda items (number, title) and the decision taken on
# one of them. The day of Thurrock's June 2022 meeting is illustrative (the month is not).
MEETINGS = {
    THURROCK: [
        {
            "key": "strategy_approval",
            "starts_at": (2022, 6, 15, 14, 0),
            "venue": "Council Chamber, Civic Offices, New Road, Grays",
            "status": "held",
            "items": [
                (1, "Apologies for absence"),
                (2, "Minutes of the last meeting"),
                (3, "Urgent items"),
                (4, "Declarations of interest"),
                (5, "Health and Wellbeing Strategy 2022-2026"),
                (6, "Better Care Together Thurrock: the Case for Further Change, 2022-2026"),
                (7, "Work programme"),
            ],
            "decision": {
                "item": 5,
                "outcome": "approved",
                "resolutions": (
                    "a) That the Health and Wellbeing Strategy 2022-2026 be approved as the final Joint "
                    "Health and Wellbeing Strategy for Thurrock;\n\n"
                    "b) That the Board notes how the responses to the consultation held from October to "
                    "December 2021 shaped the final strategy, as set out in the consultation report;\n\n"
                    "c) That a delivery plan and performance dashboard for the strategy be brought to a "
                    "future meeting of the Board."
                ),
            },
        },
    ],
    LEICESTERSHIRE: [
        {
            "key": "draft_for_consultation",
            "starts_at": (2021, 11, 25, 14, 0),
            "venue": "County Hall, Glenfield",
            "status": "held",
            "items": [
                (1, "Minutes of the previous meeting"),
                (2, "Question time"),
                (3, "Questions asked by members"),
                (4, "Urgent items"),
                (5, "Declarations of interest"),
                (6, "Draft Leicestershire Joint Health and Wellbeing Strategy 2022-2032"),
                (7, "Date of next meeting"),
            ],
            "decision": {
                "item": 6,
                "outcome": "approved",
                "resolutions": (
                    "a) That the draft Joint Health and Wellbeing Strategy 2022-2032, appendix A to the "
                    "report, be approved for public consultation;\n\n"
                    "b) That the Board notes that a delivery plan and a performance dashboard will be "
                    "developed to support the delivery of the strategy;\n\n"
                    "c) That the Board notes that a report on the outcome of the consultation, presenting "
                    "the final strategy for approval, will be considered at its next meeting in February "
                    "2022."
                ),
            },
        },
    ],
}

# Strategies, in the order they are loaded. `moves` are (to status, reason, meeting key of the
# decision or None, "admin" or "officer" as the actor, the date the move was made).
# `final_draft_edits` are made through the services while the strategy is a final draft: the
# changes made after the consultation.
STRATEGIES = [
    {
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
                None,
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
                None,
                "officer",
                "2016-07-13",
            ),
            ("published", "Published for residents in September 2016.", None, "admin", "2016-09-01"),
        ],
    },
    {
        "board": THURROCK,
        "key": "thurrock_2022",
        "title": "Health and Wellbeing Strategy 2022-2026",
        "slug": "health-and-wellbeing-strategy-2022-2026",
        "start_year": 2022,
        "end_year": 2026,
        "predecessor": "thurrock_2016",
        "summary": (
            "Thurrock's priorities for 2022 to 2026 for reducing inequalities in health and wellbeing and "
            "improving the health and wellbeing of everyone in Thurrock, across six domains of people's "
            "lives."
        ),
        "vision": (
            "Our ambition is to tackle the many causes of poor health in Thurrock, so that health and care "
            "become more open and fairer for everyone who lives here. We call this **levelling the playing "
            "field**.\n\n"
            "A great deal has changed since our 2016-2021 strategy. The Mid and South Essex Health and Care "
            "Partnership has been created, and integrated care systems now shape how health services are "
            "planned and commissioned. So we began this strategy by looking at what affects the health and "
            "wellbeing of Thurrock's people today.\n\n"
            "We have set priorities in six domains of people's lives. Among them are building strong, safe "
            "communities, making health and care person-led, and making sure there are equal opportunities "
            "for all.\n\n"
            "The strategy is supported by *Better Care Together Thurrock: the Case for Further Change, "
            "2022-2026*."
        ),
        "domain_label": "domain",
        "domain_label_plural": "domains",
        "domains": [
            {
                "title": "Staying healthier for longer",
                "description": (
                    "Helping people in Thurrock to spend more of their lives in good health, by preventing "
                    "illness and finding it early."
                ),
                "priorities": [
                    (
                        "Fewer people smoking",
                        "Expand stop smoking support where smoking rates are highest, "
                        "including for pregnant women and people living with mental illness.",
                    ),
                    (
                        "More children and adults at a healthy weight",
                        "Work with schools, leisure providers "
                        "and employers on healthy eating and **everyday physical activity**.",
                    ),
                    (
                        "Finding long-term conditions earlier",
                        "Raise the take-up of NHS Health Checks and find "
                        "more people with undiagnosed high blood pressure, diabetes and COPD.",
                    ),
                    (
                        "Better mental wellbeing and fewer suicides",
                        "Promote good mental health in schools "
                        "and workplaces, and carry out Thurrock's suicide prevention plan.",
                    ),
                ],
            },
            {
                "title": "Building strong and cohesive communities",
                "description": (
                    "Strong communities, where people know and look out for each other, are good for "
                    "health. We will build on what Thurrock's communities already do well."
                ),
                "priorities": [
                    (
                        "Less loneliness and social isolation",
                        "Connect residents with groups, volunteering and activities close to home.",
                    ),
                    (
                        "A thriving voluntary and community sector",
                        "Support community groups to start and grow, working with Thurrock CVS.",
                    ),
                    (
                        "Strengths-based support in every neighbourhood",
                        "Extend Local Area Coordination so "
                        "that people can find help through what their community already offers.",
                    ),
                ],
            },
            {
                "title": "Person-led health and care",
                "description": (
                    "Health and care organised around what matters to each person, provided close to home "
                    "wherever possible."
                ),
                "priorities": [
                    (
                        "Integrated neighbourhood teams",
                        "Bring GPs, community nurses, social workers and "
                        "mental health workers together around each Primary Care Network.",
                    ),
                    (
                        "Integrated Medical Centres",
                        "Open the planned centres in Purfleet, Tilbury, "
                        "Corringham and Grays, so that more care is available in Thurrock.",
                    ),
                    (
                        "Mental health support in the community",
                        "Make it quicker and simpler to get mental "
                        "health support without a referral to hospital services.",
                    ),
                ],
            },
            {
                "title": "Opportunity for all",
                "description": (
                    "Education, skills and good work are among the strongest influences on health, and "
                    "every resident should have a fair share of them."
                ),
                "priorities": [
                    (
                        "A good start for every child",
                        "More children ready for school, with extra support for families who need it most.",
                    ),
                    (
                        "Skills and good jobs for local people",
                        "Help residents gain skills and secure good jobs in Thurrock's growing economy.",
                    ),
                    (
                        "Work for people with learning disabilities and autistic people",
                        "Open up supported internships and job opportunities with local employers.",
                    ),
                ],
            },
            {
                "title": "Housing and the environment",
                "description": (
                    "A warm, safe home and a clean, green neighbourhood are the foundations of good health."
                ),
                "priorities": [
                    (
                        "Better private rented homes",
                        "Enforce standards in the private rented sector and "
                        "help landlords improve their properties.",
                    ),
                    ("Preventing homelessness", "Act early, before people lose their home."),
                    ("Cleaner air", "Reduce pollution around the busiest roads and the port."),
                    ("Healthy places", "Consider health in planning decisions for new developments."),
                ],
            },
            {
                "title": "Community safety",
                "description": "People are healthier when they feel, and are, safe at home and in public.",
                "priorities": [
                    (
                        "Reducing violence and exploitation",
                        "Work with Essex Police and partners to tackle "
                        "serious violence and county lines, and to protect young people at risk.",
                    ),
                    ("Tackling domestic abuse", "Help victims earlier and hold perpetrators to account."),
                    (
                        "Less harm from drugs and alcohol",
                        "Improve treatment and recovery services, and links with health and housing support.",
                    ),
                ],
            },
        ],
        # What changed after the consultation (October to December 2021): a priority added, one reworded.
        "final_draft_edits": [
            {
                "action": "add_priority",
                "domain": "Person-led health and care",
                "title": "Support for unpaid carers",
                "description": (
                    "Identify carers earlier and make sure they get advice, breaks and support for their "
                    "own health. Added after carers told us during the consultation that they were missing."
                ),
            },
            {
                "action": "update_priority",
                "domain": "Housing and the environment",
                "title": "Preventing homelessness",
                "description": (
                    "Act early, before people lose their home, with help for people leaving hospital, "
                    "care or prison so that nobody is discharged to the street."
                ),
            },
        ],
        "moves": [
            (
                "in_consultation",
                "The Board approved the draft strategy for public consultation. The "
                "consultation is open from October to December 2021.",
                None,
                "officer",
                "2021-10-04",
            ),
            (
                "final_draft",
                "The consultation closed in December 2021. The text is being revised in the "
                "light of feedback from residents, councillors, health and care professionals and partner "
                "organisations.",
                None,
                "officer",
                "2021-12-20",
            ),
            (
                "approved",
                "Approved by the Health and Wellbeing Board in June 2022",
                "strategy_approval",
                "officer",
                "2022-06-15",
            ),
            (
                "published",
                "Published for residents following the Board's approval in June 2022.",
                None,
                "admin",
                "2022-07-01",
            ),
        ],
    },
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
