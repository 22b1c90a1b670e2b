"""
The consultation report as a tagged PDF (core.documents, docs/decisions/0006): the same sections as its
public page (consultations/_report_body.html), rendered by the document job when an officer publishes it.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify

from core.documents import DocumentKind, HtmlPart, Source, register

from . import permissions, report
from .models import Consultation

REPORT_PDF_KIND = "consultation_report_pdf"


def _load(consultation_id: int) -> Consultation | None:
    return (
        Consultation.objects.select_related("board", "strategy", "revision")
        .filter(pk=consultation_id)
        .first()
    )


def build_report_pdf(consultation_id: int) -> Source | None:
    """The published report; None (the job fails with a reason) when it is not published."""
    consultation = _load(consultation_id)
    if consultation is None or not consultation.report_is_published:
        return None
    title = f"How residents had their say: {consultation.title}"
    html = render_to_string(
        "consultations/pdf/report.html",
        {
            "consultation": consultation,
            "board": consultation.board,
            "report": report.build(consultation),
            "title": title,
            "public_url": settings.PUBLIC_URL,
        },
    )
    return Source(
        title=title,
        filename=f"{slugify(consultation.board.name)}-{consultation.slug}-report.pdf",
        parts=[HtmlPart(title=title, html=html)],
    )


def _board_consultations(board_id: int) -> dict[int, str]:
    """The board's consultations by id (their reports can be an agenda item's report: boards' papers)."""
    return dict(Consultation.objects.filter(board_id=board_id).values_list("pk", "title"))


REPORT_PDF = register(
    DocumentKind(
        name=REPORT_PDF_KIND,
        build=build_report_pdf,
        load=_load,
        can_download=permissions.can_download_report_pdf,
        can_see_versions=permissions.can_see_report_pdf_versions,
        can_request=permissions.can_request_report_pdf,
        page_url=lambda consultation: reverse("consultations:report_manage", kwargs={"pk": consultation.pk}),
        board_objects=_board_consultations,
        label="Report PDF",
        noun="the report PDF",
        soft_time_limit=120,
        time_limit=180,
    )
)
