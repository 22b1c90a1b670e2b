"""
An agenda item's papers: its report and appendices, each an uploaded PDF or a document the portal
makes of one of the board's objects (a strategy's PDF, a consultation report), in the order the pack
will have them.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core import audit
from core.documents import board_documents
from core.files import discard, storing
from core.models import AuditEntry, Document
from core.uploads import check_pdf

from ..models import AgendaItem, Paper
from ..search import meeting_sync
from ._meetings import locked, next_position, reorder_check, require_agenda_open, require_edit
from .packs import packs_request_for_item


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _stem(name: str) -> str:
    name = name.rsplit("/", 1)[-1]
    return name[:-4] if name.lower().endswith(".pdf") else name


def paper_add(
    *,
    item: AgendaItem,
    by,
    title: str = "",
    role: str = "",
    file: UploadedFile | None = None,
    document: Document | None = None,
) -> Paper:
    """
    Attach a paper to an item: an uploaded PDF (checked before it is stored: a real PDF, not
    encrypted, within settings.BOARD_PAPER_MAX_BYTES) or a portal document of the same board. Without
    a title it takes the file's name or the document's; without a role it is the item's report if
    the item has none yet, else an appendix.

    The file is stored before the row is written, and deleted again if writing the row fails, so a
    refused add leaves nothing behind; a store that cannot be reached is an error on `file`, and no row.
    """
    require_edit(by, item.meeting.board)
    if bool(file) == bool(document):
        raise ValidationError({"file": "Upload a PDF or choose a portal document (one, not both)"})
    if role and role not in Paper.Role.values:
        raise ValidationError({"role": "Choose whether the paper is the report or an appendix"})
    paper = Paper(item=item, title=title.strip(), role=role, created_by=by)
    if file:
        try:
            facts = check_pdf(file, max_bytes=settings.BOARD_PAPER_MAX_BYTES)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
        paper.title = paper.title or _stem(file.name)[:300]
        paper.file_size, paper.pages, paper.tagged = file.size, facts.pages, facts.tagged
        paper.file_sha256 = _sha256(file)
    else:
        offered = {found.document.pk: found for found in board_documents(item.meeting.board_id)}
        if document.pk not in offered:
            raise ValidationError({"document": "Choose a document of this board"})
        paper.document = document
        paper.title = paper.title or offered[document.pk].title[:300]
    if file:
        with storing("file"):
            paper.file.save(_stem(file.name)[:150] + ".pdf", file, save=False)
    try:
        with transaction.atomic():
            meeting = locked(item.meeting)
            require_agenda_open(meeting)
            current = AgendaItem.objects.filter(pk=item.pk, meeting=meeting).first()
            if current is None:
                raise ValidationError("Someone else removed this item while you were adding a paper to it.")
            paper.item = current
            if not paper.role:
                has_report = current.papers.filter(role=Paper.Role.REPORT).exists()
                paper.role = Paper.Role.APPENDIX if has_report else Paper.Role.REPORT
            paper.position = next_position(current.papers.all())
            paper.full_clean(exclude=["file"])
            paper.save()
            audit.audit_record(
                actor=by,
                action=AuditEntry.Action.CREATED,
                scope=meeting,
                target=paper,
                changes={
                    "item": [None, current.number],
                    "title": [None, paper.title],
                    "role": [None, paper.role],
                    "file" if file else "document": [None, paper.file.name if file else str(document)],
                    **({"sha256": [None, paper.file_sha256]} if file else {}),
                },
            )
            packs_request_for_item(item=current, by=by)
            meeting_sync(meeting)
    except BaseException:
        if paper.file:
            discard(paper.file.storage, paper.file.name)
        raise
    return paper


@transaction.atomic
def paper_remove(*, paper: Paper, by) -> None:
    """Take a paper off its item (while the agenda can change); an uploaded file is deleted with it."""
    meeting = locked(paper.item.meeting)
    require_edit(by, meeting.board)
    require_agenda_open(meeting)
    paper = Paper.objects.select_related("item").filter(pk=paper.pk, item__meeting=meeting).first()
    if paper is None:
        return  # Removed already (a repeat of the same request).
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.DELETED,
        scope=meeting,
        target=paper,
        changes={"item": [paper.item.number, None], "title": [paper.title, None]},
    )
    file = paper.file if paper.file else None
    item = paper.item
    paper.delete()
    packs_request_for_item(item=item, by=by)
    meeting_sync(meeting)
    if file is not None:
        transaction.on_commit(lambda: file.storage.delete(file.name), robust=True)


@transaction.atomic
def papers_reorder(*, item: AgendaItem, by, order: list[int], seen: list[int] | None = None) -> None:
    """Put an item's papers in the order of ids given; refused from a stale list, as items_reorder."""
    meeting = locked(item.meeting)
    require_edit(by, meeting.board)
    require_agenda_open(meeting)
    papers = {paper.pk: paper for paper in Paper.objects.filter(item=item).select_for_update()}
    current = sorted(papers, key=lambda pk: (papers[pk].position, pk))
    reorder_check(current, order=order, seen=seen)
    changed = []
    for position, pk in enumerate(order, start=1):
        if papers[pk].position != position:
            papers[pk].position = position
            changed.append(papers[pk])
    if not changed:
        return
    Paper.objects.bulk_update(changed, ["position"])
    audit.audit_record(
        actor=by,
        action=AuditEntry.Action.REORDERED,
        scope=meeting,
        target=item,
        changes={"papers": [[papers[pk].title for pk in current], [papers[pk].title for pk in order]]},
    )
    packs_request_for_item(item=item, by=by)
