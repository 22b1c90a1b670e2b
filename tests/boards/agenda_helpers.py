"""Helpers for the tests of meetings, agendas and papers (boards/services/agenda.py and friends)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from boards.models import Meeting
from boards.services import agenda
from core.models import Document, DocumentVersion
from tests.factories import MeetingFactory
from tests.strategies.helpers import pdf_bytes


def scheduled_meeting(board, *, days: int = 30, **fields) -> Meeting:
    """A meeting of `board` scheduled `days` from now, at 2pm UK time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 0)))
    fields.setdefault("status", Meeting.Status.SCHEDULED)
    return MeetingFactory(board=board, starts_at=starts_at, **fields)


def add_items(meeting, by, *titles: str) -> list:
    return [agenda.item_create(meeting=meeting, by=by, title=title) for title in titles]


def numbers(meeting) -> list[tuple[int, str]]:
    """The agenda as it stands: (number, title) in order."""
    return list(meeting.items.order_by("number").values_list("number", "title"))


def ready_document(kind: str, object_id: int) -> Document:
    """A portal document of `kind` with one rendered version, as the document job leaves it."""
    document = Document.objects.create(
        kind=kind, object_id=object_id, status=Document.Status.READY, progress=100
    )
    version = DocumentVersion(
        document=document, number=1, filename=f"{kind}.pdf", size=100, pages=1, source_hash="0" * 64
    )
    version.file.save(f"{kind}.pdf", ContentFile(pdf_bytes()), save=False)
    version.save()
    document.current = version
    document.save(update_fields=["current"])
    return document
