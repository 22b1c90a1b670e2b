"""
Rate limits per address for public forms that anyone can send (docs/decisions/0016-resident-emails.md).

A fixed-window counter in the cache: one key per limit, address and window, counted with add/incr
and left to expire. The address is hashed, so the cache holds no IP addresses. Limits are settings
(RATE_LIMITS: {name: (count, seconds)}).

It fails open: a cache that does not answer (core.cache.DegradingRedisCache answers as if empty, any
other backend may raise) counts nothing, with a logged warning, because refusing every resident while
Redis is down would do more harm than a spell without a limit. django-axes is for sign-in only;
django-ratelimit (last released in 2023, for Django 4) would add a dependency for these few lines,
and its decorator answers 403 where a resident needs a page that keeps their answers.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from .signin import client_address

logger = logging.getLogger(__name__)


def hit(request: HttpRequest, name: str) -> int | None:
    """
    Count one use of the limit `name` by the request's address. None while within the limit;
    past it, the seconds until the window ends (for Retry-After and "wait N minutes").
    """
    count_allowed, seconds = settings.RATE_LIMITS[name]
    now = time.time()
    window = int(now // seconds)
    address = hashlib.sha256((client_address(request) or "unknown").encode()).hexdigest()[:24]
    key = f"ratelimit:{name}:{address}:{window}"
    cache = caches["default"]
    try:
        if cache.add(key, 1, timeout=seconds + 60):
            count = 1
        else:
            count = cache.incr(key)
    except Exception as error:  # noqa: BLE001 - any cache failure: count nothing, say so
        logger.warning("Rate limit %s not counted: the cache failed (%s).", name, type(error).__name__)
        return None
    if not getattr(cache, "available", True):  # The degrading cache answered for a Redis that did not.
        logger.warning("Rate limit %s not counted: the cache is not answering.", name)
        return None
    if count <= count_allowed:
        return None
    return max(1, int((window + 1) * seconds - now))
