"""Moving a strategy through its lifecycle, freezing a revision at each move, and its PDFs."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from boards.models import Decision
from core.documents import document_request
from core.models import Document

from .. import permissions
from .. import search as strategy_search
from ..models import (
    Revision,
    Status,
    StatusChange,
    Strategy,
    content_hash,
    decision_error,
    has_easy_read,
    transition_error,
)
from ..signals import strategy_published
from ._shared import (
    EASY_READ_PDF_KIND,
    PDF_KIND,
    SUMMARY_PDF_KIND,
    forget_public_pages,
    locked,
    require,
    require_edit,
)


def _freeze(strategy: Strategy, *, status: str, by, at) -> Revision:
    snapshot = strategy.snapshot()
    number = (strategy.revisions.aggregate(top=Max("number"))["top"] or 0) + 1
    return Revision.objects.create(
        strategy=strategy,
        number=number,
        status=status,
        snapshot=snapshot,
        content_hash=content_hash(snapshot),
        created_by=by,
        created_at=at,
    )


def _move(
    strategy: Strategy, *, to_status: str, by, reason: str, decision: Decision | None, at
) -> StatusChange:
    error = transition_error(strategy.status, to_status)
    if error:
        raise ValidationError({"to_status": error})
    if to_status == Status.PUBLISHED:
        problems = strategy.publishing_problems()
        if problems:
            raise ValidationError({"to_status": ["It cannot be published yet.", *problems]})
    error = decision_error(strategy, to_status, decision, at)
    if error:
        raise ValidationError({"decision": error})
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for this change."})
    revision = _freeze(strategy, status=to_status, by=by, at=at)
    change = StatusChange.objects.create(
        strategy=strategy,
        from_status=strategy.status,
        to_status=to_status,
        reason=reason.strip(),
        decision=decision,
        revision=revision,
        by=by,
        at=at,
    )
    strategy.status = to_status
    strategy.save(update_fields=["status", "updated_at"])
    forget_public_pages(strategy)
    strategy_search.strategy_sync(strategy)  # Found by site search once published, in this transaction.
    return change


@transaction.atomic
def strategy_transition(
    *,
    strategy: Strategy,
    to_status: str,
    by,
    reason: str,
    decision: Decision | None = None,
    at: datetime | None = None,
) -> StatusChange:
    """
    Move a strategy one step through its lifecycle, freezing a revision of its text.

    Publishing also supersedes the published predecessor and queues the PDF. A move the
    lifecycle does not allow (including a repeat of the move just made) is refused, and so are going
    out to consultation and approval without an approving Board decision to match
    (models.decision_error): only the Board makes those moves. `at` records
    a move made before the strategy came into the portal; it may not be in the future, nor before
    the strategy's last recorded move.
    """
    strategy = locked(strategy)
    require(
        permissions.can_move(by, strategy, to_status),
        "Only a board administrator can publish a strategy."
        if to_status == Status.PUBLISHED
        else "Only the board's officers can move this strategy through its lifecycle.",
    )
    now = timezone.now()
    at = at or now
    if at > now:
        raise ValidationError({"at": "A move cannot be recorded in the future."})
    last = strategy.status_changes.order_by("-at").values_list("at", flat=True).first()
    if last and at < last:
        raise ValidationError({"at": "A move cannot be recorded before the strategy's last move."})
    change = _move(strategy, to_status=to_status, by=by, reason=reason, decision=decision, at=at)
    if to_status == Status.PUBLISHED:
        predecessor = strategy.predecessor
        if predecessor is not None:
            predecessor = locked(predecessor)
            if predecessor.status == Status.PUBLISHED:
                _move(
                    predecessor,
                    to_status=Status.SUPERSEDED,
                    by=by,
                    reason=f"Replaced by {strategy.title}.",
                    decision=decision,
                    at=at,
                )
        _request_pdfs(strategy, snapshot=change.revision.snapshot, by=by)
        # Consultations' subscribers hear of it (consultations.subscribers), without strategies knowing them.
        strategy_published.send(sender=Strategy, strategy=strategy)
    return change


def _request_pdfs(strategy: Strategy, *, snapshot: dict, by) -> None:
    """The published text as PDFs: in full, in summary, and easy read when it has easy read text."""
    kinds = [PDF_KIND, SUMMARY_PDF_KIND] + ([EASY_READ_PDF_KIND] if has_easy_read(snapshot) else [])
    for kind in kinds:
        document_request(kind=kind, object_id=strategy.pk, by=by)


def strategy_render_pdf(*, strategy: Strategy, by) -> Document:
    """Queue the strategy's PDF again (after a failure); refused while a render is under way."""
    require_edit(by, strategy)
    if not strategy.is_public:
        raise ValidationError("Only a published strategy has a PDF for residents.")
    return document_request(kind=PDF_KIND, object_id=strategy.pk, by=by)
