"""
Someone who wants the data reads the open data page without JavaScript, and follows it to the API, the
OpenAPI document and the CSV files. axe at 1280 and 320 px, and nothing wider than 320 px.
"""

import json

import pytest
from playwright.sync_api import expect

from tests.browser.narrow import check_narrow
from tests.factories import UserFactory
from tests.opendata.world import a_board

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_reads_how_to_use_the_open_data(new_page, browser_checks, live_server):
    world = a_board(1, by=UserFactory())
    page = new_page(javascript=False)
    main = page.locator("main")

    page.goto("/api/")

    expect(main.get_by_role("heading", level=1)).to_have_text("Open data")
    # Every page's footer leads here.
    expect(page.get_by_role("contentinfo").get_by_role("link", name="Open data")).to_have_attribute(
        "href", "/api/"
    )
    licence = main.get_by_role("link", name="Open Government Licence v3.0")
    expect(licence).to_have_attribute(
        "href", "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    )
    for heading in ("Licence", "Bulk downloads", "The API", "Pages", "Caching and ETags", "Errors"):
        expect(main.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    browser_checks.axe(page, "open data at 1280px")
    check_narrow(page, browser_checks, "open data")

    document = page.request.get(main.get_by_role("link", name="OpenAPI document").get_attribute("href"))
    assert document.status == 200 and "/api/v1/boards" in json.loads(document.body())["paths"]
    boards = page.request.get(main.get_by_role("link", name="/api/v1/boards (Boards)").get_attribute("href"))
    assert json.loads(boards.body())["results"][0]["slug"] == world["board"].slug
    decisions = page.request.get(main.get_by_role("link", name="Decisions (CSV)").get_attribute("href"))
    assert decisions.status == 200 and decisions.headers["content-type"].startswith("text/csv")
    assert world["board"].name in decisions.text()
    indicators = page.request.get(main.get_by_role("link", name="Indicators (CSV)").get_attribute("href"))
    assert indicators.status == 200 and "Indicator of board 001" in indicators.text()
    browser_checks.assert_clean()
