"""The layout every page shares (templates/base.html)."""

import html

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


class TestWhoIsSignedIn:
    @pytest.mark.parametrize("url", [reverse("home"), reverse("strategies:manage_list")])
    def test_the_header_names_the_signed_in_user(self, officer, officer_client, url):
        officer.first_name, officer.last_name = "Priya", "Shah"
        officer.save()

        page = text(officer_client.get(url))

        assert 'Signed in as <strong class="app-header__user">Priya Shah</strong>' in page

    def test_a_user_without_a_name_is_named_by_their_user_name(self, client):
        client.force_login(UserFactory(username="jo.officer", first_name="", last_name=""))

        page = text(client.get(reverse("home")))

        assert 'Signed in as <strong class="app-header__user">jo.officer</strong>' in page

    def test_a_resident_is_not_signed_in(self, resident_client):
        page = text(resident_client.get(reverse("home")))

        assert "Signed in as" not in page

    def test_the_name_is_not_a_link(self, officer_client):
        page = text(officer_client.get(reverse("home")))

        account = page[page.index('<p class="app-header__account">') :]
        assert "<a" not in account[: account.index("</p>")]
