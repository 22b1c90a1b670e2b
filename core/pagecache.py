"""
Public pages shared by every anonymous visitor, cached whole.

A view opts in with one line, `@public_page(key)`, and marks each response it is happy to share
with `share(response)`. Anonymous visitors with no flash message waiting then get the page from
the cache: a copy kept for a few seconds in each process (PUBLIC_PAGE_LOCAL_SECONDS), else the
shared cache (Redis in production). Shared responses carry an ETag (`If-None-Match` gets a 304),
`Cache-Control: public, no-cache` and `Vary: Cookie`; every other response is `private, no-cache`.

A page is kept compressed as well (gzip, once, when it is stored), and a browser that accepts gzip gets
those bytes with `Content-Encoding: gzip`: a large page (a dashboard of fifty charts and their tables)
is a tenth of the bytes on the wire, and no request pays for compressing it.

`page_forget(key)` drops a page from the shared cache and this process's copy (another process may
serve its copy until that expires). docs/decisions/0003-public-page-caching.md explains the trade-offs.
"""

import gzip
import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers

SHARED, LOCAL = "default", "local"


def page_get(key: str):
    local = caches[LOCAL]
    value = local.get(key)
    if value is None:
        value = caches[SHARED].get(key)
        if value is not None:
            local.set(key, value)
    return value


def page_set(key: str, value, *, timeout: int) -> None:
    caches[SHARED].set(key, value, timeout)
    caches[LOCAL].set(key, value)


def page_forget(key: str) -> None:
    caches[SHARED].delete(key)
    caches[LOCAL].delete(key)


def share(response: HttpResponse) -> HttpResponse:
    """Mark a response as the same for every anonymous visitor, so @public_page may cache it."""
    response.shareable = True
    return response


def public_page(key: Callable[..., str], *, seconds: Callable[[], int] | None = None):
    """
    Cache the view's shareable responses for anonymous visitors under `key(**view_kwargs)`.

    Signed-in users, and visitors with a message waiting ("You have signed out."), always get a
    page of their own, which is neither served from nor stored in the cache.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            shared = not request.user.is_authenticated and not get_messages(request)
            cache_key = key(*args, **kwargs)
            if shared and (cached := page_get(cache_key)):
                return _shared_response(request, *cached)
            response = view(request, *args, **kwargs)
            if shared and response.status_code == 200 and getattr(response, "shareable", False):
                etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
                timeout = seconds() if seconds else settings.PUBLIC_PAGE_CACHE_SECONDS
                page = (etag, response.content, gzip.compress(response.content, compresslevel=6, mtime=0))
                page_set(cache_key, page, timeout=timeout)
                return _shared_response(request, *page)
            patch_cache_control(response, private=True, no_cache=True)
            return response

        return wrapper

    return decorator


def _accepts_gzip(request: HttpRequest) -> bool:
    return any(
        coding.split(";")[0].strip().lower() == "gzip" and not coding.replace(" ", "").endswith(";q=0")
        for coding in request.headers.get("Accept-Encoding", "").split(",")
    )


def _shared_response(
    request: HttpRequest, etag: str, content: bytes, compressed: bytes | None = None
) -> HttpResponse:
    zipped = compressed is not None and _accepts_gzip(request)
    # The compressed bytes are another representation: their own ETag (as Django's GZipMiddleware does).
    tag = etag[:-1] + '-gzip"' if zipped else etag
    if request.headers.get("If-None-Match") in (etag, tag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(compressed if zipped else content)
        if zipped:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = tag
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
    patch_cache_control(response, public=True, no_cache=True)
    return response
