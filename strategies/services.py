"""Every write to strategies goes through here: keyword-only, atomic, audited."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from boards.models import Board, Decision
from core.audit import audit_record, diff_fields, snapshot_fields
from core.constraints import save_validated
from core.documents import document_request
from core.models import AuditEntry, Document
from core.pagecache import page_forget
from core.uploads import check_pdf
from core.versions import check_version

from . import permissions
from .models import (
    EDITABLE_STATUSES,
    STRATEGY_FIELDS,
    Domain,
    Priority,
    Revision,
    Status,
    StatusChange,
    Strategy,
    SupportingDocument,
    content_hash,
    has_easy_read,
    transition_error,
)

ITEM_FIELDS = ("title", "description", "easy_read")
PDF_KIND = "strategy_pdf"
# The other forms of the published text (seed 000: "the strategy in different versions").
SUMMARY_PDF_KIND = "strategy_summary_pdf"
EASY_READ_PDF_KIND = "strategy_easy_read_pdf"


class StaleOrder(ValidationError):
    """The list the user reordered is not the list as it now stands."""


def _require(allowed: bool, message: str) -> None:
    """Services check the app's rules too: a caller who may not do the thing gets PermissionDenied."""
    if not allowed:
        raise PermissionDenied(message)


def _require_edit(by, strategy: Strategy) -> None:
    _require(permissions.can_edit(by, strategy), "Only the board's officers can change this strategy.")


def _require_editable(strategy: Strategy) -> None:
    if strategy.status not in EDITABLE_STATUSES:
        raise ValidationError(
            f"This strategy is {strategy.get_status_display().lower()}, so its text can no longer be "
            "changed. Text can be changed while it is a draft or a final draft."
        )


def _locked(strategy: Strategy) -> Strategy:
    """Lock the strategy row: content changes and lifecycle moves on one strategy run one at a time."""
    return Strategy.objects.select_for_update().select_related("board").get(pk=strategy.pk)


# The public pages of a strategy that anonymous visitors share through the page cache.
PUBLIC_PAGE_VERSIONS = ("full", "summary", "easy_read")


def public_cache_key(board_slug: str, slug: str, version: str = "full") -> str:
    """The key of one of a strategy's public pages in the shared page cache (core.pagecache)."""
    return f"public-strategy:{version}:{board_slug}:{slug}"


def _forget_public_page(strategy: Strategy) -> None:
    keys = [public_cache_key(strategy.board.slug, strategy.slug, version) for version in PUBLIC_PAGE_VERSIONS]

    def forget() -> None:
        for key in keys:
            page_forget(key)

    # Robust: the move has committed by then, so a failure here is logged and the hooks after it
    # (the PDF's enqueue) still run; the page's time limit bounds how stale it can be.
    transaction.on_commit(forget, robust=True)


@transaction.atomic
def strategy_create(*, board: Board, by, **fields) -> Strategy:
    """Start a new strategy as a draft."""
    _require(permissions.can_create(by, board), "Only the board's officers can start a strategy.")
    strategy = Strategy(board=board, created_by=by, **fields)
    strategy.full_clean()
    save_validated(strategy)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATED,
        scope=strategy,
        target=strategy,
        changes={name: [None, str(value)] for name, value in fields.items() if value not in ("", None)},
    )
    return strategy


@transaction.atomic
def strategy_update(*, strategy: Strategy, by, version: int | None = None, **fields) -> Strategy:
    """
    Change a strategy's details. `version` is the one the user's form was loaded from: if someone
    else has saved since, core.versions.EditConflict (nothing is saved).
    """
    strategy = _locked(strategy)
    _require_edit(by, strategy)
    _require_editable(strategy)
    unknown = set(fields) - set(STRATEGY_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    if not check_version(strategy, version=version, fields=fields, noun="strategy"):
        return strategy
    before = snapshot_fields(strategy, fields)
    for name, value in fields.items():
        setattr(strategy, name, value)
    strategy.full_clean()
    changes = diff_fields(before, fields)
    if changes:
        strategy.version += 1  # Under the row lock: no other save of this strategy runs meanwhile.
        save_validated(strategy)
        audit_record(
            actor=by, action=AuditEntry.Action.UPDATED, scope=strategy, target=strategy, changes=changes
        )
    return strategy


@transaction.atomic
def strategy_delete(*, strategy: Strategy, by) -> None:
    """
    Delete a draft created by mistake, with its domains and priorities. Refused unless it is a
    draft that has never moved (a strategy that moved has revisions and a history to keep).
    Audited: the entry keeps the title and what it held.
    """
    strategy = _locked(strategy)
    _require(permissions.can_edit(by, strategy), "Only the board's officers can delete this strategy.")
    refusal = strategy.deletion_refusal()
    if refusal:
        raise ValidationError(refusal)
    domains = list(strategy.domains.values_list("title", flat=True))
    audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=strategy,
        target=strategy,
        changes={"title": [strategy.title, None], **({"domains": [domains, None]} if domains else {})},
    )
    strategy.delete()


