"""A subscriber confirms by the emailed link, then unsubscribes in one click (views/subscriptions.py)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from consultations import subscribers
from consultations.models import Subscriber
from tests.consultations.helpers import open_on_a_draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def subscriber(board, officer):
    consultation = open_on_a_draft(board, officer)
    return subscribers.subscriber_add(email="pat@example.com", consultation=consultation)


class TestSubscriberLinks:
    def test_confirms_then_unsubscribes_without_javascript(self, new_page, browser_checks, subscriber):
        page = new_page(javascript=False)
        token = subscribers.signed_token(subscriber)

        page.goto(reverse("consultations:subscription_confirm", args=[token]))
        expect(page.get_by_role("heading", level=1)).to_have_text("Confirm you want updates")
        browser_checks.axe(page, "confirm page")
        page.get_by_role("button", name="Yes, send me updates").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("You will get updates")
        browser_checks.axe(page, "confirmed page")

        page.goto(reverse("consultations:unsubscribe", args=[token]))
        expect(page.get_by_role("heading", level=1)).to_have_text("Unsubscribe")
        browser_checks.axe(page, "unsubscribe page")
        page.get_by_role("button", name="Unsubscribe").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("You have unsubscribed")
        browser_checks.axe(page, "unsubscribed page")

        subscriber.refresh_from_db()
        assert subscriber.confirmed_at is not None and subscriber.unsubscribed_at is not None

    def test_a_changed_link_says_what_to_do(self, page, browser_checks, subscriber):
        page.goto(reverse("consultations:unsubscribe", args=["changed:link"]))

        expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
        browser_checks.axe(page, "link that does not work")
        assert Subscriber.objects.get().unsubscribed_at is None
