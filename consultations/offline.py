"""
What the board's officers enter on residents' behalf (docs/decisions/0015-offline-responses-and-events.md):
responses that came on paper, by email, by phone or at an event (the events themselves, and the comments
captured there, are in events.py).

An entered response is a Response like an online one, submitted as it is saved, with its channel, the
date it was received and who entered it: every channel lands in one response set. Its answers are
checked as the resident's pages check them (responding.priority_rows and question_rows), except that a
required question may be blank (the paper form was sent like that, and the officer cannot invent an
answer). Entry is allowed while the consultation is open and after it closes (paper arrives late).

Free text never goes into the audit trail (it is immutable, and a comment may name someone who later
asks to be erased): entries record the fields that changed and, for comments, only how many there are.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone

from core import audit
from core.models import AuditEntry

from . import equality as equality_questions
from . import permissions
from .models import (
    OFFLINE_CHANNELS,
    Channel,
    Choice,
    Comment,
    Consultation,
    Event,
    PriorityAnswer,
    RespondentType,
    Response,
    Status,
    StatusChange,
)
from .responding import SHORT_MAX, form_key_digest, priority_rows, question_rows

REASON_MAX = 500
EVENT_FIELDS = ("kind", "title", "held_on", "place", "organisation", "people_reached", "notes")
# The statuses in which offline responses and event comments are entered: once there is a consulted text.
ENTRY_STATUSES = frozenset({Status.OPEN, Status.CLOSED})


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_responses(by, consultation: Consultation) -> None:
    _require(
        permissions.can_read_responses(by, consultation),
        "Only the board's officers can enter, change or delete responses.",
    )


def _require_events(by, consultation: Consultation) -> None:
    _require(permissions.can_edit(by, consultation), "Only the board's officers can record events.")


def _require_entry(consultation: Consultation) -> None:
    if consultation.status not in ENTRY_STATUSES:
        raise ValidationError(
            f"This consultation is {consultation.get_status_display().lower()}: responses and comments are "
            "entered once it has opened, when the text consulted on is fixed.",
            code="not_open",
        )


def opened_on(consultation: Consultation) -> datetime.date:
    """The day it opened (by hand or on schedule), else the day it is due to: no response is older."""
    opened = (
        StatusChange.objects.filter(consultation=consultation, to_status=Status.OPEN).order_by("at").first()
    )
    return timezone.localdate(opened.at if opened else consultation.opens_at)


# Offline responses ---------------------------------------------------------------------------------


@dataclass
class Entry:
    """An entered response's rows, checked, before they are written."""

    fields: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)
    errors: dict = field(default_factory=dict)


def _checked(
    consultation: Consultation,
    response: Response,
    *,
    channel: str,
    received_on,
    event: Event | None,
    answers: dict,
    questions: dict,
    respondent_type: str,
    organisation: str,
    other: str,
    equality: dict,
) -> Entry:
    """Every check of an entered response at once, so the officer sees every error together."""
    entry = Entry()
    errors = entry.errors
    if channel not in OFFLINE_CHANNELS:
        errors["channel"] = "Select how the response came: on paper, by email, by phone or at an event"
    if not isinstance(received_on, datetime.date):
        errors["received_on"] = "Enter the date the response was received"
    elif received_on > timezone.localdate():
        errors["received_on"] = "The date received must be today or in the past"
    elif received_on < (first := opened_on(consultation)):
        errors["received_on"] = (
            "The date received must be on or after the day the consultation opened, "
            f"{dateformat.format(first, 'j F Y')}"
        )
    if event is not None and event.consultation_id != consultation.pk:
        errors["event"] = "Select an event of this consultation"
    elif channel == Channel.EVENT and event is None:
        errors["event"] = "Select the event the response came from"
    elif event is not None and channel != Channel.EVENT:
        errors["event"] = "Only a response that came at an event names one: select “At an event”, or no event"

    priorities = {priority["id"]: priority for priority in consultation.priorities()}
    agreements, priority_comments, problems = priority_rows(consultation, response, priorities, answers)
    errors |= problems
    by_id = {question.pk: question for question in consultation.questions.all()}
    choices, question_comments, problems = question_rows(
        consultation, response, by_id, questions, enforce_required=False
    )
    errors |= problems

    organisation, other = organisation.strip(), other.strip()
    if respondent_type and respondent_type not in RespondentType.values:
        errors["respondent_type"] = (
            "Select who they responded as, or leave it blank if the response does not say"
        )
    if respondent_type == RespondentType.ORGANISATION and not organisation:
        errors["organisation"] = "Enter the name of the organisation they responded for"
    for name, value, noun in (
        ("organisation", organisation, "The organisation's name"),
        ("other", other, "Who they responded as"),
    ):
        if len(value) > SHORT_MAX and name not in errors:
            errors[name] = f"{noun} must be {SHORT_MAX} characters or fewer"
    equality_answers, problems = equality_questions.clean_answers(equality)
    errors |= {f"equality_{key}": message for key, message in problems.items()}

    entry.fields = {
        "channel": channel,
        "received_on": received_on,
        "event": event,
        "respondent_type": respondent_type,
        "organisation": organisation if respondent_type == RespondentType.ORGANISATION else "",
        "respondent_type_other": other if respondent_type == RespondentType.OTHER else "",
        "equality": equality_answers,
    }
    entry.rows = [*agreements, *priority_comments, *choices, *question_comments]
    return entry


def _write_rows(response: Response, rows: list) -> None:
    for model in (PriorityAnswer, Comment, Choice):
        model.objects.bulk_create([row for row in rows if isinstance(row, model)])


