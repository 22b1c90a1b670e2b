"""
What respondents said in the demo's Thurrock consultation (October to December 2021, seed 000), each
point under the theme an officer coded it with, and the "you said, we did" the officers recorded:
illustrative, written for the demo around the strategy's six domains.
"""

from ..models import Event
from . import equality
from .responses import Bank, EventSpec, Profile
from .voices import Campaign

CARERS = "Unpaid carers left out"
DISCHARGE = "Discharged with nowhere to go"
MEASURES = "Measuring progress"

PRIORITIES = {
    # Staying healthier for longer
    "Fewer people smoking": (
        ("Smoking in pregnancy", "Nobody offered me help to stop smoking when I was pregnant."),
        ("Vaping and young people", "Children are vaping at the school gates; the plan should say so."),
    ),
    "More children and adults at a healthy weight": (
        ("Cost of healthy food", "Fresh food costs more than takeaways on our estate."),
        ("Cost of being active", "Leisure centre prices put swimming out of reach for families."),
    ),
    "Finding long-term conditions earlier": (
        ("Getting a GP appointment", "A health check is no use if you cannot get a GP appointment."),
        ("Checks in community venues", "Offer health checks at the markets and in workplaces."),
    ),
    "Better mental wellbeing and fewer suicides": (
        ("Mental health waiting times", "The wait for mental health support is far too long."),
        ("Support after a suicide", "Families bereaved by suicide need support straight away."),
    ),
    # Building strong and cohesive communities
    "Less loneliness and social isolation": (
        ("Loneliness in older people", "My mother sees nobody from one week to the next."),
        ("Transport to groups", "Groups are no good if there is no bus to get to them."),
    ),
    "A thriving voluntary and community sector": (
        ("Funding for community groups", "Short-term grants make it hard for small groups to keep going."),
        ("Volunteers", "We cannot find enough volunteers since the pandemic."),
    ),
    "Strengths-based support in every neighbourhood": (
        ("Local Area Coordinators", "Our Local Area Coordinator helped when nobody else did."),
        ("Coverage across the borough", "Not every part of Thurrock has a Local Area Coordinator yet."),
    ),
    # Person-led health and care
    "Integrated neighbourhood teams": (
        ("Telling my story once", "I am tired of telling my story to every new professional."),
        (CARERS, "As a carer I am never asked what I need, only about the person I look after."),
    ),
    "Integrated Medical Centres": (
        ("Delays to the new centres", "We have heard about the new medical centres for years."),
        ("Getting there", "The Tilbury centre must be on a bus route and have parking."),
    ),
    "Mental health support in the community": (
        ("Self-referral", "Let people refer themselves for mental health support."),
        ("Crisis support out of hours", "There is nowhere to turn in a crisis at night or at weekends."),
    ),
    # Opportunity for all
    "A good start for every child": (
        ("Family hubs", "Children's centres made a real difference; bring that support back."),
        ("Speech and language", "Many children are starting school with speech delays."),
    ),
    "Skills and good jobs for local people": (
        ("Local jobs at the port", "The jobs at the port and the warehouses should go to local people."),
        ("Adult learning", "Adult courses in Grays closed; people need somewhere to retrain."),
    ),
    "Work for people with learning disabilities and autistic people": (
        ("Supported internships", "Supported internships changed my daughter's life."),
        ("Employers' understanding", "Employers need training to understand autistic staff."),
    ),
    # Housing and the environment
    "Better private rented homes": (
        ("Damp and mould", "Our rented flat has damp and mould and the children are always ill."),
        ("Landlord enforcement", "Landlords who ignore repairs should be named and fined."),
    ),
    "Preventing homelessness": (
        (DISCHARGE, "People leave hospital or prison with nowhere to go that night."),
        ("Temporary accommodation", "Families are placed in hostels miles outside Thurrock."),
    ),
    "Cleaner air": (
        ("Lorries and the port", "Lorries to the port queue past our homes all day."),
        ("Lower Thames Crossing", "The Lower Thames Crossing will make the air worse, not better."),
    ),
    "Healthy places": (
        ("Health services for new homes", "New estates are built with no GP surgery to go with them."),
        ("Green spaces", "Keep green spaces in the new developments."),
    ),
    # Community safety
    "Reducing violence and exploitation": (
        ("County lines", "County lines gangs target children in our area."),
        ("Youth services", "Youth clubs closed and nothing replaced them."),
    ),
    "Tackling domestic abuse": (
        ("Refuge places", "There are not enough refuge places, for women with children most of all."),
        ("Children who witness abuse", "Children who see abuse at home need support of their own."),
    ),
    "Less harm from drugs and alcohol": (
        (
            "Mental health and addiction together",
            "People with addiction and mental illness fall between services.",
        ),
        ("Recovery close to home", "Recovery services should be in Thurrock, not a trip to Basildon."),
    ),
}

GENERAL = (
    ("Staffing and funding", "None of this happens without the staff and the money to do it."),
    (MEASURES, "How will we know whether any of this has worked?"),
    ("Reaching people offline", "Not everyone is online: use libraries, leaflets and community groups."),
    ("Plain English", "Write it in plain English so that people can see what will change."),
    (CARERS, "Unpaid carers hold all of this together and the strategy hardly mentions them."),
    ("East Tilbury and the villages", "Services in Grays are hard to reach from East Tilbury."),
)

