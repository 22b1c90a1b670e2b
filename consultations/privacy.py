"""
Respondents' personal data: purged when the retention period ends, and given or erased on request
(docs/decisions/0017-personal-data.md).

Personal data is the Respondent row (name, email address, organisation contact, consent to updates)
and, possibly, what a respondent wrote in a comment box. The purge and an erasure delete the
Respondent row and leave the anonymous answers; a started response never sent, of a closed
consultation, goes whole (it is not counted anywhere, and may hold an address given for a resume link).
The audit trail records that it happened and how many, never the data itself: audit rows are
immutable, and a copy there would outlive the erasure.
"""

import calendar
import csv
import datetime
import io
import json
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import audit
from core.models import AuditEntry

from . import permissions
from .models import Comment, Consultation, Respondent, Response, Status, Subscriber

log = logging.getLogger(__name__)

REASON_MAX = 200
# How an erased comment's text starts (respondent_erase): never quoted as an example in the report.
ERASED_NOTE = "[Removed at the respondent’s request"


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    """`moment` `months` calendar months later; the 31st of a shorter month is its last day."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def retention_ends(consultation: Consultation) -> datetime.datetime:
    """When the consultation's personal data is due to be purged."""
    return add_months(consultation.closes_at, consultation.retention_months)


def personal_data_purge_due(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """
    Delete the personal data whose retention period has ended (the beat job, daily): the Respondent
    rows of each closed consultation whose closing date plus its retention period has passed, and the
    started responses of every closed consultation that were never sent. One audit entry per
    consultation purged, with counts only, on behalf of the officer who scheduled or set it up (the
    audit trail needs someone; the entry says it was the retention period). Each consultation in a
    transaction of its own, so one failure does not hold back the others.
    """
    now = now or timezone.now()
    totals = {"respondents": 0, "started": 0, "failed": 0}
    closed = Consultation.objects.filter(status=Status.CLOSED).select_related(
        "strategy", "scheduled_by", "created_by"
    )
    for consultation in closed:
        expired = retention_ends(consultation) <= now
        respondents = Respondent.objects.filter(response__consultation=consultation)
        started = Response.objects.filter(consultation=consultation, submitted_at__isnull=True)
        if not started.exists() and not (expired and respondents.exists()):
            continue
        try:
            with transaction.atomic():
                # Respondents of the responses about to go are counted with them, not twice.
                erased = (
                    respondents.filter(response__submitted_at__isnull=False).delete()[1] if expired else {}
                )
                erased_count = erased.get(Respondent._meta.label, 0)
                deleted_started = started.count()
                started.delete()
                changes = {"reason": [None, "The retention period for personal data ended."]}
                if erased_count:
                    changes["respondents' personal data"] = [erased_count, 0]
                if deleted_started:
                    changes["started responses never sent"] = [deleted_started, 0]
                audit.audit_record(
                    actor=consultation.scheduled_by or consultation.created_by,
                    action=AuditEntry.Action.DELETED,
                    scope=consultation.strategy,
                    target=consultation,
                    changes=changes,
                )
        except Exception:  # Logged; tomorrow's run tries again.
            totals["failed"] += 1
            log.exception("Personal data of consultation %s was not purged", consultation.pk)
            continue
        totals["respondents"] += erased_count
        totals["started"] += deleted_started
    return totals


# Subject access and erasure -----------------------------------------------------------------------


def _require_responses(by, consultation: Consultation) -> None:
    if not permissions.can_read_responses(by, consultation):
        raise PermissionDenied("Only the board's officers can see or erase a respondent's personal data.")


def respondent_find(*, consultation: Consultation, query: str) -> list[Response]:
    """
    The responses of `consultation` whose respondent gave the email address `query` (whatever its
    case), or whose reference it is (with or without the hyphen). A read: the view checks the rule.
    """
    query = query.strip()
    if not query:
        return []
    reference = query.upper().replace("-", "").replace(" ", "")
    if len(reference) == 8:
        reference = f"{reference[:4]}-{reference[4:]}"
    return list(
        Response.objects.filter(consultation=consultation)
        .filter(Q(respondent__email__iexact=query) | Q(reference=reference))
        .select_related("respondent")
        .order_by("started_at", "pk")
    )


def held(response: Response) -> dict:
    """What is held about one respondent: their personal data, their response's details, their words."""
    respondent = Respondent.objects.filter(response=response).first()
    consultation = response.consultation
    return {
        "consultation": consultation.title,
        "reference": response.reference,
        "channel": response.get_channel_display(),
        "started": response.started_at.isoformat(),
        "sent": response.submitted_at.isoformat() if response.submitted_at else None,
        "received": response.received_on.isoformat() if response.received_on else None,
        "responding as": response.responding_as(),
        "personal data": None
        if respondent is None
        else {
            "name": respondent.name,
            "email address": respondent.email,
            "organisation contact details": respondent.contact,
            "wants updates": respondent.wants_updates,
            "consented to updates": respondent.consented_at.isoformat() if respondent.consented_at else None,
        },
        "personal data deleted after": retention_ends(consultation).date().isoformat(),
        "comments": [comment.text for comment in response.comments.order_by("pk")],
    }


def respondent_export(*, response: Response, by, as_format: str) -> tuple[str, str]:
    """
    One respondent's data, for a subject access request: (content, content type), JSON or CSV.
    Audited (who was given whose data), without the data.
    """
    _require_responses(by, response.consultation)
    if as_format not in ("json", "csv"):
        raise ValueError(f"No export as {as_format}")
    data = held(response)
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.EXPORTED,
        scope=response.consultation.strategy,
        target=response,
        changes={"personal data": [None, f"exported as {as_format.upper()}"]},
    )
    if as_format == "json":
        return json.dumps(data, indent=2, ensure_ascii=False), "application/json"
    rows = [(key, value) for key, value in data.items() if key not in ("personal data", "comments")]
    rows += [(key, value) for key, value in (data["personal data"] or {}).items()]
    rows += [("comment", text) for text in data["comments"]]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["what", "value"])
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue(), "text/csv; charset=utf-8"  # The BOM: Excel reads it as UTF-8.


