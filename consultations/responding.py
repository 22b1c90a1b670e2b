"""
A resident's online response, page by page (docs/decisions/0013-consultations.md).

These services take no `by`: a resident answers without an account, and their authority over a
started response is its secret resume_key (kept in their session, later in a resume link), which the
view has already matched. Each page's save replaces that page's rows, so sending a page again (after
going back to change an answer) never leaves old answers behind, and a refused page saves nothing.
Every save is refused once the consultation has closed (ConsultationClosed: the view shows what the
resident typed so that it is not lost) or once the response is submitted (AlreadySubmitted).
"""

import hashlib
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone

from core.text import time_of_day

from . import emails, equality, subscribers
from .models import (
    COMMENT_MAX,
    Agreement,
    Choice,
    Comment,
    Consultation,
    Email,
    PriorityAnswer,
    Question,
    Respondent,
    RespondentType,
    Response,
    Status,
)

SHORT_MAX = 200  # Organisation name, "other", a name: the model's CharField lengths.


class ConsultationClosed(ValidationError):
    """The consultation does not take answers now: it has closed (or is not open at all)."""


class AlreadySubmitted(ValidationError):
    """The response was submitted: it can no longer change."""


def is_taking_answers(consultation: Consultation, now: datetime | None = None) -> bool:
    """Open, and its closing time not yet come (the schedule closes it within a minute of that)."""
    return consultation.status == Status.OPEN and (now or timezone.now()) < consultation.closes_at


def _require_taking_answers(consultation: Consultation) -> None:
    if not is_taking_answers(consultation):
        if consultation.status in (Status.OPEN, Status.CLOSED):
            local = timezone.localtime(consultation.closes_at)
            closes = f"{time_of_day(local)} on {dateformat.format(local, 'l j F Y')}"
            message = f"This consultation closed at {closes}, so your answers could not be saved."
        else:
            message = "This consultation is not open, so your answers could not be saved."
        raise ConsultationClosed(message, code="closed")


def _locked(response: Response) -> Response:
    """The response, locked, with its consultation; refused if it can no longer change."""
    response = (
        Response.objects.select_for_update(of=("self",))
        .select_related("consultation__revision")
        .get(pk=response.pk)
    )
    if response.is_submitted:
        raise AlreadySubmitted("You have already sent your response, so it can no longer change.")
    _require_taking_answers(response.consultation)
    return response


def _too_long(text: str, noun: str) -> str | None:
    if len(text) > COMMENT_MAX:
        return f"{noun} must be {COMMENT_MAX:,} characters or fewer"
    return None


def form_key_digest(form_key: str) -> str:
    """What Response.form_key keeps of a form's one-time key: its hash (a signed token is longer)."""
    return hashlib.sha256(form_key.encode()).hexdigest()


@transaction.atomic
def response_start(*, consultation: Consultation, form_key: str) -> Response:
    """
    Start an online response. `form_key` is the start form's one-time key: the same form sent twice
    (a double click, a refresh) returns the response the first one started.
    """
    digest = form_key_digest(form_key)
    first = Response.objects.filter(form_key=digest).first()
    if first is not None:
        if first.consultation_id != consultation.pk:
            raise ValidationError("This form has already been used. Reload the page and try again")
        return first
    _require_taking_answers(consultation)
    try:
        with transaction.atomic():
            return Response.objects.create(consultation=consultation, form_key=digest)
    except IntegrityError:
        # The same form sent at the same moment: the other request made it.
        first = Response.objects.get(form_key=digest)
        if first.consultation_id != consultation.pk:
            raise ValidationError("This form has already been used. Reload the page and try again") from None
        return first


def _domain(consultation: Consultation, domain_id: int) -> dict:
    for domain in consultation.domains():
        if domain["id"] == domain_id:
            return domain
    raise ValidationError(
        "This page is not part of the consultation. Go back to the start and try again", code="no_domain"
    )


