"""
A meeting's agenda: its items (added, edited, removed, reordered), exempt items made public, and its
publication (the agenda, then supplementary agendas).

Numbers (docs/decisions/0022): an item's number is its place in the agenda until the item is
published, and never changes after. Published items come first, in their published order; the items
not yet published follow, numbered on from the last published one, and only they can be moved or
removed. `position` is kept equal to `number`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from core import audit
from core.models import AuditEntry
from core.versions import apply_edit

from ..models import AgendaItem, AgendaPublication, Meeting, MeetingStatus, Organisation, Purpose
from ..notice import publication_deadline
from ..search import meeting_sync
from ._meetings import StaleOrder, created_changes, locked, reorder_check, require_agenda_open, require_edit
from .packs import pack_request, packs_request_for_item

ITEM_FIELDS = ("title", "lead_name", "lead_organisation", "purpose", "exempt_paragraph")
# Numbers that no item has (a smallint holds up to 32767), for the moment of swapping two.
_ASIDE = 30000


def _check_organisation(meeting: Meeting, organisation: Organisation | None) -> None:
    if organisation is not None and not meeting.board.organisations.filter(pk=organisation.pk).exists():
        raise ValidationError({"lead_organisation": "Choose one of the board's organisations"})


def _current_item(meeting: Meeting, item: AgendaItem) -> AgendaItem:
    """The item read again under the meeting's lock (another change may have come in between)."""
    found = AgendaItem.objects.select_related("publication").filter(pk=item.pk, meeting=meeting).first()
    if found is None:
        raise ValidationError("Someone else removed this item while you were working on it.")
    return found


def _published_refusal(item: AgendaItem, what: str) -> ValidationError:
    publication = item.publication
    published = f"{timezone.localtime(publication.published_at):%-d %B %Y}"
    return ValidationError(
        f"Item {item.number} was published in the {publication.label.lower()} on {published}: {what}."
    )


