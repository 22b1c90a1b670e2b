"""
An officer reads what the report will quote and withholds a comment, at 1280 and 320 px wide, without
JavaScript (the page needs none): the report then quotes the next comment. Axe on every page.
"""

import pytest
from playwright.sync_api import expect

from consultations import services
from consultations.models import Status
from tests.consultations.helpers import make_response, open_on_a_draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def quoted(board, officer):
    consultation = open_on_a_draft(board, officer)
    first = consultation.priorities()[0]["id"]
    theme = services.theme_create(consultation=consultation, by=officer, name="Transport", priority_id=first)
    texts = [
        "Jo Bloggs at number 12 cannot get to the surgery: the buses stop at six.",
        "The buses stop at six, so nobody in our village can get to the surgery.",
        "Buses to the hospital would help people in our village most of all, I think.",
        "There is no bus on Sundays at all, and the trains stop early in the evening too.",
        "Please run a bus to the new health centre, many older people have no car at all now.",
    ]
    for text in texts:
        comment = make_response(consultation, comments={first: text}).comments.get()
        services.comment_code(comment=comment, by=officer, themes=[theme])
    return services.consultation_transition(consultation=consultation, to_status=Status.CLOSED, by=officer)


@pytest.mark.parametrize("width", [1280, 320])
def test_an_officer_withholds_a_quotation_that_names_someone(
    new_page, browser_checks, signed_in, officer, quoted, width
):
    page = new_page(javascript=False)
    page.set_viewport_size({"width": width, "height": 900})
    signed_in(page, officer)
    page.goto(f"/manage/consultations/{quoted.pk}/report/")
    quotes = page.locator("#quotes ~ ul").first
    expect(quotes).to_contain_text("Jo Bloggs at number 12")
    browser_checks.axe(page, f"report page, quotations ({width} px)")

    quotes.locator("li").filter(has_text="Jo Bloggs").get_by_role("button", name="Do not quote this").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("will not be quoted")
    expect(page.locator("#quotes ~ ul").first).not_to_contain_text("Jo Bloggs")
    expect(page.locator("#quotes ~ ul").first).to_contain_text("Buses to the hospital")
    expect(page.locator("#withheld ~ ul")).to_contain_text("Jo Bloggs")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    browser_checks.axe(page, f"report page, a comment withheld ({width} px)")

    page.goto(f"/boards/{quoted.board.slug}/consultations/{quoted.slug}/report/")
    expect(page.locator("#themes")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Jo Bloggs")