def _described(response: Response) -> dict:
    """What the audit trail keeps of a response: its structured answers, and only a count of its comments."""
    return {
        "channel": response.get_channel_display(),
        "received_on": response.received_on.isoformat() if response.received_on else None,
        "event": str(response.event) if response.event_id else None,
        "responding as": response.responding_as() or None,
        "equality": response.equality or None,
        "agreement": {
            str(answer.priority_id): answer.agreement
            for answer in response.priority_answers.order_by("priority_id")
        }
        or None,
        "choices": sorted(f"{choice.question_id}: {choice.option}" for choice in response.choices.all())
        or None,
        "comments": response.comments.count(),
    }


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the response is being changed"})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"The reason must be {REASON_MAX} characters or fewer"})
    return reason


@transaction.atomic
def response_enter(
    *,
    consultation: Consultation,
    by,
    form_key: str,
    channel: str,
    received_on: datetime.date | None,
    answers: dict[int, tuple[int | None, str]] | None = None,
    questions: dict[int, str | list[str]] | None = None,
    respondent_type: str = "",
    organisation: str = "",
    other: str = "",
    equality: dict[str, str] | None = None,
    event: Event | None = None,
) -> Response:
    """
    Enter a response that came on paper, by email, by phone or at an event: answers to the priorities
    ({priority id: (agreement 1 to 5 or None, comment)}), the general questions ({question id: text or
    choices}), who they responded as, the equality answers. It is saved submitted, with who entered it.
    `form_key` is the entry form's one-time key: the same form sent twice returns the first response.
    Errors are keyed by the entry form's field names (agreement_<id>, question_<id>, equality_<key>...).
    """
    _require_responses(by, consultation)
    digest = form_key_digest(form_key)
    if (first := _first_for(digest, consultation)) is not None:
        return first
    consultation = Consultation.objects.select_related("revision").get(pk=consultation.pk)
    _require_entry(consultation)
    response = Response(consultation=consultation, entered_by=by, form_key=digest)
    entry = _checked(
        consultation,
        response,
        channel=channel,
        received_on=received_on,
        event=event,
        answers=answers or {},
        questions=questions or {},
        respondent_type=respondent_type,
        organisation=organisation,
        other=other,
        equality=equality or {},
    )
    if entry.errors:
        raise ValidationError(entry.errors)
    for name, value in entry.fields.items():
        setattr(response, name, value)
    response.submitted_at = timezone.now()
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        # The same form sent at the same moment: the other request saved it.
        if (first := _first_for(digest, consultation)) is not None:
            return first
        raise
    _write_rows(response, entry.rows)
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.CREATED,
        scope=consultation.strategy,
        target=response,
        changes={name: [None, value] for name, value in _described(response).items() if value},
    )
    return response


def _first_for(digest: str, consultation: Consultation) -> Response | None:
    first = Response.objects.filter(form_key=digest).first()
    if first is not None and first.consultation_id != consultation.pk:
        raise ValidationError("This form has already been used. Reload the page and try again")
    return first


def _locked_entered(response: Response) -> Response:
    response = (
        Response.objects.select_for_update(of=("self",))
        .select_related("consultation__revision", "consultation__strategy", "event")
        .get(pk=response.pk)
    )
    if response.channel == Channel.ONLINE:
        raise ValidationError(
            "This response was sent online by the resident: it is theirs, and officers cannot change it.",
            code="online",
        )
    return response


@transaction.atomic
def response_update(
    *,
    response: Response,
    by,
    reason: str,
    channel: str,
    received_on: datetime.date | None,
    answers: dict[int, tuple[int | None, str]] | None = None,
    questions: dict[int, str | list[str]] | None = None,
    respondent_type: str = "",
    organisation: str = "",
    other: str = "",
    equality: dict[str, str] | None = None,
    event: Event | None = None,
) -> Response:
    """
    Correct a mistake in an entered response (never an online one): everything is replaced by what is
    given, as response_enter takes it, and the change is audited with `reason`.
    """
    _require_responses(by, response.consultation)
    response = _locked_entered(response)
    consultation = response.consultation
    entry = _checked(
        consultation,
        response,
        channel=channel,
        received_on=received_on,
        event=event,
        answers=answers or {},
        questions=questions or {},
        respondent_type=respondent_type,
        organisation=organisation,
        other=other,
        equality=equality or {},
    )
    try:
        reason = _reason(reason)
    except ValidationError as error:
        entry.errors |= error.message_dict
    if entry.errors:
        raise ValidationError(entry.errors)
    before = _described(response)
    texts = sorted((c.priority_id or 0, c.question_id or 0, c.text) for c in response.comments.all())
    for name, value in entry.fields.items():
        setattr(response, name, value)
    response.save()
    response.priority_answers.all().delete()
    response.comments.all().delete()
    response.choices.all().delete()
    _write_rows(response, entry.rows)
    after = _described(response)
    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if sorted((c.priority_id or 0, c.question_id or 0, c.text) for c in response.comments.all()) != texts:
        changes["comment text"] = [None, "edited (the text is not kept here)"]
    if changes:
        changes["reason"] = [None, reason]
        audit.audit_record(
            actor=by,
            action=AuditEntry.Action.UPDATED,
            scope=consultation.strategy,
            target=response,
            changes=changes,
        )
    return response


@transaction.atomic
def response_delete(*, response: Response, by, reason: str) -> None:
    """Delete an entered response made by mistake (never an online one), audited with `reason`."""
    _require_responses(by, response.consultation)
    response = _locked_entered(response)
    reason = _reason(reason)
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=response.consultation.strategy,
        target=response,
        changes={
            **{name: [value, None] for name, value in _described(response).items() if value},
            "reason": [None, reason],
        },
    )
    response.delete()
