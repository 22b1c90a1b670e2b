"""
The delivery plan's demo data (core.demos): Thurrock's published 2022-2026 strategy gets actions under
each priority, led by the board's partners, with progress updates written on their dates from 2022 to
2026, some at risk, some overdue. Written through delivery.services, so the history is the real thing.
The actions are illustrative, as the priorities are.

Then the indicators (demo_data/indicators.py): Thurrock's, with data from a Fingertips export, and
Leicestershire's wellbeing measures on its current strategy.

The plans the priorities support (_plans): Mid and South Essex's Integrated Care Strategy and NHS Joint
Forward Plan and "For Thurrock in Thurrock" (seeds 001 and 002), Leicester, Leicestershire and
Rutland's, and Leicestershire's Primary Care Network plans (seed 004), with Thurrock's and
Leicestershire's priorities aligned to them. The plans are public facts; the notes are illustrative.
"""

from datetime import date, datetime, time

from django.utils import timezone

from boards.models import Board, Organisation
from core.demos import Demo, DemoAlreadyLoaded, story_time
from strategies.models import Status, Strategy

from . import services
from .demo_data import indicators
from .models import Action, Indicator, Plan, PlanKind

COUNCIL = "Thurrock Council"
ICB = "NHS Mid and South Essex Integrated Care Board"
HEALTHWATCH = "Healthwatch Thurrock"
POLICE = "Essex Police"
CVS = "Thurrock CVS"
EPUT = "Essex Partnership University NHS Foundation Trust"

