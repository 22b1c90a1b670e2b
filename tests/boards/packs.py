"""
A published agenda with papers, for the board pack tests (test_packs.py, test_pack_notices.py):
make_pack(board, officer).
"""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from boards.models import AgendaItem, AgendaPublication, Meeting, Paper
from tests.core.documents.helpers import untagged_pdf
from tests.factories import AgendaItemFactory, MeetingFactory


def report_pdf(title: str, pages: int) -> bytes:
    body = "".join('<p style="break-before: page">Continued.</p>' for _ in range(pages - 1))
    return untagged_pdf(title, body)


def paper(item, title: str, pages: int, by, role=Paper.Role.REPORT) -> Paper:
    made = Paper(item=item, title=title, role=role, created_by=by, pages=pages)
    made.file.save(f"{title}.pdf", ContentFile(report_pdf(title, pages)), save=False)
    made.save()
    return made


def make_pack(board, officer) -> AgendaPublication:
    """A meeting's published agenda: a report of 3 pages, an exempt item's 2, a report and appendix of 1."""
    previous = MeetingFactory(board=board, starts_at=timezone.now() - datetime.timedelta(days=60))
    AgendaItemFactory(meeting=previous, number=1, title="Welcome", minutes="The Chair welcomed everyone.")
    meeting = MeetingFactory(
        board=board, status=Meeting.Status.SCHEDULED, starts_at=timezone.now() + datetime.timedelta(days=10)
    )
    publication = AgendaPublication.objects.create(
        meeting=meeting,
        number=0,
        published_at=timezone.now(),
        published_by=officer,
        deadline=timezone.now() + datetime.timedelta(days=2),
    )
    items = [
        AgendaItem.objects.create(meeting=meeting, number=1, title="Apologies", publication=publication),
        AgendaItem.objects.create(
            meeting=meeting, number=2, title="Joint Health and Wellbeing Strategy", publication=publication
        ),
        AgendaItem.objects.create(
            meeting=meeting, number=3, title="Care home contract", exempt_paragraph=3, publication=publication
        ),
        AgendaItem.objects.create(
            meeting=meeting, number=4, title="Better Care Fund", publication=publication
        ),
    ]
    paper(items[1], "Strategy report", 3, officer)
    paper(items[2], "Contract report", 2, officer)
    paper(items[3], "Fund report", 1, officer)
    paper(items[3], "Fund figures", 1, officer, role=Paper.Role.APPENDIX)
    return publication