def priority_rows(
    consultation: Consultation,
    response: Response,
    priorities: dict[int, dict],
    answers: dict[int, tuple[int | None, str]],
) -> tuple[list[PriorityAnswer], list[Comment], dict[str, str]]:
    """
    Check answers to `priorities` ({id: priority from the consulted text}), {priority id: (agreement 1
    to 5 or None, comment)}: (the answer rows, the comment rows, errors keyed agreement_<id> and
    comment_<id>). An answer to a priority not among them is forged: refused outright.
    Shared by the resident's pages and the officers' entry of offline responses (offline.py).
    """
    if set(answers) - set(priorities):
        raise ValidationError(
            "The page was sent with a question that is not part of it. Reload the page and try again",
            code="forged",
        )
    errors: dict[str, str] = {}
    rows, comments = [], []
    for priority_id, (agreement, comment) in answers.items():
        title = priorities[priority_id]["title"]
        if agreement is not None and agreement not in Agreement.values:
            errors[f"agreement_{priority_id}"] = f"Select how far you agree with “{title}”"
        comment = (comment or "").strip()
        if problem := _too_long(comment, f"Your comment on “{title}”"):
            errors[f"comment_{priority_id}"] = problem
        if agreement is not None:
            rows.append(PriorityAnswer(response=response, priority_id=priority_id, agreement=agreement))
        if comment:
            comments.append(
                Comment(consultation=consultation, response=response, priority_id=priority_id, text=comment)
            )
    return rows, comments, errors


@transaction.atomic
def response_save_domain(
    *, response: Response, domain_id: int, answers: dict[int, tuple[int | None, str]]
) -> Response:
    """
    Save the answers to one domain's priorities: {priority id: (agreement 1 to 5 or None, comment)}.
    Every priority of the domain not in `answers` is left unanswered. Errors are keyed by the page's
    field names, agreement_<id> and comment_<id>.
    """
    response = _locked(response)
    consultation = response.consultation
    domain = _domain(consultation, domain_id)
    priorities = {priority["id"]: priority for priority in domain["priorities"]}
    rows, comments, errors = priority_rows(consultation, response, priorities, answers)
    if errors:
        raise ValidationError(errors)
    response.priority_answers.filter(priority_id__in=priorities).delete()
    response.comments.filter(priority_id__in=priorities).delete()
    PriorityAnswer.objects.bulk_create(rows)
    Comment.objects.bulk_create(comments)
    response.save(update_fields=["updated_at"])
    return response


def question_error(question: Question, value, *, complete: bool = True) -> str | None:
    """Why `value` is not an answer to `question`, or None. A required question may wait if not `complete`."""
    empty = value in (None, "", [], ())
    if empty:
        return f"Answer “{question.text}”" if question.required and complete else None
    if question.kind == Question.Kind.TEXT:
        if not isinstance(value, str):
            return f"Answer “{question.text}” in words"
        return _too_long(value.strip(), "Your answer")
    chosen = [value] if isinstance(value, str) else list(value)
    if question.kind == Question.Kind.SINGLE and len(chosen) != 1:
        return f"Select one answer to “{question.text}”"
    if any(option not in question.options for option in chosen):
        return "Select from the answers given"
    return None


def question_rows(
    consultation: Consultation,
    response: Response,
    questions: dict[int, Question],
    data: dict[int, str | list[str]],
    *,
    enforce_required: bool = True,
) -> tuple[list[Choice], list[Comment], dict[str, str]]:
    """
    Check answers to the general questions, {question id: text, a choice, or a list of choices}: (the
    choice rows, the comment rows, errors keyed question_<id>). An answer to a question not among
    them is forged: refused outright. `enforce_required=False` for an officer entering a paper
    response, which may have left a required question blank, and for a resident saving to come back
    to later.
    """
    if set(data) - set(questions):
        raise ValidationError(
            "The page was sent with a question that is not part of it. Reload the page and try again",
            code="forged",
        )
    errors: dict[str, str] = {}
    choices, comments = [], []
    for pk, question in questions.items():
        value = data.get(pk)
        empty = value in (None, "", [], ())
        if problem := question_error(question, value, complete=enforce_required):
            errors[f"question_{pk}"] = problem
            continue
        if empty:
            continue
        if question.kind == Question.Kind.TEXT:
            if value.strip():
                comments.append(
                    Comment(
                        consultation=consultation, response=response, question=question, text=value.strip()
                    )
                )
        else:
            for option in dict.fromkeys([value] if isinstance(value, str) else value):
                choices.append(Choice(response=response, question=question, option=option))
    return choices, comments, errors


