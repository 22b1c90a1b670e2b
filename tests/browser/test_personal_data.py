"""An officer finds a respondent, downloads their data and erases it (consultations/views/privacy.py)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from consultations.models import Respondent
from tests.consultations.helpers import make_response, open_on_a_draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_consultation(board, officer):
    return open_on_a_draft(board, officer)


class TestSubjectAccessAndErasure:
    def test_finds_downloads_and_erases(self, page, browser_checks, signed_in, officer, open_consultation):
        priority_id = open_consultation.priorities()[0]["id"]
        response = make_response(
            open_consultation,
            comments={priority_id: "I live at 3 High Street"},
            respondent={"name": "Pat Smith", "email": "pat@example.com"},
        )
        signed_in(page, officer)
        page.goto(open_consultation.get_manage_url())
        page.get_by_role("link", name="Find a respondent's personal data").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Find a respondent's personal data")
        browser_checks.axe(page, "find page")

        page.get_by_label("Email address or response reference").fill("pat@example.com")
        page.get_by_role("button", name="Find").click()
        browser_checks.axe(page, "find page with a result")
        page.get_by_role("link", name=f"Response {response.reference}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Personal data of response {response.reference}"
        )
        expect(page.get_by_text("pat@example.com")).to_be_visible()
        browser_checks.axe(page, "respondent page")

        with page.expect_download() as download:
            page.get_by_role("button", name="Download as JSON").click()
        assert download.value.suggested_filename == f"personal-data-{response.reference}.json"

        page.get_by_label("Also remove the text of this response's comments").check()
        page.get_by_role("button", name="Erase personal data").click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        browser_checks.axe(page, "respondent page with an error")
        page.get_by_label("Why are the comments removed?").fill("It gives their address")
        page.get_by_role("button", name="Erase personal data").click()

        expect(page.get_by_text(f"Erased the personal data of response {response.reference}")).to_be_visible()
        assert not Respondent.objects.exists()
        browser_checks.axe(page, "respondent page after erasure")
        assert reverse("consultations:respondent", args=[response.pk]) in page.url
