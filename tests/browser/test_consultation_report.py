"""An officer records "you said, we did" and publishes the report; a resident reads it."""

import pytest
from playwright.sync_api import expect

from consultations import services
from consultations.models import Status
from tests.consultations.helpers import make_response
from tests.factories import ConsultationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def closed(board, officer):
    consultation = ConsultationFactory(strategy__board=board, created_by=officer, title="Have your say")
    for to_status in (Status.SCHEDULED, Status.OPEN):
        consultation = services.consultation_transition(
            consultation=consultation, to_status=to_status, by=officer
        )
    first = consultation.priorities()[0]["id"]
    for level in (5, 4, 4, 2, 1, 5):
        make_response(consultation, agreements={first: level}, equality={"age": "25 to 34"})
    return services.consultation_transition(consultation=consultation, to_status=Status.CLOSED, by=officer)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_officer_records_a_change_and_publishes_the_report(
    new_page, browser_checks, hx, signed_in, officer, closed, javascript
):
    page = new_page(javascript=javascript)
    signed_in(page, officer)

    page.goto(closed.get_manage_url())
    page.get_by_role("link", name="You said, we did, and the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You said, we did, and the report")
    browser_checks.axe(page, "you said, we did")

    add = page.get_by_role("button", name="Add change")
    if javascript:  # Refused: the error summary comes with the swap and takes the focus.
        hx(page, add.click, "an empty change refused with htmx")
    else:
        add.click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter what residents said")
    if javascript:  # Without it, the page comes back with the summary at its top, as GOV.UK's pages do.
        expect(summary).to_be_focused()
    browser_checks.axe(page, "you said, we did, a change refused")
    page.get_by_label("What it changed").select_option("The whole strategy")
    page.get_by_label("You said").fill("The draft is too long.")
    page.get_by_label("We did").fill("We shortened it to twelve pages.")
    add = page.get_by_role("button", name="Add change")
    if javascript:
        hx(page, add.click, "change added with htmx")
        expect(page.locator("#status-announcer")).to_have_text("Added the change.")
    else:
        add.click()
    expect(page.locator("#changes")).to_contain_text("We shortened it to twelve pages.")
    browser_checks.axe(page, "you said, we did with a change")

    page.get_by_role("button", name="Publish the report").click()
    expect(page.get_by_text("Published the report.")).to_be_visible()
    browser_checks.axe(page, "report published")
    browser_checks.assert_clean()


def test_a_resident_reads_the_published_report_from_the_strategy_page(
    new_page, browser_checks, officer, closed
):
    services.report_publish(consultation=closed, by=officer)
    page = new_page()

    page.goto(closed.strategy.get_absolute_url())
    page.get_by_role("link", name="How residents had their say").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("How residents had their say")
    expect(page.get_by_role("img").first).to_have_accessible_name(
        "67% of the 6 who answered agreed or strongly agreed with “"
        + closed.priorities()[0]["title"]
        + "” (67% of all 6 responses, the table's base); 0 gave no answer."
    )
    expect(page.locator("#equality-age")).to_contain_text("fewer than 5")
    browser_checks.axe(page, "consultation report")
    browser_checks.assert_clean()
