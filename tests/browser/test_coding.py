"""
Officers code comments with themes by keyboard alone with JavaScript on (the accessible combobox, htmx),
and with JavaScript off (checkboxes, a text field, and the page again) (consultations/views/coding.py).
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from consultations import services
from consultations.models import Channel, Coding, Theme
from tests.browser.conftest import htmx_swap
from tests.consultations.helpers import make_response, open_on_a_draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def comments(board, officer):
    consultation = open_on_a_draft(board, officer)
    first = consultation.priorities()[0]["id"]
    texts = ("The buses stop at six.", "Gyms cost too much.", "More benches in the park.")
    return [
        make_response(consultation, channel=Channel.PAPER, comments={first: text}).comments.get()
        for text in texts
    ]


def focused_id(page: Page) -> str:
    return page.evaluate("() => document.activeElement.id")


class TestCodingByKeyboard:
    def test_codes_two_comments_one_after_the_other(self, page, browser_checks, signed_in, officer, comments):
        first, second, third = comments
        consultation = first.consultation
        services.theme_create(consultation=consultation, by=officer, name="Transport")
        signed_in(page, officer)
        page.goto(reverse("consultations:coding", args=[consultation.pk]))
        expect(page.get_by_role("heading", level=1)).to_have_text("Code the comments")
        expect(page.locator(".autocomplete__input").first).to_be_visible()  # Enhanced.
        browser_checks.axe(page, "coding page")

        # The first comment's field by Tab alone; an existing theme by a few letters, a new one by name.
        for _ in range(100):
            page.keyboard.press("Tab")
            if focused_id(page) == f"c{first.pk}-new_theme":
                break
        else:
            raise AssertionError("Tab never reached the first comment's theme field")
        page.keyboard.type("trans")
        expect(page.locator(f"#c{first.pk}-new_theme__listbox")).to_contain_text("Transport")
        page.keyboard.press("Enter")
        expect(page.get_by_label("Transport").first).to_be_checked()
        page.keyboard.type("Evening services")
        expect(page.locator(f"#c{first.pk}-new_theme__listbox")).to_contain_text(
            "New theme: Evening services"
        )
        page.keyboard.press("Enter")
        expect(page.locator(f"#c{first.pk}-new_theme")).to_have_value("")
        htmx_swap(page, lambda: page.keyboard.press("Enter"))  # Enter in the empty field saves.

        row = page.locator(f"#comment-{first.pk}")
        expect(row).to_contain_text("Themes: Evening services, Transport")
        assert sorted(first.codings.values_list("theme__name", flat=True)) == [
            "Evening services",
            "Transport",
        ]
        expect(page.locator("#coding-progress-heading")).to_have_text("33% coded")
        # The focus is on the next comment not coded yet.
        assert focused_id(page) == f"c{second.pk}-new_theme"
        browser_checks.axe(page, "coding page after a save")

        page.keyboard.type("cost")
        expect(page.locator(f"#c{second.pk}-new_theme__listbox")).to_contain_text("New theme: cost")
        page.keyboard.press("Enter")
        htmx_swap(page, lambda: page.keyboard.press("Enter"))

        expect(page.locator(f"#comment-{second.pk}")).to_contain_text("Themes: cost")
        assert list(second.codings.values_list("theme__name", flat=True)) == ["cost"]
        assert focused_id(page) == f"c{third.pk}-new_theme"
        expect(page.locator("#coding-progress-heading")).to_have_text("67% coded")
        browser_checks.axe(page, "coding page after the second save")

        # Filtering pushes the address: only the comment not coded yet.
        page.get_by_label("Only comments not coded yet").check()
        htmx_swap(page, lambda: page.get_by_role("button", name="Show comments").click())
        assert "uncoded=on" in page.url
        expect(page.locator(".app-coding-row")).to_have_count(1)
        expect(page.locator(".app-coding-row")).to_contain_text("More benches in the park.")
        browser_checks.axe(page, "coding page filtered")

        browser_checks.assert_clean()


class TestCodingWithoutJavaScript:
    def test_codes_a_comment_with_checkboxes_and_a_new_theme(
        self, new_page, browser_checks, signed_in, officer, comments
    ):
        first, second, _ = comments
        consultation = first.consultation
        services.theme_create(consultation=consultation, by=officer, name="Transport")
        page = new_page(javascript=False)
        signed_in(page, officer)
        page.goto(consultation.get_manage_url())
        page.get_by_role("link", name="Code the comments with themes").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Code the comments")
        browser_checks.axe(page, "coding page without JavaScript")

        row = page.locator(f"#comment-{first.pk}")
        row.get_by_label("Transport").check()
        row.get_by_label(f"Add a theme to comment {first.pk}").fill("Evening services")
        row.get_by_role("button", name="Save themes").click()

        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "Coded the comment with Evening services, Transport."
        )
        expect(page.locator(f"#comment-{first.pk}")).to_contain_text("Themes: Evening services, Transport")
        assert Theme.objects.filter(consultation=consultation).count() == 2
        assert Coding.objects.filter(comment=first, coder=officer).count() == 2
        # Back on the page with the next comment's field focused.
        assert focused_id(page) == f"c{second.pk}-new_theme"
        browser_checks.axe(page, "coding page after a save without JavaScript")

        browser_checks.assert_clean()
