"""
The progress report's PDF (delivery/documents.py): what its source shows, a content hash that moves with
what it shows and not with the calendar, who may ask for it and download it, its offer as an agenda paper,
its panel on the officers' pages, and one real PDF made by the document job, tagged and looked at.
"""

import datetime
import html
import re
from unittest import mock

import pikepdf
import pytest
from django.urls import reverse
from django.utils import timezone

import delivery.documents
from boards.forms.agenda import PaperForm
from boards.services import papers
from core.documents import board_documents, document_render, document_request, find, rendering
from core.models import Document
from delivery import imports
from delivery.documents import REPORT_KIND, build_progress_report
from delivery.models import ActionStatus, ActionUpdate, DataPoint
from strategies.models import Status
from tests.boards.agenda_helpers import add_items, ready_document, scheduled_meeting
from tests.core.documents.helpers import pdfinfo_fields, words
from tests.delivery.test_dashboard import FALLING, smoking, years
from tests.delivery.test_fingertips import csv_file
from tests.factories import (
    ActionFactory,
    AgendaItemFactory,
    AgendaPublicationFactory,
    ConsultationFactory,
    DomainFactory,
    MeetingFactory,
    OrganisationFactory,
    PaperFactory,
    PriorityFactory,
)
from tests.strategies.helpers import pdf_bytes

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture
def council(board):
    organisation = OrganisationFactory(name="Thurrock Council")
    board.organisations.add(organisation)
    return organisation


@pytest.fixture
def strategy(board, officer, council):
    """
    Thurrock's published strategy: two domains, three actions (one at risk, one overdue, one complete, each
    with an update) and two indicators, one with five years of data for Thurrock, its region and England.
    """
    board.area_code = "E06000034"
    board.save()
    smokers = PriorityFactory(
        domain__strategy__board=board,
        domain__strategy__status=Status.PUBLISHED,
        domain__title="Staying healthier for longer",
        title="Fewer people smoking",
    )
    strategy = smokers.domain.strategy
    carers = PriorityFactory(
        domain=DomainFactory(strategy=strategy, title="Person-led health and care"), title="Unpaid carers"
    )
    at_risk = ActionFactory(
        priority=smokers,
        title="Stop smoking service in every network",
        lead_organisation=council,
        lead_officer="Dr Priya Nair",
        due_on=TODAY + datetime.timedelta(days=60),
        status=ActionStatus.AT_RISK,
    )
    overdue = ActionFactory(
        priority=smokers,
        title="Smoke-free pregnancy pathway",
        lead_organisation=council,
        due_on=TODAY - datetime.timedelta(days=3),
        status=ActionStatus.ON_TRACK,
    )
    complete = ActionFactory(
        priority=carers, title="Carers' cafés", lead_organisation=council, status=ActionStatus.COMPLETE
    )
    for action, narrative in (
        (at_risk, "Two adviser posts vacant since July; recruiting."),
        (overdue, "Screening at every booking appointment."),
        (complete, "Four cafés open."),
    ):
        ActionUpdate.objects.create(
            action=action,
            from_status=ActionStatus.NOT_STARTED,
            to_status=action.status,
            narrative=narrative,
            at=timezone.now() - datetime.timedelta(days=30),
            by=officer,
        )
    smoking(strategy, officer, target_value=10.0).priorities.add(smokers)
    smoking(strategy, officer, title="Adults caring for someone", fingertips_id=90638)
    imports.indicators_import(strategy=strategy, by=officer, handle=csv_file(*years(2018, FALLING)))
    return strategy


def stub_pdf(html, *, on_laid_out=None):
    """WeasyPrint stubbed out: a blank page, for the tests about versions rather than the file."""
    if on_laid_out:
        on_laid_out(1)
    return pdf_bytes()


@pytest.fixture
def on_day(monkeypatch):
    """The report's "today" (delivery.documents.today), moved to the given day."""

    def move(day: datetime.date) -> None:
        monkeypatch.setattr(delivery.documents, "today", lambda: day)

    return move


