"""
A resident, without JavaScript, with the object store down (docs/decisions/0036-object-store-outage.md):
the meeting page still lists its papers, and a paper's link answers the portal's 503 page, which
says to come back; axe at 1280 and 320 px.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.narrow import check_narrow
from tests.factories import AgendaItemFactory, AgendaPublicationFactory, MeetingFactory, PaperFactory
from tests.object_store import store_down

pytestmark = [pytest.mark.browser, pytest.mark.s3, pytest.mark.django_db(transaction=True)]


def test_a_paper_asked_for_while_the_store_is_down_says_to_come_back(
    new_page, browser_checks, board, officer, s3_bucket
):
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(
        meeting=meeting, number=1, title="Joint Health and Wellbeing Strategy", publication=None
    )
    item.publication = AgendaPublicationFactory(meeting=meeting, published_by=officer)
    item.save(update_fields=["publication"])
    PaperFactory(item=item, title="Final strategy report", created_by=officer)  # On the local folder.
    page = new_page(javascript=False)
    main = page.locator("main")

    with store_down(s3_bucket):
        listed = page.goto(meeting.get_absolute_url())
        expect(main.get_by_role("link", name="Final strategy report")).to_be_visible()
        browser_checks.axe(page, "meeting, store down")
        main.get_by_role("link", name="Final strategy report").click()

        expect(main.get_by_role("heading", level=1)).to_have_text("The file cannot be fetched just now")
        expect(main).to_contain_text("Try again in a few minutes.")
        browser_checks.axe(page, "the file cannot be fetched")
        check_narrow(page, browser_checks, "the file cannot be fetched")

    assert listed.status == 200
    # The 503 is what this test asks for: taken off the list of bad responses, as it is checked.
    [refused] = browser_checks.bad_responses
    assert refused.startswith("503 GET") and "/papers/" in refused
    browser_checks.bad_responses.clear()
    browser_checks.assert_clean()
