"""
A board administrator manages the board (boards/views/board_admin.py): adds an organisation with htmx,
adds a member whose term ends soon (after a refused end date), and sees the warning on the manage page and
on the board's page; axe on every page state, at 1280 and 320 px.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from boards.models import Membership
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def at_320(page: Page, browser_checks, screenshot, where: str) -> None:
    """axe at 1280 and at 320 px, and nothing wider than the screen; then back to 1280."""
    browser_checks.axe(page, where)
    screenshot(page, f"board-admin-{where}")
    page.set_viewport_size({"width": 320, "height": 800})
    browser_checks.axe(page, f"{where} at 320px")
    screenshot(page, f"board-admin-{where}-320")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, f"{where} scrolls sideways"
    page.set_viewport_size({"width": 1280, "height": 800})


def fill_date(page: Page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_adds_a_member_whose_term_ends_soon_and_the_board_page_warns(
    page, browser_checks, screenshot, signed_in, hx, board, board_admin
):
    council = OrganisationFactory(name="Thurrock Council")
    board.organisations.add(council)
    OrganisationFactory(name="Healthwatch Thurrock")
    page.set_viewport_size({"width": 1280, "height": 800})
    signed_in(page, board_admin)

    page.goto(reverse("boards:manage_list"))
    at_320(page, browser_checks, screenshot, "manage boards")
    page.get_by_role("link", name=board.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(board.name)
    at_320(page, browser_checks, screenshot, "manage page")

    # An organisation the portal knows, added with htmx: the section is swapped, the page is not reloaded.
    page.get_by_label("Organisation").select_option(label="Healthwatch Thurrock")
    hx(
        page,
        lambda: page.get_by_role("button", name="Add to the board").click(),
        "after adding an organisation",
    )
    expect(page.locator("#organisations")).to_contain_text("Healthwatch Thurrock")
    expect(page.locator("#notifications")).to_contain_text("Added Healthwatch Thurrock")

    page.get_by_role("link", name="Add a member").click()
    at_320(page, browser_checks, screenshot, "add a member")
    page.get_by_label("Full name").fill("Councillor Pat Jones")
    page.get_by_label("Job title (optional)").fill("Leader of the Council")
    page.get_by_label("Organisation").select_option(label="Thurrock Council")
    page.get_by_label("Vice-chair").check()
    today = timezone.localdate()
    fill_date(page, "Start of the term", today - datetime.timedelta(days=700))
    fill_date(page, "End of the term (optional)", today - datetime.timedelta(days=701))
    page.get_by_role("button", name="Add the member").click()

    # Refused beside the end date; what was typed is kept.
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The end of the term must be on or after its start"
    )
    expect(page.locator("#id_ends_on_error")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("Councillor Pat Jones")
    at_320(page, browser_checks, screenshot, "add a member, with an error")
    assert not Membership.objects.filter(name="Councillor Pat Jones").exists()

    ends = today + datetime.timedelta(days=30)
    fill_date(page, "End of the term (optional)", ends)
    page.get_by_role("button", name="Add the member").click()

    expect(page.locator("#notifications")).to_contain_text("Added Councillor Pat Jones as vice-chair.")
    warning = page.locator(".govuk-warning-text")
    expect(warning).to_contain_text("Councillor Pat Jones’s term as vice-chair ends on")
    expect(warning).to_contain_text("in 30 days")
    at_320(page, browser_checks, screenshot, "manage page with the new member")

    page.get_by_role("link", name="The board’s public page").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "Councillor Pat Jones’s term as vice-chair ends on"
    )
    expect(page.get_by_role("table")).to_contain_text("Leader of the Council")
    at_320(page, browser_checks, screenshot, "board page with the warning")

    browser_checks.assert_clean()
