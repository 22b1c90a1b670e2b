"""
The demo's Leicestershire consultation on its draft strategy (seed 003), open now so that a newcomer can
answer it, with about a third of its comments coded so far, and 30 of those coded again, blind, by a
second officer (the board administrator) to check how far they agree. Opening it moves the strategy to "in
consultation" with the Board's decision of 25 November 2021 (seed 004) and freezes the text.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.demos import Demo, story_time

from .. import services
from ..models import Consultation, Question, Status
from . import coding, responses
from .leicestershire_said import PROFILE

LONDON = ZoneInfo("Europe/London")
# Seed 003: "An 8-week public consultation ... open until the 23rd January 2022".
OPENS, CLOSES = (11, 29), (1, 23)
CODED_SHARE = 0.35
SECOND_CODED = 30

INTRODUCTION = """\
Have your say on the Draft Joint Health and Wellbeing Strategy 2022 to 2032, which sets out our ambitions and
priorities for the next 10 years, and how we aim to improve health and wellbeing and reduce health
inequalities across Leicestershire.

The draft strategy is based on the life course, so that everyone has the opportunity to support their health
and wellbeing: the best start for life; staying healthy, safe and well; living and supported well; and dying
well. For each outcome we have identified priorities. Tell us what you think of them.

During the consultation we will receive regular updates on responses received. Once it has closed we will
review all of the feedback from partners, organisations, residents and communities and consider any
necessary amendments. Your feedback will help shape the final strategy, which will be presented to the
Health and Wellbeing Board, and a summary of the consultation will be published here.
"""

OTHER_WAYS = """\
If you are able to, please answer the survey online. For a paper copy of the survey, email
jhws-consultation@leicestershire.example or call 0116 305 0705.
"""

PRIVACY = """\
Leicestershire County Council collects your answers to understand what people think of the draft strategy.
Your answers are analysed together with everyone else's and reported without your name.

If you give an email address, we use it only to send you what you asked for: a confirmation of your
response, a link to finish it later, and, if you agree, updates on how the work progresses. We keep personal
data for 12 months after the consultation closes, then delete it; your anonymous answers are kept.
"""


def _window(now: datetime) -> tuple[datetime, datetime]:
    """Seed 003's eight weeks, in the year that puts today inside them; else eight weeks from 3 days ago."""
    for year in (now.year - 1, now.year):
        opens = datetime(year, *OPENS, 9, 0, tzinfo=LONDON)
        closes = datetime(year + 1, *CLOSES, 23, 59, tzinfo=LONDON)
        if opens <= now < closes:
            return opens, closes
    opens = (now - timedelta(days=3)).astimezone(LONDON).replace(hour=9, minute=0, second=0, microsecond=0)
    return opens, opens + timedelta(weeks=8)


def load(demo: Demo) -> Consultation:
    users, decisions = demo.shared["users"], demo.shared["decisions"]
    strategy = next(
        s for s in demo.shared["strategies"] if s.board.slug == "leicestershire" and s.status == "draft"
    )
    officer = users["leics.officer"]
    opens, closes = _window(timezone.now())
    consultation = services.consultation_create(
        strategy=strategy,
        by=officer,
        title="Have your say on the Draft Joint Health and Wellbeing Strategy 2022 to 2032",
        slug="draft-jhws-2022-2032",
        opens_at=opens,
        closes_at=closes,
        introduction=INTRODUCTION,
        other_ways=OTHER_WAYS,
        privacy_notice=PRIVACY,
        retention_months=12,
        report_expected=(closes + timedelta(weeks=6)).date(),
        ask_equality=True,
        decision=decisions["draft_for_consultation"],
    )
    services.question_create(
        consultation=consultation,
        by=officer,
        text="Is there anything else the strategy should include?",
        hint="For example, something that matters to you or your community that the priorities leave out.",
    )
    services.question_create(
        consultation=consultation,
        by=officer,
        text="How did you hear about this consultation?",
        kind=Question.Kind.SINGLE,
        options=[
            "The council's website",
            "Social media",
            "An email from the council",
            "A local newspaper or radio",
            "A friend or family member",
            "At an event or meeting",
            "Other",
        ],
    )
    services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
    with story_time(opens):  # Opened on schedule, on the day the story says.
        services.consultations_on_schedule()
    consultation.refresh_from_db()
    responses.load(consultation, officer, PROFILE)
    # An officer has started coding the comments that are in (today): a few themes for each priority.
    coding.code(consultation, by=officer, profile=PROFILE, share=CODED_SHARE, seed=20211129)
    # The board administrator codes a sample again, blind, to check the coding frame (agreement page).
    coding.code_again(consultation, by=users["leics.admin"], first=officer, count=SECOND_CODED, seed=20211130)
    return consultation
