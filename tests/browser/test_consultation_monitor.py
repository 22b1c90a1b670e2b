"""A board member follows the responses to an open consultation: filters them, and sees them come in."""

import re

import pytest
from playwright.sync_api import expect

from consultations import services
from consultations.models import Status
from tests.consultations.helpers import make_response
from tests.factories import ConsultationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def opened(board, officer):
    consultation = ConsultationFactory(strategy__board=board, created_by=officer, title="Have your say")
    services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
    consultation = services.consultation_transition(
        consultation=consultation, to_status=Status.OPEN, by=officer
    )
    first = consultation.priorities()[0]["id"]
    make_response(consultation, channel="online", respondent_type="resident", agreements={first: 5})
    make_response(consultation, channel="paper", respondent_type="councillor", agreements={first: 2})
    return consultation


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_board_member_follows_the_responses(
    new_page, browser_checks, hx, signed_in, screenshot, board_member, opened, javascript, width
):
    page = new_page(javascript=javascript)
    page.set_viewport_size({"width": width, "height": 900})
    signed_in(page, board_member)

    page.goto("/manage/consultations/")
    browser_checks.axe(page, "consultations list")
    page.get_by_role("link", name="Responses so far to Have your say").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Responses so far")
    expect(page.locator("#figures h2").first).to_have_text("2 responses")
    expect(page.get_by_role("table", name="By channel")).to_contain_text("Paper")
    expect(page.get_by_role("link", name=re.compile("CSV"))).to_have_count(0)  # Members see no response.
    browser_checks.axe(page, "monitoring page")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_label("Channel").select_option("Paper")
    choose = page.get_by_role("button", name="Show figures")
    if javascript:
        hx(page, choose.click, "monitoring page filtered with htmx")
        expect(page.locator("#status-announcer")).to_have_text("Showing 1 paper response.")
    else:
        choose.click()
        browser_checks.axe(page, "monitoring page filtered")
    expect(page).to_have_url(re.compile(r"/monitor/\?channel=paper&respondent_type=$"))
    expect(page.locator("#figures h2").first).to_have_text("1 paper response")
    expect(page.get_by_label("Channel")).to_have_value("paper")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"monitor-{width}-{'js' if javascript else 'no-js'}")
    browser_checks.assert_clean()


def test_the_figures_refresh_themselves_while_the_page_is_open(
    new_page, browser_checks, signed_in, officer, opened
):
    page = new_page()
    page.clock.install()
    signed_in(page, officer)
    page.goto(f"/manage/consultations/{opened.pk}/monitor/?channel=online")
    expect(page.locator("#figures h2").first).to_have_text("1 online response")
    expect(page.get_by_role("link", name="All responses (CSV)")).to_be_visible()

    make_response(opened, channel="online")
    make_response(opened, channel="email")  # Not counted: the page shows online responses.
    with page.expect_response(lambda response: response.request.headers.get("hx-request") == "true"):
        page.clock.run_for(30_000)

    expect(page.locator("#figures h2").first).to_have_text("2 online responses")
    expect(page.locator("#status-announcer")).to_have_text("")  # The polling is not announced.
    browser_checks.axe(page, "monitoring page after a refresh")
    browser_checks.assert_clean()
