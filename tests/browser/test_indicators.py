"""
Indicators in a real browser: a resident reads the performance dashboard and a priority's page with
JavaScript off (every chart's figures in its table); an officer adds an indicator (errors first), records
a local figure, and imports a Fingertips export (checked, previewed, imported with htmx); axe on every
page at 1280 and 320 px.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from delivery import imports
from delivery.models import DataPoint, Indicator, Polarity
from strategies.models import Status
from tests.browser.narrow import check_narrow
from tests.delivery.test_dashboard import FALLING, years
from tests.delivery.test_fingertips import THURROCK, csv_file
from tests.factories import PriorityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def smoking(board, officer):
    board.area_code = THURROCK
    board.save()
    priority = PriorityFactory(
        domain__strategy__board=board,
        domain__strategy__status=Status.PUBLISHED,
        domain__strategy__start_year=2022,
        domain__strategy__end_year=2026,
        domain__title="Staying healthier for longer",
        title="Fewer people smoking",
    )
    indicator = Indicator.objects.create(
        strategy=priority.domain.strategy,
        title="Smoking prevalence in adults",
        fingertips_id=92443,
        unit="%",
        polarity=Polarity.LOWER_IS_BETTER,
        created_by=officer,
    )
    indicator.priorities.add(priority)
    return indicator


def test_a_resident_reads_the_dashboard_and_a_priority_without_javascript(
    new_page, browser_checks, smoking, officer, screenshot
):
    strategy = smoking.strategy
    imports.indicators_import(strategy=strategy, by=officer, handle=csv_file(*years(2018, FALLING)))
    page = new_page(javascript=False)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(reverse("delivery:dashboard", args=[strategy.board.slug, strategy.slug]))

    expect(page.get_by_role("heading", level=1)).to_contain_text("Performance dashboard")
    expect(page.locator("#overview-table")).to_contain_text("13.0%")
    expect(page.locator("#overview-table")).to_contain_text("Decreasing and getting better")
    expect(page.locator("svg[role=img]")).to_have_count(1)
    table = page.get_by_role("table", name="Smoking prevalence in adults")
    expect(table).to_contain_text("2018/19")
    expect(table).to_contain_text("20.0%")
    browser_checks.axe(page, "public dashboard")
    check_narrow(page, browser_checks, "public dashboard")
    screenshot(page, "dashboard-public")

    page.get_by_role("link", name="Fewer people smoking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fewer people smoking")
    expect(page.locator("#working ~ .app-indicator")).to_contain_text("Smoking prevalence in adults")
    browser_checks.axe(page, "a priority's page")
    check_narrow(page, browser_checks, "a priority's page")

    browser_checks.assert_clean()


def test_an_officer_adds_an_indicator_records_a_figure_and_imports_a_file(
    page, browser_checks, smoking, officer, signed_in, hx, screenshot
):
    strategy = smoking.strategy
    signed_in(page, officer)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(reverse("delivery:dashboard_manage", args=[strategy.pk]))
    browser_checks.axe(page, "officers' dashboard")

    # A local indicator: the errors first, then added.
    page.get_by_role("link", name="Add an indicator").click()
    page.get_by_label("Indicator", exact=True).fill("Carers assessed within 28 days")
    page.get_by_label("Target value").fill("lots")
    page.get_by_role("button", name="Add the indicator").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the Fingertips indicator ID")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the target value as a number")
    expect(page.get_by_label("Indicator", exact=True)).to_have_value("Carers assessed within 28 days")
    browser_checks.axe(page, "add an indicator with errors")
    check_narrow(page, browser_checks, "add an indicator with errors")
    page.get_by_label("Local").check()
    page.get_by_label("Target value").fill("")
    page.get_by_label("Unit").fill("%")
    page.get_by_label("Higher is better").check()
    page.get_by_role("button", name="Add the indicator").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Added the indicator")

    # Its page: a figure from a count and denominator (a bad one first).
    page.get_by_label("Period").fill("last year")
    page.get_by_label("Count").fill("50")
    page.get_by_label("Denominator").fill("200")
    page.get_by_role("button", name="Record the figure").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the period with its year")
    page.get_by_label("Period").fill("2024/25")
    page.get_by_role("button", name="Record the figure").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Recorded the figure for 2024/25"
    )
    expect(page.get_by_role("table", name="Carers assessed within 28 days")).to_contain_text("19.5% to 31.4%")
    browser_checks.axe(page, "an indicator's page")
    check_narrow(page, browser_checks, "an indicator's page")

    # Importing a Fingertips export: checked, previewed, then imported with htmx.
    page.goto(reverse("delivery:import_start", args=[strategy.pk]))
    browser_checks.axe(page, "import data")
    content = csv_file(*years(2018, FALLING)).getvalue()
    page.get_by_label("Upload a CSV file exported from Fingertips").set_input_files(
        {"name": "fingertips.csv", "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Upload and check the file").click()
    expect(page.locator("#import-summary")).to_contain_text("Smoking prevalence in adults")
    browser_checks.axe(page, "an upload, checked")
    check_narrow(page, browser_checks, "an upload, checked")
    hx(
        page,
        lambda: page.get_by_role("button", name="Import 15 new and 0 changed data points").click(),
        "import",
    )
    expect(page.locator("#import-status")).to_contain_text("Imported")
    screenshot(page, "indicator-import")
    assert DataPoint.objects.filter(indicator=smoking).count() == 15

    browser_checks.assert_clean()