def _reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": "Enter why the comments are removed"})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"The reason must be {REASON_MAX} characters or fewer"})
    return reason


@transaction.atomic
def respondent_erase(*, response: Response, by, blank_comments: bool = False, reason: str = "") -> int:
    """
    Erase one respondent's personal data on request: their Respondent row and, if `blank_comments`,
    the text of their response's comments (replaced by a note with `reason`, since free text can name
    them). The answers stay, anonymous. Audited with what was erased, never the data. Erasing again
    finds nothing left to erase. Returns how many comments were blanked.
    """
    _require_responses(by, response.consultation)
    response = (
        Response.objects.select_for_update(of=("self",))
        .select_related("consultation__strategy")
        .get(pk=response.pk)
    )
    note = f"{ERASED_NOTE}: {_reason(reason)}]" if blank_comments else ""
    respondent = Respondent.objects.filter(response=response).first()
    erased = 0
    if respondent is not None:
        # Their consent to updates goes with them: the subscription made from it, by the same address.
        if respondent.email:
            for subscriber in Subscriber.objects.filter(
                consultation=response.consultation, email__iexact=respondent.email, unsubscribed_at=None
            ):
                subscriber.unsubscribed_at, subscriber.email = timezone.now(), ""
                subscriber.save(update_fields=["unsubscribed_at", "email"])
        erased = respondent.delete()[0]
    blanked = 0
    if blank_comments:
        blanked = Comment.objects.filter(response=response).exclude(text=note).update(text=note)
    if not erased and not blanked:
        return 0
    changes = {}
    if erased:
        changes["personal data"] = ["held", "erased on request"]
    if blanked:
        changes["comments"] = [blanked, f"{blanked} removed: {' '.join(reason.split())}"]
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=response.consultation.strategy,
        target=response,
        changes=changes,
    )
    return blanked
