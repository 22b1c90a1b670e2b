"""
What every response of the API carries besides its data: an ETag of its bytes, a Cache-Control for
public data, and a 304 for a client that already has those bytes (docs/decisions/0034-open-data-api.md).
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag

# Published records change seldom; a client or proxy may reuse a response this long, then revalidates
# it with the ETag (a 304 costs the server the query but not the network).
CACHE_SECONDS = 300


def etag_of(content: bytes) -> str:
    """A strong ETag: the first 32 hex digits of the SHA-256 of the body, as the calendar feeds'."""
    return quote_etag(hashlib.sha256(content).hexdigest()[:32])


def revalidated(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """
    A successful, whole response gets its ETag and Cache-Control, or becomes a 304 when the client's
    If-None-Match names that ETag. Errors and streamed files are left as they are: errors must not be
    kept, and a file streamed as it is read has no body to hash before it is sent.
    """
    if response.streaming or response.status_code != 200 or request.method not in ("GET", "HEAD"):
        return response
    etag = etag_of(response.content)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return get_conditional_response(request, etag=etag, response=response) or response


def conditional(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A view (or a django-ninja operation's run) whose responses are revalidated."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        return revalidated(request, view(request, *args, **kwargs))

    return wrapped
