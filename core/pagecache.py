"""
Public pages shared by every anonymous visitor, cached whole.

A view opts in with one line, `@public_page(key)`, and marks each response it is happy to share
with `share(response)`. Anonymous visitors with no flash message waiting then get the page from
the cache: a copy kept for a few seconds in each process (PUBLIC_PAGE_LOCAL_SECONDS), else the
shared cache (Redis in production). Shared responses carry an ETag (`If-None-Match` gets a 304),
`Cache-Control: public, no-cache` and `Vary: Cookie`; every other response is `private, no-cache`.

`page_forget(key)` drops a page from the shared cache and this process's copy (another process may
serve its copy until that expires). docs/decisions/0003-public-page-caching.md explains the trade-offs.
"""

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
                page_set(cache_key, (etag, response.content), timeout=timeout)
                return _shared_response(request, etag, response.content)
            patch_cache_control(response, private=True, no_cache=True)
            return response

        return wrapper

    return decorator


def _shared_response(request: HttpRequest, etag: str, content: bytes) -> HttpResponse:
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content)
    response["ETag"] = etag
    patch_vary_headers(response, ["Cookie"])
    patch_cache_control(response, public=True, no_cache=True)
    return response
