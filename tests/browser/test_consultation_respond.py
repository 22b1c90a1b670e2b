"""A resident answers an open consultation, from its public page to the reference number."""

import re

import pytest
from playwright.sync_api import Page, expect

from consultations.models import Response
from tests.consultations.helpers import open_on_a_draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_consultation(board, officer):
    return open_on_a_draft(board, officer, single_choice={"Which matters most to you?": ["Housing", "Jobs"]})


def answer_the_survey(page: Page, checks, consultation, *, label: str) -> None:
    page.goto(consultation.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(consultation.title)
    checks.axe(page, f"consultation page ({label})")
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(consultation.title)
    checks.axe(page, f"start page ({label})")
    page.get_by_role("button", name="Start now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Staying healthy")
    checks.axe(page, f"domain page ({label})")
    smoking = page.get_by_role("group", name="How far do you agree with “Fewer people smoke”? (optional)")
    smoking.get_by_label("Strongly agree").check()
    page.get_by_label("Why do you say that about “Fewer people smoke”?").fill("x" * 5001)
    page.get_by_role("button", name="Save and continue").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Your comment on “Fewer people smoke” must be 5,000 characters or fewer")
    expect(smoking.get_by_label("Strongly agree")).to_be_checked()
    checks.axe(page, f"domain page with an error ({label})")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Why do you say that about “Fewer people smoke”?")).to_be_focused()
    page.get_by_label("Why do you say that about “Fewer people smoke”?").fill("Smoking harms us all.")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Other questions")
    checks.axe(page, f"other questions ({label})")
    page.get_by_label("Jobs").check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("About you")
    checks.axe(page, f"about you ({label})")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select who you are responding as")
    checks.axe(page, f"about you with an error ({label})")
    page.get_by_label("On behalf of an organisation").check()
    page.get_by_label("Name of the organisation").fill("Age UK Thurrock")
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label(re.compile("^Yes, email me updates")).check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Equality monitoring")
    checks.axe(page, f"equality monitoring ({label})")
    page.get_by_role("group", name="What is your age? (optional)").get_by_label("35 to 44").check()
    page.get_by_role("group", name="What is your sex? (optional)").get_by_label("Prefer not to say").check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your response"
    )
    main = page.locator("main")
    expect(main).to_contain_text("Smoking harms us all.")
    expect(main).to_contain_text("On behalf of Age UK Thurrock")
    checks.axe(page, f"check your answers ({label})")
    page.get_by_role("link", name="Change your answers on Other questions").click()
    expect(page.get_by_label("Jobs")).to_be_checked()
    page.get_by_label("Housing").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your response"
    )
    expect(main).to_contain_text("Housing")
    page.get_by_role("button", name="Send response").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Response sent")
    response = Response.objects.get()
    assert response.is_submitted
    expect(page.locator(".govuk-panel")).to_contain_text(response.reference)
    checks.axe(page, f"confirmation ({label})")


class TestRespondingWithoutJavaScript:
    def test_answers_every_page_and_gets_a_reference(self, new_page, browser_checks, open_consultation):
        page = new_page(javascript=False)

        answer_the_survey(page, browser_checks, open_consultation, label="JavaScript off")

        browser_checks.assert_clean()


class TestRespondingWithJavaScript:
    def test_answers_every_page_and_gets_a_reference(self, page, browser_checks, open_consultation):
        answer_the_survey(page, browser_checks, open_consultation, label="JavaScript on")

        browser_checks.assert_clean()


