"""
The object store down under a running portal: the site degrades instead of going down
(docs/decisions/0036-object-store-outage.md), as it does without Redis (test_redis_down.py).

The rows are made on the local folder; then the default storage becomes a store that is down
(tests.object_store.store_down: a port nothing listens on, or one that never answers) or the run's
real, empty, SeaweedFS bucket (an object the row names but the store does not have). Every download
answers 503 or 404, every upload a field error with nothing written, the PDF job retries and fails
visibly, /healthz says "degraded", and public pages and sign-in still answer.
"""

import logging
import time
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from boards.models import Paper
from config.settings import s3_storage
from core import health
from core.documents import document_request, rendering
from core.files import StoreUnavailable
from core.formtokens import new_token
from core.models import Document, DocumentVersion, FormToken
from core.tasks import render_document
from delivery.models import IndicatorImport
from strategies.models import Status, SupportingDocument
from tests.boards.agenda_helpers import add_items, scheduled_meeting
from tests.boards.packs import make_pack
from tests.core.documents.helpers import note_html
from tests.core.documents.kinds import NOTES
from tests.delivery.test_indicator_imports import export_bytes
from tests.factories import PASSWORD, StrategyFactory
from tests.object_store import keys, s3_environ, store_down
from tests.strategies.helpers import pdf_bytes

pytestmark = [pytest.mark.s3, pytest.mark.django_db]

FETCH_LATER = "The file cannot be fetched just now. Try again in a few minutes."
STORE_LATER = "The file could not be stored just now. Try again in a few minutes."


@pytest.fixture(autouse=True)
def _nothing_remembered():
    health._remembered.clear()
    yield
    health._remembered.clear()


@pytest.fixture
def request_now(django_capture_on_commit_callbacks):
    """request_now(kind, object_id): ask for a document and run the queued task (as tests/core/documents)."""

    def _request(kind: str, object_id: int) -> Document:
        with django_capture_on_commit_callbacks(execute=True):
            document = document_request(kind=kind, object_id=object_id, by=None)
        document.refresh_from_db()
        return document

    return _request


@pytest.fixture
def like_a_worker(_celery_eager):
    """Eager, but failures are handled as a worker handles them (retries, on_failure) instead of raised."""
    saved = _celery_eager.conf.task_eager_propagates
    _celery_eager.conf.task_eager_propagates = False
    yield
    _celery_eager.conf.task_eager_propagates = saved


@pytest.fixture
def downloads(board, officer) -> dict[str, str]:
    """One URL of each download, its row naming a file stored on the local folder."""
    publication = make_pack(board, officer)
    paper = Paper.objects.get(item__meeting=publication.meeting, title="Strategy report")
    board.terms_of_reference.save("terms.pdf", ContentFile(pdf_bytes()), save=True)
    strategy = StrategyFactory(board=board)
    supporting = SupportingDocument(
        strategy=strategy, title="Case for change", filename="case.pdf", size=100, pages=1, created_by=officer
    )
    supporting.file.save("case.pdf", ContentFile(pdf_bytes()), save=True)
    NOTES[1] = note_html("A note")
    document = Document.objects.create(kind="test_note", object_id=1, status=Document.Status.READY)
    version = DocumentVersion(
        document=document, number=1, filename="note.pdf", size=100, source_hash="0" * 64
    )
    version.file.save("note.pdf", ContentFile(pdf_bytes()), save=True)
    Document.objects.filter(pk=document.pk).update(current=version)
    return {
        "paper": reverse("boards:paper", args=[board.slug, publication.meeting_id, paper.pk]),
        "terms of reference": reverse("boards:terms_of_reference", args=[board.slug]),
        "supporting document": reverse(
            "strategies:supporting_document_file", args=[board.slug, strategy.slug, supporting.pk]
        ),
        "document": reverse("core:document_download", args=["test_note", 1]),
        "document version": reverse("core:document_version", args=["test_note", 1, 1]),
    }


DOWNLOADS = ["paper", "terms of reference", "supporting document", "document", "document version"]


