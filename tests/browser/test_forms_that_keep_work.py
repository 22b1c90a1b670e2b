"""
Two people editing the same text, and a wrong date: the pages that explain, as a browser shows
them, with axe on each (issue 5).
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Thurrock Health and Wellbeing Strategy 2026 to 2031"


@pytest.fixture
def draft(board, officer, build_strategy):
    return build_strategy(
        board=board,
        by=officer,
        title=TITLE,
        start_year=2026,
        end_year=2031,
        vision="A first vision.",
        domains=[("Staying well", ["Cut smoking"])],
    )


class TestTwoPeopleEditTheSameText:
    def test_the_second_save_shows_both_texts_and_saving_again_keeps_the_users(
        self, new_page, browser_checks, officer, board_admin, draft, signed_in
    ):
        mine, theirs = new_page(), new_page(javascript=False)
        signed_in(mine, officer)
        signed_in(theirs, board_admin)
        for page in (mine, theirs):
            page.goto(f"{draft.get_manage_url()}edit/")
        theirs.get_by_label("Vision (optional)").fill("Their vision, saved first.")
        theirs.get_by_role("button", name="Save changes").click()
        expect(theirs.locator(".govuk-notification-banner--success")).to_contain_text("Saved")

        mine.get_by_label("Vision (optional)").fill("My vision, typed meanwhile.")
        mine.get_by_role("button", name="Save changes").click()

        summary = mine.locator(".govuk-error-summary")
        expect(summary).to_be_focused()
        expect(summary.get_by_role("link")).to_have_text(
            "Someone else saved this strategy while you were editing it"
        )
        expect(mine.locator("#conflict")).to_contain_text("Their vision, saved first.")
        expect(mine.get_by_label("Vision (optional)")).to_have_value("My vision, typed meanwhile.")
        browser_checks.axe(mine, "strategy details with an edit conflict")
        mine.get_by_role("button", name="Save changes").click()
        expect(mine.locator(".govuk-notification-banner--success")).to_contain_text(
            "Saved the strategy's details."
        )
        draft.refresh_from_db()
        assert draft.vision == "My vision, typed meanwhile."
        browser_checks.assert_clean()

    def test_inline_editing_shows_the_conflict_where_the_user_is_typing(
        self, new_page, browser_checks, officer, board_admin, draft, signed_in, hx
    ):
        mine, theirs = new_page(), new_page(javascript=False)
        signed_in(mine, officer)
        signed_in(theirs, board_admin)
        domain = draft.domains.get()
        mine.goto(draft.get_manage_url())
        hx(mine, lambda: mine.get_by_role("link", name="Edit Staying well").click())
        theirs.goto(f"/manage/domains/{domain.pk}/edit/")
        theirs.get_by_label("Title of the domain").fill("Staying well for longer")
        theirs.get_by_role("button", name="Save Staying well").click()

        editing = mine.locator(f"#domain-{domain.pk}-edit")
        editing.get_by_label("Title of the domain").fill("Living well")
        hx(mine, lambda: editing.get_by_role("button", name="Save").click(), "inline edit conflict")

        expect(mine.locator("#status-announcer")).to_have_text(
            "There is a problem: Someone else saved this domain while you were editing it"
        )
        expect(editing.locator(".app-conflict")).to_contain_text("Staying well for longer")
        expect(editing.get_by_label("Title of the domain")).to_have_value("Living well")
        hx(mine, lambda: editing.get_by_role("button", name="Save").click())
        expect(mine.locator("#status-announcer")).to_have_text("Saved “Living well”.")
        browser_checks.assert_clean()


class TestTheDateOfAMove:
    def test_a_date_that_cannot_be_is_explained_against_the_box_at_fault(
        self, page, browser_checks, officer, draft, signed_in, decision_factory
    ):
        # The Board's approval, at a meeting before the date of the move.
        decision = decision_factory(
            consultation=True,
            agenda_item__meeting__board=draft.board,
            agenda_item__meeting__starts_at=datetime.datetime(2021, 9, 16, 14, 0, tzinfo=datetime.UTC),
        )
        signed_in(page, officer)
        page.goto(f"{draft.get_manage_url()}status/")
        expect(page.locator("main")).to_contain_text("This strategy is a draft.")
        page.get_by_label("Reason").fill("Opened in October 2021.")
        page.get_by_label("Board decision").select_option(str(decision.pk))
        date = page.get_by_role("group", name=re.compile("Date of the move"))
        date.get_by_label("Day").fill("4")
        date.get_by_label("Month").fill("13")
        date.get_by_label("Year").fill("2021")

        page.get_by_role("button", name="Change status").click()

        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "The date of the move must be a real date"
        )
        expect(date.get_by_label("Month")).to_have_class(re.compile("govuk-input--error"))
        expect(date.get_by_label("Day")).not_to_have_class(re.compile("govuk-input--error"))
        browser_checks.axe(page, "change status page with a wrong date")
        date.get_by_label("Month").fill("Oct")
        page.get_by_role("button", name="Change status").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "This strategy is now in consultation."
        )
        browser_checks.assert_clean()
