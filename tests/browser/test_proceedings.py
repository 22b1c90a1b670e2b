"""
An officer records a meeting (boards/views/proceedings.py): who attended, with a substitute, until the
meeting is quorate, and the Board's resolution on an item; with htmx and without JavaScript, axe on
every page, at 1280 and at 320 pixels.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from boards.models import Attendance, Decision, Membership
from tests.browser.test_reflow import Reflow
from tests.factories import AgendaItemFactory, MeetingFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def meeting(board):
    board.quorum = 3
    board.save()
    meeting = MeetingFactory(board=board, starts_at=timezone.now() - datetime.timedelta(days=7))
    for name, role in [
        ("Cllr Georgette Polley-Worthington", Membership.Role.CHAIR),
        ("Dr Anand Ramaswamy-Fitzgerald", Membership.Role.VICE_CHAIR),
        ("Kim James", Membership.Role.VOTING),
        ("Ian Wake", Membership.Role.OBSERVER),
    ]:
        MembershipFactory(board=board, user=None, name=name, role=role)
    AgendaItemFactory(meeting=meeting, number=5, title="Joint Health and Wellbeing Strategy 2026 to 2031")
    return meeting


def member_fieldset(page: Page, name: str):
    return page.locator("fieldset", has=page.locator("legend", has_text=name))


class TestRecordingAMeeting:
    def test_attendance_and_a_decision_with_htmx(
        self, page, browser_checks, signed_in, officer, meeting, hx, screenshot
    ):
        item = meeting.items.get()
        reflow = Reflow(browser_checks, screenshot)
        signed_in(page, officer)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(reverse("boards:proceedings", args=[meeting.pk]))
        expect(page.get_by_role("heading", level=1)).to_have_text("Proceedings")
        browser_checks.axe(page, "proceedings at 1280px")

        page.get_by_role("link", name="Attendance").click()
        expect(page.locator("#quorum")).to_have_text(
            "No attendance recorded yet: 3 voting members make a quorum"
        )
        browser_checks.axe(page, "attendance at 1280px")
        member_fieldset(page, "Cllr Georgette Polley-Worthington").get_by_label("Present").check()
        member_fieldset(page, "Dr Anand Ramaswamy-Fitzgerald").get_by_label("Present").check()
        member_fieldset(page, "Ian Wake").get_by_label("Present").check()  # An observer: not counted.
        hx(page, lambda: page.get_by_role("button", name="Save attendance").click())
        expect(page.locator("#quorum")).to_have_text("Not quorate: 2 of 3 needed")
        expect(page.locator("#status-announcer")).to_have_text("Saved the attendance.")
        expect(page.get_by_role("button", name="Save attendance")).to_be_focused()

        # Kim James sent a substitute: with the substitute the meeting is quorate.
        page.get_by_label("Standing in for").select_option(
            label="Kim James (Voting member, " + _organisation(meeting, "Kim James") + ")"
        )
        page.get_by_label("Substitute's name").fill("Ruth Deputy-Williamson")
        hx(page, lambda: page.get_by_role("button", name="Add substitute").click())
        expect(page.locator("#quorum")).to_have_text("Quorate: 3 of 3 needed")
        expect(page.get_by_role("table").filter(has_text="Standing in for")).to_contain_text(
            "Ruth Deputy-Williamson"
        )
        assert meeting.attendance.get(substitute_for__name="Kim James").status == Attendance.Status.PRESENT
        reflow.check(page, "attendance")

        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(reverse("boards:item_decisions", args=[meeting.pk, item.pk]))
        browser_checks.axe(page, "decisions at 1280px")
        # A resolution with nothing in it: the error summary at the top of the partial takes the focus.
        hx(page, lambda: page.get_by_role("button", name="Record resolution").click())
        expect(page.locator("#decisions .govuk-error-summary")).to_be_focused()
        browser_checks.axe(page, "decisions, a resolution refused")
        page.get_by_label("Resolution", exact=True).fill(
            "That the Joint Health and Wellbeing Strategy 2026 to 2031 be approved as the final strategy."
        )
        page.get_by_label("Approved", exact=True).check()
        page.get_by_label("Approves a final strategy").check()
        hx(page, lambda: page.get_by_role("button", name="Record resolution").click())
        expect(page.locator("#decisions")).to_contain_text("a) That the Joint Health and Wellbeing Strategy")
        expect(page.locator("legend", has_text="Record resolution b)")).to_be_visible()
        decision = Decision.objects.get()
        assert (decision.letter, decision.outcome, decision.effect) == ("a", "approved", "strategy")
        reflow.check(page, "decisions")

        reflow.assert_fits()
        browser_checks.assert_clean()

    def test_without_javascript(self, new_page, browser_checks, signed_in, officer, meeting, screenshot):
        page = new_page(javascript=False)
        item = meeting.items.get()
        reflow = Reflow(browser_checks, screenshot)
        signed_in(page, officer)
        page.goto(reverse("boards:attendance", args=[meeting.pk]))

        member_fieldset(page, "Kim James").get_by_label("Apologies").check()
        page.get_by_role("button", name="Save attendance").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Saved the attendance.")
        expect(member_fieldset(page, "Kim James").get_by_label("Apologies")).to_be_checked()
        browser_checks.axe(page, "attendance without JavaScript, saved")

        # Approving minutes without naming the meeting: the error beside the field, the words kept.
        page.goto(reverse("boards:item_decisions", args=[meeting.pk, item.pk]))
        page.get_by_label("Resolution", exact=True).fill("That the minutes of the last meeting be approved.")
        page.get_by_label("Approved", exact=True).check()
        page.get_by_label("Approves the minutes of a previous meeting").check()
        page.get_by_role("button", name="Record resolution").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Choose the meeting whose minutes it approves"
        )
        expect(page.get_by_label("Resolution", exact=True)).to_have_value(
            "That the minutes of the last meeting be approved."
        )
        reflow.check(page, "decisions without JavaScript, with an error")
        assert not Decision.objects.exists()

        reflow.assert_fits()
        browser_checks.assert_clean()


def _organisation(meeting, name: str) -> str:
    return str(meeting.board.memberships.get(name=name).organisation)
