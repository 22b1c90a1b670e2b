"""
A site administrator creates a board with a logo (boards/views/board_setup.py): errors first (a colour with
too little contrast, an SVG with a script), then the board, whose page shows the logo in its header; axe at
1280 and 320 px on every page state.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from boards.models import Board
from tests.browser.narrow import check_narrow
from tests.images import UNSAFE_SVGS, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def checked(page: Page, browser_checks, where: str) -> None:
    browser_checks.axe(page, where)
    check_narrow(page, browser_checks, where)


def test_a_site_administrator_creates_a_board_with_a_logo(
    page, browser_checks, screenshot, signed_in, site_admin, tmp_path
):
    script_svg = tmp_path / "logo.svg"
    script_svg.write_bytes(UNSAFE_SVGS["script"][0])
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes(size=(240, 80), colour="white"))
    page.set_viewport_size({"width": 1280, "height": 800})
    signed_in(page, site_admin)

    page.goto(reverse("boards:manage_list"))
    checked(page, browser_checks, "manage boards")
    page.get_by_role("link", name="Create a board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create a board")
    checked(page, browser_checks, "create a board")

    page.get_by_label("Name of the board").fill("Southend Health and Wellbeing Board")
    page.get_by_label("Area", exact=True).fill("Southend-on-Sea")
    page.get_by_label("ONS area code").fill("E06000033")
    page.get_by_label("Colour").fill("#ffcc00")
    page.get_by_label("Logo (optional)").set_input_files(str(script_svg))
    first = page.get_by_role("group", name="Administrator 1")
    first.get_by_label("Full name").fill("Pat Jones")
    first.get_by_label("Email address").fill("pat@southend.example.org")
    page.get_by_role("button", name="Create the board").click()

    # Refused beside each field; what was typed is kept.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("White text on #ffcc00 has a contrast of 1.5:1; it needs at least 4.5:1")
    expect(summary).to_contain_text("is an SVG that has a script")
    expect(page.locator("#id_colour_error")).to_be_visible()
    expect(page.locator("#id_logo_error")).to_be_visible()
    expect(page.get_by_label("Name of the board")).to_have_value("Southend Health and Wellbeing Board")
    expect(first.get_by_label("Email address")).to_have_value("pat@southend.example.org")
    checked(page, browser_checks, "create a board, with errors")
    screenshot(page, "create-board-errors")
    assert not Board.objects.filter(area="Southend-on-Sea").exists()

    page.get_by_label("Colour").fill("#1d4f91")
    page.get_by_label("Logo (optional)").set_input_files(str(logo))
    page.get_by_role("button", name="Create the board").click()

    expect(page.locator("#notifications")).to_contain_text(
        "Created the Southend Health and Wellbeing Board. We have emailed pat@southend.example.org"
    )
    board = Board.objects.get(area="Southend-on-Sea")
    header_logo = page.locator("header img.app-header__logo")
    expect(header_logo).to_have_attribute("alt", board.name)
    checked(page, browser_checks, "the new board's manage page")

    page.get_by_role("link", name="The board’s public page").click()
    expect(page.get_by_role("link", name=board.name, exact=True).first).to_be_visible()
    expect(header_logo).to_have_attribute("src", board.logo_url)
    # Loaded: a broken image has no natural width.
    assert page.evaluate("() => document.querySelector('header img.app-header__logo').naturalWidth") == 240
    checked(page, browser_checks, "the new board's page")
    screenshot(page, "new-board-page")

    browser_checks.assert_clean()
