"""
A board's news in a real browser: an officer writes an update (htmx shows the errors beside the fields
first, keeping what was typed; then it is published and the officer lands on it); a resident, with
JavaScript off, reads it from the board's page and the news list, sees the feed's link and never a
draft. axe on every page at 1280 and 320 px.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from news.models import NewsItem
from tests.browser.narrow import check_narrow
from tests.factories import NewsItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class TestNews:
    def test_an_officer_writes_an_update_and_a_resident_reads_it_without_javascript(
        self, page, new_page, browser_checks, board, officer, signed_in, hx, screenshot
    ):
        NewsItemFactory(board=board, title="A draft nobody else sees", status="draft", publish_at=None)
        signed_in(page, officer)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(reverse("news:manage_list"))
        expect(page.get_by_role("heading", level=1)).to_have_text("News")
        browser_checks.axe(page, "the officers' news")
        check_narrow(page, browser_checks, "the officers' news")
        page.get_by_role("link", name="Write an update").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Write an update")
        browser_checks.axe(page, "write an update")
        check_narrow(page, browser_checks, "write an update")

        # Errors first, in place: the summary typed stays.
        page.get_by_label("Summary").fill("The Board meets on 4 March at the Civic Offices, Grays.")
        page.get_by_label("Publish it: now, or at the date and time below").check()
        hx(page, lambda: page.get_by_role("button", name="Save the update").click(), "an update with errors")
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the update")
        expect(page.get_by_label("Summary")).to_have_value(
            "The Board meets on 4 March at the Civic Offices, Grays."
        )
        check_narrow(page, browser_checks, "an update with errors")
        assert not NewsItem.objects.filter(title__contains="March").exists()

        page.get_by_label("Title").fill("The Board meets in March")
        page.get_by_label("Update", exact=True).fill(
            "Residents are welcome to watch.\n\n- Papers are published a week before\n- Questions by email"
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Save the update").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("The Board meets in March")
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "Saved the update “The Board meets in March” (published)."
        )
        browser_checks.axe(page, "an update, as its officer sees it")
        screenshot(page, "news-item-officer")

        # A resident, without JavaScript.
        resident = new_page(javascript=False)
        resident.set_viewport_size({"width": 1280, "height": 800})
        resident.goto(board.get_absolute_url())
        news = resident.locator("main")
        expect(news).to_contain_text("The Board meets on 4 March at the Civic Offices, Grays.")
        expect(news).not_to_contain_text("A draft nobody else sees")
        expect(resident.get_by_role("link", name=f"Follow the {board.name} (Atom feed)")).to_be_visible()
        alternate = resident.locator('head link[rel="alternate"][type="application/atom+xml"]')
        expect(alternate).to_have_attribute("href", reverse("news:feed", args=[board.slug]))
        browser_checks.axe(resident, "the board's page with its news")
        check_narrow(resident, browser_checks, "the board's page with its news")

        resident.get_by_role("link", name=f"All news from the {board.name}").click()
        expect(resident.get_by_role("heading", level=1)).to_have_text("News")
        expect(resident.locator("main")).not_to_contain_text("A draft nobody else sees")
        browser_checks.axe(resident, "the board's news")
        check_narrow(resident, browser_checks, "the board's news")
        resident.get_by_role("link", name="The Board meets in March").click()
        expect(resident.get_by_role("heading", level=1)).to_have_text("The Board meets in March")
        expect(resident.locator("main ul.govuk-list--bullet")).to_contain_text(
            "Papers are published a week before"
        )
        expect(resident.get_by_role("button", name="Unpublish")).to_have_count(0)
        browser_checks.axe(resident, "an update")
        check_narrow(resident, browser_checks, "an update")
        screenshot(resident, "news-item")

        browser_checks.assert_clean()
