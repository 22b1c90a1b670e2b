"""Request helpers every app's views share."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it (for type hints)."""

    htmx: HtmxDetails


def wants_partial(request: HtmxHttpRequest) -> bool:
    """
    Whether to answer with the page's partial rather than the whole page: an htmx request, except
    htmx restoring a page from history (which needs the whole page).
    """
    return bool(request.htmx) and not request.htmx.history_restore_request
