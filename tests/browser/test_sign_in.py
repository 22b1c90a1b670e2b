"""Signing in with the wrong password, then too many times: clear, accessible pages."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class TestSignInMistakes:
    def test_a_wrong_password_is_explained_and_too_many_lock_the_name_for_a_while(
        self, page, browser_checks, officer, settings, screenshot
    ):
        settings.SIGN_IN_FAILURE_LIMITS = {"username": 2, "ip_address": 50}
        settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(officer.username)
        page.get_by_label("Password", exact=True).fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()

        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct username and password")
        expect(page.get_by_label("Username")).to_have_value(officer.username)
        browser_checks.axe(page, "sign-in page with an error")
        page.get_by_label("Password", exact=True).fill("still-not-the-password")
        page.get_by_role("button", name="Sign in").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("You cannot sign in at the moment")
        expect(page.locator("main")).to_contain_text("Wait 15 minutes, then try again.")
        browser_checks.axe(page, "sign-in lock-out page")
        screenshot(page, "sign-in-locked-out")
        browser_checks.assert_clean()
