"""
What an htmx request gets back when the answer is not the fragment it asked for, whichever app's view
answered it (docs/decisions/0009-htmx-outcomes.md).

HtmxSignInMiddleware       a redirect to the sign-in page (the session ended in another tab) becomes a
                           redirect of the whole window, back to the page the user was on once signed in;
                           never the sign-in page swapped into a fragment.

It sits inside django-htmx's HtmxMiddleware (it reads `request.htmx`).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class HtmxSignInMiddleware:
    """
    An htmx request that needs a sign-in (login_required answered with a redirect to the sign-in page)
    gets an HX-Redirect to the sign-in page, with `next` = the page the user is on (HX-Current-URL,
    same origin, path only). The fragment's own address would be no use as `next`: it is often a POST
    endpoint, or a piece of a page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "htmx", False) and self._is_sign_in_redirect(request, response):
            return HttpResponseClientRedirect(self._sign_in_url(request))
        return response

    @staticmethod
    def _is_sign_in_redirect(request: HttpRequest, response: HttpResponse) -> bool:
        if response.status_code not in REDIRECT_STATUSES or not response.has_header("Location"):
            return False
        location = urlsplit(response["Location"])
        sign_in = urlsplit(resolve_url(settings.LOGIN_URL))
        return location.path == sign_in.path and location.netloc in ("", sign_in.netloc, request.get_host())

    @staticmethod
    def _sign_in_url(request: HttpRequest) -> str:
        url = resolve_url(settings.LOGIN_URL)
        here = request.htmx.current_url_abs_path  # None unless the same scheme and host.
        if here and url_has_allowed_host_and_scheme(
            here, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            query = QueryDict(mutable=True)
            query[REDIRECT_FIELD_NAME] = here
            url = f"{url}?{query.urlencode(safe='/')}"
        return url
