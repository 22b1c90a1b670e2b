"""
Responses marked as duplicates (docs/decisions/0020-duplicates-and-campaigns.md).

A form sent twice is caught by its one-time key (Response.form_key) and never makes two responses. What
gets through is the same person answering twice: two tabs, online and on paper, a letter and an email.
The board's officers mark such a response as a duplicate, with a reason and, if they know it, the
response it duplicates. It is flagged, never deleted: it stays in the export with the mark, and no figure
counts it (ResponseQuerySet.counted), which the report states.

The audit trail keeps who marked what, and which response it duplicates, never the reason: a reason says
why two responses are one person's ("same name and address as ..."), which is about that person, and the
trail cannot be erased.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core import audit
from core.models import AuditEntry

from . import permissions
from .models import DUPLICATE_REASON_MAX, Response


def _require_responses(by, response: Response) -> None:
    if not permissions.can_read_responses(by, response.consultation):
        raise PermissionDenied("Only the board's officers can mark a response as a duplicate.")


def clean_reference(reference: str) -> str:
    """A reference as typed ("abcd efgh", "ABCDEFGH", " ABCD-EFGH ") in the form it is stored."""
    compact = "".join(character for character in str(reference) if character.isalnum()).upper()
    return f"{compact[:4]}-{compact[4:]}" if len(compact) == 8 else compact


def _locked(response: Response) -> Response:
    return (
        Response.objects.select_for_update(of=("self",))
        .select_related("consultation__strategy", "duplicate_of")
        .get(pk=response.pk)
    )


def _original(response: Response, reference: str) -> Response | None:
    """The response `response` duplicates, by its reference: of the same consultation, counted, not itself."""
    if not reference.strip():
        return None
    cleaned = clean_reference(reference)
    original = (
        Response.objects.select_for_update(of=("self",))
        .filter(consultation=response.consultation_id, reference=cleaned, submitted_at__isnull=False)
        .first()
    )
    if original is None:
        raise ValidationError(
            {"duplicate_of": f"There is no response with the reference {cleaned[:20]} in this consultation"}
        )
    if original.pk == response.pk:
        raise ValidationError({"duplicate_of": "Enter the reference of another response, not this one"})
    if original.is_duplicate:
        # Pointing at a response that is itself a duplicate could make a loop that counts neither.
        target = f" of {original.duplicate_of.reference}" if original.duplicate_of_id else ""
        raise ValidationError(
            {
                "duplicate_of": f"Response {original.reference} is itself marked as a duplicate{target}: "
                "enter the reference of the response that is counted"
            }
        )
    return original


@transaction.atomic
def response_mark_duplicate(*, response: Response, by, reason: str, duplicate_of: str = "") -> Response:
    """
    Mark a submitted response as a duplicate, with a reason, and optionally the reference of the response
    it duplicates (of the same consultation, and counted itself). Marking a marked response again changes
    its reason or original.
    """
    _require_responses(by, response)
    response = _locked(response)
    errors = {}
    if not response.is_submitted:
        raise ValidationError("Only a response that was sent can be marked as a duplicate.")
    reason = " ".join(str(reason or "").split())
    if not reason:
        errors["reason"] = "Enter why this response is a duplicate"
    elif len(reason) > DUPLICATE_REASON_MAX:
        errors["reason"] = f"The reason must be {DUPLICATE_REASON_MAX} characters or fewer"
    try:
        original = _original(response, duplicate_of)
    except ValidationError as error:
        errors |= error.message_dict
    if errors:
        raise ValidationError(errors)
    before, reason_before = _described(response), response.duplicate_reason
    was_marked = response.is_duplicate
    response.duplicate_of = original
    response.duplicate_reason = reason
    if not was_marked:
        response.duplicate_marked_at = timezone.now()
        response.duplicate_marked_by = by
    response.save(
        update_fields=["duplicate_of", "duplicate_reason", "duplicate_marked_at", "duplicate_marked_by"]
    )
    after = _described(response)
    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if reason != reason_before:
        changes["reason"] = [None, "given (kept on the response, not here)"]
    if changes:
        audit.audit_record(
            actor=by,
            action=AuditEntry.Action.UPDATED,
            scope=response.consultation.strategy,
            target=response,
            changes=changes,
        )
    return response


@transaction.atomic
def response_unmark_duplicate(*, response: Response, by) -> Response:
    """Take the duplicate mark off a response: it is counted again."""
    _require_responses(by, response)
    response = _locked(response)
    if not response.is_duplicate:
        return response
    before = _described(response)
    response.duplicate_of = None
    response.duplicate_reason = ""
    response.duplicate_marked_at = None
    response.duplicate_marked_by = None
    response.save(
        update_fields=["duplicate_of", "duplicate_reason", "duplicate_marked_at", "duplicate_marked_by"]
    )
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATED,
        scope=response.consultation.strategy,
        target=response,
        changes={"duplicate": [before["duplicate"], False], "duplicate of": [before["duplicate of"], None]},
    )
    return response


def _described(response: Response) -> dict:
    """What the audit trail keeps of the mark: whether, and of which response. The reason is left out."""
    return {
        "duplicate": response.is_duplicate,
        "duplicate of": response.duplicate_of.reference if response.duplicate_of_id else None,
    }