class TestSource:
    def test_shows_the_plan_the_judgements_and_a_chart_with_data_per_indicator(self, strategy):
        source = build_progress_report(strategy.pk)

        markup = source.parts[0].html
        page = text(markup)
        assert source.filename.endswith(f"-progress-report-{TODAY:%Y-%m-%d}.pdf")
        assert f"Progress report {strategy.title} As at {TODAY:%-d %B %Y}" in page
        assert "33% complete 1 of 3 actions" in page
        assert "33% at risk or off track 1 of 3 actions" in page and "1 overdue" in page
        assert "Stop smoking service in every network Thurrock Council Dr Priya Nair" in page
        assert "Two adviser posts vacant since July; recruiting." in page
        assert "Staying healthier for longer" in page and "Fewer people smoking" in page
        # The summary counts the judgements: the smoking indicator is similar to England and off target.
        assert "Compared with England Judgement Indicators Better 0 Similar 1 Worse 0 Not compared 1" in page
        assert "Target met 0 On target 0 Off target 1 No target 1" in page
        # Attention: the overdue action and the one at risk, not the completed one.
        attention = text(markup.split('id="attention"')[1].split('id="plan"')[0])
        assert "Smoke-free pregnancy pathway" in attention and "Stop smoking service" in attention
        assert "Carers' cafés" not in attention
        # One vector chart per indicator with data, with its summary and its table of every figure.
        charts = re.findall(r'<svg class="app-indicator-chart__svg"[^>]*>', markup)
        assert len(charts) == 1 and 'aria-labelledby="indicator-chart-' in charts[0]
        assert "2022/23 13.0% 12.0% to 14.0%" in page
        assert "Adults caring for someone" in page and "No data for Thurrock yet." in page

    def test_none_for_a_strategy_that_is_gone(self):
        assert build_progress_report(987654) is None

    def test_the_same_hash_with_no_change(self, strategy):
        first = build_progress_report(strategy.pk).content_hash()

        assert build_progress_report(strategy.pk).content_hash() == first

    def test_a_new_update_changes_the_hash(self, strategy, officer):
        before = build_progress_report(strategy.pk).content_hash()
        action = strategy.domains.first().priorities.first().actions.first()

        ActionUpdate.objects.create(
            action=action,
            from_status=action.status,
            to_status=action.status,
            narrative="Posts filled.",
            by=officer,
        )

        assert build_progress_report(strategy.pk).content_hash() != before

    def test_a_new_data_point_changes_the_hash(self, strategy):
        before = build_progress_report(strategy.pk).content_hash()
        indicator = strategy.indicators.get(title="Adults caring for someone")

        DataPoint.objects.create(
            indicator=indicator,
            area_code="E06000034",
            area_name="Thurrock",
            period="2022/23",
            period_sort=20220000,
            value=9.1,
            lower=8.0,
            upper=10.2,
        )

        after = build_progress_report(strategy.pk)
        assert after.content_hash() != before
        assert len(re.findall(r'<svg class="app-indicator-chart__svg"', after.parts[0].html)) == 2

    def test_reads_the_same_few_queries_however_large_the_plan(
        self, strategy, officer, council, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(20) as small:
            build_progress_report(strategy.pk)
        for number in range(9):
            priority = PriorityFactory(domain=DomainFactory(strategy=strategy))
            for action in ActionFactory.create_batch(3, priority=priority, lead_organisation=council):
                ActionUpdate.objects.create(
                    action=action, from_status="not_started", to_status="on_track", by=officer
                )
            smoking(
                strategy, officer, fingertips_id=1000 + number, title=f"Indicator {number}"
            ).priorities.add(priority)

        with django_assert_max_num_queries(20) as large:
            build_progress_report(strategy.pk)

        assert len(large.captured_queries) == len(small.captured_queries)


class TestAsAt:
    """The date printed is the first day on which everything in the report was true (module docstring)."""

    def request(self, strategy, officer, capture):
        with mock.patch.object(rendering, "html_to_pdf", side_effect=stub_pdf), capture(execute=True):
            document_request(kind=REPORT_KIND, object_id=strategy.pk, by=officer)
        return find(REPORT_KIND, strategy.pk)

    def test_asked_for_again_days_later_with_nothing_changed_it_stays_the_same_version(
        self, strategy, officer, on_day, django_capture_on_commit_callbacks
    ):
        on_day(TODAY)
        first = self.request(strategy, officer, django_capture_on_commit_callbacks).current

        on_day(TODAY + datetime.timedelta(days=20))
        again = self.request(strategy, officer, django_capture_on_commit_callbacks)

        assert again.current == first and again.versions.count() == 1
        assert again.stage == Document.UNCHANGED
        assert first.filename.endswith(f"-{TODAY:%Y-%m-%d}.pdf")

    def test_an_action_falling_overdue_is_a_new_version_as_at_that_day(
        self, strategy, officer, on_day, django_capture_on_commit_callbacks
    ):
        on_day(TODAY)
        self.request(strategy, officer, django_capture_on_commit_callbacks)
        later = TODAY + datetime.timedelta(days=61)  # The action at risk, due in 60 days, is overdue.

        on_day(later)
        document = self.request(strategy, officer, django_capture_on_commit_callbacks)

        assert document.versions.count() == 2
        assert document.current.filename.endswith(f"-{later:%Y-%m-%d}.pdf")
        summary = text(build_progress_report(strategy.pk, on=later).parts[0].html)
        assert "2 overdue" in summary and f"As at {later:%-d %B %Y}" in summary

    def test_a_change_in_the_data_is_a_new_version_as_at_the_day_it_is_generated(
        self, strategy, officer, on_day, django_capture_on_commit_callbacks
    ):
        on_day(TODAY)
        self.request(strategy, officer, django_capture_on_commit_callbacks)
        action = strategy.domains.first().priorities.first().actions.first()
        ActionUpdate.objects.create(
            action=action,
            from_status=action.status,
            to_status=action.status,
            narrative="Posts filled.",
            by=officer,
        )
        later = TODAY + datetime.timedelta(days=5)

        on_day(later)
        document = self.request(strategy, officer, django_capture_on_commit_callbacks)

        assert document.versions.count() == 2
        assert document.current.filename.endswith(f"-{later:%Y-%m-%d}.pdf")


def panel_url(strategy) -> str:
    return reverse("core:document", args=[REPORT_KIND, strategy.pk])


def download_url(strategy) -> str:
    return reverse("core:document_download", args=[REPORT_KIND, strategy.pk])


class TestWhoHasIt:
    def test_the_boards_officers_ask_for_it(
        self, strategy, officer_client, django_capture_on_commit_callbacks
    ):
        with mock.patch.object(rendering, "html_to_pdf", side_effect=stub_pdf):
            with django_capture_on_commit_callbacks(execute=True):
                response = officer_client.post(panel_url(strategy))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("delivery:dashboard_manage", args=[strategy.pk]))
        assert find(REPORT_KIND, strategy.pk).current is not None

    @pytest.mark.parametrize(
        ("who", "status"),
        [
            ("board_member_client", 404),
            ("other_officer_client", 404),
            ("resident_client", 302),
        ],  # To sign in.
    )
    def test_nobody_else_asks_for_it(self, who, status, request, strategy):
        response = request.getfixturevalue(who).post(panel_url(strategy))

        assert response.status_code == status
        assert find(REPORT_KIND, strategy.pk) is None

    @pytest.mark.parametrize(
        ("who", "status"),
        [
            ("officer_client", 200),
            ("board_member_client", 200),
            ("site_admin_client", 200),
            ("other_officer_client", 404),
            ("resident_client", 404),
            ("client", 404),
        ],
    )
    def test_the_boards_members_and_officers_download_it_and_nobody_else(
        self, who, status, request, strategy
    ):
        ready_document(REPORT_KIND, strategy.pk)

        response = request.getfixturevalue(who).get(download_url(strategy))

        assert response.status_code == status
        if status == 200:
            assert response["Cache-Control"] == "private, no-cache"

    def test_a_draft_strategys_report_is_its_boards_too(self, strategy, board_member_client):
        strategy.status = Status.DRAFT
        strategy.save()
        ready_document(REPORT_KIND, strategy.pk)

        assert board_member_client.get(download_url(strategy)).status_code == 200

    def test_members_see_earlier_versions(self, strategy, board_member_client, other_officer_client):
        document = ready_document(REPORT_KIND, strategy.pk)
        url = reverse("core:document_version", args=[REPORT_KIND, strategy.pk, document.current.number])

        assert board_member_client.get(url).status_code == 200
        assert other_officer_client.get(url).status_code == 404