class TestDownloads:
    @pytest.mark.parametrize("which", DOWNLOADS)
    def test_a_store_that_refuses_is_the_503_page_in_the_portal_layout(
        self, which, downloads, s3_bucket, officer_client, caplog
    ):
        with store_down(s3_bucket), caplog.at_level(logging.ERROR, logger="core.files"):
            response = officer_client.get(downloads[which])

        assert response.status_code == 503
        assert response["Retry-After"] == "120"
        assert "no-store" in response["Cache-Control"]
        assert response["Content-Type"].startswith("text/html")
        page = response.content.decode()
        assert FETCH_LATER in page
        assert "govuk-service-navigation" in page and "govuk-footer" in page  # The layout, with its menu.
        [logged] = [record for record in caplog.records if record.name == "core.files"]
        assert isinstance(logged.exc_info[1], StoreUnavailable)  # Logged with the error.

    def test_a_store_that_never_answers_is_a_503_within_its_timeouts(
        self, downloads, s3_bucket, officer_client
    ):
        started = time.monotonic()
        with store_down(s3_bucket, silent=True):
            response = officer_client.get(downloads["paper"])
        took = time.monotonic() - started

        assert response.status_code == 503 and FETCH_LATER in response.content.decode()
        # Two attempts of half a second each, and botocore's backoff between them (under a second).
        assert took < 4, took

    @pytest.mark.parametrize("which", DOWNLOADS)
    def test_an_object_missing_from_the_store_is_a_404_and_logged(
        self, which, downloads, on_s3, officer_client, caplog
    ):
        with caplog.at_level(logging.ERROR, logger="core.files"):
            response = officer_client.get(downloads[which])

        assert response.status_code == 404
        [logged] = [record for record in caplog.records if record.name == "core.files"]
        assert isinstance(logged.exc_info[1], FileNotFoundError)

    def test_the_same_downloads_work_once_the_store_answers(self, board, officer, on_s3, officer_client):
        publication = make_pack(board, officer)  # Stored on the store this time.
        paper = Paper.objects.get(item__meeting=publication.meeting, title="Strategy report")
        url = reverse("boards:paper", args=[board.slug, publication.meeting_id, paper.pk])

        response = officer_client.get(url)

        assert response.status_code == 200
        assert (
            b"".join(response.streaming_content)
            == on_s3.get_object(Bucket=default_storage.bucket_name, Key=paper.file.name)["Body"].read()
        )
        assert set(response["Cache-Control"].split(", ")) == {"public", "no-cache"}


class TestUploads:
    """A store that is down: the form again, the error beside the file field, what was typed kept, no row."""

    def test_a_board_paper(self, board, officer, officer_client, s3_bucket, on_s3):
        [item] = add_items(scheduled_meeting(board), officer, "Strategy")
        token = new_token()

        def send():
            return officer_client.post(
                reverse("boards:paper_add", args=[item.meeting_id, item.pk]),
                {
                    "form_token": token,
                    "role": "report",
                    "title": "Draft strategy for the Board",
                    "file": SimpleUploadedFile("draft.pdf", pdf_bytes(2), content_type="application/pdf"),
                },
            )

        with store_down(s3_bucket):
            refused = send()
        page = refused.content.decode()
        nothing_written = (Paper.objects.count(), FormToken.objects.count(), keys(on_s3, s3_bucket))
        accepted = send()  # The same form, sent again once the store is back.

        assert refused.status_code == 200
        assert refused.context["form"].errors["file"] == [STORE_LATER]
        assert 'id="id_file_error"' in page and STORE_LATER in page
        assert 'value="Draft strategy for the Board"' in page
        assert nothing_written == (0, 0, [])
        assert accepted.status_code == 302
        assert keys(on_s3, s3_bucket) == [Paper.objects.get().file.name]

    def test_a_supporting_document(self, board, officer_client, s3_bucket, on_s3):
        strategy = StrategyFactory(board=board)

        with store_down(s3_bucket):
            response = officer_client.post(
                reverse("strategies:supporting_document_add", args=[strategy.pk]),
                {
                    "supporting-title": "The Case for Further Change",
                    "supporting-file": SimpleUploadedFile(
                        "case.pdf", pdf_bytes(), content_type="application/pdf"
                    ),
                    "supporting-form_token": new_token(),
                },
            )

        page = response.content.decode()
        assert response.status_code == 200
        assert response.context["supporting_form"].errors["file"] == [STORE_LATER]
        assert f'<a href="#id_supporting-file">{STORE_LATER}' in page
        assert 'value="The Case for Further Change"' in page
        assert not SupportingDocument.objects.exists() and keys(on_s3, s3_bucket) == []

    def test_the_terms_of_reference_keep_the_earlier_file(self, board, board_admin_client, s3_bucket):
        board.terms_of_reference.save("earlier.pdf", ContentFile(pdf_bytes()), save=True)
        earlier = board.terms_of_reference.name

        with store_down(s3_bucket):
            response = board_admin_client.post(
                reverse("boards:terms_of_reference_upload", args=[board.slug]),
                {"file": SimpleUploadedFile("ToR.pdf", pdf_bytes(), content_type="application/pdf")},
            )

        board.refresh_from_db()
        page = response.content.decode()
        assert response.status_code == 200
        assert 'id="id_file_error"' in page and STORE_LATER in page
        assert board.terms_of_reference.name == earlier

    def test_an_indicator_import(self, board, officer_client, s3_bucket, django_capture_on_commit_callbacks):
        strategy = StrategyFactory(board=board, status=Status.PUBLISHED)

        with store_down(s3_bucket), django_capture_on_commit_callbacks(execute=True) as queued:
            response = officer_client.post(
                reverse("delivery:import_start", args=[strategy.pk]),
                {"file": SimpleUploadedFile("export.csv", export_bytes(), content_type="text/csv")},
            )

        page = response.content.decode()
        assert response.status_code == 200
        assert 'id="id_file_error"' in page and STORE_LATER in page
        assert not IndicatorImport.objects.exists() and queued == []


