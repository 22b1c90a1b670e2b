"""
What htmx requests get back when the answer is not the fragment they asked for (core/middleware.py).

The views below stand in for any app's: they are served by this module's own URLconf, which also
includes the portal's, so that the sign-in page and login_required behave as they do in the portal.
"""

import html

import pytest
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.test import Client
from django.urls import include, path, reverse
from django_htmx.http import HttpResponseClientRedirect, retarget

from core.middleware import ERROR_NOTICES, SERVER_ERROR_NOTICE
from tests.factories import StrategyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

PAGE = "http://testserver/manage/strategies/7/"


def hx(current_url: str = PAGE) -> dict:
    return {"HX-Request": "true", "HX-Current-URL": current_url}


def fragment(request):
    return HttpResponse('<div id="thing">The fragment</div>')


def fragment_with_message(request):
    messages.success(request, "Saved “Staying well”.")
    return HttpResponse('<div id="thing">The fragment</div>')


def whole_page_with_message(request):
    messages.success(request, "Saved “Staying well”.")
    return render(request, "403.html")


def redirect_with_message(request):
    messages.success(request, "Published.")
    return HttpResponseClientRedirect("/manage/")


def missing(request):
    raise Http404("No Domain matches the given query.")


def refused(request):
    raise PermissionDenied("Only a board administrator can publish a strategy.")


def refused_without_words(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("A bug.")


def conflict_shown_by_the_view(request):
    return retarget(HttpResponse('<p id="conflict">Someone else saved first.</p>', status=409), "#conflict")


urlpatterns = [
    path("test/fragment/", login_required(fragment)),
    path("test/fragment-with-message/", fragment_with_message),
    path("test/whole-page-with-message/", whole_page_with_message),
    path("test/redirect-with-message/", redirect_with_message),
    path("test/missing/", missing),
    path("test/refused/", refused),
    path("test/refused-without-words/", refused_without_words),
    path("test/broken/", broken),
    path("test/conflict/", conflict_shown_by_the_view),
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


class TestHtmxPendingMessages:
    def test_come_with_the_fragment_as_an_out_of_band_banner(self, officer_client):
        response = officer_client.get("/test/fragment-with-message/", headers=hx())

        page = text(response)
        assert page.startswith('<div id="thing">The fragment</div>')
        assert '<div id="notifications" hx-swap-oob="innerHTML">' in page
        assert "govuk-notification-banner--success" in page
        assert 'data-announce="Saved “Staying well”."' in page
        # Arriving in the middle of the user's work, the banner must not take the focus (role="alert").
        assert 'role="region"' in page and 'role="alert"' not in page

    def test_an_action_without_its_own_message_clears_the_banners_of_the_one_before(self, officer_client):
        """A green "Added" must not stand above a later refusal shown inline."""
        response = officer_client.post("/test/fragment/", headers=hx())

        page = text(response)
        assert page.startswith('<div id="thing">The fragment</div>')
        assert '<div id="notifications" hx-swap-oob="innerHTML">' in page
        assert "govuk-notification-banner" not in page

    def test_polling_leaves_the_banners_alone(self, officer_client):
        response = officer_client.get("/test/fragment/", headers=hx())

        assert "notifications" not in text(response)

    def test_are_shown_once(self, officer_client):
        officer_client.get("/test/fragment-with-message/", headers=hx())

        page = text(officer_client.get(reverse("home")))

        assert "Saved “Staying well”." not in page

    def test_wait_for_the_next_page_when_the_window_is_redirected(self, officer_client):
        response = officer_client.get("/test/redirect-with-message/", headers=hx())

        assert "notifications" not in text(response)
        assert "Published." in text(officer_client.get(reverse("home")))

    def test_a_whole_page_answering_htmx_shows_them_once_in_its_layout(self, officer_client):
        page = text(officer_client.get("/test/whole-page-with-message/", headers=hx()))

        assert page.count("Saved “Staying well”.") == 1
        assert "hx-swap-oob" not in page

    def test_without_htmx_they_wait_for_the_next_page(self, officer_client):
        response = officer_client.get("/test/fragment-with-message/")

        assert "Saved" not in text(response)
        assert "Saved “Staying well”." in text(officer_client.get(reverse("home")))


class TestHtmxErrors:
    def test_a_missing_item_is_a_banner_in_the_notification_region(self, officer_client):
        response = officer_client.get("/test/missing/", headers=hx())

        page = text(response)
        assert response.status_code == 404
        assert response["HX-Retarget"] == "#notifications"
        assert response["HX-Reswap"] == "innerHTML"
        assert ERROR_NOTICES[404] in page
        assert "That item no longer exists: it may have been deleted in another tab. Reload the page." in page
        assert "There is a problem" in page
        assert "<html" not in page and "Page not found" not in page

    def test_a_refusal_says_why_in_the_services_words(self, officer_client):
        response = officer_client.get("/test/refused/", headers=hx())

        assert response.status_code == 403
        assert "Only a board administrator can publish a strategy." in text(response)

    def test_a_refusal_without_words_gets_the_general_one(self, officer_client):
        response = officer_client.get("/test/refused-without-words/", headers=hx())

        assert ERROR_NOTICES[403] in text(response)

    def test_a_server_error_says_the_change_may_not_be_saved(self, officer):
        client = Client(raise_request_exception=False)
        client.force_login(officer)

        response = client.post("/test/broken/", headers=hx())

        assert response.status_code == 500
        assert response["HX-Retarget"] == "#notifications"
        assert SERVER_ERROR_NOTICE in text(response)

    def test_a_stale_csrf_token_is_a_banner_too(self, officer):
        client = Client(enforce_csrf_checks=True)
        client.force_login(officer)

        response = client.post("/test/fragment-with-message/", headers=hx())

        assert response.status_code == 403
        assert response["HX-Retarget"] == "#notifications"
        assert "reload the page" in text(response)

    def test_an_error_the_view_shows_itself_is_left_alone(self, officer_client):
        response = officer_client.get("/test/conflict/", headers=hx())

        assert response.status_code == 409
        assert response["HX-Retarget"] == "#conflict"
        assert text(response) == '<p id="conflict">Someone else saved first.</p>'

    def test_without_htmx_the_error_page_is_left_alone(self, officer_client):
        response = officer_client.get("/test/missing/")

        assert response.status_code == 404
        assert "Page not found" in text(response)
        assert "HX-Retarget" not in response
