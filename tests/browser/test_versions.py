"""A resident reads the strategy's summary and easy read versions and opens a supporting document."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from strategies import services
from tests.strategies.helpers import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def easy_strategy(board, officer, board_admin, approval_decision, build_strategy):
    from tests.browser.conftest import _move_strategy

    strategy = build_strategy(
        board=board,
        by=officer,
        title="Thurrock Health and Wellbeing Strategy 2022 to 2026",
        start_year=2022,
        end_year=2026,
        vision="Everyone in Thurrock lives a longer, healthier and happier life.",
        domains=[("Staying healthier for longer", ["Fewer people smoking", "More people active"])],
    )
    services.strategy_update(
        strategy=strategy, by=officer, easy_read="This is our plan for health in Thurrock."
    )
    domain = strategy.domains.get()
    services.domain_update(domain=domain, by=officer, easy_read="We want you to stay well for longer.")
    services.supporting_document_add(
        strategy=strategy,
        by=officer,
        title="The Case for Further Change",
        description="How partners will join up care.",
        file=SimpleUploadedFile("case.pdf", pdf_bytes(2), content_type="application/pdf"),
    )
    return _move_strategy(strategy, to="published", by=board_admin, decision=approval_decision)


@pytest.mark.parametrize("javascript", [True, False], ids=["JavaScript on", "JavaScript off"])
@pytest.mark.parametrize("width", [1280, 320])
def test_reads_every_version(new_page, browser_checks, easy_strategy, javascript, width):
    page = new_page(javascript=javascript)
    page.set_viewport_size({"width": width, "height": 900})
    label = f"{width} px, JavaScript {'on' if javascript else 'off'}"

    page.goto(easy_strategy.get_absolute_url())
    versions = page.get_by_role("navigation", name="Versions of this strategy")
    versions.get_by_role("link", name="Summary", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{easy_strategy.title}: summary")
    expect(page.locator("main")).to_contain_text("Fewer people smoking")
    browser_checks.axe(page, f"summary ({label})")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("navigation", name="Versions of this strategy").get_by_role(
        "link", name="Easy read", exact=True
    ).click()
    expect(page.locator("main")).to_contain_text("We want you to stay well for longer.")
    expect(page.locator("main")).to_contain_text("This is our plan for health in Thurrock.")
    browser_checks.axe(page, f"easy read ({label})")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("navigation", name="Versions of this strategy").get_by_role(
        "link", name="Full strategy", exact=True
    ).click()
    section = page.get_by_role("region", name="Supporting documents")
    expect(section).to_contain_text("How partners will join up care.")
    expect(section).to_contain_text("PDF, ")
    response = page.request.get(
        section.get_by_role("link", name="The Case for Further Change").get_attribute("href")
    )
    assert response.status == 200 and response.body().startswith(b"%PDF-")
    browser_checks.assert_clean()
