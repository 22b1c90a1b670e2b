"""
The progress report's panel in a real browser: an officer generates the report from the performance
dashboard (htmx, core's panel) and downloads it, then finds it on the delivery plan too; axe at 1280 and
320 px.
"""

from pathlib import Path
from unittest import mock

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.documents import rendering
from delivery import imports
from delivery.models import ActionStatus
from strategies.models import Status
from tests.browser.test_delivery import check_narrow
from tests.delivery.test_dashboard import FALLING, smoking, years
from tests.delivery.test_fingertips import csv_file
from tests.delivery.test_report import stub_pdf
from tests.factories import ActionFactory, OrganisationFactory, PriorityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def strategy(board, officer):
    board.area_code = "E06000034"
    board.save()
    council = OrganisationFactory(name="Thurrock Council")
    board.organisations.add(council)
    priority = PriorityFactory(
        domain__strategy__board=board,
        domain__strategy__status=Status.PUBLISHED,
        domain__title="Staying healthier for longer",
        title="Fewer people smoking",
    )
    strategy = priority.domain.strategy
    ActionFactory(
        priority=priority,
        title="Stop smoking clinics",
        lead_organisation=council,
        status=ActionStatus.AT_RISK,
    )
    smoking(strategy, officer).priorities.add(priority)
    imports.indicators_import(strategy=strategy, by=officer, handle=csv_file(*years(2018, FALLING)))
    return strategy


class TestProgressReport:
    def test_an_officer_generates_it_on_the_dashboard_and_downloads_it(
        self, page, browser_checks, strategy, officer, signed_in, hx
    ):
        signed_in(page, officer)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(reverse("delivery:dashboard_manage", args=[strategy.pk]))
        panel = page.locator(f"#document-delivery-progress-report-{strategy.pk}")
        expect(panel.get_by_role("heading", name="Progress report PDF")).to_be_visible()
        expect(panel).to_contain_text("The progress report has not been generated yet.")
        browser_checks.axe(page, "dashboard with the report's panel")
        check_narrow(page, browser_checks, "dashboard with the report's panel")

        # The render runs in the request (Celery is eager in tests): WeasyPrint is stubbed, as it takes
        # longer than a browser test waits (tests/delivery/test_report.py renders the real PDF).
        with mock.patch.object(rendering, "html_to_pdf", side_effect=stub_pdf):
            hx(
                page,
                lambda: panel.get_by_role("button", name="Generate the progress report").click(),
                "dashboard, report generated",
            )

        expect(page.locator("#status-announcer")).to_contain_text("The progress report is ready.")
        with page.expect_download() as download_info:
            panel.get_by_role("link", name="Download the progress report").click()
        assert Path(download_info.value.path()).read_bytes().startswith(b"%PDF-")
        assert download_info.value.suggested_filename.endswith(".pdf")

        page.goto(reverse("delivery:plan_manage", args=[strategy.pk]))
        plan_panel = page.locator(f"#document-delivery-progress-report-{strategy.pk}")
        expect(plan_panel.get_by_role("link", name="Download the progress report")).to_be_visible()
        browser_checks.axe(page, "delivery plan with the report's panel")
        check_narrow(page, browser_checks, "delivery plan with the report's panel")
        browser_checks.assert_clean()
