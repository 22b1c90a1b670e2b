"""
An officer's PDF panel (core's documents/_document.html on the strategy workspace) in each of its
states, with and without JavaScript: a new version, the earlier ones, a failure, a job gone stale.
"""

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_version_possible(strategy) -> None:
    """The board's colour is on the PDF's cover: the next render makes a new version."""
    board = strategy.board
    board.colour = "#1d70b8"
    board.save()


class TestPdfPanel:
    def test_an_officer_makes_a_new_version_and_downloads_an_earlier_one(
        self, page, browser_checks, public_strategies, officer, signed_in, hx
    ):
        from core.models import Document

        strategy = public_strategies.current
        new_version_possible(strategy)
        signed_in(page, officer)
        page.goto(strategy.get_manage_url())
        panel = page.locator(".app-document[id^=document-strategy-pdf-]")
        expect(panel.get_by_role("heading", name="PDF for residents")).to_be_visible()
        browser_checks.axe(page, "PDF panel, version 1")

        hx(
            page,
            lambda: panel.get_by_role("button", name="Generate the PDF again").click(),
            "PDF panel, version 2",
        )

        expect(panel).to_contain_text("(version 2)")
        expect(page.locator("#status-announcer")).to_contain_text("The PDF is ready.")
        expect(page.locator("#notifications")).to_contain_text("Generated the PDF again.")
        panel.get_by_text("Earlier versions (1)").click()
        browser_checks.axe(page, "PDF panel, earlier versions open")
        with page.expect_download() as download_info:
            panel.get_by_role("link", name=re.compile(r"^Version 1")).click()
        assert Path(download_info.value.path()).read_bytes().startswith(b"%PDF-")
        assert Document.objects.get(kind="strategy_pdf", object_id=strategy.pk).versions.count() == 2
        browser_checks.assert_clean()

    def test_a_failed_or_stale_job_offers_to_try_again(
        self, page, browser_checks, public_strategies, officer, signed_in, hx
    ):
        from core.models import Document

        strategy = public_strategies.current
        job = Document.objects.filter(kind="strategy_pdf", object_id=strategy.pk)
        job.update(status=Document.Status.FAILED, error="OSError: No space left on device")
        signed_in(page, officer)
        page.goto(strategy.get_manage_url())
        panel = page.locator(".app-document[id^=document-strategy-pdf-]")
        expect(panel).to_contain_text("The PDF could not be generated")
        expect(panel.get_by_role("link", name=re.compile(r"^Download the PDF"))).to_be_visible()
        browser_checks.axe(page, "PDF panel, failed")

        job.update(
            status=Document.Status.RUNNING,
            progress=30,
            updated_at=timezone.now() - timezone.timedelta(minutes=5),
        )
        page.reload()
        expect(panel).to_contain_text("has stopped or is taking far longer than it should")
        browser_checks.axe(page, "PDF panel, stale")
        hx(page, lambda: panel.get_by_role("button", name="Try again").click(), "PDF panel, tried again")

        expect(panel.get_by_role("button", name="Generate the PDF again")).to_be_visible()
        assert job.get().status == Document.Status.READY
        browser_checks.assert_clean()

    def test_without_javascript_the_button_generates_it_again(
        self, new_page, browser_checks, public_strategies, officer, signed_in
    ):
        strategy = public_strategies.current
        new_version_possible(strategy)
        page = new_page(javascript=False)
        signed_in(page, officer)
        page.goto(strategy.get_manage_url())

        page.locator(".app-document[id^=document-strategy-pdf-]").get_by_role(
            "button", name="Generate the PDF again"
        ).click()

        expect(page.get_by_text("Generated the PDF again.")).to_be_visible()
        expect(page.locator(".app-document[id^=document-strategy-pdf-]")).to_contain_text("(version 2)")
        assert page.url.endswith(f"#document-strategy-pdf-{strategy.pk}")
        browser_checks.axe(page, "PDF panel without JavaScript, after generating again")
        browser_checks.assert_clean()