class TestSavingAndComingBack:
    @pytest.mark.parametrize("javascript", [False, True], ids=["JavaScript off", "JavaScript on"])
    def test_saves_gets_a_link_by_email_and_comes_back_on_another_device(
        self, new_page, browser_checks, open_consultation, mailoutbox, javascript
    ):
        label = "JavaScript on" if javascript else "JavaScript off"
        page = new_page(javascript=javascript)
        page.goto(open_consultation.get_absolute_url())
        page.get_by_role("button", name="Start now").click()
        page.get_by_role("button", name="Start now").click()
        smoking = page.get_by_role("group", name="How far do you agree with “Fewer people smoke”? (optional)")
        smoking.get_by_label("Agree", exact=True).check()
        page.get_by_role("button", name="Save and come back later").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Save and come back later")
        expect(page.locator("main")).to_contain_text("Your answers are saved.")
        checks = browser_checks
        checks.axe(page, f"save and come back later ({label})")
        page.get_by_role("button", name="Send the link").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
        checks.axe(page, f"save and come back later with an error ({label})")
        page.get_by_label("Email address").fill("sam@example.org")
        page.get_by_role("button", name="Send the link").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
        expect(page.locator("main")).to_contain_text("sam@example.org")
        checks.axe(page, f"check your email ({label})")
        [message] = mailoutbox
        link = re.search(r"http://localhost:8000(/\S+/resume/\S+/)", message.body)[1]

        elsewhere = new_page(javascript=javascript)
        elsewhere.goto(link)
        expect(elsewhere.get_by_role("heading", level=1)).to_have_text("Other questions")
        elsewhere.get_by_role("link", name="Back").click()
        expect(
            elsewhere.get_by_role("group", name=re.compile("Fewer people smoke")).get_by_label(
                "Agree", exact=True
            )
        ).to_be_checked()

        elsewhere.goto(link.replace("/resume/", "/resume/x"))
        expect(elsewhere.get_by_role("heading", level=1)).to_have_text("This link does not work")
        checks.axe(elsewhere, f"a link that does not work ({label})")
        checks.assert_clean()


class TestTooManyFromOneConnection:
    def test_the_page_says_when_to_try_again(self, page, browser_checks, open_consultation, settings):
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, "respond_start": (0, 3600)}
        page.goto(open_consultation.get_absolute_url())
        page.get_by_role("button", name="Start now").click()

        page.get_by_role("button", name="Start now").click()

        expect(page.get_by_role("heading", level=1)).to_contain_text("Try again in")
        browser_checks.axe(page, "too many responses started")
        browser_checks.assert_clean()


# The element that has the focus, by its label (a field) or its text (a link or a button).
FOCUSED_NAME = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return "";
    const labelled = element.labels && element.labels.length;
    const text = labelled ? element.labels[0].textContent : element.textContent;
    return text.replace(/\\s+/g, " ").trim();
}"""
# A focused link or button shows it (GOV.UK's focus state: a yellow box and a thick underline).
FOCUS_SHOWN = """() => {
    const style = getComputedStyle(document.activeElement);
    return style.boxShadow !== "none" || style.outlineStyle !== "none";
}"""


def tab_to(page: Page, name: str, *, limit: int = 80) -> None:
    """Press Tab until the focus is on the element named `name` (its label or text starts with it)."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_NAME)
        if focused.startswith(name):
            return
        seen.append(focused[:40])
    raise AssertionError(f"Tab never reached {name!r}; it went through {seen}")


def press_enter_on(page: Page, name: str) -> None:
    tab_to(page, name)
    assert page.evaluate(FOCUS_SHOWN), f"{name!r} has the focus but does not show it"
    page.keyboard.press("Enter")


class TestRespondingByKeyboardOnly:
    def test_answers_every_page_with_tab_space_typing_and_enter(
        self, page, browser_checks, open_consultation
    ):
        """No mouse: every control is reached with Tab, in order, and used with Space, typing or Enter."""
        page.goto(open_consultation.get_absolute_url())
        press_enter_on(page, "Start now")
        expect(page.get_by_role("heading", level=1)).to_have_text(open_consultation.title)
        press_enter_on(page, "Start now")

        expect(page.get_by_role("heading", level=1)).to_have_text("Staying healthy")
        tab_to(page, "Strongly agree")  # The first of the first priority's five: into the group.
        page.keyboard.press("Space")
        tab_to(page, "Why do you say that about “Fewer people smoke”?")
        page.keyboard.type("Typed without a mouse.")
        press_enter_on(page, "Save and continue")

        expect(page.get_by_role("heading", level=1)).to_have_text("Other questions")
        tab_to(page, "Housing")
        page.keyboard.press("Space")
        press_enter_on(page, "Save and continue")

        expect(page.get_by_role("heading", level=1)).to_have_text("About you")
        tab_to(page, "A resident")
        page.keyboard.press("Space")
        press_enter_on(page, "Save and continue")

        expect(page.get_by_role("heading", level=1)).to_have_text("Equality monitoring")
        press_enter_on(page, "Save and continue")

        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Check your answers before sending your response"
        )
        expect(page.locator("main")).to_contain_text("Typed without a mouse.")
        press_enter_on(page, "Send response")

        expect(page.get_by_role("heading", level=1)).to_have_text("Response sent")
        response = Response.objects.get()
        assert response.is_submitted and response.respondent_type == "resident"
        assert response.comments.get().text == "Typed without a mouse."
        browser_checks.axe(page, "confirmation, reached by keyboard")
