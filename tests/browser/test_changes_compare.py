"""
An officer sees what changed since the consultation, and why: the changes recorded beside the priorities
they changed, a priority changed with no recorded reason flagged, and the link that records one, at 1280
and 320 px wide, without JavaScript (the page needs none). Axe on every page.
"""

import pytest
from playwright.sync_api import expect

from consultations import services
from consultations.models import Status
from strategies import services as strategy_services
from strategies.models import Priority
from strategies.models import Status as StrategyStatus
from tests.factories import ConsultationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def changed(board, officer):
    """A closed consultation whose strategy, now a final draft, changed two priorities: one explained."""
    consultation = ConsultationFactory(strategy__board=board, created_by=officer, title="Have your say")
    services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
    services.consultation_transition(consultation=consultation, to_status=Status.OPEN, by=officer)
    consultation = services.consultation_transition(
        consultation=consultation, to_status=Status.CLOSED, by=officer
    )
    strategy_services.strategy_transition(
        strategy=consultation.strategy, to_status=StrategyStatus.FINAL_DRAFT, by=officer, reason="Closed."
    )
    smoking, active = Priority.objects.filter(domain__strategy=consultation.strategy).order_by("position")
    strategy_services.priority_update(
        priority=smoking, by=officer, description="Stop smoking services in every town, open every evening."
    )
    strategy_services.priority_update(
        priority=active, by=officer, description="Parks and leisure centres free for children."
    )
    theme = services.theme_create(consultation=consultation, by=officer, name="Cost of activities")
    services.change_add(
        consultation=consultation,
        by=officer,
        priority_id=active.pk,
        you_said="Leisure centres cost too much for families.",
        we_did="Made leisure centres free for children.",
        themes=[theme.pk],
    )
    return consultation


@pytest.mark.parametrize("width", [1280, 320])
def test_an_officer_sees_what_changed_and_records_the_missing_reason(
    new_page, browser_checks, signed_in, screenshot, officer, changed, width
):
    page = new_page(javascript=False)
    page.set_viewport_size({"width": width, "height": 900})
    signed_in(page, officer)

    page.goto(f"/manage/consultations/{changed.pk}/report/")
    page.get_by_role("link", name="See what changed since the consultation, and why").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("What changed since the consultation, and why")
    expect(page.locator("#unexplained")).to_contain_text("1 priority changed with no recorded reason")
    active = page.locator(".app-compare-item").filter(has_text="More people are active")
    expect(active).to_contain_text("Made leisure centres free for children.")
    expect(active).to_contain_text("Themes: Cost of activities")
    expect(active.locator(".app-unexplained")).to_have_count(0)
    smoking = page.locator(".app-compare-item").filter(has_text="Fewer people smoke")
    expect(smoking.locator(".app-unexplained")).to_have_text("Changed with no recorded reason")
    diff, why = (
        smoking.locator(".govuk-grid-column-two-thirds"),
        smoking.locator(".govuk-grid-column-one-third"),
    )
    if width == 1280:  # Beside the changed lines on a wide screen; below them on a narrow one.
        assert why.bounding_box()["x"] > diff.bounding_box()["x"] + diff.bounding_box()["width"] - 1
    else:
        assert why.bounding_box()["y"] >= diff.bounding_box()["y"] + diff.bounding_box()["height"] - 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    browser_checks.axe(page, f"what changed, and why ({width} px)")
    screenshot(page, f"changes-compare-{width}")

    smoking.get_by_role("link", name="Record why it changed").click()
    expect(page.get_by_label("What it changed")).to_have_value(
        str(Priority.objects.get(title="Fewer people smoke").pk)
    )
    page.get_by_label("You said").fill("Services close too early.")
    page.get_by_label("We did").fill("Opened them every evening.")
    page.get_by_label("Cost of activities").check()
    page.get_by_role("button", name="Add change").click()
    expect(page.locator("#changes")).to_contain_text("Opened them every evening.")
    browser_checks.axe(page, f"you said, we did after adding ({width} px)")

    page.goto(f"/manage/consultations/{changed.pk}/changes/compare/")
    expect(page.locator("#unexplained")).to_have_text("Every priority that changed has a recorded reason.")
    browser_checks.assert_clean()
