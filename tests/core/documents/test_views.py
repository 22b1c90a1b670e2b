"""
The document views every kind shares (core/document_views.py): downloads of the latest and of
older versions, and the progress panel with its "Generate again" button, each asking the kind's
rules. `test_board_paper` (tests/core/documents/kinds.py) has a board's rules, as board packs will:
members and officers download, officers see older versions and ask again, residents get nothing.
"""

import html
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from core.documents import HtmlPart, PdfPart, Source, rendering
from core.models import Document
from tests.core.documents.helpers import note_html, untagged_pdf, upload
from tests.core.documents.kinds import NOTES

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
KIND = "test_board_paper"


def text(response) -> str:
    return html.unescape(response.content.decode())


def download_url(board) -> str:
    return reverse("core:document_download", args=[KIND, board.pk])


def version_url(board, number: int) -> str:
    return reverse("core:document_version", args=[KIND, board.pk, number])


def panel_url(board) -> str:
    return reverse("core:document", args=[KIND, board.pk])


def content(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def paper(board, officer, request_now, monkeypatch):
    """
    The board's paper, rendered twice: version 1 ("First draft") and version 2 ("Second draft").
    These tests need stored files, not WeasyPrint's: each "PDF" is its HTML.
    """
    monkeypatch.setattr(
        rendering, "html_to_pdf", lambda html, on_laid_out=None: b"%PDF-1.7\n" + html.encode()
    )
    NOTES[board.pk] = note_html("First draft")
    first = request_now(KIND, board.pk, by=officer).current
    NOTES[board.pk] = note_html("Second draft")
    document = request_now(KIND, board.pk, by=officer)
    assert (first.number, document.current.number) == (1, 2)
    return document


class TestDownload:
    @pytest.mark.parametrize("client", ["board_member_client", "officer_client", "site_admin_client"])
    def test_those_the_kind_allows_get_the_latest_version(self, request, paper, board, client):
        response = request.getfixturevalue(client).get(download_url(board))

        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="note-{board.pk}.pdf"'
        assert "private" in response["Cache-Control"]
        with paper.current.file.open("rb") as handle:
            assert content(response) == handle.read()

    @pytest.mark.parametrize("client", ["resident_client", "other_officer_client"])
    def test_others_get_404(self, request, paper, board, client):
        response = request.getfixturevalue(client).get(download_url(board))

        assert response.status_code == 404

    def test_404_until_a_version_exists_and_nothing_is_rendered(self, board, board_member_client):
        with mock.patch.object(rendering, "html_to_pdf") as renderer:
            response = board_member_client.get(download_url(board))

        assert response.status_code == 404
        renderer.assert_not_called()
        assert not Document.objects.exists()

    def test_while_a_new_version_renders_the_latest_ready_one_is_served(
        self, paper, board, board_member_client
    ):
        Document.objects.filter(pk=paper.pk).update(status=Document.Status.RUNNING, progress=40)

        response = board_member_client.get(download_url(board))

        assert response.status_code == 200

    @pytest.mark.parametrize(
        "url", ["/documents/no_such_kind/1/download/", "/documents/test_board_paper/999999/download/"]
    )
    def test_an_unknown_kind_or_object_is_404(self, url, board_member_client):
        assert board_member_client.get(url).status_code == 404

    def test_answers_get_and_head_only(self, paper, board, board_member_client):
        assert board_member_client.head(download_url(board)).status_code == 200
        assert board_member_client.head(version_url(board, 2)).status_code == 200
        assert board_member_client.post(download_url(board)).status_code == 405


class TestOlderVersions:
    def test_the_boards_officers_download_any_version(self, paper, board, officer_client):
        response = officer_client.get(version_url(board, 1))

        assert response.status_code == 200
        with paper.versions.get(number=1).file.open("rb") as handle:
            assert content(response) == handle.read()

    def test_a_member_gets_the_latest_by_number_but_not_an_older_one(self, paper, board, board_member_client):
        assert board_member_client.get(version_url(board, 2)).status_code == 200
        assert board_member_client.get(version_url(board, 1)).status_code == 404

    def test_another_boards_officer_gets_404(self, paper, board, other_officer_client):
        assert other_officer_client.get(version_url(board, 1)).status_code == 404

    def test_a_resident_is_sent_to_sign_in(self, paper, board, resident_client):
        response = resident_client.get(version_url(board, 1))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_a_version_that_does_not_exist_is_404(self, paper, board, officer_client):
        assert officer_client.get(version_url(board, 3)).status_code == 404


class TestPanel:
    def test_the_htmx_answer_is_the_panel_alone(self, paper, board, officer_client):
        response = officer_client.get(panel_url(board), headers=HX)

        page = text(response)
        assert page.lstrip().startswith(
            f'<div id="document-test-board-paper-{board.pk}" class="app-document"'
        )
        assert "<html" not in page
        assert "Vary" in response and "HX-Request" in response["Vary"]

    def test_shows_the_latest_download_and_the_older_versions_to_an_officer(
        self, paper, board, officer, officer_client
    ):
        page = text(officer_client.get(panel_url(board), headers=HX))

        assert '<h2 class="govuk-heading-m">Board pack</h2>' in page
        assert f'href="{download_url(board)}">Download the board pack (' in page
        assert "(version 2)" in page
        assert "Earlier versions (1)" in page
        assert f'href="{version_url(board, 1)}">Version 1' in page
        assert f"for {officer.get_full_name()}" in page
        assert "Generate the board pack again" in page
        assert "every 1s" not in page

    def test_polls_while_the_job_runs_and_shows_its_stage(self, paper, board, officer_client):
        Document.objects.filter(pk=paper.pk).update(
            status=Document.Status.RUNNING, progress=45, stage="Rendering part 3 of 12"
        )

        page = text(officer_client.get(panel_url(board), headers=HX))

        assert f'hx-get="{panel_url(board)}" hx-trigger="every 1s"' in page
        assert "Rendering part 3 of 12" in page
        assert 'value="45"' in page
        assert "45% done." in page
        assert "Generate the board pack again" not in page
        assert "data-announce" not in page  # Every poll would repeat it.

    def test_a_job_without_a_heartbeat_for_two_minutes_offers_to_try_again(
        self, paper, board, officer_client
    ):
        Document.objects.filter(pk=paper.pk).update(
            status=Document.Status.RUNNING,
            progress=30,
            updated_at=timezone.now() - timezone.timedelta(minutes=3),
        )

        page = text(officer_client.get(panel_url(board), headers=HX))

        assert "every 1s" not in page
        assert "Generating the board pack has stopped or is taking far longer than it should." in page
        assert ">Try again</button>" in page

    def test_a_failure_shows_the_error_and_try_again(self, paper, board, officer_client):
        Document.objects.filter(pk=paper.pk).update(status=Document.Status.FAILED, error="OSError: disk full")

        page = text(officer_client.get(panel_url(board), headers=HX))

        assert "The board pack could not be generated" in page
        assert "OSError: disk full" in page
        assert ">Try again</button>" in page

    def test_names_each_untagged_part(self, board, officer, request_now, officer_client, board_member_client):
        NOTES[board.pk] = Source(
            title="Board pack",
            filename="pack.pdf",
            parts=[
                HtmlPart("Agenda", note_html("Agenda")),
                HtmlPart("Minutes", note_html("Minutes")),
                PdfPart("Report on air quality", upload("air.pdf", untagged_pdf("Air quality"))),
            ],
        )
        request_now(KIND, board.pk, by=officer)

        page = text(officer_client.get(panel_url(board), headers=HX))

        assert "Part 3, Report on air quality, is a scanned or untagged PDF" in page
        assert (
            "Report on air quality, is a scanned or untagged PDF: it may not work with a screen reader."
            in page
        )

    def test_nothing_generated_yet_offers_to_generate(self, board, officer_client):
        page = text(officer_client.get(panel_url(board), headers=HX))

        assert "The board pack has not been generated yet." in page
        assert ">Generate the board pack</button>" in page

    def test_without_htmx_it_sends_you_to_the_page_that_shows_it(self, paper, board, officer_client):
        response = officer_client.get(panel_url(board))

        assert response.status_code == 302
        assert response["Location"] == f"{board.get_absolute_url()}#document-test-board-paper-{board.pk}"

    @pytest.mark.parametrize("client", ["board_member_client", "other_officer_client"])
    def test_others_get_404(self, request, paper, board, client):
        assert request.getfixturevalue(client).get(panel_url(board), headers=HX).status_code == 404

    def test_a_resident_is_sent_to_sign_in(self, paper, board, resident_client):
        response = resident_client.get(panel_url(board))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


class TestGenerateAgain:
    def test_an_officer_queues_it_and_gets_the_panel(
        self, paper, board, officer, officer_client, django_capture_on_commit_callbacks
    ):
        with mock.patch("core.tasks.render_document.apply_async") as apply_async:
            with django_capture_on_commit_callbacks(execute=True):
                response = officer_client.post(panel_url(board), headers=HX)

        paper.refresh_from_db()
        assert response.status_code == 200
        assert (paper.status, paper.requested_by) == (Document.Status.PENDING, officer)
        apply_async.assert_called_once()
        assert "every 1s" in text(response)

    def test_without_javascript_it_goes_back_to_the_page_with_a_message(self, paper, board, officer_client):
        with mock.patch("core.tasks.render_document.apply_async"):
            response = officer_client.post(panel_url(board))

        assert response.status_code == 302
        assert response["Location"] == f"{board.get_absolute_url()}#document-test-board-paper-{board.pk}"
        assert [str(m) for m in get_messages(response.wsgi_request)] == ["Generating the board pack again."]

    # These two need real commits: the request's own transaction commits before the view reads the outcome.
    @pytest.mark.django_db(transaction=True)
    def test_when_the_broker_cannot_be_reached_the_message_says_it_failed(self, paper, board, officer_client):
        with mock.patch("core.tasks.render_document.apply_async", side_effect=ConnectionError("refused")):
            response = officer_client.post(panel_url(board))

        [message] = [str(m) for m in get_messages(response.wsgi_request)]
        assert message.startswith("The board pack could not be generated. The background service")

    @pytest.mark.django_db(transaction=True)
    def test_when_nothing_changed_the_message_says_it_is_up_to_date(self, paper, board, officer_client):
        officer_client.post(panel_url(board))  # Eager in tests: renders a version.
        paper.refresh_from_db()
        rendered = paper.current.number

        response = officer_client.post(panel_url(board))

        paper.refresh_from_db()
        assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
            "The board pack is up to date: nothing has changed since it was generated."
        )
        assert paper.current.number == rendered
        assert "nothing had changed" in text(officer_client.get(panel_url(board), headers=HX))

    def test_while_busy_the_answer_says_so(self, paper, board, officer_client):
        Document.objects.filter(pk=paper.pk).update(status=Document.Status.RUNNING)

        response = officer_client.post(panel_url(board), headers=HX)

        assert "The board pack is already being generated. Wait for it to finish." in text(response)

    @pytest.mark.parametrize("client", ["board_member_client", "other_officer_client"])
    def test_others_get_404_and_nothing_is_queued(
        self, request, paper, board, client, django_capture_on_commit_callbacks
    ):
        with mock.patch("core.tasks.render_document.apply_async") as apply_async:
            with django_capture_on_commit_callbacks(execute=True):
                response = request.getfixturevalue(client).post(panel_url(board))

        paper.refresh_from_db()
        assert response.status_code == 404
        assert paper.status == Document.Status.READY
        apply_async.assert_not_called()

    def test_a_resident_is_sent_to_sign_in(self, paper, board, resident_client):
        response = resident_client.post(panel_url(board))

        paper.refresh_from_db()
        assert response["Location"].startswith(reverse("login"))
        assert paper.status == Document.Status.READY
