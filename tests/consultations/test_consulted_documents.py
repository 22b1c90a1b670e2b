"""
The supporting documents of the text consulted on, on the consultation's public page (issue 6's walk: the
Thurrock consultation page failed with NoReverseMatch because its text lists an uploaded document).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations import services
from consultations.models import Status
from strategies import services as strategy_services
from tests.core.documents.helpers import tagged_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened_with_a_document(consultation, officer):
    strategy_services.supporting_document_add(
        strategy=consultation.strategy,
        by=officer,
        title="The Case for Further Change",
        file=SimpleUploadedFile("case.pdf", tagged_pdf("The Case for Further Change"), "application/pdf"),
    )
    services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
    return services.consultation_transition(consultation=consultation, to_status=Status.OPEN, by=officer)


def test_the_page_links_the_consulted_texts_document_and_anyone_downloads_it(client, opened_with_a_document):
    consultation = opened_with_a_document

    page = client.get(reverse("consultations:detail", args=[consultation.board.slug, consultation.slug]))

    assert page.status_code == 200
    document = consultation.strategy.supporting_documents.get()
    url = reverse(
        "strategies:supporting_document_file",
        kwargs={"board_slug": consultation.board.slug, "slug": consultation.strategy.slug, "pk": document.pk},
    )
    assert url in page.content.decode()
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
