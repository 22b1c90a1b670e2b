"""
After a consultation closes (docs/decisions/0018-you-said-we-did-and-the-report.md): the board's officers
record "you said, we did", each change made to the strategy because of the feedback, and publish the
consultation report built from the figures (consultations/report.py).

Only once closed: before then the feedback is not all in, and a report published while residents can
still answer would be out of date the moment it appeared. The changes' free text is the officers' own
words, but it may quote a resident; the audit trail records which fields changed, not the text.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core import audit, pagecache
from core.documents import DocumentBusy, document_request
from core.models import AuditEntry
from core.versions import apply_edit
from strategies.services import public_cache_key

from . import permissions, subscribers
from .compare import added_priorities
from .documents import REPORT_PDF_KIND
from .models import Change, Comment, Consultation, Email, Status, Theme
from .search import report_sync

CHANGE_FIELDS = ("priority_id", "you_said", "we_did")


def _forget_strategy_page(consultation: Consultation) -> None:
    """The strategy page links to a published report: anonymous visitors' cached copy must go."""
    key = public_cache_key(consultation.board.slug, consultation.strategy.slug)
    transaction.on_commit(lambda: pagecache.page_forget(key), robust=True)


class StaleChangeOrder(ValidationError):
    """The list the officer reordered is not the list as it now stands."""


def _locked(consultation: Consultation) -> Consultation:
    return (
        Consultation.objects.select_for_update().select_related("board", "strategy").get(pk=consultation.pk)
    )


def _require_officer(by, consultation: Consultation) -> None:
    if not permissions.can_edit(by, consultation):
        raise PermissionDenied("Only the board's officers can do this.")


def _require_closed(consultation: Consultation) -> None:
    if consultation.status != Status.CLOSED:
        raise ValidationError(
            "This can be done once the consultation has closed: until then the feedback is not all in."
        )


def _check_priority(consultation: Consultation, priority_id: int | None) -> None:
    """A priority of the text consulted on, or one added to the strategy since (a change made it)."""
    if priority_id is None or priority_id in {p["id"] for p in consultation.priorities()}:
        return
    if priority_id not in {p["id"] for p in added_priorities(consultation)}:
        raise ValidationError(
            {"priority_id": "Choose a priority of the text consulted on, or the whole strategy"}
        )


def _evidence(consultation: Consultation, comment_ids: Iterable[int]) -> list[int]:
    """The comments' ids, checked to be this consultation's (a forged id is refused, never ignored)."""
    wanted = sorted(set(comment_ids))
    found = set(Comment.objects.filter(consultation=consultation, pk__in=wanted).values_list("pk", flat=True))
    if found != set(wanted):
        raise ValidationError({"comments": "Choose comments made in this consultation"})
    return wanted


def _themes(consultation: Consultation, theme_ids: Iterable[int]) -> list[int]:
    """The themes' ids, checked to be this consultation's (a forged id is refused, never ignored)."""
    wanted = sorted(set(theme_ids))
    found = set(Theme.objects.filter(consultation=consultation, pk__in=wanted).values_list("pk", flat=True))
    if found != set(wanted):
        raise ValidationError({"themes": "Choose themes of this consultation"})
    return wanted


@transaction.atomic
def change_add(
    *,
    consultation: Consultation,
    by,
    you_said: str,
    we_did: str,
    priority_id: int | None = None,
    comments: Iterable[int] = (),
    themes: Iterable[int] = (),
) -> Change:
    """Record a change made because of the feedback, at the end of the list."""
    consultation = _locked(consultation)
    _require_officer(by, consultation)
    _require_closed(consultation)
    _check_priority(consultation, priority_id)
    evidence = _evidence(consultation, comments)
    theme_ids = _themes(consultation, themes)
    top = consultation.changes.aggregate(top=Max("position"))["top"] or 0
    change = Change(
        consultation=consultation,
        priority_id=priority_id,
        you_said=you_said,
        we_did=we_did,
        position=top + 1,
        created_by=by,
    )
    change.full_clean()
    change.save()
    change.comments.set(evidence)
    change.themes.set(theme_ids)
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.CREATED,
        scope=consultation.strategy,
        target=change,
        changes={
            "priority_id": [None, priority_id],
            "comments": [None, len(evidence)],
            "themes": [None, len(theme_ids)],
        },
    )
    report_sync(consultation)  # A published report's "you said, we did" is found as it now reads.
    return change


