"""
What respondents said in the demo's Leicestershire consultation (seed 003, seed 004), each point under
the theme an officer codes it with: illustrative, written for the demo.
"""

from ..models import Event
from . import equality
from .responses import Bank, EventSpec, Profile

PRIORITIES = {
    "The first 1,001 days": (
        (
            "Health visitor contact",
            "We saw a health visitor once after the birth and then nobody for months.",
        ),
        ("Support for new parents", "Baby groups were a lifeline for me; please bring more of them back."),
    ),
    "Ready for school": (
        ("Speech and language delays", "Many children start school with speech delays since the pandemic."),
        ("Support for new parents", "Parents need to know what 'ready for school' means in practice."),
    ),
    "Children and young people's mental health": (
        ("Waiting times for CAMHS", "My son waited over a year to be seen by CAMHS."),
        ("Support in schools", "Every school should have a trained mental health lead."),
    ),
    "Support for children with special educational needs and disabilities": (
        ("Delays in EHC plans", "Getting an education, health and care plan took far too long."),
        ("Moving to adult services", "Support falls away at 18; the move to adult services needs planning."),
    ),
    "Healthy weight and physical activity": (
        ("Cost of being active", "Leisure centre prices put exercise out of reach for many families."),
        ("Safe walking and cycling routes", "There are no safe cycle routes between our villages."),
    ),
    "A smoke-free Leicestershire": (
        ("Vaping and young people", "Vaping among teenagers is a growing worry that the plan should name."),
        ("Stop smoking services", "The stop smoking service helped me quit after thirty years."),
    ),
    "Good mental health for adults": (
        ("Access to talking therapies", "Talking therapies should be available without a long wait."),
        ("Mental health at work", "Employers have a big part to play in adults' mental health."),
    ),
    "Warm and healthy homes": (
        ("Fuel poverty", "Heating bills mean older neighbours sit in the cold to save money."),
        ("Damp and mould", "Damp in rented homes is making children ill."),
    ),
    "Safe from harm": (
        ("Domestic abuse support", "Domestic abuse services need to reach the rural areas too."),
        ("Online harms", "Young people are at risk online, not only on the street."),
    ),
    "Living well with long-term conditions": (
        ("Joined-up care", "I have four conditions and see four teams who never talk to each other."),
        ("Self-management support", "Help to manage my own diabetes would mean fewer appointments."),
    ),
    "Support for carers": (
        ("Respite and breaks for carers", "Carers need proper breaks, not a phone number."),
        ("Carers' own health", "Nobody asks how the carer is coping until it is too late."),
    ),
    "Healthy ageing": (
        ("Falls prevention", "Strength and balance classes would prevent many falls."),
        ("Staying connected", "Older people need places to meet, not only services."),
    ),
    "Integrated neighbourhood working": (
        ("Joined-up care", "The GP, the council and the hospital should share one record."),
        ("Local Area Co-ordinators", "Our Local Area Co-ordinator knows everyone; we need more of them."),
    ),
    "Talking about death and dying": (
        ("Open conversations", "People avoid the subject until a crisis; talking earlier helps."),
    ),
    "Planning ahead": (
        ("Advance care plans", "Many families do not know an advance care plan exists."),
        ("Dying at home", "My father wanted to die at home and the care was not there."),
    ),
    "Support for the bereaved": (
        ("Bereavement support", "After my wife died I did not know where to find support."),
        ("Bereavement support", "Bereavement support for children is very hard to find."),
    ),
}

GENERAL = (
    ("Rural access", "This matters a great deal in our village, where services are a long drive away."),
    (
        "Measuring progress",
        "Agree, but the strategy should say how progress will be measured and reported to residents.",
    ),
    ("Reaching people offline", "Please make sure this reaches people who do not use the internet."),
    (
        "Plain English",
        "The wording is hard to follow: plain English would help people see what will change.",
    ),
    (
        "Staffing and funding",
        "I support this, but staffing has to be there to deliver it, especially after the pandemic.",
    ),
    ("Support for unpaid carers", "More help for carers please: we are exhausted and often forgotten."),
    (
        "Rural access",
        "Rural transport makes it hard to get to appointments; this should be part of the plan.",
    ),
    ("Partnership working", "Good to see this included. Schools and GPs need to work together on it."),
    ("Measuring progress", "Too vague. What will actually be different in five years?"),
    ("Plain English", "The term 'industrialising prevention' is off-putting; say what you mean."),
    (
        "Partnership working",
        "Align this with the Primary Care Network plans so that the work in localities joins up.",
    ),
    (
        "Measuring progress",
        "I would like the Board to track a measure of how people feel, not only illness.",
    ),
    ("Staffing and funding", "Local community groups could do much of this if they were funded properly."),
)

OTHER_THOUGHTS = (
    ("Loneliness", "Loneliness among older people should have a priority of its own."),
    ("Report back to residents", "Please publish what you hear in this consultation, and what you change."),
    ("Involving young people", "Involve young people in shaping the final strategy, not only in surveys."),
)

EVENTS = (
    EventSpec(
        Event.Kind.PRESENTATION,
        "Presentation to the Health Overview and Scrutiny Committee",
        "County Hall, Glenfield",
        "Leicestershire County Council",
        14,
        0,
        "Members asked how the priorities will be resourced.",
        "Staffing and funding",
        ("The first 1,001 days", "A smoke-free Leicestershire"),
    ),
    EventSpec(
        Event.Kind.PRESENTATION,
        "Presentation to the Leicestershire Challenge and Equalities Group",
        "Online",
        "Leicestershire Challenge and Equalities Group",
        11,
        1,
        "Make sure the consultation reaches communities whose first language is not English.",
        "Reaching people offline",
    ),
    EventSpec(
        Event.Kind.WORKSHOP,
        "Local Area Co-ordinators' workshop with residents, Melton",
        "Melton Carnegie Museum community room",
        "Local Area Co-ordination",
        23,
        2,
        "Residents want support closer to home, not only in the towns.",
        "Rural access",
        ("A smoke-free Leicestershire", "Living well with long-term conditions"),
    ),
    EventSpec(
        Event.Kind.DROP_IN,
        "Carers' drop-in, Loughborough",
        "Loughborough Library",
        "Leicestershire Carers Support",
        17,
        3,
        "Carers asked for breaks and for their own health checks.",
        "Respite and breaks for carers",
        ("Support for carers",),
    ),
)

PROFILE = Profile(
    seed=20211129,
    online=240,
    entered=24,
    comment_rate=0.08,
    organisations=(
        "Age UK Leicestershire and Rutland",
        "Voluntary Action LeicesterShire",
        "Leicestershire Carers Support",
        "Loughborough Wellbeing Centre",
        "Melton Community Hub",
    ),
    bank=Bank(priorities=PRIORITIES, general=GENERAL, other_thoughts=OTHER_THOUGHTS),
    events=EVENTS,
    places=(
        "Loughborough",
        "Melton Mowbray",
        "Hinckley",
        "Market Harborough",
        "Coalville",
        "Lutterworth",
        "Wigston",
        "Oadby",
        "Ashby-de-la-Zouch",
        "Shepshed",
        "Syston",
        "Broughton Astley",
    ),
    equality=equality.LEICESTERSHIRE,
)
