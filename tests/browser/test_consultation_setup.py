"""An officer sets up a consultation, adds its questions and schedules it; a resident reads it once open."""

import pytest
from playwright.sync_api import expect

from consultations.models import Consultation, Question, Status
from tests.factories import ConsultationFactory, DomainFactory, PriorityFactory, StrategyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_officer_sets_up_a_consultation(new_page, browser_checks, signed_in, board, officer, javascript):
    strategy = StrategyFactory(board=board, title="Draft Joint Health and Wellbeing Strategy")
    PriorityFactory(
        domain=DomainFactory(strategy=strategy, title="Staying healthy"), title="Fewer people smoke"
    )
    page = new_page(javascript=javascript)
    signed_in(page, officer)

    page.goto("/manage/consultations/")
    browser_checks.axe(page, "consultations list")
    page.get_by_role("link", name="Set up a consultation").click()
    browser_checks.axe(page, "set-up form")
    page.get_by_label("Title").fill("Have your say")
    page.get_by_label("Web address name").fill("have-your-say")
    page.get_by_role("group", name="Opening date").get_by_label("Day").fill("29")
    page.get_by_role("group", name="Opening date").get_by_label("Month").fill("11")
    page.get_by_role("group", name="Opening date").get_by_label("Year").fill("2030")
    page.get_by_role("group", name="Closing date").get_by_label("Day").fill("23")
    page.get_by_role("group", name="Closing date").get_by_label("Month").fill("1")
    page.get_by_role("group", name="Closing date").get_by_label("Year").fill("2029")  # Before it opens.
    page.get_by_role("button", name="Set up consultation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The closing date must be after the opening date"
    )
    expect(page.get_by_label("Title")).to_have_value("Have your say")
    browser_checks.axe(page, "set-up form with errors")
    page.get_by_role("group", name="Closing date").get_by_label("Year").fill("2031")
    page.get_by_label("Privacy notice").fill("We keep your personal data for 12 months.")
    page.get_by_role("button", name="Set up consultation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Have your say")
    browser_checks.axe(page, "manage page")

    for text in ("First question?", "Second question?"):
        page.get_by_label("Question", exact=True).fill(text)
        page.get_by_role("button", name="Add question").click()
        expect(page.locator("#questions")).to_contain_text(text)
    page.get_by_role("button", name="Move up Second question?").click()
    expect(page.locator("#questions li").first).to_contain_text("Second question?")
    browser_checks.axe(page, "manage page with questions")
    consultation = Consultation.objects.get()
    assert list(Question.objects.values_list("text", flat=True)) == ["Second question?", "First question?"]
    assert consultation.status == Status.SETUP
    browser_checks.assert_clean()


def test_a_resident_reads_an_open_consultation_at_320_px(new_page, browser_checks, board, officer):
    from consultations import services

    consultation = ConsultationFactory(strategy__board=board, created_by=officer, title="Have your say")
    services.consultation_transition(consultation=consultation, to_status=Status.SCHEDULED, by=officer)
    services.consultation_transition(consultation=consultation, to_status=Status.OPEN, by=officer)
    page = new_page(javascript=False)
    page.set_viewport_size({"width": 320, "height": 800})

    page.goto("/")
    page.get_by_role("link", name="Have your say").click()
    expect(page.locator("main")).to_contain_text("This consultation is open until")
    expect(page.locator("main")).to_contain_text("Fewer people smoke")
    browser_checks.axe(page, "public consultation page")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    browser_checks.assert_clean()
