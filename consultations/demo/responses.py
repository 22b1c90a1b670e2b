"""
Responses and engagement events for the demo's open consultation (seed 003, seed 004): a few hundred
online responses since it opened, some entered from paper, email and phone, and the partnership
presentations and Local Area Co-ordinators' workshops the Board's consultation plan named (seed 004).

Online responses are written in bulk (a resident's journey through the services would take minutes for
hundreds); the officers' entries and events go through the services, audited like the real thing.
Seeded, so every load makes the same data.
"""

import random
from datetime import timedelta

from django.utils import timezone

from core.formtokens import new_token

from .. import services
from ..equality import PREFER_NOT_TO_SAY, QUESTIONS
from ..models import Channel, Choice, Comment, Event, PriorityAnswer, Question, RespondentType, Response

ONLINE_RESPONSES = 240
ENTERED_RESPONSES = 24
# Most agree with most priorities; some are more disputed (by position in the text).
AGREEMENT_WEIGHTS = (3, 4, 10, 32, 40)  # Strongly disagree ... strongly agree.
DISPUTED_WEIGHTS = (10, 16, 22, 28, 18)
RESPONDING_AS = (
    (RespondentType.RESIDENT, 70),
    (RespondentType.HEALTH_PROFESSIONAL, 8),
    (RespondentType.CARE_PROFESSIONAL, 7),
    (RespondentType.ORGANISATION, 8),
    (RespondentType.COUNCILLOR, 3),
    (RespondentType.OTHER, 4),
)
ORGANISATIONS = (
    "Age UK Leicestershire and Rutland",
    "Voluntary Action LeicesterShire",
    "Leicestershire Carers Support",
    "Loughborough Wellbeing Centre",
    "Melton Community Hub",
)
COMMENTS = (
    "This matters a great deal in our village, where services are a long drive away.",
    "Agree, but the strategy should say how progress will be measured and reported to residents.",
    "Please make sure this reaches people who do not use the internet.",
    "The wording is hard to follow: plain English would help people see what will change.",
    "I support this, but staffing has to be there to deliver it, especially after the pandemic.",
    "More help for carers please: we are exhausted and often forgotten.",
    "Rural transport makes it hard to get to appointments; this should be part of the plan.",
    "Good to see this included. Schools and GPs need to work together on it.",
    "Too vague. What will actually be different in five years?",
    "Mental health waiting times are far too long, for young people most of all.",
    "The term 'industrialising prevention' is off-putting; say what you mean.",
    "Align this with the Primary Care Network plans so that the work in localities joins up.",
    "I would like the Board to track a measure of how people feel, not only illness.",
    "Housing quality is the root of many health problems here; keep this priority.",
    "Local community groups could do much of this if they were funded properly.",
)
OTHER_THOUGHTS = (
    "Loneliness among older people should have a priority of its own.",
    "Please publish what you hear in this consultation, and what you change because of it.",
    "Involve young people in shaping the final strategy, not only in answering surveys.",
)
EVENTS = (
    (
        Event.Kind.PRESENTATION,
        "Presentation to the Health Overview and Scrutiny Committee",
        "County Hall, Glenfield",
        "Leicestershire County Council",
        14,
        ("Members asked how the priorities will be resourced.", (0, 5)),
    ),
    (
        Event.Kind.PRESENTATION,
        "Presentation to the Leicestershire Challenge and Equalities Group",
        "Online",
        "Leicestershire Challenge and Equalities Group",
        11,
        ("Make sure the consultation reaches communities whose first language is not English.", ()),
    ),
    (
        Event.Kind.WORKSHOP,
        "Local Area Co-ordinators' workshop with residents, Melton",
        "Melton Carnegie Museum community room",
        "Local Area Co-ordination",
        23,
        ("Residents want support closer to home, not only in the towns.", (5, 9)),
    ),
    (
        Event.Kind.DROP_IN,
        "Carers' drop-in, Loughborough",
        "Loughborough Library",
        "Leicestershire Carers Support",
        17,
        ("Carers asked for breaks and for their own health checks.", (10,)),
    ),
)


def load(consultation, officer) -> None:
    rng = random.Random(20211129)
    priorities = [priority["id"] for priority in consultation.priorities()]
    questions = list(consultation.questions.all())
    _online(consultation, rng, priorities, questions)
    events = _events(consultation, officer, priorities)
    _entered(consultation, officer, rng, priorities, events)


