"""
An officer enters paper responses by keyboard alone, and captures an event's comments without JavaScript
(consultations/views/offline.py).
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from consultations.models import Comment, Response
from tests.consultations.helpers import open_on_a_draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVE = "Save and enter the next response"


@pytest.fixture
def open_consultation(board, officer):
    return open_on_a_draft(board, officer, single_choice={"Which matters most to you?": ["Housing", "Jobs"]})


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
          const element = document.activeElement;
          return {tag: element.tagName, name: element.name || "", value: element.value || "",
                  text: element.textContent.trim()};
        }"""
    )


def tab_to_save(page: Page) -> None:
    """Tab on through the form (past every field left as it is) to the save button."""
    for _ in range(200):
        page.keyboard.press("Tab")
        if focused(page)["text"] == SAVE:
            return
    raise AssertionError("Tab never reached the save button")


class TestEnteringPaperResponsesByKeyboard:
    def test_enters_two_responses_one_after_the_other(
        self, page, browser_checks, signed_in, officer, open_consultation
    ):
        first, second = (priority["id"] for priority in open_consultation.priorities())
        signed_in(page, officer)
        page.goto(reverse("consultations:response_enter", args=[open_consultation.pk]))
        expect(page.get_by_role("heading", level=1)).to_have_text("Enter a response")
        browser_checks.axe(page, "entry page")

        # The first field has the focus: Space chooses Paper; the date received is today already.
        assert focused(page) == {"tag": "INPUT", "name": "channel", "value": "paper", "text": ""}
        page.keyboard.press("Space")
        for _ in range(5):  # Day, month, year, the event, then the first priority.
            page.keyboard.press("Tab")
        assert focused(page)["name"] == f"agreement_{first}"
        page.keyboard.press("ArrowRight")  # From "Not answered" to "Strongly agree".
        page.keyboard.press("Tab")
        page.keyboard.type("Walking groups keep us well.")
        tab_to_save(page)
        page.keyboard.press("Enter")

        banner = page.locator("#entered")
        expect(banner).to_contain_text("Saved response")
        response = Response.objects.get()
        expect(banner).to_contain_text(response.reference)
        assert (response.channel, response.received_on) == ("paper", timezone.localdate())
        assert response.priority_answers.get().agreement == 5
        assert response.comments.get().text == "Walking groups keep us well."
        # A blank form for the next one, the channel and date kept, the focus on its first blank field.
        expect(page.get_by_label("Paper")).to_be_checked()
        expect(page.get_by_label("Year")).to_have_value(str(timezone.localdate().year))
        expect(page.get_by_label("Comment on “Fewer people smoke” (optional)")).to_have_value("")
        assert focused(page)["name"] == f"agreement_{first}"
        browser_checks.axe(page, "entry page after a save")

        page.keyboard.press("Tab")  # No agreement given on this one: straight to its comment box.
        page.keyboard.type("Too few buses.")
        page.keyboard.press("Tab")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")  # "Agree" for the second priority.
        tab_to_save(page)
        page.keyboard.press("Enter")

        expect(page.locator("#entered")).not_to_contain_text(response.reference)
        assert Response.objects.filter(channel="paper").count() == 2
        latest = Response.objects.exclude(pk=response.pk).get()
        expect(page.locator("#entered")).to_contain_text(latest.reference)
        assert list(latest.priority_answers.values_list("priority_id", "agreement")) == [(second, 4)]
        assert latest.comments.get().text == "Too few buses."
        assert latest.entered_by == officer
        browser_checks.axe(page, "entry page after the second save")

        browser_checks.assert_clean()


class TestEventCommentsWithoutJavaScript:
    def test_records_an_event_and_adds_its_comments(
        self, new_page, browser_checks, signed_in, officer, open_consultation
    ):
        page = new_page(javascript=False)
        signed_in(page, officer)
        page.goto(open_consultation.get_manage_url())
        page.get_by_role("link", name="Engagement events").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Engagement events")
        browser_checks.axe(page, "events list")
        page.get_by_role("link", name="Record an event").click()

        browser_checks.axe(page, "record an event")
        page.get_by_label("Workshop").check()
        page.get_by_label("Title").fill("Local Area Co-ordinators' workshop")
        today = timezone.localdate()
        page.get_by_label("Day").fill(str(today.day))
        page.get_by_label("Month").fill(str(today.month))
        page.get_by_label("Year").fill(str(today.year))
        page.get_by_label("Place").fill("Melton Carnegie Library")
        page.get_by_label("People reached").fill("18")
        page.get_by_role("button", name="Record the event").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Local Area Co-ordinators' workshop")
        browser_checks.axe(page, "event page")
        page.get_by_role("button", name="Add comment").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the comment")
        browser_checks.axe(page, "event page with an error")

        page.get_by_label("Comment", exact=True).fill("A walking group would get me out of the house.")
        page.get_by_label("Fewer people smoke").check()
        page.get_by_role("button", name="Add comment").click()

        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Added the comment.")
        comments = page.locator("#event-comments")
        expect(comments).to_contain_text("A walking group would get me out of the house.")
        expect(comments).to_contain_text("Speaks to: Fewer people smoke")
        comment = Comment.objects.get()
        assert comment.event.title == "Local Area Co-ordinators' workshop"
        assert len(comment.priorities) == 1
        browser_checks.axe(page, "event page with a comment")

        browser_checks.assert_clean()
