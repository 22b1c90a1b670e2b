"""
The delivery plan in a real browser: an officer filters the plan (htmx, the URL pushed), adds an action
(its errors first), records progress with htmx (a refusal's error summary takes the focus), and a
resident reads the published plan with JavaScript off; axe on every page at 1280 and 320 px.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from delivery.models import Action, ActionStatus
from strategies.models import Status
from tests.browser.narrow import check_narrow
from tests.factories import ActionFactory, DomainFactory, OrganisationFactory, PriorityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()


@pytest.fixture
def plan(board):
    council = OrganisationFactory(name="Thurrock Council")
    nhs = OrganisationFactory(name="NHS Mid and South Essex Integrated Care Board")
    board.organisations.add(council, nhs)
    falls = PriorityFactory(
        domain__strategy__board=board,
        domain__strategy__status=Status.PUBLISHED,
        domain__title="Staying healthier for longer",
        title="Fewer falls",
    )
    strategy = falls.domain.strategy
    carers = PriorityFactory(domain=DomainFactory(strategy=strategy, title="Ageing well"), title="Carers")
    ActionFactory(
        priority=falls,
        title="Falls classes in libraries",
        lead_organisation=council,
        status=ActionStatus.AT_RISK,
    )
    ActionFactory(
        priority=falls,
        title="Home safety checks",
        lead_organisation=nhs,
        due_on=TODAY - datetime.timedelta(days=5),
    )
    ActionFactory(
        priority=carers, title="Carers' cafés", lead_organisation=council, status=ActionStatus.COMPLETE
    )
    return strategy


class TestDeliveryPlan:
    def test_an_officer_filters_adds_an_action_and_records_progress(
        self, page, browser_checks, plan, officer, signed_in, hx, screenshot
    ):
        signed_in(page, officer)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(reverse("strategies:manage", args=[plan.pk]))
        page.get_by_role("link", name="The actions under each priority, and their progress").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Delivery plan")
        expect(page.locator(".app-key-figures")).to_contain_text("33% complete (1 of 3 actions)")
        expect(page.locator(".app-rollup").first).to_have_text(
            "2 actions: 0% complete (0), 50% at risk or off track (1), 1 overdue"
        )
        browser_checks.axe(page, "delivery plan")
        check_narrow(page, browser_checks, "delivery plan")

        # Filtering with htmx: the list narrows, the URL says so, the roll-ups stay whole.
        hx(page, lambda: page.get_by_label("Only overdue actions").check(), "plan, overdue only")
        expect(page.locator("#actions-count")).to_have_text("1 action matches the filters")
        expect(page.locator("#actions")).not_to_contain_text("Falls classes in libraries")
        assert "overdue=on" in page.url
        expect(page.locator(".app-key-figures")).to_contain_text("1 of 3 actions")
        page.get_by_role("link", name="Clear filters").click()
        expect(page.locator("#actions-count")).to_have_text("3 actions")

        # Adding an action: the errors first, beside the fields, with what was typed kept.
        page.get_by_role("link", name="Add an action to the priority “Carers”").click()
        browser_checks.axe(page, "add an action")
        page.get_by_label("Lead officer").fill("Amira Shah")
        page.get_by_role("button", name="Add the action").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what will be done")
        expect(page.get_by_label("Lead officer")).to_have_value("Amira Shah")
        browser_checks.axe(page, "add an action with errors")
        check_narrow(page, browser_checks, "add an action with errors")
        page.get_by_label("What will be done").fill("Carers' assessments at hospital discharge")
        page.get_by_label("Lead organisation").select_option(label="Thurrock Council")
        page.get_by_label("Day").last.fill("30")
        page.get_by_label("Month").last.fill("6")
        page.get_by_label("Year").last.fill(str(TODAY.year + 1))
        page.get_by_role("button", name="Add the action").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "Added the action “Carers' assessments at hospital discharge”."
        )

        # Its page: progress recorded with htmx; "at risk" without a reason is refused first.
        page.get_by_role("link", name="Carers' assessments at hospital discharge").click()
        browser_checks.axe(page, "an action")
        page.get_by_label("At risk").check()
        hx(page, lambda: page.get_by_role("button", name="Record the update").click(), "at risk, no reason")
        expect(page.locator("#progress .govuk-error-summary")).to_be_focused()
        expect(page.locator("#progress .govuk-error-summary")).to_contain_text(
            "Say why the action is at risk"
        )
        page.get_by_label("Progress").fill("Two assessor posts are vacant: **recruiting** now.")
        hx(page, lambda: page.get_by_role("button", name="Record the update").click(), "at risk, with reason")
        expect(page.locator("#action-status")).to_contain_text("At risk")
        expect(page.locator(".app-updates")).to_contain_text("Two assessor posts are vacant: recruiting now.")
        check_narrow(page, browser_checks, "an action with an update")
        screenshot(page, "delivery-action")
        action = Action.objects.get(title="Carers' assessments at hospital discharge")
        assert action.status == ActionStatus.AT_RISK and action.updates.count() == 1

        browser_checks.assert_clean()

    def test_a_resident_reads_and_filters_the_published_plan_without_javascript(
        self, new_page, browser_checks, plan, screenshot
    ):
        page = new_page(javascript=False)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(reverse("delivery:plan", args=[plan.board.slug, plan.slug]))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Delivery plan")
        expect(page.get_by_role("link", name="Add an action to the priority “Carers”")).to_have_count(0)
        browser_checks.axe(page, "public delivery plan")
        check_narrow(page, browser_checks, "public delivery plan")

        page.get_by_label("Status").select_option(label="At risk")
        page.get_by_role("button", name="Apply filters").click()
        expect(page.locator("#actions-count")).to_have_text("1 action matches the filters")
        expect(page.locator("#actions")).to_contain_text("Falls classes in libraries")
        screenshot(page, "delivery-public")

        browser_checks.assert_clean()
