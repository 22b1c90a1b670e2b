"""
An officer schedules a meeting, builds its agenda (two items, a paper, the order changed with htmx and
with plain forms) and publishes it; every page checked with axe at 1280 and 320 px.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.boards.agenda_helpers import add_items, scheduled_meeting
from tests.browser.narrow import check_narrow
from tests.strategies.helpers import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def agenda_titles(page: Page):
    return page.locator("#agenda li.app-agenda__item h3")


class TestBuildingAnAgenda:
    def test_schedule_add_items_attach_a_paper_reorder_and_publish(
        self, page, browser_checks, board, officer, signed_in, hx, screenshot
    ):
        signed_in(page, officer)
        page.goto("/manage/")
        page.get_by_role("link", name="Meetings").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
        browser_checks.axe(page, "meetings list")
        check_narrow(page, browser_checks, "meetings list")

        # Schedule a meeting: a date well ahead, so that the agenda is on time.
        page.get_by_role("link", name="Schedule a meeting").click()
        browser_checks.axe(page, "schedule a meeting")
        page.get_by_role("button", name="Schedule the meeting").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the meeting")
        browser_checks.axe(page, "schedule a meeting with errors")
        check_narrow(page, browser_checks, "schedule a meeting with errors")
        page.get_by_label("Day").fill("16")
        page.get_by_label("Month").fill("1")
        page.get_by_label("Year").fill("2035")
        page.get_by_label("Start time").fill("2pm")
        page.get_by_label("Venue").fill("Council Chamber, Civic Offices, New Road, Grays RM17 6SL")
        page.get_by_role("button", name="Schedule the meeting").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "Scheduled the meeting for 2pm on Tuesday 16 January 2035."
        )
        expect(page.locator("#deadline-warning")).to_contain_text("by 11:59pm on Monday 8 January 2035")
        browser_checks.axe(page, "meeting page, empty agenda")

        # Two items, added with htmx.
        add_form = page.locator("form.app-add-form")
        for title in ("Minutes of the last meeting", "Joint Health and Wellbeing Strategy"):
            add_form.get_by_label("Title of the item").fill(title)
            hx(
                page,
                lambda: add_form.get_by_role("button", name="Add the item").click(),
                f"after adding {title}",
            )
        expect(agenda_titles(page)).to_have_text(
            ["Item 1Minutes of the last meeting", "Item 2Joint Health and Wellbeing Strategy"]
        )
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "Added item 2, “Joint Health and Wellbeing Strategy”."
        )
        # The Proceedings section above the agenda lists the new items too (swapped out of band).
        expect(page.locator("#proceedings-links tbody th")).to_have_text(
            ["1. Minutes of the last meeting", "2. Joint Health and Wellbeing Strategy"]
        )

        # A refused add with htmx: an error summary at the top of the agenda takes the focus.
        hx(page, lambda: add_form.get_by_role("button", name="Add the item").click(), "after a refused add")
        expect(page.locator("#agenda .govuk-error-summary")).to_be_focused()
        expect(page.locator("#agenda .govuk-error-summary")).to_contain_text("Enter the title of the item")
        browser_checks.axe(page, "meeting page, an item refused")
        add_form = page.locator("form.app-add-form")

        # Reordered with htmx: the focus stays on the moved item's button.
        hx(
            page,
            lambda: page.get_by_role(
                "button", name="Move up item 2, Joint Health and Wellbeing Strategy"
            ).click(),
            "after moving an item up with htmx",
        )
        expect(agenda_titles(page)).to_have_text(
            ["Item 1Joint Health and Wellbeing Strategy", "Item 2Minutes of the last meeting"]
        )
        expect(page.locator(":focus")).to_have_text(re.compile(r"^Move down"))
        check_narrow(page, browser_checks, "meeting page with two items")

        # A paper for the strategy item: a real PDF, through the upload page.
        page.get_by_role("link", name="Add a paper to item 1, Joint Health and Wellbeing Strategy").click()
        browser_checks.axe(page, "add a paper")
        page.get_by_label("Upload a PDF").set_input_files(
            {"name": "Draft strategy.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(3)}
        )
        page.get_by_role("button", name="Add the paper").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "Added “Draft strategy” to item 1."
        )
        expect(page.locator("#agenda")).to_contain_text("Report: Draft strategy")
        browser_checks.axe(page, "meeting page with a paper")
        screenshot(page, "agenda-built")

        # Publish.
        page.get_by_role("link", name="Publish the agenda").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Publish the agenda")
        browser_checks.axe(page, "publish the agenda")
        check_narrow(page, browser_checks, "publish the agenda")
        page.get_by_role("button", name="Publish the agenda").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Published the agenda.")
        expect(page.locator("#publications")).to_contain_text("Agenda published at")
        expect(page.get_by_role("button", name=re.compile("^Move"))).to_have_count(0)
        browser_checks.axe(page, "meeting page, agenda published")
        check_narrow(page, browser_checks, "meeting page, agenda published")

        # Its history: every change above, in words.
        page.get_by_role("link", name="Every change to the meeting, its agenda and its record").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("History of changes")
        expect(page.locator("table")).to_contain_text("Joint Health and Wellbeing Strategy")
        browser_checks.axe(page, "meeting history")
        check_narrow(page, browser_checks, "meeting history")

        browser_checks.assert_clean()

    def test_reorders_with_plain_forms_without_javascript(
        self, new_page, browser_checks, board, officer, signed_in
    ):
        meeting = scheduled_meeting(board)
        add_items(meeting, officer, "Minutes of the last meeting", "Joint Health and Wellbeing Strategy")
        page = new_page(javascript=False)
        signed_in(page, officer)
        page.goto(f"/manage/meetings/{meeting.pk}/")
        browser_checks.axe(page, "meeting page without JavaScript")

        page.get_by_role("button", name="Move down item 1, Minutes of the last meeting").click()

        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Moved.")
        expect(agenda_titles(page)).to_have_text(
            ["Item 1Joint Health and Wellbeing Strategy", "Item 2Minutes of the last meeting"]
        )
        browser_checks.axe(page, "meeting page after a move without JavaScript")

        # A refused add comes back as the whole page, with the error summary.
        page.locator("form.app-add-form").get_by_role("button", name="Add the item").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the title of the item")
        browser_checks.axe(page, "meeting page after a refused add without JavaScript")
        check_narrow(page, browser_checks, "meeting page after a refused add without JavaScript")

        browser_checks.assert_clean()
