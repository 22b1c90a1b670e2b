"""
A resident searches the portal from the header of any page, with and without JavaScript: results with
the words marked, a filter by type, the next page, no results with tips. axe on every page at 1280 and
320 px, and nothing wider than 320 px.
"""

import pytest
from playwright.sync_api import Page, expect

from core import search
from tests.browser.narrow import check_narrow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def indexed(board):
    """A board's priority and indicator about mental health, and 25 of its strategies' sections."""
    common = {"board_id": board.pk, "board_slug": board.slug, "board_name": board.name}
    search.index(
        search.Entry(
            source="tests.priority:1",
            kind="priority",
            title="Mental health support in the community",
            url=board.get_absolute_url(),
            text="Make it quicker and simpler to get mental health support without a referral.",
            context="Domain 3, Person-led health and care: Health and Wellbeing Strategy 2022-2026",
            **common,
        ),
        search.Entry(
            source="tests.indicator:1",
            kind="indicator",
            title="Emergency admissions for intentional self-harm",
            url=board.get_absolute_url(),
            text="Directly standardised rate per 100,000. Mental health of adults.",
            context="Performance dashboard of Health and Wellbeing Strategy 2022-2026",
            **common,
        ),
        *[
            search.Entry(
                source=f"tests.domain:{n}",
                kind="strategy",
                title=f"Wellbeing and mental health, part {n}",
                url=board.get_absolute_url(),
                text="A long, long section about health " * 10,
                **common,
            )
            for n in range(25)
        ],
    )


def look(page: Page, checks, where: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    checks.axe(page, f"{where} at 1280px")
    check_narrow(page, checks, where)


@pytest.mark.parametrize("javascript", [True, False], ids=["JavaScript on", "JavaScript off"])
def test_a_resident_searches_from_the_header(new_page, browser_checks, board, indexed, javascript):
    page = new_page(javascript=javascript)
    main = page.locator("main")
    page.goto(board.get_absolute_url())

    header_search = page.get_by_role("search", name="Site search")
    header_search.get_by_label("Search the portal").fill("mental health")
    header_search.get_by_role("button", name="Search").click()

    expect(main.get_by_role("heading", level=1)).to_have_text("Search")
    expect(main.locator("#result-count")).to_contain_text("27 results for “mental health”, page 1 of 2")
    first = main.locator(".app-search-result").first
    expect(first.locator("mark").first).to_have_text("Mental")
    look(page, browser_checks, "search results")

    main.get_by_label("Type").select_option(label="Indicators")
    main.get_by_role("button", name="Search").click()

    expect(main.locator("#result-count")).to_contain_text("1 result for “mental health” in indicators")
    expect(main.get_by_role("link", name="Emergency admissions for intentional self-harm")).to_be_visible()

    main.get_by_label("Type").select_option(label="Everything")
    main.get_by_role("button", name="Search").click()
    page.get_by_role("navigation", name="Pages of results").get_by_role("link", name="Next page").click()

    expect(main.locator("#result-count")).to_contain_text("page 2 of 2")
    look(page, browser_checks, "search results, page 2")

    main.get_by_label("Search strategies, reports, meetings and more").fill('"unbalanced -: &|!')
    main.get_by_role("button", name="Search").click()

    expect(main).to_contain_text("There are no matching results")
    expect(main).to_contain_text("checking your spelling")
    look(page, browser_checks, "no results")
    browser_checks.assert_clean()
