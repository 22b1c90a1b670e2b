"""The consultation report's PDF, rendered by WeasyPrint for real and read back with poppler."""

import pytest
from django.urls import reverse

from consultations import services
from consultations.documents import REPORT_PDF_KIND, build_report_pdf
from consultations.models import Status
from core.documents import document_render, find, rendering
from tests.consultations.helpers import make_response
from tests.core.documents.helpers import pdfinfo_fields, words

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(opened, officer, django_capture_on_commit_callbacks):
    first = opened.priorities()[0]["id"]
    for _ in range(6):
        make_response(opened, agreements={first: 5}, equality={"age": "25 to 34"})
    make_response(opened, agreements={first: 1}, equality={"age": "75 or over"})
    closed = services.consultation_transition(consultation=opened, to_status=Status.CLOSED, by=officer)
    services.change_add(
        consultation=closed, by=officer, you_said="Buses are rare.", we_did="Transport added."
    )
    with django_capture_on_commit_callbacks():  # The render is asked for, not run here.
        return services.report_publish(consultation=closed, by=officer)


class TestReportPdf:
    def test_publishing_asks_for_the_pdf(self, published):
        document = find(REPORT_PDF_KIND, published.pk)

        assert document is not None
        assert document.status == document.Status.PENDING

    def test_is_a_tagged_pdf_of_the_report_with_small_numbers_suppressed(self, published, tmp_path):
        source = build_report_pdf(published.pk)
        path = tmp_path / source.filename
        path.write_bytes(rendering.html_to_pdf(source.parts[0].html))

        assert pdfinfo_fields(path)["Tagged"] == "yes"
        text = words(path)
        assert "How residents had their say" in text
        assert "86% of the 7 who answered agreed or strongly agreed" in text
        assert "Transport added." in text
        assert "75 or over fewer than 5" in text
        assert "25 to 34 6" in text

    def test_is_downloaded_from_the_public_report_page_once_rendered(self, client, published):
        document = find(REPORT_PDF_KIND, published.pk)
        document_render(document.pk)

        page = client.get(reverse("consultations:report", args=[published.board.slug, published.slug]))
        download = reverse("core:document_download", args=[REPORT_PDF_KIND, published.pk])

        assert download in page.content.decode()
        assert client.get(download).status_code == 200

    def test_nothing_is_built_for_a_withdrawn_report(self, published, officer):
        services.report_withdraw(consultation=published, by=officer)

        assert build_report_pdf(published.pk) is None

    def test_publishing_again_while_the_pdf_renders_still_publishes(
        self, published, officer, django_capture_on_commit_callbacks
    ):
        services.report_withdraw(consultation=published, by=officer)

        with django_capture_on_commit_callbacks():
            again = services.report_publish(consultation=published, by=officer)

        assert again.report_is_published
        assert find(REPORT_PDF_KIND, published.pk).in_progress
