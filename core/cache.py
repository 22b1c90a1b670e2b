"""
A Redis cache that degrades instead of failing: with Redis down, the portal works without a cache.

Django's RedisCache raises on every call while Redis is unreachable, and every page that touches
the cache answers 500. Nothing the portal keeps in the cache is the only copy of anything (pages
are rendered again from the database), so this backend logs the error and carries on as Django's
DummyCache would: `get` returns the default, `set` and `delete` do nothing, `incr` finds no key.

A dead Redis costs little: connections time out after a fraction of a second, and after a failure
the cache is not asked again for `retry_after` seconds (an OPTIONS entry, 5 by default), so a
request does not pay a connect timeout for every cache call. `ping()` asks Redis directly whatever
the back-off says, for the health check; an answer ends the back-off.
docs/decisions/0007-degraded-redis-and-sign-in.md says why.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Errors that mean "Redis is not answering", as opposed to a bad command or value, which still raise.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# Seconds. Redis answers a healthy request in well under a millisecond, on this host or the next.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
DEFAULT_RETRY_AFTER = 5.0

# When each Redis location may be tried again, shared by every thread of the process (Django makes
# one cache object per thread, so the back-off cannot live on the object).
_retry_at: dict[str, float] = {}
_lock = threading.Lock()


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        self.retry_after = float(options.pop("retry_after", DEFAULT_RETRY_AFTER))
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = ",".join(self._servers)

    # Every operation goes through _guarded with what DummyCache would answer.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(True, "add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(default, "get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(None, "set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, "touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, "delete", key, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, "get_many", keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, "has_key", key, version)

    def incr(self, key, delta=1, version=None):
        value = self._guarded(None, "incr", key, delta, version)
        if value is None:  # Redis is down: as if the key did not exist, which is what incr raises for.
            raise ValueError(f"Key '{key}' not found.")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded([], "set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        self._guarded(None, "delete_many", keys, version)

    def clear(self):
        return self._guarded(False, "clear")

    def ping(self) -> None:
        """Ask Redis whether it answers, ignoring the back-off; raise if it does not."""
        self._cache.get_client(write=True).ping()
        _retry_at.pop(self._location, None)

    @property
    def available(self) -> bool:
        """False while this process is not asking Redis, after a failure."""
        return time.monotonic() >= _retry_at.get(self._location, 0.0)

    def _guarded(self, fallback, operation: str, *args):
        if not self.available:
            return fallback
        try:
            return getattr(super(), operation)(*args)
        except UNAVAILABLE as error:
            self._back_off(operation, error)
            return fallback

    def _back_off(self, operation: str, error: Exception) -> None:
        with _lock:
            already_down = not self.available
            _retry_at[self._location] = time.monotonic() + self.retry_after
        if not already_down:  # One warning per outage and thread burst, not one per call.
            logger.warning(
                "The cache at %s did not answer a %s (%s: %s). Carrying on without it; trying again in %g s.",
                _without_password(self._location),
                operation,
                type(error).__name__,
                error,
                self.retry_after,
            )


def _without_password(location: str) -> str:
    """Redis URLs may carry a password; the log must not."""
    return ",".join(
        f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}"
        for parts in map(urlsplit, location.split(","))
    )
