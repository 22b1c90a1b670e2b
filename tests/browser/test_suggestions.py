"""
Suggested themes on the coding page (htmx), the themes page and the agreement page, each checked with axe
(consultations/views/coding.py, consultations/views/themes.py).
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from consultations import services
from consultations.models import Channel, SuggestionRejection
from tests.browser.conftest import htmx_swap
from tests.consultations.helpers import make_response, open_on_a_draft
from tests.factories import BoardRoleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def coded(board, officer):
    consultation = open_on_a_draft(board, officer)
    first = consultation.priorities()[0]["id"]
    comments = [
        make_response(consultation, channel=Channel.PAPER, comments={first: text}).comments.get()
        for text in ("The buses stop at six.", "Gyms cost too much.", "More buses in the evening.")
    ]
    services.comment_code(comment=comments[0], by=officer, themes=[], new_names=["Transport"])
    services.comment_code(comment=comments[1], by=officer, themes=[], new_names=["Leisure"])
    return consultation, comments[2]


class TestSuggestions:
    def test_suggests_rejects_and_the_themes_and_agreement_pages(
        self, page, browser_checks, signed_in, officer, board, coded
    ):
        consultation, uncoded = coded
        signed_in(page, officer)
        page.goto(reverse("consultations:coding", args=[consultation.pk]))

        htmx_swap(page, lambda: page.get_by_role("button", name="Suggest themes").click())
        expect(page.locator("#suggestions-state")).to_contain_text("Themes suggested for 1 comment")
        browser_checks.axe(page, "coding page, suggestions ready")
        page.get_by_role("link", name="Show the comments with their suggestions").click()
        suggestion = page.locator(f"#comment-{uncoded.pk} .app-suggestion")
        expect(suggestion).to_contain_text("Suggested Transport")
        expect(suggestion.get_by_role("checkbox")).not_to_be_checked()
        browser_checks.axe(page, "coding page with a suggestion")

        htmx_swap(page, lambda: suggestion.get_by_role("button", name="Not this theme").click())

        expect(page.locator(f"#comment-{uncoded.pk}")).to_contain_text("Not suggested again: Transport.")
        # The focus moves once htmx has settled the swap: wait for it rather than read it at once.
        transport = consultation.themes.get(name="Transport").pk
        expect(page.locator(f"[id='c{uncoded.pk}-suggestion-{transport}']")).to_be_focused()
        assert SuggestionRejection.objects.filter(comment=uncoded).count() == 1
        browser_checks.axe(page, "coding page after 'Not this theme'")

        page.get_by_role("link", name="Rename or merge the themes").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Themes")
        browser_checks.axe(page, "themes page")
        page.get_by_label("New name for “Leisure”").fill("Transport")
        page.get_by_role("button", name="Rename “Leisure”").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("already has a theme with this name")
        browser_checks.axe(page, "themes page with an error")

        second = BoardRoleFactory(board=board, user__username="second").user
        for comment in consultation.comments.filter(codings__isnull=False).distinct():
            services.comment_code(comment=comment, by=second, themes=[], new_names=["Transport"])
        page.goto(reverse("consultations:coding_agreement", args=[consultation.pk]))
        expect(page.locator("main")).to_contain_text("2 comments coded by both")
        browser_checks.axe(page, "agreement page")

        browser_checks.assert_clean()