@transaction.atomic
def response_save_questions(
    *, response: Response, data: dict[int, str | list[str]], complete: bool = True
) -> Response:
    """
    Save the answers to the general questions: {question id: text, a choice, or a list of choices}.
    A required question unanswered, or a choice not offered, is an error on question_<id>; saved
    to come back to later (`complete` false), a required question may wait until sending.
    """
    response = _locked(response)
    consultation = response.consultation
    questions = {question.pk: question for question in consultation.questions.all()}
    choices, comments, errors = question_rows(
        consultation, response, questions, data, enforce_required=complete
    )
    if errors:
        raise ValidationError(errors)
    response.choices.all().delete()
    response.comments.filter(question__isnull=False).delete()
    Choice.objects.bulk_create(choices)
    Comment.objects.bulk_create(comments)
    response.save(update_fields=["updated_at"])
    return response


@transaction.atomic
def response_save_about(
    *,
    response: Response,
    respondent_type: str,
    organisation: str = "",
    other: str = "",
    name: str = "",
    email: str = "",
    wants_updates: bool = False,
    complete: bool = True,
) -> Response:
    """
    Who they respond as (an organisation's name when on its behalf), and, apart from the answers in a
    Respondent row, their name and email address; updates only with their explicit consent. Saved to
    come back to later (`complete` false), who they respond as may wait until sending.
    """
    response = _locked(response)
    organisation, other, name, email = (value.strip() for value in (organisation, other, name, email))
    errors: dict[str, str] = {}
    if respondent_type not in RespondentType.values and (complete or respondent_type):
        errors["respondent_type"] = "Select who you are responding as"
    if respondent_type == RespondentType.ORGANISATION and not organisation and complete:
        errors["organisation"] = "Enter the name of the organisation you are responding for"
    for field, value, noun in (
        ("organisation", organisation, "The organisation's name"),
        ("other", other, "Who you are responding as"),
        ("name", name, "Your name"),
    ):
        if len(value) > SHORT_MAX and field not in errors:
            errors[field] = f"{noun} must be {SHORT_MAX} characters or fewer"
    if email:
        if problem := _email_error(email):
            errors["email"] = problem
    elif wants_updates:
        errors["email"] = "Enter your email address to get updates, or untick the box"
    if errors:
        raise ValidationError(errors)
    response.respondent_type = respondent_type
    response.organisation = organisation if respondent_type == RespondentType.ORGANISATION else ""
    response.respondent_type_other = other if respondent_type == RespondentType.OTHER else ""
    response.save(update_fields=["respondent_type", "organisation", "respondent_type_other", "updated_at"])
    if name or email:
        existing = Respondent.objects.filter(response=response).first()
        consented_at = None
        if wants_updates:  # When they first gave their consent, kept while they keep giving it.
            kept = existing.consented_at if existing and existing.wants_updates else None
            consented_at = kept or timezone.now()
        Respondent.objects.update_or_create(
            response=response,
            defaults={
                "name": name,
                "email": email,
                "wants_updates": wants_updates,
                "consented_at": consented_at,
            },
        )
    else:
        Respondent.objects.filter(response=response).delete()
    return response