# Per priority (by its title): (action, lead organisation, lead officer, start, due, updates), where each
# update is (date, status, narrative).
PLAN = {
    "Fewer people smoking": [
        (
            "Stop smoking service in every primary care network",
            ICB,
            "Dr Priya Nair, Clinical Lead for Prevention",
            date(2022, 9, 1),
            date(2024, 3, 31),
            [
                (date(2022, 11, 15), "on_track", "Advisers recruited for four of the six networks."),
                (date(2023, 10, 2), "on_track", "Clinics run weekly in all six networks."),
                (
                    date(2024, 3, 28),
                    "complete",
                    "Service in place everywhere; 1,140 quit attempts this year.",
                ),
            ],
        ),
        (
            "Smoke-free pregnancy pathway at Basildon Hospital",
            ICB,
            "Karen Doyle, Head of Midwifery",
            date(2023, 1, 9),
            date(2025, 3, 31),
            [
                (date(2023, 6, 1), "on_track", "Carbon monoxide screening at every booking appointment."),
                (date(2024, 9, 16), "at_risk", "Two specialist midwife posts vacant since July; recruiting."),
                (date(2025, 4, 10), "complete", "Posts filled; every smoker at booking is referred."),
            ],
        ),
    ],
    "More children and adults at a healthy weight": [
        (
            "Daily Mile in every primary school",
            COUNCIL,
            "Sam Okafor, Public Health Programme Manager",
            date(2022, 9, 5),
            date(2025, 7, 18),
            [
                (date(2023, 7, 10), "on_track", "31 of 40 primary schools take part."),
                (date(2025, 7, 21), "complete", "All 40 primary schools take part."),
            ],
        ),
        (
            "Free swimming for under-16s in council leisure centres",
            COUNCIL,
            "Jo Hart, Leisure Services Manager",
            date(2024, 4, 1),
            date(2026, 9, 30),
            [
                (date(2024, 10, 1), "on_track", "Scheme launched; 2,300 children registered."),
                (
                    date(2026, 5, 12),
                    "off_track",
                    "The leisure contract retender paused the scheme at one of "
                    "three centres. A **decision on the new contract** is due in the autumn.",
                ),
            ],
        ),
    ],
    "Finding long-term conditions earlier": [
        (
            "NHS Health Checks in community venues",
            COUNCIL,
            "Sam Okafor, Public Health Programme Manager",
            date(2022, 10, 1),
            date(2026, 3, 31),
            [
                (date(2023, 4, 3), "on_track", "Checks offered at libraries and the Grays hub."),
                (date(2025, 2, 14), "on_track", "Take-up 48%, up from 39% in 2021/22."),
            ],
        ),
        (
            "Blood pressure checks in community pharmacies",
            ICB,
            "Dr Priya Nair, Clinical Lead for Prevention",
            date(2023, 4, 1),
            date(2027, 3, 31),
            [(date(2024, 1, 22), "on_track", "28 of 33 pharmacies offer checks.")],
        ),
    ],
    "Better mental wellbeing and fewer suicides": [
        (
            "Suicide prevention training for frontline staff",
            EPUT,
            "Tom Reilly, Associate Director of Mental Health",
            date(2022, 9, 1),
            date(2024, 12, 31),
            [
                (date(2023, 3, 1), "on_track", "412 staff trained across partners."),
                (date(2024, 12, 9), "complete", "1,050 staff trained; the course is now part of induction."),
            ],
        ),
    ],
    "Support for unpaid carers": [
        (
            "Carers' assessments offered at hospital discharge",
            COUNCIL,
            "Amira Shah, Head of Adult Social Care",
            date(2022, 10, 3),
            date(2026, 6, 30),
            [
                (date(2023, 5, 2), "on_track", "Carers are identified on the discharge checklist."),
                (
                    date(2026, 1, 19),
                    "at_risk",
                    "Assessments within 28 days fell to 61%: two assessor posts are being filled.",
                ),
            ],
        ),
        (
            "Carers' cafés in every locality",
            CVS,
            "Lena Moss, Chief Executive",
            date(2022, 11, 1),
            date(2023, 11, 30),
            [(date(2023, 11, 6), "complete", "Monthly cafés in all four localities.")],
        ),
    ],
    "Preventing homelessness": [
        (
            "Early help for households at risk of eviction",
            COUNCIL,
            "Ray Turner, Housing Options Manager",
            date(2023, 1, 9),
            date(2026, 3, 31),
            [
                (date(2024, 6, 3), "on_track", "Referrals from GP practices and schools now come in weekly."),
                (date(2026, 3, 27), "complete", "Evictions prevented for 214 households in 2025/26."),
            ],
        ),
    ],
    "Reducing violence and exploitation": [
        (
            "Violence reduction youth workers in A&E",
            POLICE,
            "Chief Inspector Dan Webb",
            date(2023, 6, 1),
            date(2026, 10, 31),
            [(date(2024, 2, 12), "on_track", "Youth workers at Basildon A&E on Friday and Saturday nights.")],
        ),
    ],
    "Strengths-based support in every neighbourhood": [
        (
            "Residents' panel on neighbourhood care",
            HEALTHWATCH,
            "Mo Clarke, Manager",
            date(2022, 9, 1),
            date(2023, 3, 31),
            [(date(2023, 3, 20), "complete", "Panel of 60 residents met four times.")],
        ),
    ],
}


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _strategy() -> Strategy:
    """Thurrock's current strategy, as the database has it (the loaded objects' statuses may be stale)."""
    return Strategy.objects.select_related("board").get(board__slug="thurrock", status=Status.PUBLISHED)


def _leicestershire() -> Strategy | None:
    """Leicestershire's current strategy, whatever its status (in the demo, a draft in consultation)."""
    return (
        Strategy.objects.select_related("board")
        .filter(board__slug="leicestershire")
        .exclude(status=Status.SUPERSEDED)
        .order_by("-start_year")
        .first()
    )


def check(demo: Demo) -> None:
    if Action.objects.exists() or Indicator.objects.exists():
        raise DemoAlreadyLoaded("The delivery plan is there already.")


def load(demo: Demo) -> None:
    strategy = _strategy()
    officer = demo.shared["users"]["thurrock.officer"]
    organisations = {organisation.name: organisation for organisation in Organisation.objects.all()}
    priorities = {
        priority.title: priority
        for domain in strategy.domains.all().prefetch_related("priorities")
        for priority in domain.priorities.all()
    }
    for title, actions in PLAN.items():
        priority = priorities.get(title)
        if priority is None:
            demo.warn(f"Delivery plan: no priority “{title}” in {strategy}; its actions are left out.")
            continue
        for name, lead, officer_name, starts_on, due_on, updates in actions:
            with story_time(_noon(starts_on)):
                action = services.action_create(
                    priority=priority,
                    by=officer,
                    title=name,
                    lead_organisation=organisations[lead],
                    lead_officer=officer_name,
                    starts_on=starts_on,
                    due_on=due_on,
                )
            for day, status, narrative in updates:
                with story_time(_noon(day)):
                    services.action_progress(action=action, by=officer, status=status, narrative=narrative)
    indicators.load_thurrock(demo, strategy, officer)
    leicestershire = _leicestershire()
    if leicestershire is None:
        demo.warn("Indicators: Leicestershire has no strategy; its wellbeing measures are left out.")
    else:
        indicators.load_leicestershire(demo, leicestershire, demo.shared["users"]["leics.officer"])
    demo.shared["delivery_strategy"] = strategy
    _plans(demo)


