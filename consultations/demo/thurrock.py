"""
The demo's Thurrock consultation on the draft Health and Wellbeing Strategy 2022-2026 (seed 000: open from
October to December 2021; its report "shows how feedback was used in creating the final strategy"), told
in the order it happened, each step on its day (core.demos.story_time) and through the services:

set up in September 2021, given the Board's decision of 16 September that approved the draft for
consultation, and scheduled; opened on schedule on 4 October 2021, which moves the strategy to "in
consultation" on that decision; answered online, on
paper, by email and phone and at four events; closed on schedule on 12 December; its one campaign (a
template asking to keep Orsett Hospital's clinics open) found and confirmed the next day, and every
comment coded that week; the strategy moved to final draft and revised (strategies.demo.resume); "you
said, we did" recorded, each change against the priority it changed (one a priority the final draft
added); the report published before the June 2022 Board that approved the strategy; the strategy
approved and published, its page linking to the report.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.demos import Demo, story_time
from strategies import demo as strategies_demo

from .. import campaigns, services
from ..compare import added_priorities
from ..models import CampaignStatus, Coding, Consultation, Question, Status
from . import coding, responses
from .thurrock_said import CHANGES, PROFILE

LONDON = ZoneInfo("Europe/London")
STRATEGY_SLUG = "health-and-wellbeing-strategy-2022-2026"
SET_UP = datetime(2021, 9, 6, 10, 0, tzinfo=LONDON)
SCHEDULED = datetime(2021, 9, 20, 15, 0, tzinfo=LONDON)
OPENS = datetime(2021, 10, 4, 9, 0, tzinfo=LONDON)
CLOSES = datetime(2021, 12, 12, 23, 59, tzinfo=LONDON)
CODING_DAYS = [datetime(2021, 12, day, 10, 0, tzinfo=LONDON) for day in (13, 14, 15, 16, 17)]
# After the final draft's edits (strategies.demo: a fortnight after the move of 20 December).
CHANGES_RECORDED = datetime(2022, 1, 17, 14, 0, tzinfo=LONDON)
# With the papers for the Board of 15 June 2022, which noted the report.
REPORT_PUBLISHED = datetime(2022, 6, 6, 10, 0, tzinfo=LONDON)

INTRODUCTION = """\
We are refreshing Thurrock's Health and Wellbeing Strategy, and we invite Thurrock residents and anyone else
with an interest to have their say on our proposals.

Since our 2016-2021 strategy, much has changed in the way health services are organised and provided,
locally and nationally. So we looked first at what affects the health and wellbeing of people in Thurrock
today, and set priorities in six areas of people's lives, which we call domains. Tell us what you think of
each priority, and what is missing.

Once the consultation closes, we will read every response and publish a report of what you told us and how
it changed the final strategy.
"""

OTHER_WAYS = """\
For a paper copy of the survey, or to answer by phone, call 01632 960 481 or email
hwbstrategy@thurrock.example. You can post your answers to Health and Wellbeing Strategy consultation,
Thurrock Council, Civic Offices, New Road, Grays RM17 6SL.
"""

PRIVACY = """\
Thurrock Council collects your answers to understand what people think of the draft strategy. Your answers
are analysed together with everyone else's and reported without your name.

If you give an email address, we use it only to send you what you asked for. We keep personal data for 12
months after the consultation closes, then delete it; your anonymous answers are kept.
"""


def load(demo: Demo) -> Consultation:
    strategy = next(
        s for s in demo.shared["strategies"] if s.board.slug == "thurrock" and s.slug == STRATEGY_SLUG
    )
    officer = demo.shared["users"]["thurrock.officer"]
    with story_time(SET_UP):
        consultation = _set_up(strategy, officer)
    with story_time(SCHEDULED):
        # The Board approved the draft for consultation on 16 September, after the set-up began.
        decision = demo.shared["decisions"]["thurrock_draft_for_consultation"]
        services.consultation_update(consultation=consultation, by=officer, decision=decision)
        services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
    with story_time(OPENS):
        services.consultations_on_schedule()
    consultation.refresh_from_db()
    responses.load(consultation, officer, PROFILE)
    with story_time(CLOSES):
        services.consultations_on_schedule()
    consultation.refresh_from_db()
    with story_time(CODING_DAYS[0]):
        _campaign(consultation, officer)
    coding.code(consultation, by=officer, profile=PROFILE, share=1.0, seed=20211213, days=CODING_DAYS)
    strategies_demo.resume(demo, strategy, through="final_draft")
    with story_time(CHANGES_RECORDED):
        _you_said_we_did(consultation, officer)
    with story_time(REPORT_PUBLISHED):
        services.report_publish(consultation=consultation, by=officer)
    strategies_demo.resume(demo, strategy)  # Approved in June 2022, published in July.
    return consultation


def _set_up(strategy, officer) -> Consultation:
    consultation = services.consultation_create(
        strategy=strategy,
        by=officer,
        title="Have your say on Thurrock's refreshed Health and Wellbeing Strategy",
        slug="health-and-wellbeing-strategy-2022-2026",
        opens_at=OPENS,
        closes_at=CLOSES,
        introduction=INTRODUCTION,
        other_ways=OTHER_WAYS,
        privacy_notice=PRIVACY,
        retention_months=12,
        report_expected=date(2022, 6, 30),
        ask_equality=True,
    )
    services.question_create(
        consultation=consultation,
        by=officer,
        text="Is anything missing from the strategy?",
        hint="For example, a group of people, a service or a part of Thurrock the priorities leave out.",
    )
    services.question_create(
        consultation=consultation,
        by=officer,
        text="How did you hear about this consultation?",
        kind=Question.Kind.SINGLE,
        options=[
            "The council's website",
            "Social media",
            "Thurrock CVS or Healthwatch Thurrock",
            "A local newspaper or radio",
            "A friend or family member",
            "At an event or meeting",
            "Other",
        ],
    )
    return consultation


def _campaign(consultation: Consultation, officer) -> None:
    """Look for campaigns, and confirm the one the profile sent (the report names it)."""
    campaigns.campaigns_detect(consultation=consultation, by=officer)
    for campaign in consultation.campaigns.all():
        if PROFILE.campaign.recognised_by in campaign.text:
            campaigns.campaign_review(campaign=campaign, by=officer, status=CampaignStatus.CONFIRMED)


def _you_said_we_did(consultation: Consultation, officer) -> None:
    """Each change with the comments behind it: those coded with its theme."""
    # A priority the final draft added (Support for unpaid carers) is named by the change that added it.
    consultation = Consultation.objects.select_related("strategy").get(pk=consultation.pk)  # Edited since.
    ids = {
        priority["title"]: priority["id"]
        for priority in [*consultation.priorities(), *added_priorities(consultation)]
    }
    for priority_title, theme, you_said, we_did in CHANGES:
        evidence = Coding.objects.filter(theme__consultation=consultation, theme__name=theme).values_list(
            "comment_id", flat=True
        )
        services.change_add(
            consultation=consultation,
            by=officer,
            you_said=you_said,
            we_did=we_did,
            priority_id=ids[priority_title] if priority_title else None,
            comments=list(evidence),
        )
