"""The public board pages: home, a board's page, and its brand stylesheet (boards/views.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boards.models import contrast_ratio
from strategies.models import Status
from tests.factories import BoardFactory, OrganisationFactory, StrategyFactory

pytestmark = pytest.mark.django_db


class TestHome:
    def test_lists_every_board_with_its_public_strategies_only(self, board, other_board, resident_client):
        StrategyFactory(board=board, title="Thurrock published", status=Status.PUBLISHED)
        StrategyFactory(
            board=board, title="Thurrock old", status=Status.SUPERSEDED, start_year=2016, end_year=2021
        )
        StrategyFactory(board=board, title="Thurrock draft")
        StrategyFactory(board=other_board, title="Essex approved", status=Status.APPROVED)

        page = resident_client.get(reverse("home")).content.decode()

        assert board.name in page and other_board.name in page
        assert "Thurrock published" in page
        assert "Thurrock old" in page
        assert "Thurrock draft" not in page
        assert "Essex approved" not in page
        assert page.index("Thurrock published") < page.index("Thurrock old")
        assert "This board has not published a strategy on this site yet." in page  # Essex.

    def test_promises_only_what_the_site_does(self, board, resident_client):
        page = resident_client.get(reverse("home")).content.decode()

        assert "Read their strategies" in page
        assert "delivered" not in page  # No delivery reporting yet.

    def test_officers_see_no_drafts_here_either(self, board, officer_client):
        StrategyFactory(board=board, title="Thurrock draft")

        page = officer_client.get(reverse("home")).content.decode()

        assert "Thurrock draft" not in page


class TestBoardDetail:
    def test_shows_public_strategies_partners_and_contact(self, board, resident_client):
        board.organisations.set([OrganisationFactory(name="Healthwatch Thurrock")])
        published = StrategyFactory(board=board, title="Published one", status=Status.PUBLISHED)
        StrategyFactory(board=board, title="Still a draft", status=Status.FINAL_DRAFT)

        page = resident_client.get(board.get_absolute_url()).content.decode()

        assert published.get_absolute_url() in page
        assert "Still a draft" not in page
        assert "Healthwatch Thurrock" in page
        assert f'href="mailto:{board.contact_email}"' in page

    def test_board_description_is_sanitised_markdown(self, board, resident_client):
        board.description = "**Together** <script>alert(1)</script>"
        board.save()

        page = resident_client.get(board.get_absolute_url()).content.decode()

        assert "<strong>Together</strong>" in page
        assert "<script>alert(1)" not in page

    def test_unknown_board_is_404(self, resident_client):
        assert resident_client.get(reverse("boards:detail", args=["nowhere"])).status_code == 404

    def test_uses_the_boards_own_stylesheet(self, board, resident_client):
        page = resident_client.get(board.get_absolute_url()).content.decode()

        assert reverse("boards:brand_css", args=[board.slug]) in page


class TestBrandCss:
    def test_serves_the_colour_with_white_text(self, resident_client):
        board = BoardFactory(colour="#005a66")

        response = resident_client.get(reverse("boards:brand_css", args=[board.slug]))

        assert response.status_code == 200
        assert response["Content-Type"] == "text/css"
        assert "#005a66" in response.content.decode()
        assert "#ffffff" in response.content.decode()
        assert response["ETag"] == '"#005a66"'
        assert "max-age=3600" in response["Cache-Control"]

    def test_not_modified_while_the_colour_is_the_same(self, resident_client):
        board = BoardFactory(colour="#005a66")
        url = reverse("boards:brand_css", args=[board.slug])

        response = resident_client.get(url, headers={"If-None-Match": '"#005a66"'})

        assert response.status_code == 304

    def test_a_new_colour_is_a_new_stylesheet(self, resident_client):
        board = BoardFactory(colour="#005a66")
        url = reverse("boards:brand_css", args=[board.slug])
        board.colour = "#1d70b8"
        board.save()

        response = resident_client.get(url, headers={"If-None-Match": '"#005a66"'})

        assert response.status_code == 200
        assert "#1d70b8" in response.content.decode()

    def test_unknown_board_is_404(self, resident_client):
        assert resident_client.get(reverse("boards:brand_css", args=["nowhere"])).status_code == 404


class TestBoardColour:
    def test_contrast_of_black_on_white_is_21(self):
        assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)

    def test_refuses_a_colour_white_text_cannot_be_read_on(self):
        board = BoardFactory.build(colour="#ffdd00")

        with pytest.raises(ValidationError) as raised:
            board.full_clean()

        assert "it needs at least 4.5:1" in raised.value.message_dict["colour"][0]

    def test_accepts_a_dark_colour(self):
        BoardFactory.build(colour="#0b0c0c").full_clean()


class TestBoardMembers:
    def test_lists_current_members_chair_first_and_not_former_ones(self, board, resident_client):
        import datetime

        from django.utils import timezone

        from tests.factories import MembershipFactory

        today = timezone.localdate()
        MembershipFactory(board=board, user=None, name="Alex Voting", role="voting")
        MembershipFactory(board=board, user=None, name="Bea Vice", role="vice_chair")
        MembershipFactory(board=board, user=None, name="Cal Chair", role="chair")
        MembershipFactory(
            board=board,
            user=None,
            name="Dee Former",
            role="voting",
            starts_on=today - datetime.timedelta(days=900),
            ends_on=today - datetime.timedelta(days=1),
        )

        page = resident_client.get(board.get_absolute_url()).text

        assert page.index("Cal Chair") < page.index("Bea Vice") < page.index("Alex Voting")
        assert "Dee Former" not in page