def report(demo: Demo) -> None:
    strategy = Strategy.objects.filter(board__slug="thurrock", status=Status.PUBLISHED).first()
    if strategy is None:
        return
    actions = Action.objects.of_strategy(strategy)
    demo.write(
        f"  Thurrock: delivery plan of {actions.count()} actions ({actions.overdue().count()} overdue); "
        f"{indicators.summary(strategy)}"
    )
    leicestershire = _leicestershire()
    if leicestershire is not None and leicestershire.indicators.exists():
        demo.write(f"  Leicestershire: {indicators.summary(leicestershire)}")
    _report_plans(demo)


# The plans priorities support ------------------------------------------------------------------------

MSE_ICP = "Mid and South Essex Integrated Care Partnership"
LLR = "Leicester, Leicestershire and Rutland"

# (key, board that records it, the day it was recorded or None for today, and its details).
PLANS = [
    (
        "mse_ics",
        "thurrock",
        date(2023, 3, 1),
        {
            "title": "Mid and South Essex Integrated Care Strategy",
            "kind": PlanKind.INTEGRATED_CARE_STRATEGY,
            "owner": MSE_ICP,
            "area": "Mid and South Essex: Essex's southern districts, Southend-on-Sea and Thurrock",
            "url": "https://www.midandsouthessex.ics.nhs.uk/",
            "summary": "The partnership's shared strategy for health and care across mid and south Essex, "
            "developed jointly by the NHS, the three upper-tier councils and their partners in 2023.",
        },
    ),
    (
        "mse_jfp",
        "thurrock",
        date(2023, 7, 5),
        {
            "title": "NHS Mid and South Essex Joint Forward Plan 2023 to 2028",
            "slug": "mid-and-south-essex-joint-forward-plan",
            "kind": PlanKind.JOINT_FORWARD_PLAN,
            "owner": "NHS Mid and South Essex Integrated Care Board",
            "area": "Mid and South Essex",
            "url": "https://www.midandsouthessex.ics.nhs.uk/",
            "summary": "How the local NHS organisations will meet the needs of everyone in mid and south "
            "Essex over five years, updated each year. It responds to and supports the joint health and "
            "wellbeing strategies of Essex, Southend and Thurrock, and the Integrated Care Strategy.",
        },
    ),
    (
        "thurrock_neighbourhoods",
        "thurrock",
        date(2022, 9, 1),
        {
            "title": "For Thurrock in Thurrock",
            "kind": PlanKind.NEIGHBOURHOOD_PLAN,
            "owner": "NHS Thurrock Clinical Commissioning Group, Thurrock Council and Healthwatch Thurrock",
            "area": "Thurrock",
            "summary": "Care based in Thurrock's neighbourhoods, closer to home: health and social care "
            "teams working together, intermediate care beds back in Thurrock and four Integrated Medical "
            "Centres in Purfleet, Tilbury, Corringham and Grays.",
        },
    ),
    (
        "llr_ics",
        "leicestershire",
        None,
        {
            "title": f"{LLR} Integrated Care Strategy",
            "kind": PlanKind.INTEGRATED_CARE_STRATEGY,
            "owner": f"{LLR} Integrated Care Partnership",
            "area": LLR,
            "summary": "The integrated care partnership's strategy for the health and care of the people "
            "of Leicester, Leicestershire and Rutland, to which each Board's strategy is aligned.",
        },
    ),
    (
        "llr_jfp",
        "leicestershire",
        None,
        {
            "title": f"NHS {LLR} Joint Forward Plan",
            "kind": PlanKind.JOINT_FORWARD_PLAN,
            "owner": f"NHS {LLR} Integrated Care Board",
            "area": LLR,
            "summary": "The local NHS's five-year plan for the three places, updated each year.",
        },
    ),
    (
        "leicestershire_pcns",
        "leicestershire",
        None,
        {
            "title": "Leicestershire Primary Care Network plans",
            "kind": PlanKind.PCN_PLAN,
            "owner": "Leicestershire's Primary Care Networks",
            "area": "Leicestershire",
            "summary": "The priorities of the county's Primary Care Networks and their neighbourhoods, "
            "which the Board agreed to align its strategy with, so that work in each locality feeds the "
            "county-wide plan.",
        },
    ),
]

