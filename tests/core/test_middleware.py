"""
What htmx requests get back when the answer is not the fragment they asked for (core/middleware.py).

The views below stand in for any app's: they are served by this module's own URLconf, which also
includes the portal's, so that the sign-in page and login_required behave as they do in the portal.
"""

import html

import pytest
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path, reverse

from tests.factories import StrategyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

PAGE = "http://testserver/manage/strategies/7/"


def hx(current_url: str = PAGE) -> dict:
    return {"HX-Request": "true", "HX-Current-URL": current_url}


def fragment(request):
    return HttpResponse('<div id="thing">The fragment</div>')


urlpatterns = [
    path("test/fragment/", login_required(fragment)),
    path("", include("config.urls")),
]


def text(response) -> str:
    return html.unescape(response.content.decode())


class TestHtmxSignIn:
    def test_an_ended_session_sends_the_whole_window_to_sign_in_and_back(self, resident_client):
        response = resident_client.get("/test/fragment/", headers=hx())

        assert response.status_code == 200
        assert response["HX-Redirect"] == f"{reverse('login')}?next=/manage/strategies/7/"
        assert response.content == b""

    def test_a_post_comes_back_to_the_page_not_to_the_endpoint(self, board, resident_client):
        strategy = StrategyFactory(board=board)
        url = reverse("strategies:domains_reorder", args=[strategy.pk])

        response = resident_client.post(url, {"seen": "1,2", "move": "1:down"}, headers=hx(PAGE + "?tab=2"))

        assert response["HX-Redirect"] == f"{reverse('login')}?next=/manage/strategies/7/%3Ftab%3D2"
        assert "Sign in" not in text(response)

    def test_a_page_on_another_site_is_not_a_place_to_come_back_to(self, resident_client):
        response = resident_client.get("/test/fragment/", headers=hx("https://elsewhere.example/manage/"))

        assert response["HX-Redirect"] == reverse("login")

    def test_without_htmx_the_usual_redirect_is_left_alone(self, resident_client):
        response = resident_client.get("/test/fragment/")

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next=/test/fragment/"

    def test_a_signed_in_user_gets_the_fragment(self, officer_client):
        response = officer_client.get("/test/fragment/", headers=hx())

        assert response.status_code == 200
        assert "HX-Redirect" not in response
        assert text(response) == '<div id="thing">The fragment</div>'
