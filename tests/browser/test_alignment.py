"""
Plans that priorities support, in a real browser: an officer opens a priority's plans from the delivery
plan, ticks a plan (its note revealed), adds a plan that is not listed (its errors first) and comes back
with it ticked, and saves with htmx (the focus stays on Save); a resident then reads the plan's page and
the list of plans with JavaScript off, and never sees a draft strategy's priority. axe on every page at
1280 and 320 px.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from delivery.models import Alignment, Plan, PlanKind
from strategies.models import Status
from tests.browser.narrow import check_narrow
from tests.factories import AlignmentFactory, PlanFactory, PriorityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def priority(board):
    """A published strategy's priority; the Joint Forward Plan, supported by a draft's priority already."""
    priority = PriorityFactory(
        domain__strategy__board=board,
        domain__strategy__status=Status.PUBLISHED,
        domain__title="Staying healthier for longer",
        title="Fewer people smoking",
    )
    PlanFactory(
        board=board,
        title="Mid and South Essex Integrated Care Strategy",
        slug="mid-and-south-essex-integrated-care-strategy",
        owner="Mid and South Essex Integrated Care Partnership",
        area="Mid and South Essex",
    )
    jfp = PlanFactory(
        board=board,
        title="NHS Mid and South Essex Joint Forward Plan",
        kind=PlanKind.JOINT_FORWARD_PLAN,
        owner="NHS Mid and South Essex Integrated Care Board",
        area="Mid and South Essex",
    )
    AlignmentFactory(
        plan=jfp,
        priority=PriorityFactory(
            domain__strategy__board=board, domain__strategy__status=Status.DRAFT, title="A draft's priority"
        ),
    )
    return priority


class TestAlignment:
    def test_an_officer_aligns_a_priority_and_a_resident_reads_the_plan_without_javascript(
        self, page, new_page, browser_checks, priority, officer, signed_in, hx, screenshot
    ):
        strategy = priority.domain.strategy
        ics = Plan.objects.get(slug="mid-and-south-essex-integrated-care-strategy")
        signed_in(page, officer)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(reverse("delivery:plan_manage", args=[strategy.pk]))
        page.get_by_role(
            "link", name="Change the plans this priority supports (“Fewer people smoking”)"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Plans this priority supports")
        expect(page.get_by_role("group", name="Integrated Care Strategies")).to_be_visible()
        expect(page.get_by_role("group", name="NHS Joint Forward Plans")).to_be_visible()
        browser_checks.axe(page, "a priority's plans")
        check_narrow(page, browser_checks, "a priority's plans")

        # Ticking a plan reveals its note.
        ics_box = page.get_by_role("checkbox", name="Mid and South Essex Integrated Care Strategy")
        note = page.locator(f"#id_note-{ics.pk}")
        expect(note).to_be_hidden()
        ics_box.check()
        expect(note).to_be_visible()
        note.fill("A stop smoking service in every Primary Care Network.")

        # A plan that is not listed: added (errors first), then back here with it ticked.
        page.get_by_role("link", name="Add a plan that is not listed").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Add a plan")
        page.get_by_label("Owned by").fill("Grays Primary Care Network")
        page.get_by_role("button", name="Add the plan").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the plan's title")
        expect(page.get_by_label("Owned by")).to_have_value("Grays Primary Care Network")
        browser_checks.axe(page, "add a plan with errors")
        check_narrow(page, browser_checks, "add a plan with errors")
        page.get_by_label("Title", exact=True).fill("Grays Integrated Neighbourhood Plan")
        page.get_by_label("Neighbourhood plan").check()
        page.get_by_label("Area covered").fill("Grays")
        page.get_by_role("button", name="Add the plan").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "Added the plan “Grays Integrated Neighbourhood Plan”. It is ticked below: save to keep it."
        )
        expect(page.get_by_role("checkbox", name="Grays Integrated Neighbourhood Plan")).to_be_checked()
        browser_checks.axe(page, "a priority's plans with a new plan ticked")

        # The choice before leaving was not saved: tick it again, then save with htmx.
        ics_box.check()
        note.fill("A stop smoking service in every Primary Care Network.")
        hx(page, lambda: page.get_by_role("button", name="Save").click(), "a priority's plans, saved")
        expect(page.locator("#notifications")).to_contain_text(
            "Saved the plans that “Fewer people smoking” supports."
        )
        expect(page.get_by_role("button", name="Save")).to_be_focused()
        expect(ics_box).to_be_checked()
        expect(note).to_have_value("A stop smoking service in every Primary Care Network.")
        check_narrow(page, browser_checks, "a priority's plans, saved")
        screenshot(page, "alignment-priority-plans")
        assert sorted(alignment.plan.title for alignment in Alignment.objects.filter(priority=priority)) == [
            "Grays Integrated Neighbourhood Plan",
            "Mid and South Essex Integrated Care Strategy",
        ]

        # A resident, without JavaScript: the delivery plan says what the priority supports, the plan's
        # page lists it with its note, and a draft's priority never shows.
        resident = new_page(javascript=False)
        resident.set_viewport_size({"width": 1280, "height": 800})
        resident.goto(reverse("delivery:plan", args=[strategy.board.slug, strategy.slug]))
        expect(resident.locator(".app-supports")).to_contain_text(
            "Supports: Grays Integrated Neighbourhood Plan, Mid and South Essex Integrated Care Strategy"
        )
        expect(resident.get_by_role("link", name="Change the plans this priority supports")).to_have_count(0)
        resident.get_by_role("link", name="Mid and South Essex Integrated Care Strategy").click()
        expect(resident.get_by_role("heading", level=1)).to_have_text(
            "Mid and South Essex Integrated Care Strategy"
        )
        supporters = resident.locator("main")
        expect(supporters).to_contain_text("Fewer people smoking (Staying healthier for longer)")
        expect(supporters).to_contain_text("A stop smoking service in every Primary Care Network.")
        browser_checks.axe(resident, "a plan's page")
        check_narrow(resident, browser_checks, "a plan's page")
        screenshot(resident, "alignment-plan")

        resident.get_by_role("link", name="Plans the strategies support").click()
        expect(resident.get_by_role("heading", level=2, name="Neighbourhood plans")).to_be_visible()
        browser_checks.axe(resident, "the plans")
        check_narrow(resident, browser_checks, "the plans")
        resident.get_by_role("link", name="NHS Mid and South Essex Joint Forward Plan").click()
        expect(resident.locator("main")).to_contain_text(
            "No published strategy's priorities support this plan yet."
        )
        expect(resident.locator("main")).not_to_contain_text("A draft's priority")
        browser_checks.axe(resident, "a plan no published priority supports")

        browser_checks.assert_clean()