# Per board, the day its priorities were aligned (None for today), and per priority (by its title) the
# plans it supports (by key), each with a note on how.
ALIGNMENTS = {
    "thurrock": (
        date(2023, 7, 20),
        {
            "Fewer people smoking": {
                "mse_ics": "A stop smoking service in every Primary Care Network, for the strategy's "
                "prevention ambition.",
                "mse_jfp": "The smoke-free pregnancy pathway at Basildon Hospital is the NHS's part of it.",
            },
            "Finding long-term conditions earlier": {
                "mse_jfp": "Blood pressure checks in community pharmacies and health checks in community "
                "venues find conditions before they need hospital care.",
                "mse_ics": "",
            },
            "Integrated neighbourhood teams": {
                "thurrock_neighbourhoods": "The teams are how care moves into Thurrock's neighbourhoods.",
                "mse_ics": "Thurrock's part of integrated neighbourhood working across the system.",
            },
            "Integrated Medical Centres": {
                "thurrock_neighbourhoods": "The four centres the plan set out: Purfleet, Tilbury, "
                "Corringham and Grays.",
                "mse_jfp": "",
            },
            "Mental health support in the community": {
                "mse_jfp": "Support without a referral to hospital services, as the plan's mental "
                "health commitments ask.",
            },
        },
    ),
    "leicestershire": (
        None,
        {
            "Integrated neighbourhood working": {
                "leicestershire_pcns": "Primary Care Networks and district healthy partnerships "
                "working together in each locality.",
                "llr_ics": "",
            },
            "Living well with long-term conditions": {
                "llr_jfp": "Joined-up care for people with several conditions, with the local NHS.",
            },
            "A smoke-free Leicestershire": {"llr_ics": ""},
            "Children and young people's mental health": {
                "llr_jfp": "Earlier help in schools and communities, before NHS services are needed.",
            },
        },
    ),
}


def _plans(demo: Demo) -> None:
    """The plans, recorded by each board's officer, and each board's priorities aligned to them."""
    users = demo.shared["users"]
    officers = {"thurrock": users["thurrock.officer"], "leicestershire": users["leics.officer"]}
    boards = Board.objects.in_bulk(field_name="slug")
    plans = {}
    for key, board, on, details in PLANS:
        with story_time(_noon(on) if on else timezone.now()):
            plans[key] = services.plan_create(board=boards[board], by=officers[board], **details)
    for board, (on, priorities) in ALIGNMENTS.items():
        strategy = (
            Strategy.objects.filter(board__slug=board)
            .exclude(status=Status.SUPERSEDED)
            .order_by("-start_year")
            .first()
        )
        found = {
            priority.title: priority
            for domain in strategy.domains.all()
            for priority in domain.priorities.all()
        }
        for title, supported in priorities.items():
            priority = found.get(title)
            if priority is None:
                demo.warn(f"Plans: no priority “{title}” in {strategy}; its alignments are left out.")
                continue
            with story_time(_noon(on) if on else timezone.now()):
                services.priority_align(
                    priority=priority,
                    plans={plans[key]: note for key, note in supported.items()},
                    by=officers[board],
                )


def _report_plans(demo: Demo) -> None:
    plans = Plan.objects.count()
    if plans:
        supported = Plan.objects.filter(alignments__isnull=False).distinct().count()
        demo.write(f"  Plans the strategies support: {plans} ({supported} with priorities aligned)")
