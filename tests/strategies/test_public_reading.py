"""
Who reads which text on the public strategy page (strategies/views/public.py), with the lifecycle:
published and superseded strategies and drafts for consultation are for everyone, read from the
revision frozen when they got there; drafts, final drafts and approved strategies only for the
board's own people. Issue 5: "an in consultation strategy answers 404 to residents".
"""

import html

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from strategies.models import Domain, Priority, Status, Strategy
from tests.factories import StrategyFactory
from tests.strategies.helpers import move_to

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def consulted(strategy, officer):
    return move_to(strategy, Status.IN_CONSULTATION, by=officer)


class TestDraftForConsultation:
    def test_anyone_reads_it_marked_as_a_draft_for_consultation(self, consulted, resident_client):
        response = resident_client.get(consulted.get_absolute_url())

        page = text(response)
        sent = consulted.revisions.get(status=Status.IN_CONSULTATION).created_at
        assert response.status_code == 200
        assert "Draft for consultation. This is not the board's final strategy: it may change." in page
        assert "is asking residents, partner organisations and anyone with an interest" in page
        assert (
            "This is the draft as it was sent out for consultation on "
            f"{dateformat.format(timezone.localtime(sent), 'j F Y')}." in page
        )
        assert "<strong>longer, healthier</strong>" in page
        assert "Domain 2, priority 2" in page
        assert "not a published strategy" not in page

    def test_the_text_is_the_one_sent_out_never_a_later_change(self, consulted, resident_client):
        # The text is frozen while in consultation; a change by any other route must still not show.
        Domain.objects.filter(strategy=consulted, position=1).update(title="Changed behind the Board's back")
        Priority.objects.filter(domain__strategy=consulted).update(title="A priority nobody consulted on")
        Strategy.objects.filter(pk=consulted.pk).update(vision="A vision nobody consulted on")

        page = text(resident_client.get(consulted.get_absolute_url()))

        assert "Domain 1" in page
        assert "Changed behind the Board's back" not in page
        assert "A priority nobody consulted on" not in page
        assert "A vision nobody consulted on" not in page

    def test_board_members_read_the_same_frozen_text(self, consulted, board_member_client):
        Domain.objects.filter(strategy=consulted, position=1).update(title="Changed behind the Board's back")

        page = text(board_member_client.get(consulted.get_absolute_url()))

        assert "Draft for consultation." in page
        assert "Changed behind the Board's back" not in page

    def test_anonymous_visitors_share_one_cached_page(
        self, consulted, resident_client, django_assert_num_queries
    ):
        first = resident_client.get(consulted.get_absolute_url())

        with django_assert_num_queries(0):
            second = resident_client.get(consulted.get_absolute_url())

        assert "public" in first["Cache-Control"]
        assert second.content == first.content

    def test_a_signed_in_reader_gets_a_page_of_their_own(self, consulted, officer_client):
        response = officer_client.get(consulted.get_absolute_url())

        assert "private" in response["Cache-Control"]
        assert "Manage this strategy" in text(response)

    def test_once_the_consultation_closes_residents_get_404_again(
        self, consulted, officer, resident_client, django_capture_on_commit_callbacks
    ):
        assert resident_client.get(consulted.get_absolute_url()).status_code == 200  # Now cached.

        with django_capture_on_commit_callbacks(execute=True):
            move_to(consulted, Status.FINAL_DRAFT, by=officer)

        assert resident_client.get(consulted.get_absolute_url()).status_code == 404

    def test_has_no_pdf(self, consulted, resident_client):
        page = text(resident_client.get(consulted.get_absolute_url()))
        pdf = resident_client.get(reverse("core:document_download", args=["strategy_pdf", consulted.pk]))

        assert "(PDF" not in page
        assert pdf.status_code == 404


class TestOtherUnpublishedStatuses:
    @pytest.mark.parametrize("status", [Status.DRAFT, Status.FINAL_DRAFT, Status.APPROVED])
    def test_stay_404_to_residents(self, strategy, officer, board_admin, status, resident_client):
        move_to(strategy, status, by=board_admin)

        assert resident_client.get(strategy.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize(
        "status, words",
        [
            (Status.DRAFT, "This is a draft, not a published strategy."),
            (Status.FINAL_DRAFT, "This is a final draft, not a published strategy."),
            (Status.APPROVED, "This strategy has been approved, but not yet published."),
        ],
    )
    def test_the_boards_people_are_told_what_it_is_in_plain_words(
        self, strategy, board_admin, status, words, board_member_client
    ):
        move_to(strategy, status, by=board_admin)

        page = text(board_member_client.get(strategy.get_absolute_url()))

        assert words in page
        assert "This is a approved" not in page and "This is a in consultation" not in page


class TestListings:
    def test_home_and_board_pages_list_it_as_a_draft_for_consultation(
        self, board, consulted, resident_client
    ):
        StrategyFactory(board=board, title="Still a draft", slug="still-a-draft")

        for url in (reverse("home"), board.get_absolute_url()):
            page = text(resident_client.get(url))

            assert consulted.get_absolute_url() in page
            assert "Draft for consultation</strong>" in page
            assert "Still a draft" not in page

    def test_the_published_strategy_comes_first_then_the_consultation_then_the_replaced(
        self, board, consulted, resident_client
    ):
        StrategyFactory(board=board, title="Strategy 2010 to 2015", status=Status.SUPERSEDED, slug="old")
        StrategyFactory(board=board, title="Strategy 2016 to 2021", status=Status.PUBLISHED, slug="current")

        page = text(resident_client.get(board.get_absolute_url()))

        assert page.index("Strategy 2016 to 2021") < page.index(consulted.title) < page.index("Strategy 2010")


class TestManagePage:
    def test_says_that_anyone_can_read_the_draft_for_consultation(self, consulted, officer_client):
        page = text(officer_client.get(consulted.get_manage_url()))

        assert "Read the strategy as residents see it" in page
        assert "Anyone can read the draft as it was sent out for consultation." in page