class TestPanels:
    @pytest.mark.parametrize("page", ["delivery:dashboard_manage", "delivery:plan_manage"])
    def test_officers_generate_and_download_it_from_the_dashboard_and_the_plan(
        self, page, strategy, officer_client
    ):
        ready_document(REPORT_KIND, strategy.pk)

        body = officer_client.get(reverse(page, args=[strategy.pk])).content.decode()

        assert f'id="document-delivery-progress-report-{strategy.pk}"' in body
        assert download_url(strategy) in body
        assert "Generate the progress report again" in body
        assert "added to a meeting's agenda" in body

    def test_members_download_it_without_the_button(self, strategy, board_member_client):
        ready_document(REPORT_KIND, strategy.pk)

        body = board_member_client.get(
            reverse("delivery:dashboard_manage", args=[strategy.pk])
        ).content.decode()

        assert download_url(strategy) in body
        assert "Generate the progress report" not in body

    def test_not_on_the_public_pages(self, strategy, client):
        ready_document(REPORT_KIND, strategy.pk)

        for url in (
            reverse("delivery:dashboard", args=[strategy.board.slug, strategy.slug]),
            reverse("delivery:plan", args=[strategy.board.slug, strategy.slug]),
        ):
            body = client.get(url).content.decode()
            assert "progress report" not in body.lower() and download_url(strategy) not in body


