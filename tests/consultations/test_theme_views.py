"""The themes page (rename, merge) and the agreement page (consultations/views/themes.py)."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from consultations import services
from consultations.models import Channel, Coding, Theme
from tests.consultations.helpers import make_response, make_responses
from tests.factories import BoardRoleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def themed(opened, officer):
    first = opened.priorities()[0]["id"]
    comments = [
        make_response(opened, channel=Channel.PAPER, comments={first: text}).comments.get()
        for text in ("More buses.", "Buses are late.", "Cheaper gyms.")
    ]
    services.comment_code(comment=comments[0], by=officer, themes=[], new_names=["Buses"])
    services.comment_code(comment=comments[1], by=officer, themes=[], new_names=["Transport", "Buses"])
    services.comment_code(comment=comments[2], by=officer, themes=[], new_names=["Leisure"])
    return {theme.name: theme for theme in opened.themes.all()}


class TestThemesPage:
    def test_lists_the_themes_with_the_comments_each_codes(self, officer_client, opened, themed):
        page = officer_client.get(reverse("consultations:themes", args=[opened.pk])).content.decode()

        assert "3 themes" in page
        for name, count in (("Buses", 2), ("Leisure", 1), ("Transport", 1)):
            theme = themed[name]
            row = page[page.index(f'id="theme-{theme.pk}"') :]
            row = row[: row.index("</tr>")]
            assert f">{name}</th>" in row and f">{count}</td>" in row
            assert reverse("consultations:theme_rename", args=[theme.pk]) in row

    def test_says_when_there_are_none(self, officer_client, opened):
        page = officer_client.get(reverse("consultations:themes", args=[opened.pk])).content.decode()

        assert "There are no themes yet" in page

    def test_is_not_for_board_members(self, board_member_client, opened):
        assert board_member_client.get(reverse("consultations:themes", args=[opened.pk])).status_code == 404


class TestThemeRename:
    def test_renames_and_goes_back_to_the_list(self, officer_client, opened, themed):
        theme = themed["Leisure"]

        response = officer_client.post(
            reverse("consultations:theme_rename", args=[theme.pk]),
            {f"theme-{theme.pk}-name": "Gyms and pools"},
        )

        assert response.status_code == 302 and response["Location"].endswith(f"#theme-{theme.pk}")
        theme.refresh_from_db()
        assert theme.name == "Gyms and pools"
        page = officer_client.get(response["Location"]).content.decode()
        assert "Renamed “Leisure” to “Gyms and pools”." in page

    def test_a_name_taken_is_refused_beside_that_themes_field_keeping_what_was_typed(
        self, officer_client, opened, themed
    ):
        theme = themed["Leisure"]

        response = officer_client.post(
            reverse("consultations:theme_rename", args=[theme.pk]), {f"theme-{theme.pk}-name": "BUSES"}
        )

        assert response.status_code == 422
        page = response.content.decode()
        assert "There is a problem" in page
        row = page[page.index(f'id="theme-{theme.pk}"') :]
        row = row[: row.index("</tr>")]
        assert "already has a theme with this name" in row and 'value="BUSES"' in row
        theme.refresh_from_db()
        assert theme.name == "Leisure"

    def test_an_empty_name_is_refused(self, officer_client, themed):
        theme = themed["Leisure"]

        response = officer_client.post(
            reverse("consultations:theme_rename", args=[theme.pk]), {f"theme-{theme.pk}-name": "  "}
        )

        assert response.status_code == 422
        assert "Enter a name for the theme" in response.content.decode()

    def test_is_not_for_another_boards_officer(self, other_officer_client, themed):
        theme = themed["Leisure"]

        response = other_officer_client.post(
            reverse("consultations:theme_rename", args=[theme.pk]), {f"theme-{theme.pk}-name": "Mine"}
        )

        assert response.status_code == 404


class TestThemeMerge:
    def test_merges_the_codes_and_deletes_the_theme(self, officer_client, opened, themed):
        buses, transport = themed["Buses"], themed["Transport"]
        url = reverse("consultations:theme_merge", args=[buses.pk])
        assert "Merge “Buses” into" in officer_client.get(url).content.decode()

        response = officer_client.post(url, {"into": transport.pk})

        assert response.status_code == 302
        assert not Theme.objects.filter(pk=buses.pk).exists()
        assert Coding.objects.filter(theme=transport).count() == 2  # One moved, one duplicate dropped.
        page = officer_client.get(response["Location"]).content.decode()
        assert "Merged “Buses” into “Transport”." in page

    @pytest.mark.parametrize("into", ["", "999999"])
    def test_a_theme_not_chosen_is_refused_beside_the_field(self, officer_client, themed, into):
        buses = themed["Buses"]

        response = officer_client.post(reverse("consultations:theme_merge", args=[buses.pk]), {"into": into})

        assert response.status_code == 422
        page = response.content.decode()
        assert 'id="id_into_error"' in page
        assert "Choose" in page
        assert Theme.objects.filter(pk=buses.pk).exists()


class TestAgreementPage:
    def test_shows_each_pair_with_kappa_and_agreement(self, officer_client, opened, themed, officer, board):
        second = BoardRoleFactory(board=board, user__username="second").user
        for comment in opened.comments.all():
            mine = [coding.theme for coding in comment.codings.filter(coder=officer).select_related("theme")]
            services.comment_code(comment=comment, by=second, themes=mine)

        page = officer_client.get(
            reverse("consultations:coding_agreement", args=[opened.pk])
        ).content.decode()

        assert escape(f"{officer.get_full_name()} and {second.get_full_name()}") in page
        assert "3 comments coded by both" in page
        assert "100% agreement" in page and "kappa <strong>1.00</strong> (almost perfect)" in page

    def test_says_when_no_comment_is_coded_twice_and_when_kappa_is_not_defined(
        self, officer_client, opened, themed
    ):
        page = officer_client.get(
            reverse("consultations:coding_agreement", args=[opened.pk])
        ).content.decode()

        assert "No comment has been coded by two officers yet." in page
        assert "not defined" in page  # The explanation.


# Query budgets -------------------------------------------------------------------------------------

SIZES = {"small": 1, "large": 6}


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def coded_twice(request, opened, officer, board):
    n = SIZES[request.param]
    others = [BoardRoleFactory(board=board, user__username=f"coder-{i}").user for i in range(n)]
    make_responses(opened, 10 * n)
    for i, comment in enumerate(opened.comments.all()):
        services.comment_code(comment=comment, by=officer, themes=[], new_names=[f"Theme {i % (3 * n)}"])
        services.comment_code(
            comment=comment, by=others[i % n], themes=[], new_names=[f"Theme {i % (2 * n)}"]
        )
    return opened


class TestBudgets:
    # The session and user, the user's roles (2), the consultation, then the page's own queries.
    def test_the_agreement_page(self, officer_client, coded_twice, django_assert_max_num_queries):
        with django_assert_max_num_queries(10):
            response = officer_client.get(reverse("consultations:coding_agreement", args=[coded_twice.pk]))

        assert response.status_code == 200 and "coded by both" in response.content.decode()

    def test_the_themes_page(self, officer_client, coded_twice, django_assert_max_num_queries):
        with django_assert_max_num_queries(7):
            response = officer_client.get(reverse("consultations:themes", args=[coded_twice.pk]))

        assert response.status_code == 200