def _next_position(queryset) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def domain_create(
    *, strategy: Strategy, by, title: str, description: str = "", easy_read: str = ""
) -> Domain:
    strategy = _locked(strategy)
    _require_edit(by, strategy)
    _require_editable(strategy)
    domain = Domain(strategy=strategy, title=title, description=description, easy_read=easy_read)
    domain.position = _next_position(strategy.domains.all())
    domain.full_clean()
    domain.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATED,
        scope=strategy,
        target=domain,
        changes=_created(title=title, description=description, easy_read=easy_read),
    )
    return domain


@transaction.atomic
def domain_update(*, domain: Domain, by, version: int | None = None, **fields) -> Domain:
    """Change a domain's text; `version` as for strategy_update."""
    strategy = _locked(domain.strategy)
    _require_edit(by, strategy)
    _require_editable(strategy)
    return _update_item(domain, strategy=strategy, by=by, version=version, fields=fields)


@transaction.atomic
def domain_delete(*, domain: Domain, by) -> None:
    strategy = _locked(domain.strategy)
    _require_edit(by, strategy)
    _require_editable(strategy)
    priorities = list(domain.priorities.values_list("title", flat=True))
    audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=strategy,
        target=domain,
        changes={"title": [domain.title, None], "priorities": [priorities, None]},
    )
    domain.delete()


@transaction.atomic
def priority_create(
    *, domain: Domain, by, title: str, description: str = "", easy_read: str = ""
) -> Priority:
    strategy = _locked(domain.strategy)
    _require_edit(by, strategy)
    _require_editable(strategy)
    priority = Priority(domain=domain, title=title, description=description, easy_read=easy_read)
    priority.position = _next_position(domain.priorities.all())
    priority.full_clean()
    priority.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATED,
        scope=strategy,
        target=priority,
        changes=_created(title=title, description=description, easy_read=easy_read),
    )
    return priority


@transaction.atomic
def priority_update(*, priority: Priority, by, version: int | None = None, **fields) -> Priority:
    """Change a priority's text; `version` as for strategy_update."""
    strategy = _locked(priority.domain.strategy)
    _require_edit(by, strategy)
    _require_editable(strategy)
    return _update_item(priority, strategy=strategy, by=by, version=version, fields=fields)


@transaction.atomic
def priority_delete(*, priority: Priority, by) -> None:
    strategy = _locked(priority.domain.strategy)
    _require_edit(by, strategy)
    _require_editable(strategy)
    audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=strategy,
        target=priority,
        changes={"title": [priority.title, None]},
    )
    priority.delete()


def _created(**fields) -> dict:
    """An audit entry's changes for a new item: the fields it was created with."""
    return {name: [None, value] for name, value in fields.items() if value}


def _update_item(item, *, strategy: Strategy, by, version: int | None, fields: dict):
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    noun = strategy.domain_label if isinstance(item, Domain) else "priority"
    # Read again under the strategy's lock, which every change to its text takes: the caller's copy
    # was loaded before, and another save may have come in between.
    item = type(item).objects.filter(pk=item.pk).first()
    if item is None:
        raise ValidationError(f"Someone else deleted this {noun} while you were editing it.")
    if not check_version(item, version=version, fields=fields, noun=noun):
        return item
    before = snapshot_fields(item, fields)
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    changes = diff_fields(before, fields)
    if changes:
        item.version += 1
        item.save(update_fields=[*changes, "version"])
        audit_record(actor=by, action=AuditEntry.Action.UPDATED, scope=strategy, target=item, changes=changes)
        Strategy.objects.filter(pk=strategy.pk).update(updated_at=timezone.now())
    return item