class TestThePdfJob:
    def test_a_store_write_that_fails_is_retried_then_fails_visibly_never_ready(
        self, s3_bucket, on_s3, request_now, like_a_worker
    ):
        NOTES[1] = note_html("A note")

        with store_down(s3_bucket), mock.patch.object(rendering, "html_to_pdf", return_value=pdf_bytes()):
            failed = request_now("test_note", 1)
        versions = DocumentVersion.objects.filter(document=failed).count()
        again = request_now("test_note", 1)  # "Try again", with the store back.

        assert failed.status == Document.Status.FAILED
        assert failed.attempts == 1 + render_document.max_retries
        assert failed.current_id is None and versions == 0
        assert "The file store is not answering" in failed.error and "127.0.0.1" not in failed.error
        assert again.status == Document.Status.READY, again.error
        assert keys(on_s3, s3_bucket) == [again.current.file.name]

    def test_a_version_whose_file_the_store_lost_is_rendered_again_not_called_ready(
        self, s3_bucket, on_s3, request_now
    ):
        NOTES[1] = note_html("A note")
        first = request_now("test_note", 1)
        on_s3.delete_object(Bucket=s3_bucket, Key=first.current.file.name)

        second = request_now("test_note", 1)  # The same content: once, this found it unchanged.

        assert second.status == Document.Status.READY and second.stage != Document.UNCHANGED
        assert second.current.number == 2
        assert keys(on_s3, s3_bucket) == [second.current.file.name]


class TestTheRestOfTheSite:
    def test_health_says_degraded_and_liveness_still_answers(self, client, s3_bucket, on_s3):
        up = client.get(reverse("healthz"))
        health._remembered.clear()

        with store_down(s3_bucket):
            down = client.get(reverse("healthz"))
            live = client.get(reverse("healthz_live"))

        assert up.status_code == 200 and up.json()["checks"]["storage"] == {"status": "ok"}
        assert down.status_code == 503
        assert down.json()["status"] == "degraded"
        assert down.json()["checks"]["database"] == {"status": "ok"}
        assert down.json()["checks"]["storage"]["status"] == "down"
        assert "127.0.0.1" not in down.text
        assert live.status_code == 200 and live.content == b"ok"

    def test_a_bucket_that_does_not_exist_is_down_for_health(self, client, s3_bucket):
        # A download cannot tell it from a missing file (a HEAD's 404 has no error code): health can.
        storage = s3_storage(s3_environ(f"{s3_bucket}-none"))

        with override_settings(STORAGES={**settings.STORAGES, "default": storage}):
            response = client.get(reverse("healthz"))

        assert response.status_code == 503
        assert response.json()["checks"]["storage"] == {"status": "down", "error": "ClientError"}

    def test_public_pages_that_list_files_and_sign_in_answer(self, board, officer, downloads, s3_bucket):
        meeting = Paper.objects.get(title="Strategy report").item.meeting
        resident = Client()

        with store_down(s3_bucket):
            pages = {
                url: resident.get(url).status_code
                for url in [reverse("home"), board.get_absolute_url(), meeting.get_absolute_url()]
            }
            signed_in = resident.post(reverse("login"), {"username": officer.username, "password": PASSWORD})
            manage = resident.get(reverse("boards:meeting_manage", args=[meeting.pk]))

        assert set(pages.values()) == {200}, pages
        assert signed_in.status_code == 302 and "_auth_user_id" in resident.session
        assert manage.status_code == 200
        assert "Strategy report" in manage.content.decode()
