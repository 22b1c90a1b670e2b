"""The officers' pages for subject access and erasure (consultations/views/privacy.py)."""

import json

import pytest
from django.urls import reverse

from consultations.models import Comment, Respondent
from core.models import AuditEntry
from tests.consultations.helpers import make_response

pytestmark = pytest.mark.django_db

ADDRESS = {"name": "Pat Smith", "email": "pat@example.com", "contact": "01234 567890"}


class TestSearch:
    def test_finds_a_respondent_by_email_address(self, officer_client, opened):
        response = make_response(opened, respondent=ADDRESS)
        url = reverse("consultations:respondent_search", args=[opened.pk])

        page = officer_client.get(url, {"q": "Pat@Example.com"})

        assert page.status_code == 200
        assert reverse("consultations:respondent", args=[response.pk]) in page.text
        assert "1 response found" in page.text

    def test_says_when_nothing_matches(self, officer_client, opened):
        page = officer_client.get(
            reverse("consultations:respondent_search", args=[opened.pk]), {"q": "x@y.z"}
        )

        assert "0 responses found" in page.text

    def test_an_empty_search_is_an_error(self, officer_client, opened):
        page = officer_client.get(reverse("consultations:respondent_search", args=[opened.pk]), {"q": ""})

        assert "Enter an email address or a response reference" in page.text

    def test_the_manage_page_links_to_it(self, officer_client, opened):
        page = officer_client.get(opened.get_manage_url())

        assert reverse("consultations:respondent_search", args=[opened.pk]) in page.text

    def test_not_for_board_members(self, board_member_client, opened):
        page = board_member_client.get(reverse("consultations:respondent_search", args=[opened.pk]))

        assert page.status_code == 404


class TestDetail:
    def test_shows_what_is_held(self, officer_client, opened):
        priority_id = opened.priorities()[0]["id"]
        response = make_response(opened, comments={priority_id: "My street floods"}, respondent=ADDRESS)

        page = officer_client.get(reverse("consultations:respondent", args=[response.pk]))

        assert "pat@example.com" in page.text and "Pat Smith" in page.text
        assert "My street floods" in page.text

    def test_erases_and_says_so(self, officer_client, opened):
        response = make_response(opened, respondent=ADDRESS)
        url = reverse("consultations:respondent", args=[response.pk])

        page = officer_client.post(url, follow=True)

        assert not Respondent.objects.exists()
        assert f"Erased the personal data of response {response.reference}" in page.text
        assert "pat@example.com" not in page.text

    def test_blanking_comments_without_a_reason_keeps_everything(self, officer_client, opened):
        priority_id = opened.priorities()[0]["id"]
        response = make_response(opened, comments={priority_id: "Mine"}, respondent=ADDRESS)

        page = officer_client.post(
            reverse("consultations:respondent", args=[response.pk]), {"blank_comments": "on", "reason": ""}
        )

        assert page.status_code == 200
        assert "Enter why the comments are removed" in page.text
        assert Respondent.objects.exists() and Comment.objects.get().text == "Mine"

    def test_blanks_comments_with_a_reason(self, officer_client, opened):
        priority_id = opened.priorities()[0]["id"]
        response = make_response(opened, comments={priority_id: "I live at 3 High St"}, respondent=ADDRESS)

        officer_client.post(
            reverse("consultations:respondent", args=[response.pk]),
            {"blank_comments": "on", "reason": "Gives an address"},
        )

        assert "High St" not in Comment.objects.get().text


class TestDownload:
    def test_json(self, officer_client, opened, officer):
        response = make_response(opened, respondent=ADDRESS)

        download = officer_client.post(
            reverse("consultations:respondent_download", args=[response.pk]), {"format": "json"}
        )

        assert download["Content-Type"] == "application/json"
        assert f"personal-data-{response.reference}.json" in download["Content-Disposition"]
        assert json.loads(download.content)["personal data"]["name"] == "Pat Smith"
        assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORTED, actor=officer).exists()

    def test_csv(self, officer_client, opened):
        response = make_response(opened, respondent=ADDRESS)

        download = officer_client.post(
            reverse("consultations:respondent_download", args=[response.pk]), {"format": "csv"}
        )

        assert download["Content-Type"].startswith("text/csv")
        assert "pat@example.com" in download.content.decode("utf-8-sig")