def _reorder(queryset, *, order: list[int], seen: list[int] | None, strategy: Strategy, by, target) -> None:
    items = {item.pk: item for item in queryset.select_for_update()}
    current = sorted(items, key=lambda pk: (items[pk].position, pk))
    stale = seen is not None and list(seen) != current
    if stale or len(order) != len(set(order)) or set(order) != set(items):
        raise StaleOrder(
            "The list has changed since you opened this page (someone added, removed or moved an item). "
            "Reload the page and try again."
        )
    before = [items[pk].title for pk in current]
    changed = []
    for position, pk in enumerate(order, start=1):
        if items[pk].position != position:
            items[pk].position = position
            changed.append(items[pk])
    if not changed:
        return
    queryset.model.objects.bulk_update(changed, ["position"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.REORDERED,
        scope=strategy,
        target=target,
        changes={"order": [before, [items[pk].title for pk in order]]},
    )


@transaction.atomic
def domains_reorder(*, strategy: Strategy, by, order: list[int], seen: list[int] | None = None) -> None:
    """
    Put the strategy's domains in the given order of ids. Refused if `order` is not the current set
    of domains, or if `seen` (the order the user was shown) is no longer the current order.
    """
    strategy = _locked(strategy)
    _require_edit(by, strategy)
    _require_editable(strategy)
    _reorder(strategy.domains.all(), order=order, seen=seen, strategy=strategy, by=by, target=strategy)


@transaction.atomic
def priorities_reorder(*, domain: Domain, by, order: list[int], seen: list[int] | None = None) -> None:
    strategy = _locked(domain.strategy)
    _require_edit(by, strategy)
    _require_editable(strategy)
    _reorder(domain.priorities.all(), order=order, seen=seen, strategy=strategy, by=by, target=domain)


def supporting_document_add(
    *,
    strategy: Strategy,
    by,
    title: str,
    description: str = "",
    file: UploadedFile | None = None,
    url: str = "",
) -> SupportingDocument:
    """
    List a document that supports the strategy: an uploaded PDF (checked before it is stored: a real PDF,
    within the size limit, not encrypted) or a link.

    The file is stored before the row is written, and deleted again if writing the row fails, so a refused
    or failed add leaves nothing behind (a rollback of an enclosing transaction could still leave an
    unreferenced file: harmless).
    """
    _require_edit(by, strategy)
    if bool(file) == bool(url):
        raise ValidationError({"file": "Upload a PDF or give a link to the document (one, not both)."})
    document = SupportingDocument(
        strategy=strategy, title=title, description=description, url=url, created_by=by
    )
    if file:
        facts = check_pdf(file)
        document.filename = file.name.rsplit("/", 1)[-1][:200]
        document.size = file.size
        document.pages = facts.pages
    document.full_clean(exclude=["file", "position", "strategy"])
    if file:
        document.file.save(document.filename, file, save=False)
    try:
        with transaction.atomic():
            locked = _locked(strategy)
            _require_editable(locked)
            document.strategy = locked
            document.position = _next_position(locked.supporting_documents.all())
            document.save()
            audit_record(
                actor=by,
                action=AuditEntry.Action.CREATED,
                scope=locked,
                target=document,
                changes={"title": [None, title], "link" if url else "file": [None, url or document.filename]},
            )
            Strategy.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    except BaseException:
        if document.file:
            document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def supporting_document_remove(*, document: SupportingDocument, by) -> None:
    """Stop listing a supporting document. The row and file stay for the revisions that list it."""
    strategy = _locked(document.strategy)
    _require_edit(by, strategy)
    _require_editable(strategy)
    document = SupportingDocument.objects.select_for_update().get(pk=document.pk)
    if document.removed_at is not None:
        return
    document.removed_at = timezone.now()
    document.save(update_fields=["removed_at"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=strategy,
        target=document,
        changes={"supporting document": [document.title, None]},
    )
    Strategy.objects.filter(pk=strategy.pk).update(updated_at=timezone.now())


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
    if decision is not None and decision.agenda_item.meeting.board_id != strategy.board_id:
        raise ValidationError({"decision": "That decision was taken by another board."})
    if decision is not None and decision.outcome != Decision.Outcome.APPROVED:
        raise ValidationError(
            {
                "decision": f"That item was {decision.get_outcome_display().lower()}, not approved: "
                "it cannot move the strategy on."
            }
        )
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
    _forget_public_page(strategy)
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
    lifecycle does not allow (including a repeat of the move just made) is refused. `at` records
    a move made before the strategy came into the portal; it may not be in the future, nor before
    the strategy's last recorded move.
    """
    strategy = _locked(strategy)
    _require(
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
            predecessor = _locked(predecessor)
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
    return change


def _request_pdfs(strategy: Strategy, *, snapshot: dict, by) -> None:
    """The published text as PDFs: in full, in summary, and easy read when it has easy read text."""
    kinds = [PDF_KIND, SUMMARY_PDF_KIND] + ([EASY_READ_PDF_KIND] if has_easy_read(snapshot) else [])
    for kind in kinds:
        document_request(kind=kind, object_id=strategy.pk, by=by)


def strategy_render_pdf(*, strategy: Strategy, by) -> Document:
    """Queue the strategy's PDF again (after a failure); refused while a render is under way."""
    _require_edit(by, strategy)
    if not strategy.is_public:
        raise ValidationError("Only a published strategy has a PDF for residents.")
    return document_request(kind=PDF_KIND, object_id=strategy.pk, by=by)
