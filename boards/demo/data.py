"""
The demonstration boards loaded by `manage.py load_demo`: two boards, their partners, people and
meetings (the strategies are strategies.demo's).

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
        "area_code": "E06000034",
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
        "area_code": "E10000018",
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

# Seed 004: the Board's minute of the item that approved the draft strategy for consultation.
LEICESTERSHIRE_MINUTE = """\
The Board considered a report of the Director of Public Health and Executive Director, Strategy and \
Planning, Leicester and Leicestershire and Rutland CC which presented the draft Joint Health and Wellbeing \
Strategy (JHWS) 2022 – 2032 for approval to consult. A copy of the report, marked ‘Agenda Item 6’, is filed \
with these minutes.

Arising from discussion the following points were noted:

- The JHWS would set the strategic vision and priorities for Health and Wellbeing across Leicestershire for \
the next 10 years. The Strategy would act as the place based plan for the County.
- A delivery plan and performance dashboard would be developed to help partners ensure that priorities set \
out in the Strategy were delivered upon and progress was continuously monitored.
- The proposed eight week consultation, beginning on the 29 November 2021, would help shape the JHWS and \
clarify that the priorities identified represented the needs of Leicestershire residents and communities.
- It was suggested that the final Strategy could promote the use of a global measure of wellbeing which \
could be used to track the wellbeing of the local population.
- The proposal for the alignment of the Strategy’s priorities with those identified in Primary Care Network \
(PCN) and neighbourhood plans was welcomed.
- Board members were asked to promote the consultation document within their own organisations.
"""

# Meetings: local start time, venue, status, agenda items (number, title) and the resolutions on one
# of them: the first approved, with the effect it has on the strategy, the others noted. The day of
# Thurrock's June 2022 meeting is illustrative (the month is not).
MEETINGS = {
    THURROCK: [
        # The 2016-2021 strategy's approvals, for its moves recorded before the portal (strategies.demo).
        {
            "key": "thurrock_2016_consultation",
            "starts_at": (2016, 1, 13, 14, 0),
            "venue": "Council Chamber, Civic Offices, New Road, Grays",
            "status": "held",
            "items": [
                (1, "Apologies for absence"),
                (2, "Minutes of the last meeting"),
                (3, "Declarations of interest"),
                (4, "Draft Health and Wellbeing Strategy 2016-2021"),
                (5, "Work programme"),
            ],
            "decision": {
                "item": 4,
                "effect": "consultation",
                "resolutions": (
                    "a) That the draft Health and Wellbeing Strategy 2016-2021 be approved for public "
                    "consultation from February to April 2016;\n\n"
                    "b) That the Board notes the engagement planned with residents and partners."
                ),
            },
        },
        {
            "key": "thurrock_2016_approval",
            "starts_at": (2016, 7, 13, 14, 0),
            "venue": "Council Chamber, Civic Offices, New Road, Grays",
            "status": "held",
            "items": [
                (1, "Apologies for absence"),
                (2, "Minutes of the last meeting"),
                (3, "Declarations of interest"),
                (4, "Health and Wellbeing Strategy 2016-2021"),
                (5, "Work programme"),
            ],
            "decision": {
                "item": 4,
                "effect": "strategy",
                "resolutions": (
                    "a) That the Health and Wellbeing Strategy 2016-2021 be approved;\n\n"
                    "b) That the Board notes the changes made in the light of the consultation."
                ),
            },
        },
        # Approves the 2022-2026 draft for the consultation of October to December 2021
        # (consultations.demo).
        {
            "key": "thurrock_draft_for_consultation",
            "starts_at": (2021, 9, 16, 14, 0),
            "venue": "Council Chamber, Civic Offices, New Road, Grays",
            "status": "held",
            "items": [
                (1, "Apologies for absence"),
                (2, "Minutes of the last meeting"),
                (3, "Urgent items"),
                (4, "Declarations of interest"),
                (5, "Refresh of the Health and Wellbeing Strategy: draft for consultation"),
                (6, "Work programme"),
            ],
            "decision": {
                "item": 5,
                "effect": "consultation",
                "resolutions": (
                    "a) That the draft Health and Wellbeing Strategy 2022-2026 be approved for public "
                    "consultation from 4 October to 12 December 2021;\n\n"
                    "b) That the Board notes the plans to reach residents online, on paper and at events."
                ),
            },
        },
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
                "effect": "strategy",
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
                "effect": "consultation",
                # Seed 004, as minuted.
                "resolutions": (
                    "a) That the draft Joint Health and Wellbeing Strategy (JHWS) 2022-2032, attached as "
                    "appendix A to the report, be approved for consultation;\n\n"
                    "b) That it be noted that a Delivery Plan and associated dashboard will be developed to "
                    "support the delivery of the JHWS;\n\n"
                    "c) That it be noted that a report detailing the outcome of the consultation exercise "
                    "and presenting the final JHWS for approval would be considered by the Board at its "
                    "next meeting in February 22."
                ),
            },
            "purpose": "To present the draft Joint Health and Wellbeing Strategy 2022-2032 for approval to "
            "consult.",
            "minutes": {6: LEICESTERSHIRE_MINUTE},
        },
    ],
}


# Meetings to come, made through the services: days from today, venue, items (title, purpose, Schedule 12A
# paragraph if exempt), a paper per titled item, and whether the agenda is published yet. Leicestershire's
# considers its consultation's outcome once the consultation has closed (seed 004, resolution c).
COMING_MEETINGS = {
    THURROCK: {
        "in_days": 24,
        "venue": "Council Chamber, Civic Offices, New Road, Grays",
        "items": [
            ("Apologies for absence", "information", None),
            ("Minutes of the last meeting", "decision", None),
            ("Declarations of interest", "information", None),
            ("Health and Wellbeing Strategy: delivery plan and performance dashboard", "decision", None),
            ("Care home market: contract position", "discussion", 3),
            ("Work programme", "information", None),
        ],
        "papers": {
            "Health and Wellbeing Strategy: delivery plan and performance dashboard": "Delivery plan",
            "Care home market: contract position": "Contract position",
        },
        "publish": True,
    },
    LEICESTERSHIRE: {
        "in_days": 70,
        "venue": "County Hall, Glenfield",
        "items": [
            ("Minutes of the previous meeting", "decision", None),
            ("Declarations of interest", "information", None),
            ("Joint Health and Wellbeing Strategy 2022-2032: outcome of the consultation", "decision", None),
        ],
        "publish": False,
    },
}