@transaction.atomic
def response_save_equality(*, response: Response, data: dict[str, str]) -> Response:
    """The equality monitoring answers (all optional), kept as the labels given."""
    response = _locked(response)
    if not response.consultation.ask_equality:
        raise ValidationError("This consultation does not ask the equality monitoring questions.")
    answers, errors = equality.clean_answers(data)
    if errors:
        raise ValidationError(errors)
    response.equality = answers
    response.save(update_fields=["equality", "updated_at"])
    return response


def _email_error(email: str) -> str | None:
    if len(email) > 254:
        return "Enter an email address of 254 characters or fewer"
    try:
        validate_email(email)
    except ValidationError:
        return "Enter an email address in the correct format, like name@example.com"
    return None


@transaction.atomic
def response_save_for_later(*, response: Response, email: str, form_key: str) -> Email:
    """
    Send a link to come back to the response to `email`, kept on its Respondent (made if need be),
    apart from the answers. `form_key` is the form's one-time key: the same form sent twice sends
    one email.
    """
    response = _locked(response)
    email = email.strip()
    if not email:
        raise ValidationError({"email": "Enter your email address"})
    if problem := _email_error(email):
        raise ValidationError({"email": problem})
    respondent, _ = Respondent.objects.get_or_create(response=response, defaults={"email": email})
    if respondent.email != email:
        respondent.email = email
        respondent.save(update_fields=["email"])
    return emails.email_enqueue(
        response=response, kind=Email.Kind.RESUME_LINK, key=f"resume:{form_key_digest(form_key)}"
    )


def first_unanswered_page(response: Response) -> str:
    """
    Where a resident coming back to a response picks up: the first page with nothing saved on it
    (a domain, the general questions, about you, the equality questions), else "check".
    Returns a domain's id as a string, or the page's name.
    """
    consultation = response.consultation
    answered = set(response.priority_answers.values_list("priority_id", flat=True)) | set(
        response.comments.filter(priority_id__isnull=False).values_list("priority_id", flat=True)
    )
    for domain in consultation.domains():
        ids = {priority["id"] for priority in domain["priorities"]}
        if ids and not ids & answered:
            return str(domain["id"])
    if consultation.questions.exists() and not (
        response.choices.exists() or response.comments.filter(question__isnull=False).exists()
    ):
        return "questions"
    if not response.respondent_type:
        return "about"
    if consultation.ask_equality and not response.equality:
        return "equality"
    return "check"


def missing_answers(response: Response) -> dict[str, str]:
    """What must be answered before sending: {page: message}."""
    missing = {}
    if not response.respondent_type:
        missing["about"] = "Say who you are responding as"
    elif response.respondent_type == RespondentType.ORGANISATION and not response.organisation:
        missing["about"] = "Enter the name of the organisation you are responding for"
    answered = set(response.choices.values_list("question_id", flat=True)) | set(
        response.comments.filter(question__isnull=False).values_list("question_id", flat=True)
    )
    for question in response.consultation.questions.filter(required=True):
        if question.pk not in answered:
            missing["questions"] = f"Answer “{question.text}”"
            break
    return missing


@transaction.atomic
def response_submit(*, response: Response) -> Response:
    """
    Send the response: it now counts. Sending it twice (a double click) returns it as sent; after the
    consultation closes it is refused with ConsultationClosed. If they gave an email address, a
    confirmation is sent to it (after the commit, by Celery).
    """
    locked = (
        Response.objects.select_for_update(of=("self",)).select_related("consultation").get(pk=response.pk)
    )
    if locked.is_submitted:
        return locked
    _require_taking_answers(locked.consultation)
    missing = missing_answers(locked)
    if missing:
        raise ValidationError(missing)
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["submitted_at", "updated_at"])
    respondent = Respondent.objects.filter(response=locked).exclude(email="").first()
    if respondent is not None:
        emails.email_enqueue(response=locked, kind=Email.Kind.CONFIRMATION, key=f"confirmation:{locked.pk}")
        if respondent.wants_updates:  # Their consent: a subscriber, once they confirm by the emailed link.
            subscribers.subscriber_add(email=respondent.email, consultation=locked.consultation)
    return locked