def _online(consultation, rng: random.Random, priorities: list[int], questions: list[Question]) -> None:
    now = timezone.now()
    span = (now - consultation.opens_at).total_seconds()
    kinds, weights = zip(*RESPONDING_AS, strict=True)
    responses = []
    for _ in range(ONLINE_RESPONSES):
        submitted = consultation.opens_at + timedelta(seconds=span * rng.random() ** 0.8)
        respondent_type = rng.choices(kinds, weights)[0]
        responses.append(
            Response(
                consultation=consultation,
                channel=Channel.ONLINE,
                respondent_type=respondent_type,
                organisation=rng.choice(ORGANISATIONS)
                if respondent_type == RespondentType.ORGANISATION
                else "",
                respondent_type_other="A school governor" if respondent_type == RespondentType.OTHER else "",
                equality=_equality(rng),
                started_at=submitted - timedelta(minutes=rng.randint(4, 25)),
                submitted_at=submitted,
            )
        )
    Response.objects.bulk_create(responses)
    answers, comments, choices = [], [], []
    text_question = next((q for q in questions if q.kind == Question.Kind.TEXT), None)
    choice_question = next((q for q in questions if q.kind == Question.Kind.SINGLE), None)
    for response in responses:
        for position, priority in enumerate(priorities):
            if rng.random() < 0.06:
                continue  # Skipped.
            weights = DISPUTED_WEIGHTS if position % 5 == 2 else AGREEMENT_WEIGHTS
            answers.append(
                PriorityAnswer(
                    response=response, priority_id=priority, agreement=rng.choices(range(1, 6), weights)[0]
                )
            )
            if rng.random() < 0.08:
                comments.append(
                    Comment(
                        consultation=consultation,
                        response=response,
                        priority_id=priority,
                        text=rng.choice(COMMENTS),
                    )
                )
        if text_question is not None and rng.random() < 0.12:
            comments.append(
                Comment(
                    consultation=consultation,
                    response=response,
                    question=text_question,
                    text=rng.choice(OTHER_THOUGHTS),
                )
            )
        if choice_question is not None and rng.random() < 0.85:
            choices.append(
                Choice(
                    response=response, question=choice_question, option=rng.choice(choice_question.options)
                )
            )
    PriorityAnswer.objects.bulk_create(answers)
    Comment.objects.bulk_create(comments)
    Choice.objects.bulk_create(choices)


def _equality(rng: random.Random) -> dict:
    if rng.random() < 0.3:
        return {}  # Skipped the optional page.
    answers = {}
    for question in QUESTIONS:
        if rng.random() < 0.1:
            continue
        answers[question.key] = PREFER_NOT_TO_SAY if rng.random() < 0.08 else rng.choice(question.options)
    return answers


def _events(consultation, officer, priorities: list[int]) -> list[Event]:
    opened = timezone.localtime(consultation.opens_at).date()
    today = timezone.localdate()
    events = []
    for number, (kind, title, place, organisation, reached, (comment, speaks_to)) in enumerate(EVENTS):
        held_on = min(opened + timedelta(days=number), today)
        event = services.event_create(
            consultation=consultation,
            by=officer,
            kind=kind,
            title=title,
            held_on=held_on,
            place=place,
            organisation=organisation,
            people_reached=reached,
        )
        services.event_comment_add(
            event=event,
            by=officer,
            text=comment,
            priorities=[priorities[i] for i in speaks_to if i < len(priorities)],
        )
        events.append(event)
    return events


def _entered(consultation, officer, rng: random.Random, priorities: list[int], events: list[Event]) -> None:
    opened = timezone.localtime(consultation.opens_at).date()
    days = (timezone.localdate() - opened).days
    channels = (Channel.PAPER, Channel.PAPER, Channel.EMAIL, Channel.PHONE)
    for _ in range(ENTERED_RESPONSES):
        answers = {
            priority: (
                rng.choices(range(1, 6), AGREEMENT_WEIGHTS)[0],
                rng.choice(COMMENTS) if rng.random() < 0.1 else "",
            )
            for priority in priorities
        }
        services.response_enter(
            consultation=consultation,
            by=officer,
            form_key=new_token(),
            channel=rng.choice(channels),
            received_on=opened + timedelta(days=rng.randint(0, max(days, 0))),
            answers=answers,
            respondent_type=RespondentType.RESIDENT,
        )
