"""An officer drafts a strategy and takes it to publication; the board administrator publishes it."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Thurrock Health and Wellbeing Strategy 2026 to 2031"


def domain_items(page: Page):
    return page.locator("#domains li.app-domain-item")


def priority_titles(domain):
    return domain.locator(".app-priorities > li .app-item__title")


def add_priority(page: Page, hx, domain_index: int, title: str) -> None:
    domain = domain_items(page).nth(domain_index)
    domain.locator("summary", has_text="Add a priority").click()
    domain.get_by_label("Title of the priority").fill(title)
    hx(page, lambda: domain.get_by_role("button", name="Add priority").click())
    expect(page.locator("#status-announcer")).to_have_text(f"Added priority “{title}”.")


def change_status(page: Page, checks, *, to: str, reason: str, decision: bool = False) -> None:
    page.get_by_role("link", name="Change status").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the status")
    checks.axe(page, f"change status page (to {to.lower()})")
    page.get_by_label(to, exact=True).check()
    page.get_by_label("Reason").fill(reason)
    if decision:
        page.get_by_label("Board decision").select_option(index=1)
    page.get_by_role("button", name="Change status").click()
    in_words = {"Final draft": "a final draft"}.get(to, to.lower())
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"This strategy is now {in_words}."
    )
    checks.axe(page, f"manage page, {to.lower()}")


class TestOfficerDraftsAStrategy:
    def test_creates_it_then_builds_its_domains_and_priorities_inline(
        self, page, browser_checks, officer, sign_in, hx, screenshot
    ):
        sign_in(page, officer)
        page.get_by_role("link", name="Create a strategy").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Create a strategy")
        browser_checks.axe(page, "create strategy form")

        # Nothing required filled in: the error summary and the inline errors, with typed text kept.
        page.get_by_label("Vision (optional)").fill("A healthier Thurrock for everyone.")
        page.get_by_role("button", name="Create strategy").click()
        expect(page).to_have_title(re.compile(r"^Error: Create a strategy"))
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_be_focused()
        expect(summary.get_by_role("link")).to_have_text(
            ["Enter a title", "Enter the year the strategy starts", "Enter the year the strategy ends"]
        )
        expect(page.locator("#id_title_error")).to_have_text("Error: Enter a title")
        expect(page.get_by_label("Title", exact=True)).to_have_attribute("aria-invalid", "true")
        expect(page.get_by_label("Vision (optional)")).to_have_value("A healthier Thurrock for everyone.")
        browser_checks.axe(page, "create strategy form with errors")
        summary.get_by_role("link", name="Enter a title").click()
        expect(page.get_by_label("Title", exact=True)).to_be_focused()

        page.get_by_label("Title", exact=True).fill(TITLE)
        page.get_by_label("Start year").fill("2026")
        page.get_by_label("End year").fill("2031")
        page.get_by_role("button", name="Create strategy").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            f"Created “{TITLE}” as a draft."
        )
        browser_checks.axe(page, "manage page, new draft")

        # Two domains and their priorities, added without leaving the page.
        add_form = page.locator("form.app-add-form")
        for title in ["Staying well", "Opportunity for all"]:
            add_form.get_by_label("Title of the domain").fill(title)
            hx(page, lambda: add_form.get_by_role("button", name="Add domain").click())
            expect(page.locator("#status-announcer")).to_have_text(f"Added domain “{title}”.")
        expect(domain_items(page).locator("h3")).to_have_text(
            ["Domain 1Staying well", "Domain 2Opportunity for all"]
        )
        add_priority(page, hx, 0, "Cut smoking")
        add_priority(page, hx, 0, "Get more people active")
        add_priority(page, hx, 1, "Give every child the best start")
        expect(priority_titles(domain_items(page).nth(0))).to_have_text(
            ["Cut smoking", "Get more people active"]
        )

        # Edit a domain in place: an empty title is refused where the officer is typing.
        first = domain_items(page).nth(0)
        editing = page.locator(f"#{first.get_attribute('id')}-edit")
        hx(page, lambda: first.get_by_role("link", name="Edit Staying well").click())
        expect(editing.get_by_label("Title of the domain")).to_have_value("Staying well")
        editing.get_by_label("Title of the domain").fill("")
        hx(page, lambda: editing.get_by_role("button", name="Save Staying well").click())
        expect(editing.locator(".govuk-error-message")).to_have_text("Error: Enter a title for the domain")
        expect(editing.get_by_label("Title of the domain")).to_have_attribute("aria-invalid", "true")
        expect(domain_items(page)).to_have_count(2)
        editing.get_by_label("Title of the domain").fill("Staying well for longer")
        hx(page, lambda: editing.get_by_role("button", name="Save Staying well").click())
        expect(page.locator("#status-announcer")).to_have_text("Saved “Staying well for longer”.")
        expect(domain_items(page).nth(0).locator("h3")).to_have_text("Domain 1Staying well for longer")

        # Move a priority down, then delete one (a confirmation page, so a full page load).
        hx(
            page,
            lambda: domain_items(page).nth(0).get_by_role("button", name="Move down Cut smoking").click(),
        )
        expect(page.locator("#status-announcer")).to_have_text("Moved.")
        expect(priority_titles(domain_items(page).nth(0))).to_have_text(
            ["Get more people active", "Cut smoking"]
        )
        domain_items(page).nth(0).get_by_role("link", name="Delete Get more people active").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Delete the priority “Get more people active”?"
        )
        browser_checks.axe(page, "delete priority page")
        page.get_by_role("button", name="Delete").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "Deleted “Get more people active”."
        )
        expect(priority_titles(domain_items(page).nth(0))).to_have_text(["Cut smoking"])
        browser_checks.axe(page, "manage page after deleting a priority")
        screenshot(page, "manage-page")

        browser_checks.assert_clean()


class TestStrategyLifecycle:
    def test_officer_takes_it_to_approval_and_the_board_administrator_publishes_it(
        self,
        page,
        browser_checks,
        board,
        officer,
        board_admin,
        build_strategy,
        approval_decision,
        consultation_decision,
        sign_in,
        sign_out,
        hx,
        screenshot,
    ):
        from core.models import Document
        from core.tasks import render_document

        strategy = build_strategy(
            board=board,
            by=officer,
            title=TITLE,
            start_year=2026,
            end_year=2031,
            vision="A healthier Thurrock for everyone.",
            domains=[
                ("Staying well", ["Cut smoking", "Get more people active"]),
                ("Opportunity for all", ["Good work for all"]),
            ],
        )

        sign_in(page, officer)
        page.get_by_role("link", name=TITLE).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        browser_checks.axe(page, "manage page, draft")
        change_status(
            page,
            browser_checks,
            to="In consultation",
            reason="The Board approved the draft for consultation.",
            decision=True,
        )
        expect(page.locator(".govuk-inset-text")).to_contain_text(
            "The text is frozen while the strategy is in consultation"
        )
        expect(page.get_by_role("button", name="Add domain")).to_have_count(0)
        change_status(page, browser_checks, to="Final draft", reason="The consultation closed on 30 April.")

        # In the final draft, officers change the text in the light of the responses.
        priority = domain_items(page).nth(0).locator(".app-priorities > li").nth(0)
        editing = page.locator(f"#{priority.get_attribute('id')}-edit")
        hx(page, lambda: priority.get_by_role("link", name="Edit Cut smoking").click())
        editing.get_by_label("Title of the priority").fill("Halve smoking in routine and manual occupations")
        hx(page, lambda: editing.get_by_role("button", name="Save Cut smoking").click())
        expect(priority_titles(domain_items(page).nth(0))).to_have_text(
            ["Halve smoking in routine and manual occupations", "Get more people active"]
        )

        # Approval needs a reason: the error summary says so, and the officer's choice is kept.
        page.get_by_role("link", name="Change status").click()
        page.get_by_role("button", name="Change status").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason for this change")
        expect(page.get_by_label("Approved", exact=True)).to_be_checked()
        browser_checks.axe(page, "change status page with an error")
        page.get_by_role("link", name="Back").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        browser_checks.axe(page, "manage page, final draft")
        change_status(
            page, browser_checks, to="Approved", reason="Approved by the Board on 9 June.", decision=True
        )
        # Only a board administrator can publish: the officer is not offered it.
        page.get_by_role("link", name="Change status").click()
        expect(page.locator("main")).to_contain_text("Only a board administrator can publish it.")
        expect(page.get_by_role("button", name="Change status")).to_have_count(0)
        browser_checks.axe(page, "change status page, publishing left to an administrator")
        sign_out(page)

        sign_in(page, board_admin)
        page.get_by_role("link", name=TITLE).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        browser_checks.axe(page, "manage page, approved, as board administrator")
        change_status(page, browser_checks, to="Published", reason="Published after the Board's approval.")
        document = page.locator(".app-document[id^=document-strategy-pdf-]")
        expect(
            document.get_by_role("link", name=re.compile(r"^Download the PDF \(\d+ KB\)$"))
        ).to_be_visible()

        # A render under way: the progress area polls (htmx, every second) until the job is done,
        # offering the version already made meanwhile.
        pdf = Document.objects.get(kind="strategy_pdf", object_id=strategy.pk)
        Document.objects.filter(pk=pdf.pk).update(
            status=Document.Status.PENDING, progress=0, stage="Waiting to start"
        )
        page.reload()
        expect(document.get_by_label("Waiting to start")).to_be_visible()
        expect(document.get_by_role("button")).to_have_count(0)
        browser_checks.axe(page, "manage page, PDF waiting to start")
        page.evaluate("() => { window.__beforePolling = true }")
        render_document(pdf.pk)  # What the worker does; the page finds out by polling.
        expect(document.get_by_label("Waiting to start")).to_have_count(0)
        link = document.get_by_role("link", name=re.compile(r"^Download the PDF \(\d+ KB\)$"))
        expect(link).to_be_visible()
        assert page.evaluate("() => window.__beforePolling") is True, "The page reloaded instead of polling"
        expect(page.locator("#status-announcer")).to_have_text("The PDF is ready.")
        browser_checks.axe(page, "manage page, PDF ready")
        screenshot(page, "manage-page-published")
        with page.expect_download() as download_info:
            link.click()
        assert Path(download_info.value.path()).read_bytes().startswith(b"%PDF-")

        # The record: status changes, a frozen revision, and what changed between two revisions.
        page.get_by_role("link", name="History of changes and revisions").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("History")
        expect(page.locator("table").first.locator("tbody tr")).to_have_count(4)
        # An added value is shaded, not underlined like a link.
        expect(page.locator(".app-changes ins").first).to_have_css("text-decoration-line", "none")
        browser_checks.axe(page, "history page")
        page.get_by_role("link", name="Revision 1: In consultation").click()
        expect(page.locator(".govuk-inset-text")).to_contain_text(
            "Revision 1, frozen when the strategy became in consultation"
        )
        expect(page.locator("main")).to_contain_text("Cut smoking")
        browser_checks.axe(page, "revision page")
        page.get_by_role("link", name="Back to history").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("History")
        browser_checks.axe(page, "history page, again")
        page.get_by_label("Compare revision").select_option("1")
        page.get_by_label("with").select_option("4")
        page.get_by_role("button", name="Compare").click()
        expect(
            page.get_by_role("heading", level=2, name="Revision 1 compared with revision 4")
        ).to_be_visible()
        changed = page.locator(".app-compare-item")
        expect(changed).to_have_count(1)
        expect(changed.get_by_role("heading", level=5)).to_contain_text("Priority 1")
        expect(changed.locator("del")).to_have_text("[removed: Cut]")
        expect(changed.locator("ins").first).to_have_text("[added: Halve]")
        browser_checks.axe(page, "compare revisions page")

        browser_checks.assert_clean()


class TestInlineEditingForKeyboardAndScreenReaderUsers:
    """What axe cannot see: where focus goes and what is announced after a swap."""

    @pytest.fixture
    def manage_page(self, page, board, officer, build_strategy, signed_in):
        strategy = build_strategy(
            board=board,
            by=officer,
            title=TITLE,
            start_year=2026,
            end_year=2031,
            domains=[("Staying well", [])],
        )
        signed_in(page, officer)
        page.goto(strategy.get_manage_url())
        return page

    def test_focus_stays_in_the_form_after_adding_a_domain_with_the_keyboard(self, manage_page, hx):
        page = manage_page
        add_form = page.locator("form.app-add-form")
        add_form.get_by_label("Title of the domain").fill("Opportunity for all")
        add_form.get_by_role("button", name="Add domain").focus()

        hx(page, lambda: page.keyboard.press("Enter"))

        expect(page.locator("#domains li.app-domain-item")).to_have_count(2)
        assert page.evaluate("() => document.activeElement !== document.body"), "Focus fell back to <body>"

    def test_a_refused_inline_add_is_announced(self, manage_page, hx):
        page = manage_page

        hx(page, lambda: page.locator("form.app-add-form").get_by_role("button", name="Add domain").click())

        expect(page.locator("form.app-add-form")).to_contain_text("Error: Enter a title for the domain")
        expect(page.locator("#status-announcer")).to_contain_text(
            "Enter a title for the domain", timeout=1_000
        )

    def test_an_optional_description_says_so_once(self, manage_page):
        label = manage_page.locator("form.app-add-form label", has_text="Description")

        expect(label).to_have_text("Description (optional)", timeout=1_000)
