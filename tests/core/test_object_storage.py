"""
Files on object storage (config.storage.s3_storage, docs/decisions/0030-object-storage.md): the
setting, then uploads, a rendered pack, downloads and deletes on a real S3 server (SeaweedFS, started
by scripts/with-services.sh), looked at behind the portal's back with boto3. Every file the portal
reads goes through the storage API, so the same views serve from the folder and from the store.
"""

import datetime
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from boards.documents import MEMBERS_PACK
from boards.models import AgendaPublication, Paper
from boards.services import papers
from config.storage import s3_storage
from core.documents import document_request
from core.formtokens import new_token
from core.models import Document
from delivery.models import DataPoint, ImportStatus, Indicator, IndicatorImport
from strategies.models import Status
from tests.boards.agenda_helpers import add_items, scheduled_meeting
from tests.boards.packs import make_pack
from tests.core.documents.helpers import pdftext
from tests.delivery.test_fingertips import THURROCK
from tests.delivery.test_indicator_imports import export_bytes
from tests.factories import StrategyFactory
from tests.object_store import keys
from tests.strategies.helpers import pdf_bytes


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def media_folder(settings, tmp_path):
    """An empty MEDIA_ROOT of the test's own: the session's holds what earlier tests stored there."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def body(response) -> bytes:
    return b"".join(response.streaming_content)


class TestTheSetting:
    def test_files_stay_in_the_local_folder_unless_a_bucket_is_named(self):
        assert s3_storage({}) is None
        assert s3_storage({"S3_ENDPOINT_URL": "http://store:8333", "S3_ACCESS_KEY_ID": "key"}) is None
        assert s3_storage({"S3_BUCKET": "  "}) is None

    def test_objects_are_private_never_replaced_and_any_url_is_signed_for_a_minute(self):
        storage = s3_storage(
            {
                "S3_BUCKET": "hwb",
                "S3_ENDPOINT_URL": "http://store:8333",
                "S3_REGION": "eu-west-2",
                "S3_ACCESS_KEY_ID": "key",
                "S3_SECRET_ACCESS_KEY": "secret",
            }
        )

        options = storage["OPTIONS"]
        assert storage["BACKEND"] == "core.s3.S3Storage"  # django-storages', raising Python's errors.
        assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
            "hwb",
            "http://store:8333",
            "eu-west-2",
        )
        assert options["default_acl"] is None  # No public-read: the bucket's own, private, ACL.
        assert (options["querystring_auth"], options["querystring_expire"]) == (True, 60)
        assert options["file_overwrite"] is False
        assert options["client_config"].s3 == {"addressing_style": "path"}
        assert options["client_config"].signature_version == "s3v4"
        assert (options["access_key"], options["secret_key"]) == ("key", "secret")

    def test_a_store_that_does_not_answer_holds_a_request_for_seconds_not_minutes(self):
        options = s3_storage({"S3_BUCKET": "hwb"})["OPTIONS"]

        config = options["client_config"]
        # botocore's defaults: 60 s to connect, 60 s per reply, 5 attempts (legacy mode), 5 download tries.
        assert (config.connect_timeout, config.read_timeout) == (2, 5)
        assert config.retries == {"mode": "standard", "total_max_attempts": 2}
        assert options["transfer_config"].num_download_attempts == 2

    def test_without_keys_or_an_endpoint_boto3_finds_its_own_credentials_for_aws(self):
        options = s3_storage({"S3_BUCKET": "hwb"})["OPTIONS"]

        assert "access_key" not in options and "secret_key" not in options
        assert options["endpoint_url"] is None and options["client_config"].s3 == {"addressing_style": None}


@pytest.mark.s3
@pytest.mark.django_db
class TestOnTheStore:
    def test_an_uploaded_paper_goes_to_the_store_and_comes_back_through_the_portal(
        self, on_s3, s3_bucket, board, officer, officer_client, media_folder
    ):
        meeting = scheduled_meeting(board)
        [item] = add_items(meeting, officer, "Strategy")
        upload = pdf_bytes(2)

        officer_client.post(
            reverse("boards:paper_add", args=[meeting.pk, item.pk]),
            {
                "form_token": new_token(),
                "role": "report",
                "title": "",
                "file": SimpleUploadedFile("Draft strategy.pdf", upload, content_type="application/pdf"),
            },
        )
        paper = Paper.objects.get()
        item.publication = make_publication(meeting, officer)
        item.save(update_fields=["publication"])
        response = officer_client.get(reverse("boards:paper", args=[board.slug, meeting.pk, paper.pk]))

        assert keys(on_s3, s3_bucket) == [paper.file.name]
        assert on_s3.get_object(Bucket=s3_bucket, Key=paper.file.name)["Body"].read() == upload
        assert files_under(media_folder) == []
        assert response.status_code == 200 and body(response) == upload

    def test_a_rendered_pack_is_stored_and_downloads_only_for_those_who_may_have_it(
        self,
        on_s3,
        s3_bucket,
        board,
        officer,
        board_member_client,
        resident_client,
        django_capture_on_commit_callbacks,
        media_folder,
        tmp_path,
    ):
        publication = make_pack(board, officer)

        with django_capture_on_commit_callbacks(execute=True):
            document = document_request(kind=MEMBERS_PACK, object_id=publication.pk, by=None)
        document.refresh_from_db()
        url = reverse("core:document_download", args=[MEMBERS_PACK, publication.pk])
        refused = resident_client.get(url)
        response = board_member_client.get(url)

        assert document.status == Document.Status.READY, document.error
        stored = on_s3.get_object(Bucket=s3_bucket, Key=document.current.file.name)["Body"].read()
        assert document.current.file.name in keys(on_s3, s3_bucket)
        assert files_under(media_folder) == []
        assert refused.status_code == 404
        assert response.status_code == 200
        assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache"}
        assert response["Content-Disposition"].startswith("attachment;")
        downloaded = body(response)
        assert downloaded == stored and len(stored) == document.current.size
        (tmp_path / "pack.pdf").write_bytes(downloaded)
        assert "Contract report" in pdftext(tmp_path / "pack.pdf")  # The exempt paper, read from the store.

    def test_the_store_refuses_its_addresses_unsigned_tampered_or_expired(self, on_s3, s3_bucket):
        name = default_storage.save("boards/papers/2026/exempt.pdf", ContentFile(b"%PDF-1.7 exempt"))
        endpoint = on_s3.meta.endpoint_url

        other = default_storage.save("boards/papers/2026/public.pdf", ContentFile(b"%PDF-1.7 public"))
        signed = default_storage.url(name)
        tampered = default_storage.url(other).replace("public.pdf", "exempt.pdf")
        short = default_storage.url(name, expire=2)
        answered_in_time = fetch(short)
        time.sleep(3)

        assert "X-Amz-Expires=60" in signed
        assert fetch(signed) == (200, b"%PDF-1.7 exempt")
        assert fetch(f"{endpoint}/{s3_bucket}/{name}")[0] == 403
        assert fetch(f"{endpoint}/{s3_bucket}?list-type=2")[0] == 403
        assert fetch(tampered)[0] == 403
        assert answered_in_time == (200, b"%PDF-1.7 exempt")
        assert fetch(short)[0] == 403

    def test_removing_a_paper_deletes_its_object_once_the_removal_commits(
        self, on_s3, s3_bucket, board, officer, django_capture_on_commit_callbacks
    ):
        meeting = scheduled_meeting(board)
        [item] = add_items(meeting, officer, "Strategy")

        kept = papers.paper_add(item=item, by=officer, file=SimpleUploadedFile("Report.pdf", pdf_bytes()))
        gone = papers.paper_add(item=item, by=officer, file=SimpleUploadedFile("Report.pdf", pdf_bytes(2)))
        assert sorted([kept.file.name, gone.file.name]) == keys(on_s3, s3_bucket)

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            papers.paper_remove(paper=gone, by=officer)
        before_commit = keys(on_s3, s3_bucket)
        for callback in callbacks:
            callback()

        assert kept.file.name != gone.file.name  # The same name twice: never written over.
        assert gone.file.name in before_commit
        assert keys(on_s3, s3_bucket) == [kept.file.name]
        assert default_storage.exists(kept.file.name) and not default_storage.exists(gone.file.name)

    def test_an_indicator_import_is_checked_and_imported_from_the_store(
        self, on_s3, s3_bucket, board, officer, officer_client, django_capture_on_commit_callbacks
    ):
        board.area_code = THURROCK
        board.save()
        strategy = StrategyFactory(board=board, status=Status.PUBLISHED)
        Indicator.objects.create(
            strategy=strategy,
            title="Smoking prevalence in adults",
            fingertips_id=92443,
            unit="%",
            polarity="lower_is_better",
            created_by=officer,
        )

        with django_capture_on_commit_callbacks(execute=True):
            response = officer_client.post(
                reverse("delivery:import_start", args=[strategy.pk]),
                {"file": SimpleUploadedFile("export.csv", export_bytes(), content_type="text/csv")},
            )
        upload = IndicatorImport.objects.get()
        checked = (upload.status, upload.new, upload.rejected)
        with django_capture_on_commit_callbacks(execute=True):
            officer_client.post(response.url, {"do": "confirm"})
        upload.refresh_from_db()

        assert keys(on_s3, s3_bucket) == [upload.file.name]
        assert checked == (ImportStatus.CHECKED, 3, 0)  # Read back from the store: seeks, text decoding.
        assert upload.status == ImportStatus.IMPORTED, upload.error
        assert DataPoint.objects.filter(indicator__strategy=strategy).count() == 3


def make_publication(meeting, officer) -> AgendaPublication:
    return AgendaPublication.objects.create(
        meeting=meeting,
        number=0,
        published_at=timezone.now(),
        published_by=officer,
        deadline=timezone.now() + datetime.timedelta(days=2),
    )
