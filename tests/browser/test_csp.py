"""
The Content Security Policy holds in a real browser: no page, and no htmx swap, needs inline script,
inline style or eval. (Every browser test also fails on a CSP report; these make the policy the subject.)
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class TestContentSecurityPolicy:
    def test_the_console_watch_sees_a_violation(self, page, browser_checks, board):
        # Proves the check below can fail: an inline script is refused and reported.
        page.goto(board.get_absolute_url())

        with pytest.raises(Exception, match="Content Security Policy"):
            page.add_script_tag(content="window.__inlineRan = true")

        assert page.evaluate("() => window.__inlineRan") is None
        assert any("Content Security Policy" in report for report in browser_checks.csp)
        browser_checks.csp.clear()
        browser_checks.assert_clean()

    def test_public_and_officer_pages_and_htmx_swaps_raise_no_violation(
        self, page, browser_checks, public_strategies, officer, signed_in, hx
    ):
        response = page.goto("/")
        browser_checks.axe(page, "CSP walk: home")
        policy = response.headers["content-security-policy"]
        for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'"):
            assert directive in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        for url in (
            public_strategies.board.get_absolute_url(),
            public_strategies.current.get_absolute_url(),
            "/accounts/login/",
        ):
            page.goto(url)
            browser_checks.axe(page, f"CSP walk: {url}")

        signed_in(page, officer)
        page.goto(public_strategies.draft.get_manage_url())
        browser_checks.axe(page, "CSP walk: manage page, draft")
        add_form = page.locator("form.app-add-form")
        hx(page, lambda: add_form.get_by_role("button", name="Add domain").click())  # refused: errors swap in
        add_form.get_by_label("Title of the domain").fill("Staying well")
        hx(page, lambda: add_form.get_by_role("button", name="Add domain").click())
        domain = page.locator("#domains li.app-domain-item").first
        hx(page, lambda: domain.get_by_role("link", name="Edit Staying well").click())
        page.goto(public_strategies.current.get_manage_url())
        browser_checks.axe(page, "CSP walk: manage page, published")
        document = page.locator(".app-document[id^=document-strategy-pdf-]")
        hx(page, lambda: document.get_by_role("button", name="Generate the PDF again").click())
        expect(document.get_by_role("link", name=re.compile(r"^Download the PDF"))).to_be_visible()
        page.goto(f"/manage/strategies/{public_strategies.current.pk}/history/")
        browser_checks.axe(page, "CSP walk: history")

        assert browser_checks.csp == []
        browser_checks.assert_clean()
