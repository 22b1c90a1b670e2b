"""A strategy's contents: its domains and priorities (add, edit, delete, reorder) and supporting documents."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from core import audit
from core.files import discard, storing
from core.models import AuditEntry
from core.uploads import check_pdf
from core.versions import apply_edit

from ..models import Domain, Priority, Strategy, SupportingDocument
from ._shared import (
    ITEM_FIELDS,
    StaleOrder,
    created_changes,
    delete_unless_used,
    locked,
    next_position,
    require_edit,
    require_editable,
)


@transaction.atomic
def domain_create(
    *, strategy: Strategy, by, title: str, description: str = "", easy_read: str = ""
) -> Domain:
    strategy = locked(strategy)
    require_edit(by, strategy)
    require_editable(strategy)
    domain = Domain(strategy=strategy, title=title, description=description, easy_read=easy_read)
    domain.position = next_position(strategy.domains.all())
    domain.full_clean()
    domain.save()
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.CREATED,
        scope=strategy,
        target=domain,
        changes=created_changes(title=title, description=description, easy_read=easy_read),
    )
    return domain


@transaction.atomic
def domain_update(*, domain: Domain, by, version: int | None = None, **fields) -> Domain:
    """Change a domain's text; `version` as for strategy_update."""
    strategy = locked(domain.strategy)
    require_edit(by, strategy)
    require_editable(strategy)
    return _update_item(domain, strategy=strategy, by=by, version=version, fields=fields)


@transaction.atomic
def domain_delete(*, domain: Domain, by) -> None:
    strategy = locked(domain.strategy)
    require_edit(by, strategy)
    require_editable(strategy)
    priorities = list(domain.priorities.values_list("title", flat=True))
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=strategy,
        target=domain,
        changes={"title": [domain.title, None], "priorities": [priorities, None]},
    )
    delete_unless_used(domain, noun=strategy.domain_label.lower())


@transaction.atomic
def priority_create(
    *, domain: Domain, by, title: str, description: str = "", easy_read: str = ""
) -> Priority:
    strategy = locked(domain.strategy)
    require_edit(by, strategy)
    require_editable(strategy)
    priority = Priority(domain=domain, title=title, description=description, easy_read=easy_read)
    priority.position = next_position(domain.priorities.all())
    priority.full_clean()
    priority.save()
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.CREATED,
        scope=strategy,
        target=priority,
        changes=created_changes(title=title, description=description, easy_read=easy_read),
    )
    return priority


@transaction.atomic
def priority_update(*, priority: Priority, by, version: int | None = None, **fields) -> Priority:
    """Change a priority's text; `version` as for strategy_update."""
    strategy = locked(priority.domain.strategy)
    require_edit(by, strategy)
    require_editable(strategy)
    return _update_item(priority, strategy=strategy, by=by, version=version, fields=fields)


@transaction.atomic
def priority_delete(*, priority: Priority, by) -> None:
    strategy = locked(priority.domain.strategy)
    require_edit(by, strategy)
    require_editable(strategy)
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=strategy,
        target=priority,
        changes={"title": [priority.title, None]},
    )
    delete_unless_used(priority, noun="priority")


def _update_item(item, *, strategy: Strategy, by, version: int | None, fields: dict):
    noun = strategy.domain_label if isinstance(item, Domain) else "priority"
    # Read again under the strategy's lock, which every change to its text takes: the caller's copy
    # was loaded before, and another save may have come in between.
    item = type(item).objects.filter(pk=item.pk).first()
    if item is None:
        raise ValidationError(f"Someone else deleted this {noun} while you were editing it.")
    changes = apply_edit(item, fields=fields, version=version, noun=noun, allowed=ITEM_FIELDS)
    if changes:
        item.save(update_fields=[*changes, "version"])
        audit.audit_record(
            actor=by, action=AuditEntry.Action.UPDATED, scope=strategy, target=item, changes=changes
        )
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
    audit.audit_record(
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
    strategy = locked(strategy)
    require_edit(by, strategy)
    require_editable(strategy)
    _reorder(strategy.domains.all(), order=order, seen=seen, strategy=strategy, by=by, target=strategy)


@transaction.atomic
def priorities_reorder(*, domain: Domain, by, order: list[int], seen: list[int] | None = None) -> None:
    strategy = locked(domain.strategy)
    require_edit(by, strategy)
    require_editable(strategy)
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
    unreferenced file: harmless). A store that cannot be reached is an error on `file`, and no row.
    """
    require_edit(by, strategy)
    if bool(file) == bool(url):
        raise ValidationError({"file": "Upload a PDF or give a link to the document (one, not both)."})
    document = SupportingDocument(
        strategy=strategy, title=title, description=description, url=url, created_by=by
    )
    if file:
        try:
            facts = check_pdf(file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None  # Shown against the file field.
        document.filename = file.name.rsplit("/", 1)[-1][:200]
        document.size = file.size
        document.pages = facts.pages
    document.full_clean(exclude=["file", "position", "strategy"])
    if file:
        with storing("file"):
            document.file.save(document.filename, file, save=False)
    try:
        with transaction.atomic():
            current = locked(strategy)
            require_editable(current)
            document.strategy = current
            document.position = next_position(current.supporting_documents.all())
            document.save()
            audit.audit_record(
                actor=by,
                action=AuditEntry.Action.CREATED,
                scope=current,
                target=document,
                changes={"title": [None, title], "link" if url else "file": [None, url or document.filename]},
            )
            Strategy.objects.filter(pk=current.pk).update(updated_at=timezone.now())
    except BaseException:
        if document.file:
            discard(document.file.storage, document.file.name)
        raise
    return document


@transaction.atomic
def supporting_document_remove(*, document: SupportingDocument, by) -> None:
    """Stop listing a supporting document. The row and file stay for the revisions that list it."""
    strategy = locked(document.strategy)
    require_edit(by, strategy)
    require_editable(strategy)
    document = SupportingDocument.objects.select_for_update().get(pk=document.pk)
    if document.removed_at is not None:
        return
    document.removed_at = timezone.now()
    document.save(update_fields=["removed_at"])
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=strategy,
        target=document,
        changes={"supporting document": [document.title, None]},
    )
    Strategy.objects.filter(pk=strategy.pk).update(updated_at=timezone.now())
