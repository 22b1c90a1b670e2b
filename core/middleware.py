"""
What an htmx request gets back when the answer is not the fragment it asked for, whichever app's view
answered it (docs/decisions/0009-htmx-outcomes.md).

HtmxSignInMiddleware       a redirect to the sign-in page (the session ended in another tab) becomes a
                           redirect of the whole window, back to the page the user was on once signed in;
                           never the sign-in page swapped into a fragment.
HtmxNotificationsMiddleware  pending messages come with the fragment, swapped out of band into the page's
                           notification region (#notifications in base.html); an error response (403,
                           404, 500...) becomes a notification banner in that region, so that a refused
                           action is seen, not only announced.

Both sit inside django-htmx's HtmxMiddleware (they read `request.htmx`) and inside MessageMiddleware
(which stores what is still pending after them).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

NOTIFICATIONS_ID = "notifications"
NOTIFICATIONS_TEMPLATE = "_notifications.html"

# What the user is told when an htmx action is refused or fails, by status code.
ERROR_NOTICES = {
    400: "Sorry, that could not be done. Reload the page and try again.",
    403: "You do not have permission to do that. If you signed in again in another tab, reload the page "
    "and try again.",
    404: "That item no longer exists: it may have been deleted in another tab. Reload the page.",
    405: "Sorry, that could not be done. Reload the page and try again.",
    409: "Someone else changed this at the same time. Reload the page to see their change, then try again.",
    429: "You have tried that too many times. Wait a few minutes, then try again.",
}
SERVER_ERROR_NOTICE = (
    "Sorry, there is a problem with the service. Try again later. If you were saving a change, it may "
    "not have been saved: reload the page to check."
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Notice:
    """A notification banner's content: the same two attributes as a django.contrib.messages Message."""

    message: str
    level_tag: str = "error"

    def __str__(self) -> str:
        return self.message


def _is_htmx(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


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


class HtmxNotificationsMiddleware:
    """
    Make the outcome of every htmx request visible in the notification region:

    - a fragment (2xx) carries the pending messages as banners, swapped out of band;
    - an error response (4xx, 5xx) is replaced by a banner saying what happened, retargeted to the
      region (HX-Retarget, HX-Reswap). Its status code is kept: app.js lets htmx swap an error
      response only when the server has said where it goes. A view that prepares its own error
      fragment sets HX-Retarget itself and is left alone.

    A refusal raised as PermissionDenied("...") by a service shows its own words.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not _is_htmx(request):
            return response
        if response.status_code >= 400:
            if response.has_header("HX-Retarget"):
                return response
            return self._error_banner(request, response)
        if self._is_swapped_html(response):
            self._add_pending_messages(request, response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, PermissionDenied) and str(exception):
            request._refusal = str(exception)

    @staticmethod
    def _is_swapped_html(response: HttpResponse) -> bool:
        """Whether htmx will swap this response's body (not a redirect of the window, not a 204)."""
        return (
            200 <= response.status_code < 300
            and response.status_code != 204
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and not any(response.has_header(h) for h in ("HX-Redirect", "HX-Location", "HX-Refresh"))
        )

    @staticmethod
    def _pending(request: HttpRequest) -> list:
        """Messages not yet shown; reading them marks them shown (MessageMiddleware then drops them)."""
        storage = get_messages(request)
        if storage.used:  # Rendered already: the view answered with a whole page.
            return []
        return list(storage)

    def _add_pending_messages(self, request: HttpRequest, response: HttpResponse) -> None:
        if get_messages(request).used:
            return  # A whole page, which showed them in its own layout.
        notices = self._pending(request)
        if not notices and request.method in ("GET", "HEAD"):
            return  # Polling and loading a form say nothing new: the banners stay.
        # An action replaces the banners of the one before, even with none of its own (its outcome is
        # then shown where it happened): a green "Added" must not stand above a later refusal.
        banners = render_to_string(NOTIFICATIONS_TEMPLATE, {"notices": notices, "swapped": True, "oob": True})
        response.content += banners.encode(response.charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))

    def _error_banner(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        status = response.status_code
        message = getattr(request, "_refusal", None) if status == 403 else None
        if message is None:
            message = ERROR_NOTICES.get(status, SERVER_ERROR_NOTICE if status >= 500 else ERROR_NOTICES[400])
        notices = [*self._pending(request), Notice(message)]
        banner = HttpResponse(
            render_to_string(NOTIFICATIONS_TEMPLATE, {"notices": notices, "swapped": True}), status=status
        )
        banner["HX-Retarget"] = f"#{NOTIFICATIONS_ID}"
        banner["HX-Reswap"] = "innerHTML"
        for header in ("Retry-After", "Vary"):
            if response.has_header(header):
                banner[header] = response[header]
        banner.cookies = response.cookies
        return banner