@transaction.atomic
def item_create(
    *,
    meeting: Meeting,
    by,
    title: str,
    lead_name: str = "",
    lead_organisation: Organisation | None = None,
    purpose: str = Purpose.INFORMATION,
    exempt_paragraph: int | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda, numbered after the last item."""
    meeting = locked(meeting)
    require_edit(by, meeting.board)
    require_agenda_open(meeting)
    _check_organisation(meeting, lead_organisation)
    number = (meeting.items.aggregate(top=Max("number"))["top"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        number=number,
        position=number,
        title=title,
        lead_name=lead_name,
        lead_organisation=lead_organisation,
        purpose=purpose,
        exempt_paragraph=exempt_paragraph,
    )
    item.full_clean()
    item.save()
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.CREATED,
        scope=meeting,
        target=item,
        changes=created_changes(
            number=number,
            title=title,
            lead_name=lead_name,
            lead_organisation=str(lead_organisation) if lead_organisation else None,
            purpose=purpose,
            exempt_paragraph=exempt_paragraph,
        ),
    )
    return item


@transaction.atomic
def item_update(*, item: AgendaItem, by, version: int | None = None, **fields) -> AgendaItem:
    """
    Change an item's title, lead, purpose or exemption; `version` as for meeting_update. Its number is
    not one of them: it follows the item's place until it is published, and never changes after.

    Once published, a public item cannot become exempt (its papers have been open to anyone), and an
    exempt one made public (exempt_paragraph None) records when: see item_make_public.
    """
    meeting = locked(item.meeting)
    require_edit(by, meeting.board)
    if "number" in fields:
        raise ValidationError(
            {
                "number": "An item's number is its place in the agenda until it is published, and never "
                "changes after: move the item instead"
            }
        )
    require_agenda_open(meeting)
    item = _current_item(meeting, item)
    made_public = False
    if item.publication_id is not None and "exempt_paragraph" in fields:
        paragraph = fields["exempt_paragraph"]
        if item.exempt_paragraph is None and paragraph is not None:
            raise ValidationError(
                {
                    "exempt_paragraph": "This item was published as a public item, so it cannot be made "
                    "exempt now: anyone could read its papers"
                }
            )
        made_public = item.exempt_paragraph is not None and paragraph is None
    if "lead_organisation" in fields:
        _check_organisation(meeting, fields["lead_organisation"])
    changes = apply_edit(item, fields=fields, version=version, noun="agenda item", allowed=ITEM_FIELDS)
    if not changes:
        return item
    update_fields = [*changes, "version", "updated_at"]
    if made_public:
        item.made_public_at = timezone.now()
        changes["made_public_at"] = [None, str(item.made_public_at)]
        update_fields.append("made_public_at")
    item.save(update_fields=update_fields)
    audit.audit_record(
        actor=by, action=AuditEntry.Action.UPDATED, scope=meeting, target=item, changes=changes
    )
    packs_request_for_item(item=item, by=by)
    meeting_sync(meeting)  # Site search reads a published item as it now is.
    return item


@transaction.atomic
def item_make_public(*, item: AgendaItem, by) -> AgendaItem:
    """
    Make an exempt item public (its exempt information may be released later, often after the
    meeting): it keeps its number, and records when it was made public. Whatever the meeting's status.
    An item already public is left as it is.
    """
    meeting = locked(item.meeting)
    require_edit(by, meeting.board)
    item = _current_item(meeting, item)
    if item.exempt_paragraph is None:
        return item  # Already public (a repeat of the same request).
    paragraph = item.exempt_paragraph
    item.exempt_paragraph = None
    if item.publication_id is not None:
        item.made_public_at = timezone.now()
    item.version += 1
    item.save(update_fields=["exempt_paragraph", "made_public_at", "version", "updated_at"])
    changes = {"exempt_paragraph": [paragraph, None]}
    if item.made_public_at:
        changes["made_public_at"] = [None, str(item.made_public_at)]
    audit.audit_record(
        actor=by, action=AuditEntry.Action.UPDATED, scope=meeting, target=item, changes=changes
    )
    packs_request_for_item(item=item, by=by)  # The public pack now holds its papers.
    meeting_sync(meeting)  # And site search finds it.
    return item


@transaction.atomic
def item_remove(*, item: AgendaItem, by) -> None:
    """
    Take an item that is not yet published off the agenda, with its papers; the items after it move
    up a number. A published item stays: its number is in the published agenda.
    """
    meeting = locked(item.meeting)
    require_edit(by, meeting.board)
    require_agenda_open(meeting)
    item = AgendaItem.objects.select_related("publication").filter(pk=item.pk, meeting=meeting).first()
    if item is None:
        return  # Removed already (a repeat of the same request).
    if item.publication_id is not None:
        raise _published_refusal(item, "a published item stays on the agenda, under its number")
    if item.decisions.exists() or item.declarations.exists():
        raise ValidationError(
            f"Item {item.number} has decisions or declarations recorded: it cannot be removed."
        )
    papers = list(item.papers.all())
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=meeting,
        target=item,
        changes={"title": [item.title, None], "papers": [[paper.title for paper in papers], None]},
    )
    files = [paper.file for paper in papers if paper.file]
    item.papers.all().delete()
    item.delete()
    _renumber(meeting, [each.pk for each in _unpublished(meeting)])

    def delete_files() -> None:
        for file in files:
            file.storage.delete(file.name)

    transaction.on_commit(delete_files, robust=True)


def _unpublished(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.items.filter(publication__isnull=True).order_by("number").select_for_update())


def _renumber(meeting: Meeting, order: list[int]) -> None:
    """Number the unpublished items (ids in `order`) on from the last published item, in that order."""
    base = meeting.items.filter(publication__isnull=False).aggregate(top=Max("number"))["top"] or 0
    items = {item.pk: item for item in meeting.items.filter(pk__in=order)}
    moving = [items[pk] for number, pk in enumerate(order, start=base + 1) if items[pk].number != number]
    if not moving:
        return
    # Out of the way first: two items cannot hold one number even for a moment (the unique constraint).
    for offset, item in enumerate(moving):
        item.number = item.position = _ASIDE + offset
    AgendaItem.objects.bulk_update(moving, ["number", "position"])
    for number, pk in enumerate(order, start=base + 1):
        items[pk].number = items[pk].position = number
    AgendaItem.objects.bulk_update(moving, ["number", "position"])


@transaction.atomic
def items_reorder(*, meeting: Meeting, by, order: list[int], seen: list[int] | None = None) -> None:
    """
    Put the items not yet published in the order of ids given, renumbering them. Refused if `order`
    names a published item (its number is fixed), is not the current set of unpublished items, or if
    `seen` (the order the user was shown) is no longer the current order.
    """
    meeting = locked(meeting)
    require_edit(by, meeting.board)
    require_agenda_open(meeting)
    published = dict(meeting.items.filter(publication__isnull=False).values_list("pk", "number"))
    fixed = [published[pk] for pk in order if pk in published]
    if fixed:
        raise StaleOrder(
            f"Item {fixed[0]} has been published: published items keep their numbers and cannot be moved. "
            "Reload the page to see the agenda as it now stands."
        )
    movable = _unpublished(meeting)
    reorder_check([item.pk for item in movable], order=order, seen=seen)
    titles = {item.pk: item.title for item in movable}
    if order == [item.pk for item in movable]:
        return
    _renumber(meeting, order)
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.REORDERED,
        scope=meeting,
        target=meeting,
        changes={"order": [[item.title for item in movable], [titles[pk] for pk in order]]},
    )


@transaction.atomic
def agenda_publish(*, meeting: Meeting, by) -> AgendaPublication:
    """
    Publish the items not yet published: the first time as the agenda (publication 0) with every
    item, after that as supplementary agenda 1, 2... with the items added since. Each publication
    keeps the deadline that applied (five clear working days before the meeting: boards.notice), so
    one made after it is marked late for good. Refused once the meeting has started, or when there
    is nothing new to publish.
    """
    meeting = locked(meeting)
    require_edit(by, meeting.board)
    if meeting.status != MeetingStatus.SCHEDULED:
        require_agenda_open(meeting)
    now = timezone.now()
    if meeting.starts_at <= now:
        raise ValidationError("The meeting has started: its agenda can no longer be published.")
    items = _unpublished(meeting)
    if not items:
        if meeting.publications.exists():
            raise ValidationError(
                "Every item is published already: add an item to publish a supplementary agenda."
            )
        raise ValidationError("The agenda has no items yet: add an item before publishing it.")
    number = meeting.publications.aggregate(top=Max("number"))["top"]
    publication = AgendaPublication.objects.create(
        meeting=meeting,
        number=0 if number is None else number + 1,
        published_at=now,
        published_by=by,
        deadline=publication_deadline(meeting.starts_at),
    )
    AgendaItem.objects.filter(pk__in=[item.pk for item in items]).update(
        publication=publication, updated_at=now
    )
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.CREATED,
        scope=meeting,
        target=publication,
        changes={
            "items": [None, [f"{item.number}. {item.title}" for item in items]],
            "deadline": [None, str(publication.deadline)],
            "late": [None, publication.late],
        },
    )
    pack_request(publication=publication, by=by)
    meeting_sync(meeting)  # Its public items are found by site search from now.
    return publication
