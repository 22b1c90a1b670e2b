"""
Rendered pages shared by every anonymous visitor: kept in the shared cache (Redis in production),
with a copy for a few seconds in each process so that a busy page costs no round trip at all.

Forgetting a page removes it from the shared cache and this process's copy; another process may
serve its copy until that expires (PUBLIC_PAGE_LOCAL_SECONDS, 5 s by default).
"""

from django.core.cache import caches

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
