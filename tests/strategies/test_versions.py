"""
The strategy in different versions (seed 000): a summary and an easy read version beside the full text,
and the documents that support it (uploaded PDFs or links), frozen with the text like the rest of it.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import audit
from core.formtokens import new_token
from core.models import AuditEntry, Document
from core.uploads import check_pdf
from strategies import services
from strategies.documents import build_easy_read_pdf, build_strategy_pdf, build_summary_pdf
from strategies.models import Status, SupportingDocument
from tests.strategies.helpers import move_to, pdf_bytes

pytestmark = pytest.mark.django_db


def upload(content: bytes | None = None, name: str = "case-for-change.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, pdf_bytes(2) if content is None else content, content_type="application/pdf"
    )


def url_of(name: str, strategy) -> str:
    return reverse(f"strategies:{name}", kwargs={"board_slug": strategy.board.slug, "slug": strategy.slug})


@pytest.fixture
def easy_strategy(strategy, officer):
    services.strategy_update(strategy=strategy, by=officer, easy_read="This is our plan for health.")
    domain = strategy.domains.order_by("position").first()
    services.domain_update(domain=domain, by=officer, easy_read="We want you to stay well.")
    priority = domain.priorities.order_by("position").first()
    services.priority_update(priority=priority, by=officer, easy_read="We will help people stop smoking.")
    strategy.refresh_from_db()
    return strategy


class TestCheckPdf:
    def test_reads_the_pages_of_a_real_pdf(self):
        facts = check_pdf(upload(pdf_bytes(3)))

        assert facts.pages == 3
        assert facts.tagged is False

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (b"", "The selected file is empty"),
            (b"GIF89a not a pdf at all", "The selected file must be a PDF"),
            (
                b"%PDF-1.7\nthis is truncated",
                "The selected file is damaged or is not a PDF: it could not be read",
            ),
        ],
        ids=["empty", "an-image", "truncated"],
    )
    def test_refuses_what_is_not_a_readable_pdf(self, content, message):
        with pytest.raises(ValidationError) as refused:
            check_pdf(upload(content))

        assert refused.value.messages == [message]

    def test_refuses_a_password_protected_pdf(self):
        with pytest.raises(ValidationError, match="password"):
            check_pdf(upload(pdf_bytes(password="secret")))

    def test_refuses_a_file_over_the_limit(self):
        with pytest.raises(ValidationError, match="must be smaller than 1 KB"):
            check_pdf(upload(pdf_bytes(1) + b"\n" * 2000), max_bytes=1024)


class TestSupportingDocumentServices:
    def test_an_uploaded_pdf_is_stored_listed_and_audited(self, strategy, officer):
        document = services.supporting_document_add(
            strategy=strategy,
            by=officer,
            title="The Case for Further Change",
            description="Why.",
            file=upload(),
        )

        assert (document.filename, document.pages, document.size > 0) == ("case-for-change.pdf", 2, True)
        with document.file.open("rb") as stored:
            assert stored.read(5) == b"%PDF-"
        assert strategy.snapshot()["supporting_documents"][0]["title"] == "The Case for Further Change"
        assert (
            AuditEntry.objects.for_scope(strategy).filter(target_repr="The Case for Further Change").exists()
        )

    def test_a_link_is_listed(self, strategy, officer):
        services.supporting_document_add(
            strategy=strategy,
            by=officer,
            title="Joint Forward Plan",
            url="https://www.midandsouthessex.ics.nhs.uk/",
        )

        listed = strategy.snapshot()["supporting_documents"]
        assert [(d["title"], d["url"]) for d in listed] == [
            ("Joint Forward Plan", "https://www.midandsouthessex.ics.nhs.uk/")
        ]

    def test_a_refused_upload_stores_nothing(self, strategy, officer, settings):
        def stored() -> set:
            return {str(path) for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()}

        before = stored()

        with pytest.raises(ValidationError):
            services.supporting_document_add(
                strategy=strategy, by=officer, title="Scan", file=upload(pdf_bytes(password="x"))
            )

        assert not SupportingDocument.objects.exists()
        assert stored() == before

    def test_a_failed_save_deletes_the_stored_file(self, strategy, officer, settings, monkeypatch):
        def stored() -> set:
            return {str(path) for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()}

        before = stored()
        monkeypatch.setattr(audit, "audit_record", lambda **kwargs: 1 / 0)

        with pytest.raises(ZeroDivisionError):
            services.supporting_document_add(strategy=strategy, by=officer, title="Case", file=upload())

        assert not SupportingDocument.objects.exists()
        assert stored() == before

    def test_neither_file_nor_link_is_refused(self, strategy, officer):
        with pytest.raises(ValidationError, match="Upload a PDF or give a link"):
            services.supporting_document_add(strategy=strategy, by=officer, title="Nothing")

    def test_an_officer_of_another_board_may_not_add(self, strategy, other_officer):
        with pytest.raises(PermissionDenied):
            services.supporting_document_add(
                strategy=strategy, by=other_officer, title="X", url="https://a.example/"
            )

        assert not SupportingDocument.objects.exists()

    def test_a_frozen_strategy_takes_no_new_documents(self, strategy, officer):
        move_to(strategy, Status.IN_CONSULTATION, by=officer)

        with pytest.raises(ValidationError, match="can no longer be changed"):
            services.supporting_document_add(
                strategy=strategy, by=officer, title="Late", url="https://a.example/"
            )

    def test_removing_keeps_the_file_for_the_revisions_that_list_it(self, strategy, officer):
        document = services.supporting_document_add(
            strategy=strategy, by=officer, title="Case", file=upload()
        )
        move_to(strategy, Status.IN_CONSULTATION, by=officer)
        move_to(strategy, Status.FINAL_DRAFT, by=officer)

        services.supporting_document_remove(document=document, by=officer)

        document.refresh_from_db()
        assert document.removed_at is not None and document.file.storage.exists(document.file.name)
        assert strategy.snapshot()["supporting_documents"] == []
        consulted = strategy.revisions.get(status=Status.IN_CONSULTATION).snapshot
        assert [d["id"] for d in consulted["supporting_documents"]] == [document.pk]


class TestPublicVersions:
    def test_summary_shows_the_published_vision_domains_and_priority_titles(
        self, easy_strategy, publish, resident_client
    ):
        publish(easy_strategy)

        response = resident_client.get(url_of("summary", easy_strategy))

        page = response.content.decode()
        assert response.status_code == 200
        assert "longer, healthier" in page and "Domain 2, priority 2" in page
        assert "ETag" in response  # Shared by every anonymous visitor, like the full text.

    def test_easy_read_shows_the_easy_read_text_frozen_at_publishing(
        self, easy_strategy, officer, publish, resident_client
    ):
        publish(easy_strategy)

        response = resident_client.get(url_of("easy_read", easy_strategy))

        page = response.content.decode()
        assert "This is our plan for health." in page
        assert "We will help people stop smoking." in page
        assert "Domain 1, priority 2" in page  # No easy read text of its own: its title stands in.

    def test_the_full_text_links_to_the_other_versions(self, easy_strategy, publish, resident_client):
        publish(easy_strategy)

        page = resident_client.get(easy_strategy.get_absolute_url()).content.decode()

        assert url_of("summary", easy_strategy) in page and url_of("easy_read", easy_strategy) in page

    def test_no_easy_read_version_without_easy_read_text(self, strategy, publish, resident_client):
        publish(strategy)

        assert resident_client.get(url_of("easy_read", strategy)).status_code == 404
        assert (
            url_of("easy_read", strategy)
            not in resident_client.get(strategy.get_absolute_url()).content.decode()
        )

    @pytest.mark.parametrize("name", ["summary", "easy_read"])
    def test_a_draft_has_no_public_versions(self, easy_strategy, name, resident_client, board_member_client):
        assert resident_client.get(url_of(name, easy_strategy)).status_code == 404
        assert board_member_client.get(url_of(name, easy_strategy)).status_code == 404


class TestSupportingDocumentFile:
    def file_url(self, strategy, document) -> str:
        return reverse(
            "strategies:supporting_document_file",
            kwargs={"board_slug": strategy.board.slug, "slug": strategy.slug, "pk": document.pk},
        )

    def test_residents_get_a_document_the_published_text_lists(
        self, strategy, officer, publish, resident_client
    ):
        document = services.supporting_document_add(
            strategy=strategy, by=officer, title="Case", file=upload()
        )
        publish(strategy)

        response = resident_client.get(self.file_url(strategy, document))

        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")

    def test_a_drafts_document_is_for_the_board_only(
        self, strategy, officer, resident_client, board_member_client
    ):
        document = services.supporting_document_add(
            strategy=strategy, by=officer, title="Case", file=upload()
        )

        assert resident_client.get(self.file_url(strategy, document)).status_code == 404
        assert board_member_client.get(self.file_url(strategy, document)).status_code == 200

    def test_the_pdf_lists_the_supporting_documents(self, strategy, officer, publish):
        services.supporting_document_add(
            strategy=strategy, by=officer, title="Joint Forward Plan", url="https://nhs.example/jfp"
        )
        publish(strategy)

        html = build_strategy_pdf(strategy.pk).parts[0].html

        assert "Supporting documents" in html and "https://nhs.example/jfp" in html


class TestSupportingDocumentPages:
    def test_an_officer_uploads_one_from_the_workspace(self, strategy, officer_client):
        response = officer_client.post(
            reverse("strategies:supporting_document_add", args=[strategy.pk]),
            {
                "supporting-title": "The Case for Further Change",
                "supporting-file": upload(),
                "supporting-form_token": new_token(),
            },
        )

        assert response.status_code == 302
        assert strategy.supporting_documents.get().title == "The Case for Further Change"

    def test_a_refused_upload_is_explained_next_to_the_field_and_the_title_kept(
        self, strategy, officer_client
    ):
        response = officer_client.post(
            reverse("strategies:supporting_document_add", args=[strategy.pk]),
            {
                "supporting-title": "My scan",
                "supporting-file": upload(b"GIF89a"),
                "supporting-form_token": new_token(),
            },
        )

        page = response.content.decode()
        assert response.status_code == 200
        assert "The selected file must be a PDF" in page and 'value="My scan"' in page
        assert "govuk-error-summary" in page
        # Against the file field: the summary links to it, and the input is marked and described.
        assert '<a href="#id_supporting-file">The selected file must be a PDF' in page
        assert "file" in response.context["supporting_form"].errors
        assert not SupportingDocument.objects.exists()

    @pytest.mark.parametrize("link", ["http://www.example.gov.uk/plan.pdf", "ftp://example.gov.uk/plan.pdf"])
    def test_a_link_must_start_https_as_the_hint_says(self, link, strategy, officer_client):
        response = officer_client.post(
            reverse("strategies:supporting_document_add", args=[strategy.pk]),
            {"supporting-title": "Plan", "supporting-url": link, "supporting-form_token": new_token()},
        )

        page = response.content.decode()
        assert response.status_code == 200 and not SupportingDocument.objects.exists()
        assert "Enter a link that starts with https://" in page
        assert "thurrock.gov.uk" not in page

    def test_a_link_that_is_not_a_web_address_is_told_so_once(self, strategy, officer_client):
        response = officer_client.post(
            reverse("strategies:supporting_document_add", args=[strategy.pk]),
            {
                "supporting-title": "Plan",
                "supporting-url": "not a link",
                "supporting-form_token": new_token(),
            },
        )

        page = response.content.decode()
        message = "Enter the link as a full web address, like https://www.example.gov.uk/plan.pdf"
        assert page.count(message) == 2  # In the error summary and beside the field.
        assert "Enter a link that starts with https://" not in page

    def test_sending_the_form_twice_adds_the_document_once(self, strategy, officer_client):
        data = {
            "supporting-title": "Plan",
            "supporting-url": "https://a.example/",
            "supporting-form_token": new_token(),
        }
        url = reverse("strategies:supporting_document_add", args=[strategy.pk])

        officer_client.post(url, data)
        officer_client.post(url, data)

        assert strategy.supporting_documents.count() == 1

    def test_an_officer_of_another_board_gets_404(self, strategy, other_officer_client):
        response = other_officer_client.post(
            reverse("strategies:supporting_document_add", args=[strategy.pk]),
            {"supporting-title": "X", "supporting-url": "https://a.example/"},
        )

        assert response.status_code == 404

    def test_removing_asks_first_then_removes(self, strategy, officer, officer_client):
        document = services.supporting_document_add(
            strategy=strategy, by=officer, title="Case", url="https://a.example/"
        )
        url = reverse("strategies:supporting_document_remove", args=[document.pk])

        assert "Remove “Case”" in officer_client.get(url).content.decode()
        officer_client.post(url)

        assert not strategy.supporting_documents.current().exists()


class TestVersionPdfs:
    def test_publishing_asks_for_the_summary_and_easy_read_pdfs_too(self, easy_strategy, publish):
        publish(easy_strategy)

        kinds = set(Document.objects.filter(object_id=easy_strategy.pk).values_list("kind", flat=True))
        assert kinds == {services.PDF_KIND, services.SUMMARY_PDF_KIND, services.EASY_READ_PDF_KIND}

    def test_no_easy_read_pdf_without_easy_read_text(self, strategy, publish):
        publish(strategy)

        kinds = set(Document.objects.filter(object_id=strategy.pk).values_list("kind", flat=True))
        assert kinds == {services.PDF_KIND, services.SUMMARY_PDF_KIND}
        assert build_easy_read_pdf(strategy.pk) is None

    def test_the_summary_and_easy_read_pdfs_hold_their_own_text(self, easy_strategy, publish):
        publish(easy_strategy)

        summary = build_summary_pdf(easy_strategy.pk)
        easy = build_easy_read_pdf(easy_strategy.pk)

        assert summary.filename.endswith("-summary.pdf") and easy.filename.endswith("-easy-read.pdf")
        assert "Domain 2, priority 2" in summary.parts[0].html
        assert "We will help people stop smoking." in easy.parts[0].html
        assert "We will help people stop smoking." not in summary.parts[0].html

    def test_a_draft_has_no_version_pdfs(self, easy_strategy):
        assert build_summary_pdf(easy_strategy.pk) is None and build_easy_read_pdf(easy_strategy.pk) is None

    def test_the_reading_page_links_each_ready_pdf(self, easy_strategy, publish, resident_client):
        publish(easy_strategy)

        page = resident_client.get(url_of("summary", easy_strategy)).content.decode()

        for kind in (services.PDF_KIND, services.SUMMARY_PDF_KIND, services.EASY_READ_PDF_KIND):
            assert reverse("core:document_download", args=[kind, easy_strategy.pk]) in page