class TestAsAPaper:
    def test_offered_to_the_boards_agenda_once_generated(self, strategy, board, officer, other_board):
        [item] = add_items(scheduled_meeting(board), officer, "Progress on the strategy")
        assert not PaperForm(item=item).offered  # Never generated: nothing to include.
        document = ready_document(REPORT_KIND, strategy.pk)

        form = PaperForm(item=item)
        paper = papers.paper_add(item=item, by=officer, document=document)

        assert (document.pk, f"{strategy.title}: Progress report PDF") in form.fields["document"].choices
        assert paper.document == document and paper.title == f"{strategy.title}: Progress report PDF"
        assert [found.document for found in board_documents(other_board.pk)] == []

    def test_the_hooks_are_asked_once_each_with_the_report_among_them(
        self, strategy, board, django_assert_max_num_queries
    ):
        ready_document("strategy_pdf", strategy.pk)
        ready_document(REPORT_KIND, strategy.pk)
        ready_document("consultation_report_pdf", ConsultationFactory(strategy=strategy).pk)

        # The strategies (one hook for their three kinds and the report), the consultations, the documents.
        with django_assert_max_num_queries(3):
            assert len(board_documents(board.pk)) == 3

    def test_the_public_reads_it_as_the_paper_of_a_public_item(self, strategy, board, officer, client):
        meeting = MeetingFactory(board=board, starts_at=timezone.now() + datetime.timedelta(days=14))
        agenda = AgendaPublicationFactory(meeting=meeting)
        public = AgendaItemFactory(meeting=meeting, number=1, title="Progress", publication=agenda)
        exempt = AgendaItemFactory(
            meeting=meeting, number=2, title="Exempt", publication=agenda, exempt_paragraph=3
        )
        document = ready_document(REPORT_KIND, strategy.pk)
        shown, withheld = (
            PaperFactory(item=item, file=None, document=document, created_by=officer)
            for item in (public, exempt)
        )

        def paper(each):
            return client.get(reverse("boards:paper", args=[board.slug, meeting.pk, each.pk]))

        assert paper(shown).status_code == 200
        assert paper(withheld).status_code == 404
        assert client.get(download_url(strategy)).status_code == 404  # Not public by itself.


class TestPdf:
    def test_the_document_job_makes_a_tagged_pdf_with_the_indicators(
        self, strategy, officer, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            document_request(kind=REPORT_KIND, object_id=strategy.pk, by=officer)

        document = find(REPORT_KIND, strategy.pk)
        assert document.status == Document.Status.READY, document.error
        path = document.current.file.path
        with pikepdf.open(path) as pdf:
            assert "/StructTreeRoot" in pdf.Root
            assert pdf.Root.MarkInfo.Marked
            assert str(pdf.Root.Lang) == "en-GB"
        assert pdfinfo_fields(path)["Page size"].startswith("595.")  # A4 (595 x 842 points).
        found = words(path)
        assert "Smoking prevalence in adults" in found
        assert "Actions that need attention" in found and "Fewer people smoking" in found
        assert "2022/23" in found  # The chart's own text, drawn as vector text, and its table.
        assert document.current.parts[0]["tagged"] is True

    def test_renders_again_only_when_something_changed(self, strategy, officer):
        document = Document.objects.create(kind=REPORT_KIND, object_id=strategy.pk)
        with mock.patch.object(rendering, "html_to_pdf", side_effect=stub_pdf) as renderer:
            document_render(document.pk)
            document_render(document.pk)

        assert renderer.call_count == 1
        assert document.versions.count() == 1
