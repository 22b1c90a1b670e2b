"""
Officers find campaigns and mark a duplicate with JavaScript off, and the pages pass axe
(consultations/views/duplicates.py).
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from consultations.models import Campaign, Channel
from tests.consultations.helpers import make_response, open_on_a_draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Please keep the walk-in centre at Orsett Hospital open, it is vital for older people."


@pytest.fixture
def consultation(board, officer):
    consultation = open_on_a_draft(board, officer)
    first = consultation.priorities()[0]["id"]
    for signature in ("Jane", "Bob", "Ali"):
        make_response(
            consultation, comments={first: f"Dear Sir or Madam,\n{TEXT}\nYours faithfully,\n{signature}"}
        )
    return consultation


class TestCampaignsWithoutJavaScript:
    def test_finds_and_confirms_a_campaign(self, new_page, browser_checks, signed_in, officer, consultation):
        page = new_page(javascript=False)
        signed_in(page, officer)
        page.goto(reverse("consultations:campaigns", args=[consultation.pk]))
        browser_checks.axe(page, "campaigns page, none found yet")

        page.get_by_role("button", name="Look for campaigns").click()

        expect(page.get_by_role("heading", level=3)).to_contain_text("Campaign 1: 3 responses")
        expect(page.locator(".govuk-inset-text")).to_have_text(TEXT)
        browser_checks.axe(page, "campaigns page")
        page.get_by_role("button", name="Confirm Campaign 1").click()
        expect(page.locator(".govuk-tag").first).to_have_text("Confirmed")
        assert Campaign.objects.get().status == "confirmed"
        browser_checks.assert_clean()

    def test_marks_a_duplicate(self, new_page, browser_checks, signed_in, officer, consultation):
        original = make_response(consultation, channel=Channel.PAPER)
        again = make_response(consultation)
        page = new_page(javascript=False)
        signed_in(page, officer)
        page.goto(reverse("consultations:response_duplicate", args=[again.pk]))
        browser_checks.axe(page, "mark as duplicate")

        page.get_by_label("Reference of the response it duplicates").fill(original.reference)
        page.get_by_role("button", name="Mark as a duplicate").click()
        page.get_by_label("Why is it a duplicate?").fill("The same answers, online and on paper.")
        page.get_by_role("button", name="Mark as a duplicate").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Responses marked as duplicates")
        expect(page.get_by_role("table")).to_contain_text(f"Duplicate of {original.reference}")
        browser_checks.axe(page, "responses marked as duplicates")
        browser_checks.assert_clean()
