"""Every change an officer makes inline with htmx also works as a plain form and a full page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Thurrock Health and Wellbeing Strategy 2026 to 2031"


@pytest.fixture
def draft(board, officer, build_strategy):
    return build_strategy(
        board=board,
        by=officer,
        title=TITLE,
        start_year=2026,
        end_year=2031,
        domains=[("Staying well", ["Cut smoking"])],
    )


class TestOfficerWithoutJavaScript:
    def test_adds_a_domain_and_edits_it_with_plain_forms(
        self, new_page, browser_checks, officer, draft, sign_in, screenshot
    ):
        page = new_page(javascript=False)
        sign_in(page, officer)
        page.get_by_role("link", name=TITLE).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        browser_checks.axe(page, "manage page without JavaScript")

        add_form = page.locator("form.app-add-form")
        add_form.get_by_label("Title of the domain").fill("Opportunity for all")
        add_form.get_by_role("button", name="Add domain").click()
        expect(page).to_have_url(re.compile(rf"{draft.get_manage_url()}#domains$"))
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "Added domain “Opportunity for all”."
        )
        domains = page.locator("#domains li.app-domain-item h3")
        expect(domains).to_have_text(["Domain 1Staying well", "Domain 2Opportunity for all"])
        browser_checks.axe(page, "manage page after adding a domain without JavaScript")
        screenshot(page, "manage-page-without-javascript")

        # The Edit link leads to the full-page form; errors come with the error summary there.
        page.get_by_role("link", name="Edit Opportunity for all").click()
        expect(page).to_have_url(re.compile(r"/manage/domains/\d+/edit/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Edit domain")
        expect(page.get_by_label("Title of the domain")).to_have_value("Opportunity for all")
        browser_checks.axe(page, "full-page domain edit form")
        page.get_by_label("Title of the domain").fill("")
        page.get_by_role("button", name="Save Opportunity for all").click()
        expect(page).to_have_title(re.compile(r"^Error: Edit Opportunity for all"))
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title for the domain")
        expect(page.locator(".govuk-form-group--error")).to_contain_text(
            "Error: Enter a title for the domain"
        )
        browser_checks.axe(page, "full-page domain edit form with an error")
        page.get_by_label("Title of the domain").fill("Opportunity for everyone")
        page.get_by_role("button", name="Save Opportunity for all").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "Saved “Opportunity for everyone”."
        )
        expect(domains).to_have_text(["Domain 1Staying well", "Domain 2Opportunity for everyone"])
        browser_checks.axe(page, "manage page after editing a domain without JavaScript")

        # The move buttons are plain form buttons too.
        page.get_by_role("button", name="Move up Opportunity for everyone").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Moved.")
        expect(domains).to_have_text(["Domain 1Opportunity for everyone", "Domain 2Staying well"])
        browser_checks.axe(page, "manage page after moving a domain without JavaScript")

        browser_checks.assert_clean()

    def test_a_refused_add_says_so_at_the_top_of_the_page(
        self, new_page, browser_checks, officer, draft, signed_in
    ):
        page = new_page(javascript=False)
        signed_in(page, officer)
        page.goto(draft.get_manage_url())

        page.locator("form.app-add-form").get_by_role("button", name="Add domain").click()

        expect(page.locator("form.app-add-form")).to_contain_text("Error: Enter a title for the domain")
        browser_checks.axe(page, "manage page after a refused add, without JavaScript")
        browser_checks.assert_clean()
        expect(page).to_have_title(re.compile(r"^Error: "), timeout=1_000)
        summary = page.locator(".govuk-error-summary")
        expect(summary.get_by_role("link", name="Enter a title for the domain")).to_have_attribute(
            "href", "#id_new-domain-title", timeout=1_000
        )
