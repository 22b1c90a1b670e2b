"""
Which comments the consultation report may quote (docs/decisions/0018-you-said-we-did-and-the-report.md).

The report quotes up to two comments of each theme that at least five comments share, chosen by the
portal (report.py) and redacted of email addresses, phone numbers and postcodes. Names and other details
that could point at someone cannot be found by a rule, so the board's officers read what would be
quoted, on the report's page, and withhold a comment: the report then quotes the next one. A withheld
comment is still counted and coded. Withholding can be undone.

The audit trail records that a comment was withheld or quoted again, by whom and when, never its text.
A published report's PDF is asked for again, since what it quotes has changed.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core import audit
from core.documents import DocumentBusy, document_request
from core.models import AuditEntry

from . import permissions
from .documents import REPORT_PDF_KIND
from .models import Comment, Consultation

QUOTED, WITHHELD = "may be quoted", "never quoted"


@transaction.atomic
def comment_quote_withhold(*, comment: Comment, by, withheld: bool = True) -> Comment:
    """Withhold a comment from the report's quotations (withheld=False: let it be quoted again)."""
    comment = Comment.objects.select_for_update().select_related("consultation__strategy").get(pk=comment.pk)
    consultation: Consultation = comment.consultation
    if not permissions.can_read_responses(by, consultation):
        raise PermissionDenied("Only the board's officers can choose what the report quotes.")
    if comment.quote_withheld == withheld:
        return comment  # Sent twice, or from two tabs: nothing to change.
    comment.quote_withheld = withheld
    comment.save(update_fields=["quote_withheld"])
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATED,
        scope=consultation.strategy,
        target=comment,
        changes={"report": [QUOTED, WITHHELD] if withheld else [WITHHELD, QUOTED]},
    )
    if consultation.report_is_published:
        try:
            document_request(kind=REPORT_PDF_KIND, object_id=consultation.pk, by=by)
        except DocumentBusy:
            pass  # A render is under way: "Generate the PDF again" on the page makes the new one.
    return comment