OTHER_THOUGHTS = (
    (CARERS, "There should be a priority for unpaid carers: we save the system a fortune."),
    (DISCHARGE, "Nobody should leave hospital, care or prison without a home to go to."),
    (MEASURES, "Publish a yearly report on each priority, so residents can hold the Board to account."),
    ("Reaching people offline", "Talk to people where they are: at the school gate, the market, church."),
)

EVENTS = (
    EventSpec(
        Event.Kind.WORKSHOP,
        "Voluntary and community sector workshop",
        "Online",
        "Thurrock CVS",
        26,
        16,
        "Groups said short-term grants make it hard to keep services going.",
        "Funding for community groups",
        ("A thriving voluntary and community sector",),
    ),
    EventSpec(
        Event.Kind.PRESENTATION,
        "Presentation to the Health and Wellbeing Overview and Scrutiny Committee",
        "Council Chamber, Civic Offices, Grays",
        "Thurrock Council",
        12,
        24,
        "Members asked that progress on each priority be reported to the committee every year.",
        MEASURES,
    ),
    EventSpec(
        Event.Kind.DROP_IN,
        "Carers' drop-in, Grays",
        "Thameside Complex, Grays",
        "Healthwatch Thurrock",
        19,
        38,
        "Carers said the draft did not mention them, and asked for breaks and help with their own health.",
        CARERS,
        ("Integrated neighbourhood teams",),
    ),
    EventSpec(
        Event.Kind.WORKSHOP,
        "Local Area Coordinators' community session, Tilbury",
        "Tilbury Hub",
        "Local Area Coordination, Thurrock Council",
        21,
        45,
        "People leaving prison or hospital told us they had nowhere to go on the day they left.",
        DISCHARGE,
        ("Preventing homelessness",),
    ),
)

# Sent from about two dozen responses, from a leaflet handed out at the Orsett Hospital clinics: found by
# "Look for campaigns" and confirmed by the officer before the report was published.
ORSETT = Campaign(
    priority="Integrated Medical Centres",
    theme="Keep Orsett Hospital's clinics open",
    template=(
        "I am writing to ask the Health and Wellbeing Board to keep the clinics at Orsett Hospital open "
        "until every Integrated Medical Centre is built and running. Older people and those without a car "
        "depend on these services, and moving them before the new centres open would mean long journeys "
        "to Basildon for blood tests and outpatient appointments. Please make this promise in the strategy."
    ),
    recognised_by="keep the clinics at Orsett Hospital open until every Integrated Medical Centre is built",
    responses=24,
    additions=(
        "My husband has his blood taken there every month.",
        "I do not drive and the bus to Basildon takes over an hour.",
        "The staff at Orsett have looked after my family for thirty years.",
        "We were promised the new centres years ago and they are still not open.",
        "My mother is 91 and could not manage the journey.",
    ),
    senders=("J. Harris", "Pauline Webb", "Mr and Mrs Dean", "Sue Collins", "Terry Bright", "A. Okoro"),
)

PROFILE = Profile(
    seed=20211004,
    online=270,
    entered=30,
    comment_rate=0.05,
    organisations=(
        "Thurrock CVS",
        "Healthwatch Thurrock",
        "Thurrock Coalition",
        "Purfleet Residents' Association",
        "Grays Riverside Community Group",
    ),
    bank=Bank(priorities=PRIORITIES, general=GENERAL, other_thoughts=OTHER_THOUGHTS),
    events=EVENTS,
    places=(
        "Grays",
        "Tilbury",
        "Purfleet",
        "South Ockendon",
        "Stanford-le-Hope",
        "Corringham",
        "Aveley",
        "Chadwell St Mary",
        "East Tilbury",
        "Orsett",
        "West Thurrock",
        "Little Thurrock",
    ),
    equality=equality.THURROCK,
    other_type="A school governor",
    campaign=ORSETT,
)

# "You said, we did": (the priority it changed, of the consulted text or added since, or None for the
# whole strategy;
# the theme of the comments behind it; you said; we did). The strategy's final-draft edits
# (strategies/demo/thurrock_2022.py) are these changes.
CHANGES = (
    (
        "Support for unpaid carers",  # Added to the strategy because of this change.
        CARERS,
        "Unpaid carers told us, online, on paper and at the carers' drop-in, that the draft hardly "
        "mentioned them, although they hold much of health and care together.",
        "We added a priority, Support for unpaid carers, to the Person-led health and care domain: "
        "identifying carers earlier, with advice, breaks and support for their own health.",
    ),
    (
        "Preventing homelessness",
        DISCHARGE,
        "People told us that some leave hospital, care or prison with nowhere to go that night.",
        "We reworded the priority so that it includes help for people leaving hospital, care or prison, "
        "so that nobody is discharged to the street.",
    ),
    (
        None,
        MEASURES,
        "Residents and councillors asked how they will know whether the strategy is working.",
        "A delivery plan and a performance dashboard will be brought to the Board, and progress on each "
        "priority will be reported every year.",
    ),
)
