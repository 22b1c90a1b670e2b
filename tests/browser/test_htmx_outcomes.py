"""
Every htmx action ends in something the officer sees as well as hears: the page it was meant to
change, a banner in the notification region, or (when the session has ended) the sign-in page of
the whole window. Issue 5: "An ended session breaks HTMX pages", "Failed HTMX actions are invisible".
"""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Thurrock Health and Wellbeing Strategy 2026 to 2031"
GONE = "That item no longer exists: it may have been deleted in another tab. Reload the page."


@pytest.fixture
def draft(board, officer, build_strategy):
    return build_strategy(
        board=board,
        by=officer,
        title=TITLE,
        start_year=2026,
        end_year=2031,
        domains=[("Staying well", ["Cut smoking", "Get more people active"]), ("Opportunity for all", [])],
    )


@pytest.fixture
def manage_page(page, draft, officer, signed_in) -> Page:
    signed_in(page, officer)
    page.goto(draft.get_manage_url())
    return page


def banner(page: Page):
    return page.locator("#notifications .govuk-notification-banner")


def focused_id(page: Page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def forget_expected(checks, status: int, path: str) -> None:
    """The refusal the test provoked is expected: take it out of what the browser checks report."""
    expected = [line for line in checks.bad_responses if line.startswith(str(status)) and path in line]
    assert expected, f"No {status} response for {path} was seen"
    for line in expected:
        checks.bad_responses.remove(line)


class TestAnEndedSession:
    def test_move_down_sends_the_officer_to_sign_in_and_back_to_the_page(
        self, page, browser_checks, draft, officer
    ):
        from tests.factories import PASSWORD

        page.goto(f"/accounts/login/?next={draft.get_manage_url()}")
        page.get_by_label("Username").fill(officer.username)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        other_tab = browser_checks.watch(page.context.new_page())
        other_tab.goto("/manage/")
        other_tab.get_by_role("button", name="Sign out").click()
        expect(other_tab.get_by_text("You have signed out.")).to_be_visible()

        page.get_by_role("button", name="Move down Cut smoking").click()

        expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/manage/strategies/\d+/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
        expect(page.locator("header")).to_have_count(1)
        browser_checks.axe(page, "sign-in page after the session ended")
        page.get_by_label("Username").fill(officer.username)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(re.compile(rf"{draft.get_manage_url()}$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        # The move was not made: the officer decides again, now signed in.
        expect(page.locator("#domains .app-priorities").first.locator(".app-item__title")).to_have_text(
            ["Cut smoking", "Get more people active"]
        )
        browser_checks.axe(page, "manage page, signed in again")
        browser_checks.assert_clean()


class TestRefusedActionsAreShown:
    def test_edit_on_an_item_deleted_in_another_tab_says_so_on_screen(
        self, manage_page, browser_checks, draft, officer, hx
    ):
        from strategies import services

        page = manage_page
        domain = draft.domains.get(title="Staying well")
        pk = domain.pk
        services.domain_delete(domain=domain, by=officer)  # In another tab.
        edit = page.get_by_role("link", name="Edit Staying well")
        edit.focus()

        hx(page, lambda: page.keyboard.press("Enter"), "manage page, editing a deleted domain")

        expect(banner(page)).to_contain_text("There is a problem")
        expect(banner(page)).to_contain_text(GONE)
        expect(page.locator("#status-announcer")).to_have_text(GONE)
        # Nothing else changed, and the focus stayed where the officer was.
        expect(page.locator("#domains li.app-domain-item")).to_have_count(2)
        assert focused_id(page) == f"domain-{pk}-edit-link"
        forget_expected(browser_checks, 404, f"/manage/domains/{pk}/edit/")
        browser_checks.assert_clean()

    def test_generating_the_pdf_again_while_it_is_being_generated_says_so(
        self, page, browser_checks, public_strategies, officer, signed_in, hx
    ):
        from core.models import Document

        strategy = public_strategies.current
        signed_in(page, officer)
        page.goto(strategy.get_manage_url())
        button = page.get_by_role("button", name="Generate the PDF again")
        # Meanwhile another officer asked for it: a render is under way.
        Document.objects.filter(kind="strategy_pdf", object_id=strategy.pk).update(
            status=Document.Status.RUNNING, progress=10, stage="Laying out"
        )

        hx(page, lambda: button.click(), "manage page, PDF already being generated")

        message = "The PDF is already being generated. Wait for it to finish."
        expect(banner(page)).to_contain_text(message)
        expect(page.locator("#status-announcer")).to_have_text(message)
        expect(
            page.locator(".app-document[id^=document-strategy-pdf-]").get_by_label("Laying out")
        ).to_be_visible()
        browser_checks.assert_clean()

    def test_a_server_that_cannot_be_reached_is_shown_too(self, manage_page, browser_checks):
        page = manage_page
        page.route(re.compile(r"/reorder/$"), lambda route: route.abort("internetdisconnected"))

        page.get_by_role("button", name="Move down Cut smoking").click()

        message = "Sorry, the portal could not be reached. Check your connection and try again."
        expect(banner(page)).to_contain_text(message)
        expect(page.locator("#status-announcer")).to_have_text(message)
        browser_checks.axe(page, "manage page, portal unreachable")
        browser_checks.bad_responses.clear()  # The abort this test made.
        browser_checks.console_errors.clear()  # htmx logs the failed send.
        browser_checks.assert_clean()

    def test_an_error_page_from_elsewhere_is_not_swapped_into_the_list(self, manage_page, browser_checks):
        page = manage_page
        page.route(
            re.compile(r"/reorder/$"),
            lambda route: route.fulfill(status=502, content_type="text/html", body="<h1>Bad gateway</h1>"),
        )

        page.get_by_role("button", name="Move down Cut smoking").click()

        expect(banner(page)).to_contain_text("Sorry, there is a problem with the service.")
        expect(page.locator("#domains")).not_to_contain_text("Bad gateway")
        browser_checks.bad_responses.clear()  # The 502 this test made.
        browser_checks.console_errors.clear()  # htmx logs the error status.
        browser_checks.assert_clean()


class TestSuccessesAreShown:
    def test_saving_an_inline_edit_shows_a_banner_and_announces_it_once(
        self, manage_page, browser_checks, draft, hx
    ):
        page = manage_page
        domain = draft.domains.get(title="Staying well")
        editing = page.locator(f"#domain-{domain.pk}-edit")
        hx(page, lambda: page.get_by_role("link", name="Edit Staying well").click())
        editing.get_by_label("Title of the domain").fill("Staying well for longer")

        hx(page, lambda: editing.get_by_role("button", name="Save Staying well").click())

        success = page.locator("#notifications .govuk-notification-banner--success")
        expect(success).to_contain_text("Saved “Staying well for longer”.")
        expect(page.locator("#status-announcer")).to_have_text("Saved “Staying well for longer”.")
        # The banner arrives while the officer works further down: it does not take the focus.
        expect(success).not_to_be_focused()
        expect(success).to_have_attribute("role", "region")
        browser_checks.assert_clean()

    def test_the_next_outcome_replaces_the_last(self, manage_page, browser_checks, hx):
        page = manage_page

        hx(page, lambda: page.get_by_role("button", name="Move down Cut smoking").click())
        hx(page, lambda: page.get_by_role("button", name="Move up Cut smoking").click())

        expect(banner(page)).to_have_count(1)
        expect(banner(page)).to_contain_text("Moved.")
        expect(page.locator("#status-announcer")).to_have_text("Moved.")
        browser_checks.assert_clean()