@transaction.atomic
def change_update(
    *,
    change: Change,
    by,
    version: int | None = None,
    comments: Iterable[int] | None = None,
    themes: Iterable[int] | None = None,
    **fields,
) -> Change:
    """Change a recorded change; `version` is the one the form was loaded from (core.versions)."""
    consultation = _locked(change.consultation)
    _require_officer(by, consultation)
    _require_closed(consultation)
    change = Change.objects.select_for_update().filter(pk=change.pk).first()
    if change is None:
        raise ValidationError("Someone else deleted this change while you were editing it.")
    if "priority_id" in fields:
        _check_priority(consultation, fields["priority_id"])
    changes = apply_edit(change, fields=fields, version=version, noun="change", allowed=CHANGE_FIELDS)
    text_changed = bool(changes)
    for name, wanted, check in (("comments", comments, _evidence), ("themes", themes, _themes)):
        if wanted is None:
            continue
        ids = check(consultation, wanted)
        related = getattr(change, name)
        before = sorted(related.values_list("pk", flat=True))
        if ids != before:
            related.set(ids)
            changes[name] = [len(before), len(ids)]
    if changes and not text_changed:
        change.version += 1  # Only the evidence changed: a form loaded before is stale all the same.
    if changes:
        change.save()
        # Free text stays out of the immutable audit trail: which fields changed is enough.
        trail = {name: value for name, value in changes.items() if name not in ("you_said", "we_did")}
        trail.update({name: ["…", "…"] for name in ("you_said", "we_did") if name in changes})
        audit.audit_record(
            actor=by,
            action=AuditEntry.Action.UPDATED,
            scope=consultation.strategy,
            target=change,
            changes=trail,
        )
        report_sync(consultation)
    return change


@transaction.atomic
def change_delete(*, change: Change, by) -> None:
    consultation = _locked(change.consultation)
    _require_officer(by, consultation)
    _require_closed(consultation)
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=consultation.strategy,
        target=change,
        changes={"priority_id": [change.priority_id, None]},
    )
    change.delete()
    report_sync(consultation)


@transaction.atomic
def changes_reorder(
    *, consultation: Consultation, by, order: list[int], seen: list[int] | None = None
) -> None:
    """Put the changes in the given order of ids (refused if the list changed meanwhile)."""
    consultation = _locked(consultation)
    _require_officer(by, consultation)
    _require_closed(consultation)
    items = {item.pk: item for item in consultation.changes.select_for_update()}
    current = sorted(items, key=lambda pk: (items[pk].position, pk))
    if (
        (seen is not None and list(seen) != current)
        or len(order) != len(set(order))
        or set(order) != set(items)
    ):
        raise StaleChangeOrder(
            "The list has changed since you opened this page (someone added, removed or moved a change). "
            "Reload the page and try again."
        )
    moved = []
    for position, pk in enumerate(order, start=1):
        if items[pk].position != position:
            items[pk].position = position
            moved.append(items[pk])
    if not moved:
        return
    Change.objects.bulk_update(moved, ["position"])
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.REORDERED,
        scope=consultation.strategy,
        target=consultation,
        changes={"changes": [current, list(order)]},
    )


@transaction.atomic
def report_publish(*, consultation: Consultation, by) -> Consultation:
    """
    Make the consultation report public, and ask for its PDF (idempotent: publishing it again changes
    nothing).
    """
    consultation = _locked(consultation)
    _require_officer(by, consultation)
    _require_closed(consultation)
    if consultation.report_published_at is not None:
        return consultation
    consultation.report_published_at = timezone.now()
    consultation.report_published_by = by
    consultation.save(update_fields=["report_published_at", "report_published_by", "updated_at"])
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATED,
        scope=consultation.strategy,
        target=consultation,
        changes={"report": ["not published", "published"]},
    )
    _forget_strategy_page(consultation)
    report_sync(consultation)  # Found by site search from now, in this transaction.
    try:
        document_request(kind=REPORT_PDF_KIND, object_id=consultation.pk, by=by)
    except DocumentBusy:
        pass  # Published, withdrawn and published again while the first render runs: it renders this.
    # Those who asked to hear of it, once each (a report published again tells nobody twice).
    subscribers.notify_subscribers(consultation, Email.Kind.REPORT_PUBLISHED)
    return consultation


@transaction.atomic
def report_withdraw(*, consultation: Consultation, by) -> Consultation:
    """Take the consultation report off the public site (idempotent)."""
    consultation = _locked(consultation)
    _require_officer(by, consultation)
    _require_closed(consultation)
    if consultation.report_published_at is None:
        return consultation
    consultation.report_published_at = None
    consultation.report_published_by = None
    consultation.save(update_fields=["report_published_at", "report_published_by", "updated_at"])
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATED,
        scope=consultation.strategy,
        target=consultation,
        changes={"report": ["published", "not published"]},
    )
    _forget_strategy_page(consultation)
    report_sync(consultation)  # Out of site search with it.
    return consultation
