"""Thurrock's Health and Wellbeing Strategy 2022-2026, published in 2022: public facts, our wording."""

from boards.demo.data import THURROCK

STRATEGY = {
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
    "easy_read": (
        "This is our plan for health in Thurrock.\n\n"
        "It is for the years 2022 to 2026.\n\n"
        "We want everyone in Thurrock to have a fair chance to be healthy.\n\n"
        "We have six big areas of work. You can read about each one below."
    ),
    "supporting_documents": [
        (
            "Better Care Together Thurrock: the Case for Further Change, 2022-2026",
            "The plan of Thurrock's health and care partners for joining up care in the borough, on "
            "which the strategy builds. (Demonstration copy: a one-page stand-in for the real one.)",
            "case-for-further-change.pdf",
        ),
    ],
    "domains": [
        {
            "title": "Staying healthier for longer",
            "easy_read": (
                "We want you to stay well for longer.\n\n"
                "We will help people to stop smoking.\n\n"
                "We will help people to find health problems early."
            ),
            "description": (
                "Helping people in Thurrock to spend more of their lives in good health, by preventing "
                "illness and finding it early."
            ),
            "priorities": [
                (
                    "Fewer people smoking",
                    "Expand stop smoking support where smoking rates are highest, "
                    "including for pregnant women and people living with mental illness.",
                    (
                        "We will help more people to stop smoking.\n\n"
                        "We will give extra help to people who are pregnant."
                    ),
                ),
                (
                    "More children and adults at a healthy weight",
                    "Work with schools, leisure providers "
                    "and employers on healthy eating and **everyday physical activity**.",
                    ("We will help people to eat well.\n\nWe will help people to move more every day."),
                ),
                (
                    "Finding long-term conditions earlier",
                    "Raise the take-up of NHS Health Checks and find "
                    "more people with undiagnosed high blood pressure, diabetes and COPD.",
                    (
                        "We will offer more people a free health check.\n\n"
                        "A check can find problems like high blood pressure early."
                    ),
                ),
                (
                    "Better mental wellbeing and fewer suicides",
                    "Promote good mental health in schools "
                    "and workplaces, and carry out Thurrock's suicide prevention plan.",
                    (
                        "We will help people to look after their mental health.\n\n"
                        "We will work to stop people taking their own life."
                    ),
                ),
            ],
        },
        {
            "title": "Building strong and cohesive communities",
            "easy_read": (
                "We want Thurrock to be a good place to live.\n\n"
                "We want neighbours to know and help each other.\n\n"
                "We will support local groups and volunteers."
            ),
            "description": (
                "Strong communities, where people know and look out for each other, are good for "
                "health. We will build on what Thurrock's communities already do well."
            ),
            "priorities": [
                (
                    "Less loneliness and social isolation",
                    "Connect residents with groups, volunteering and activities close to home.",
                    (
                        "We want fewer people to feel lonely.\n\n"
                        "We will help people to find groups and activities near them."
                    ),
                ),
                (
                    "A thriving voluntary and community sector",
                    "Support community groups to start and grow, working with Thurrock CVS.",
                    ("We will help local groups and charities to start and grow."),
                ),
                (
                    "Strengths-based support in every neighbourhood",
                    "Extend Local Area Coordination so "
                    "that people can find help through what their community already offers.",
                    (
                        "We will help you to find support in your own area.\n\n"
                        "A Local Area Coordinator can help you with this."
                    ),
                ),
            ],
        },
        {
            "title": "Person-led health and care",
            "easy_read": (
                "Your health and care should fit your life.\n\n"
                "You should only tell your story once.\n\n"
                "Services will work together around you."
            ),
            "description": (
                "Health and care organised around what matters to each person, provided close to home "
                "wherever possible."
            ),
            "priorities": [
                (
                    "Integrated neighbourhood teams",
                    "Bring GPs, community nurses, social workers and "
                    "mental health workers together around each Primary Care Network.",
                    (
                        "Doctors, nurses and social workers will work together.\n\n"
                        "They will be one team near where you live."
                    ),
                ),
                (
                    "Integrated Medical Centres",
                    "Open the planned centres in Purfleet, Tilbury, "
                    "Corringham and Grays, so that more care is available in Thurrock.",
                    (
                        "We will open new health centres in Purfleet, Tilbury, Corringham and Grays.\n\n"
                        "You will get more of your care in Thurrock."
                    ),
                ),
                (
                    "Mental health support in the community",
                    "Make it quicker and simpler to get mental "
                    "health support without a referral to hospital services.",
                    (
                        "It will be quicker to get help with your mental health.\n\n"
                        "You will not need to go to a hospital for it."
                    ),
                ),
            ],
        },
        {
            "title": "Opportunity for all",
            "easy_read": (
                "Everyone should have a fair chance.\n\n"
                "We will help children to learn and grow.\n\n"
                "We will help people to find good jobs."
            ),
            "description": (
                "Education, skills and good work are among the strongest influences on health, and "
                "every resident should have a fair share of them."
            ),
            "priorities": [
                (
                    "A good start for every child",
                    "More children ready for school, with extra support for families who need it most.",
                    (
                        "We want every child to be ready for school.\n\n"
                        "We will give extra help to families who need it."
                    ),
                ),
                (
                    "Skills and good jobs for local people",
                    "Help residents gain skills and secure good jobs in Thurrock's growing economy.",
                    (
                        "We will help people to learn new skills.\n\n"
                        "We will help people to get good jobs in Thurrock."
                    ),
                ),
                (
                    "Work for people with learning disabilities and autistic people",
                    "Open up supported internships and job opportunities with local employers.",
                    (
                        "We will help people with learning disabilities to find work.\n\n"
                        "We will help autistic people to find work.\n\n"
                        "We will ask local employers to offer jobs and training."
                    ),
                ),
            ],
        },
        {
            "title": "Housing and the environment",
            "easy_read": (
                "A good home helps you stay healthy.\n\n"
                "We will work for warm, safe homes.\n\n"
                "We will work for cleaner air and green spaces."
            ),
            "description": (
                "A warm, safe home and a clean, green neighbourhood are the foundations of good health."
            ),
            "priorities": [
                (
                    "Better private rented homes",
                    "Enforce standards in the private rented sector and "
                    "help landlords improve their properties.",
                    (
                        "Rented homes should be safe and in good repair.\n\n"
                        "We will help landlords to make their homes better."
                    ),
                ),
                (
                    "Preventing homelessness",
                    "Act early, before people lose their home.",
                    ("We will help people early, so that they do not lose their home."),
                ),
                (
                    "Cleaner air",
                    "Reduce pollution around the busiest roads and the port.",
                    ("We will work for cleaner air near busy roads and the port."),
                ),
                (
                    "Healthy places",
                    "Consider health in planning decisions for new developments.",
                    ("When new homes are planned, we will think about health."),
                ),
            ],
        },
        {
            "title": "Community safety",
            "easy_read": (
                "You should feel safe at home and in your area.\n\n"
                "We will work with the police to keep people safe.\n\n"
                "We will help people who are hurt by violence or abuse."
            ),
            "description": "People are healthier when they feel, and are, safe at home and in public.",
            "priorities": [
                (
                    "Reducing violence and exploitation",
                    "Work with Essex Police and partners to tackle "
                    "serious violence and county lines, and to protect young people at risk.",
                    (
                        "We will work with the police to stop violence.\n\n"
                        "We will keep young people safe from criminal gangs."
                    ),
                ),
                (
                    "Tackling domestic abuse",
                    "Help victims earlier and hold perpetrators to account.",
                    (
                        "Domestic abuse is when someone close to you hurts or controls you.\n\n"
                        "We will help people who are abused sooner.\n\n"
                        "We will act against the people who abuse them."
                    ),
                ),
                (
                    "Less harm from drugs and alcohol",
                    "Improve treatment and recovery services, and links with health and housing support.",
                    (
                        "We will help people who have problems with drugs or alcohol.\n\n"
                        "We will help them with their health and their home too."
                    ),
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
            "easy_read": (
                "A carer looks after someone in their family, or a friend, without being paid.\n\n"
                "We will make sure carers get advice, breaks and help."
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
    # Drafted in the summer of 2021; its move to "in consultation" is made by opening its consultation
    # (consultations.demo: October to December 2021), which then resumes the moves below (resume()).
    "drafted": "2021-08-05",
    "consulted": True,
    "moves": [
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
}
