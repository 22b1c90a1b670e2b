"""
Someone follows their board's meetings, with and without JavaScript: the board page, the meetings, a
meeting's agenda with a public and an exempt item, a paper, the calendar file and a decision. axe on
every page at 1280 and 320 px, and nothing wider than 320 px. A board member also sees the exempt paper.
"""

import datetime

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.factories import (
    AgendaItemFactory,
    AgendaPublicationFactory,
    DecisionFactory,
    MeetingFactory,
    PaperFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW, WIDE = 320, 1280


@pytest.fixture
def meeting(board, officer):
    meeting = MeetingFactory(
        board=board,
        starts_at=datetime.datetime(2022, 6, 9, 14, 0, tzinfo=datetime.UTC),
        venue="Council Chamber, Civic Offices, New Road, Grays RM17 6SL",
    )
    agenda = AgendaPublicationFactory(meeting=meeting, published_by=officer)
    strategy = AgendaItemFactory(
        meeting=meeting,
        number=5,
        title="Joint Health and Wellbeing Strategy 2022 to 2026: approval of the final strategy",
        publication=agenda,
        purpose="decision",
        lead_name="Jo Broadbent, Director of Public Health",
        minutes="The Board considered the final strategy and the report on the consultation.",
    )
    exempt = AgendaItemFactory(
        meeting=meeting, number=6, title="Care home contract", publication=agenda, exempt_paragraph=3
    )
    PaperFactory(item=strategy, title="Final strategy report", created_by=officer)
    PaperFactory(item=exempt, title="Contract award report", created_by=officer)
    DecisionFactory(agenda_item=strategy, text="That the Joint Health and Wellbeing Strategy be approved.")
    return meeting


def look(page: Page, checks, where: str) -> None:
    """axe at full width and at 320 px, where the page must not scroll sideways."""
    page.set_viewport_size({"width": WIDE, "height": 900})
    checks.axe(page, f"{where} at {WIDE}px")
    page.set_viewport_size({"width": NARROW, "height": 800})
    checks.axe(page, f"{where} at {NARROW}px")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= NARROW, f"{where} is {width}px wide at {NARROW}px"
    page.set_viewport_size({"width": WIDE, "height": 900})


@pytest.mark.parametrize("javascript", [True, False], ids=["JavaScript on", "JavaScript off"])
def test_a_resident_follows_the_boards_meetings(new_page, browser_checks, board, meeting, javascript):
    page = new_page(javascript=javascript)
    main = page.locator("main")

    page.goto(board.get_absolute_url())
    expect(main.get_by_role("heading", name="Upcoming meetings")).to_be_visible()
    look(page, browser_checks, "board page")
    main.get_by_role("link", name="All the board's meetings").click()

    expect(main.get_by_role("heading", level=1)).to_have_text("Meetings")
    look(page, browser_checks, "meetings")
    main.get_by_role("link", name="Thursday 9 June 2022").click()

    expect(main.get_by_role("heading", level=1)).to_have_text(f"{board.name}, 9 June 2022")
    expect(main).to_contain_text("3pm (UK time)")  # 14:00 UTC is 3pm in British Summer Time.
    expect(main.get_by_role("heading", name="5. Joint Health and Wellbeing Strategy")).to_be_visible()
    expect(main.get_by_role("heading", name="6. Care home contract")).to_be_visible()
    expect(main).to_contain_text("Exempt under paragraph 3 of Part 1 of Schedule 12A")
    expect(main).not_to_contain_text("Contract award report")
    expect(main).to_contain_text("Draft: to be approved at the next meeting.")
    look(page, browser_checks, "meeting")

    paper = page.request.get(main.get_by_role("link", name="Final strategy report").get_attribute("href"))
    assert paper.status == 200 and paper.body().startswith(b"%PDF")
    feed = page.request.get(main.get_by_role("link", name="Add to your calendar").get_attribute("href"))
    (event,) = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert event["URL"].endswith(meeting.get_absolute_url())

    main.get_by_role("link", name="Decision a) on item 5").click()
    expect(main.get_by_role("heading", level=1)).to_have_text("Decision a) on item 5")
    expect(main).to_contain_text("That the Joint Health and Wellbeing Strategy be approved.")
    look(page, browser_checks, "decision")
    browser_checks.assert_clean()


def test_a_board_member_sees_the_exempt_paper_marked(page, browser_checks, signed_in, board_member, meeting):
    signed_in(page, board_member)

    page.goto(meeting.get_absolute_url())

    main = page.locator("main")
    item = main.locator("section", has=page.get_by_role("heading", name="6. Care home contract"))
    expect(item.get_by_role("link", name="Contract award report")).to_be_visible()
    expect(item).to_contain_text("Exempt: not for publication")
    look(page, browser_checks, "meeting, as a board member")
    browser_checks.assert_clean()
