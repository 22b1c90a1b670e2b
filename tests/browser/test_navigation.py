"""
The service navigation offers each person what they may do (core.navigation), marks where they are,
and the header says who is signed in.
"""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def menu(page: Page):
    return page.get_by_role("navigation", name="Menu")


class TestServiceNavigation:
    def test_a_resident_can_go_home_or_sign_in(self, page, browser_checks, board):
        page.goto("/")

        expect(menu(page).get_by_role("listitem")).to_have_text(["Home", "Sign in"])
        expect(menu(page).get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")
        expect(page.locator("header")).not_to_contain_text("Signed in as")
        browser_checks.axe(page, "home page, resident")
        browser_checks.assert_clean()

    def test_an_officer_manages_strategies_and_sees_where_they_are(
        self, page, browser_checks, officer, build_strategy, board, signed_in
    ):
        officer.first_name, officer.last_name = "Priya", "Shah"
        officer.save()
        strategy = build_strategy(
            board=board, by=officer, title="Draft strategy", start_year=2026, end_year=2031
        )
        signed_in(page, officer)

        page.goto("/manage/")

        expect(menu(page).get_by_role("listitem")).to_have_text(
            ["Home", "Strategies", "Consultations", "Meetings", "News", "Sign out"]
        )
        strategies = menu(page).get_by_role("link", name="Strategies")
        expect(strategies).to_have_attribute("aria-current", "page")
        expect(page.get_by_role("banner")).to_contain_text("Signed in as Priya Shah")
        browser_checks.axe(page, "manage list, officer")
        page.goto(strategy.get_manage_url())
        # Below its own page the entry is the current section, not the current page.
        expect(strategies).to_have_attribute("aria-current", "true")
        page.goto("/")
        expect(strategies).not_to_have_attribute("aria-current", "page")
        browser_checks.axe(page, "home page, officer")
        browser_checks.assert_clean()

    def test_a_board_member_reads_their_boards_strategies(
        self, page, browser_checks, board_member, signed_in
    ):
        signed_in(page, board_member)

        page.goto("/")

        expect(menu(page).get_by_role("listitem")).to_have_text(
            ["Home", "Strategies", "Consultations", "Sign out"]
        )
        menu(page).get_by_role("link", name="Strategies").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Manage strategies")
        expect(page.get_by_role("link", name="Create a strategy")).to_have_count(0)
        browser_checks.axe(page, "manage list, board member")
        browser_checks.assert_clean()

    def test_a_user_with_no_role_is_offered_nothing_to_manage(
        self, page, browser_checks, user_factory, signed_in
    ):
        nobody = user_factory(username="no.role", first_name="", last_name="")
        signed_in(page, nobody)

        page.goto("/")

        expect(menu(page).get_by_role("listitem")).to_have_text(["Home", "Sign out"])
        expect(page.get_by_role("banner")).to_contain_text("Signed in as no.role")
        browser_checks.axe(page, "home page, user with no role")
        browser_checks.assert_clean()
