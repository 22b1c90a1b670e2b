"""A resident finds and reads their board's published strategy, with and without JavaScript."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def read_published_strategy(page: Page, checks, strategies, screenshot, *, label: str) -> None:
    """Home, board page, the published strategy, its PDF and its predecessor: what every resident can do."""
    board, current, earlier = strategies.board, strategies.current, strategies.earlier

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Health and wellbeing strategies")
    checks.axe(page, f"home page ({label})")
    page.get_by_role("link", name=board.name, exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(board.name)
    expect(page.get_by_role("link", name=earlier.title)).to_be_visible()
    checks.axe(page, f"board page ({label})")
    page.get_by_role("link", name=current.title).click()

    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(current.title)
    expect(main.get_by_role("heading", level=2, name="Our vision")).to_be_visible()
    expect(main).to_contain_text(strategies.vision)
    for number, (domain, priorities) in enumerate(strategies.domains, start=1):
        expect(main.get_by_role("heading", level=2, name=f"Domain {number} {domain}")).to_be_visible()
        for priority in priorities:
            expect(main.get_by_text(priority, exact=True)).to_be_visible()
    approved = main.locator(".govuk-summary-list__row", has=page.locator("dt", has_text="Approved"))
    expect(approved.locator("dd")).to_have_text(f"By the {board.name} at its meeting on 9 June 2022")
    replaces = main.locator(".govuk-summary-list__row", has=page.locator("dt", has_text="Replaces"))
    expect(replaces.get_by_role("link", name=earlier.title)).to_have_attribute(
        "href", earlier.get_absolute_url()
    )
    checks.axe(page, f"published strategy ({label})")
    screenshot(page, f"public-strategy-{label}")

    with page.expect_download() as download_info:
        versions = main.get_by_role("navigation", name="Versions of this strategy")
        versions.get_by_role("link", name=re.compile(r"^PDF of the full strategy\s*, \d+ KB$")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")

    replaces.get_by_role("link", name=earlier.title).click()
    expect(main.get_by_role("heading", level=1)).to_have_text(earlier.title)
    expect(main.locator(".govuk-inset-text")).to_have_text(
        f"This strategy has been replaced by {current.title}."
    )
    checks.axe(page, f"superseded strategy ({label})")


class TestResident:
    def test_reads_the_published_strategy_and_downloads_its_pdf(
        self, page, browser_checks, public_strategies, screenshot
    ):
        read_published_strategy(page, browser_checks, public_strategies, screenshot, label="JavaScript on")

        browser_checks.assert_clean()

    def test_cannot_see_a_draft(self, page, browser_checks, public_strategies):
        response = page.goto(public_strategies.draft.get_absolute_url())

        assert response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(page.locator("main")).not_to_contain_text(public_strategies.draft.title)
        browser_checks.axe(page, "404 page")
        browser_checks.assert_clean()


class TestResidentWithoutJavaScript:
    def test_reads_the_published_strategy_and_downloads_its_pdf(
        self, new_page, browser_checks, public_strategies, screenshot
    ):
        page = new_page(javascript=False)

        read_published_strategy(page, browser_checks, public_strategies, screenshot, label="JavaScript off")

        # GOV.UK Frontend's no-JavaScript layout: the menu is a plain list, its toggle stays hidden.
        assert "js-enabled" not in (page.locator("body").get_attribute("class") or "")
        expect(page.get_by_role("link", name="Sign in")).to_be_visible()
        expect(page.locator(".govuk-service-navigation__toggle")).to_be_hidden()
        browser_checks.assert_clean()
