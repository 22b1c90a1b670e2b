"""
Responses made directly with the ORM, for the tests of what is done with them (analysis, monitoring,
export), apart from how a resident gives them.

    make_response(consultation, channel="paper", agreements={priority_id: 4}, comments={...}, ...)
    make_responses(consultation, 100, ...)   the same, many at once (bulk inserts), varied
"""

import datetime
import itertools

from django.utils import timezone

from consultations.models import (
    Channel,
    Choice,
    Comment,
    PriorityAnswer,
    Respondent,
    RespondentType,
    Response,
)


def make_response(
    consultation,
    *,
    channel: str = Channel.ONLINE,
    respondent_type: str = RespondentType.RESIDENT,
    organisation: str = "",
    submitted_at: datetime.datetime | None = None,
    submitted: bool = True,
    agreements: dict[int, int | None] | None = None,
    comments: dict[int, str] | None = None,
    answers: dict | None = None,
    equality: dict | None = None,
    respondent: dict | None = None,
) -> Response:
    """
    One response. `agreements` and `comments` are keyed by priority id; `answers` by Question: a text
    for a text question, a list of options for a choice question. `respondent`: Respondent fields.
    """
    response = Response.objects.create(
        consultation=consultation,
        channel=channel,
        received_on=None if channel == Channel.ONLINE else timezone.localdate(),
        respondent_type=respondent_type,
        organisation=organisation,
        equality=equality or {},
        submitted_at=(submitted_at or timezone.now()) if submitted else None,
    )
    PriorityAnswer.objects.bulk_create(
        PriorityAnswer(response=response, priority_id=priority_id, agreement=agreement)
        for priority_id, agreement in (agreements or {}).items()
    )
    Comment.objects.bulk_create(
        Comment(consultation=consultation, response=response, priority_id=priority_id, text=text)
        for priority_id, text in (comments or {}).items()
    )
    for question, answer in (answers or {}).items():
        if isinstance(answer, str):
            Comment.objects.create(
                consultation=consultation, response=response, question=question, text=answer
            )
        else:
            Choice.objects.bulk_create(Choice(response=response, question=question, option=o) for o in answer)
    if respondent is not None:
        Respondent.objects.create(response=response, **respondent)
    return response


def make_responses(consultation, n: int, *, start: datetime.datetime | None = None) -> list[Response]:
    """
    `n` submitted responses across the channels and respondent types, over several days from `start`,
    each answering every priority of the consulted text (levels in turn) with a comment on the first,
    every general question, and the equality questions; every third gives an email address.
    """
    start = start or timezone.now() - datetime.timedelta(days=3)
    priorities = [priority["id"] for priority in consultation.priorities()]
    questions = list(consultation.questions.all())
    channels, types = itertools.cycle(Channel.values), itertools.cycle(RespondentType.values)
    responses = Response.objects.bulk_create(
        Response(
            consultation=consultation,
            channel=(channel := next(channels)),
            received_on=None if channel == Channel.ONLINE else start.date(),
            respondent_type=(kind := next(types)),
            organisation=f"Organisation {i}" if kind == RespondentType.ORGANISATION else "",
            equality={"age": "25 to 34", "sex": "Prefer not to say"},
            submitted_at=start + datetime.timedelta(hours=7 * i),
        )
        for i in range(n)
    )
    PriorityAnswer.objects.bulk_create(
        PriorityAnswer(response=response, priority_id=priority_id, agreement=(i + j) % 5 + 1)
        for i, response in enumerate(responses)
        for j, priority_id in enumerate(priorities)
    )
    comments = [
        Comment(consultation=consultation, response=response, priority_id=priorities[0], text=f"Comment {i}")
        for i, response in enumerate(responses)
        if priorities
    ]
    choices = []
    for i, response in enumerate(responses):
        for question in questions:
            if question.kind == question.Kind.TEXT:
                comments.append(
                    Comment(
                        consultation=consultation, response=response, question=question, text=f"Answer {i}"
                    )
                )
            else:
                choices.append(Choice(response=response, question=question, option=question.options[i % 2]))
    Comment.objects.bulk_create(comments)
    Choice.objects.bulk_create(choices)
    Respondent.objects.bulk_create(
        Respondent(response=response, name=f"Person {i}", email=f"person{i}@example.org")
        for i, response in enumerate(responses)
        if i % 3 == 0
    )
    return responses


def open_on_a_draft(board, officer, *, single_choice: dict[str, list[str]] | None = None):
    """
    "Have your say on our draft", open, on a draft strategy of the board (the factories' two priorities),
    with a single-choice general question for each of `single_choice` (text: options): the browser tests'
    usual consultation.
    """
    from consultations import services
    from consultations.models import Question, Status
    from tests.factories import ConsultationFactory, StrategyFactory

    strategy = StrategyFactory(board=board, title="Draft Joint Health and Wellbeing Strategy", slug="draft")
    consultation = ConsultationFactory(
        strategy=strategy, created_by=officer, title="Have your say on our draft", slug="have-your-say"
    )
    for text, options in (single_choice or {}).items():
        services.question_create(
            consultation=consultation, by=officer, text=text, kind=Question.Kind.SINGLE, options=options
        )
    services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
    return services.consultation_transition(consultation=consultation, to_status=Status.OPEN, by=officer)
