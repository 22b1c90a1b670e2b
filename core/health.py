"""
What /healthz reports: whether each thing the portal depends on answers.

    database    PostgreSQL (or SQLite): SELECT 1, every time
    cache       the shared cache (Redis): a PING, ignoring the cache's own back-off
    broker      the Celery broker (Redis): a connection, with one retry and a short timeout
    storage     the object store (S3): a HEAD of the bucket, under the S3 client's short timeouts
                and single retry (config.storage.s3_storage)

Each is "ok", "down" or "not used" (no Redis configured: a per-process cache and tasks run in the
web process; no S3_BUCKET: files in the local folder). The cache, broker and storage answers are
kept for HEALTH_CHECK_SECONDS in each process, so a flood of requests to /healthz cannot become a
flood of connections to Redis or the store.
"""

import logging
import threading
import time
from collections.abc import Callable

from celery import current_app
from django.conf import settings
from django.core.cache import caches
from django.db import connection

from . import files

logger = logging.getLogger(__name__)

OK, DOWN, NOT_USED, DEGRADED = "ok", "down", "not used", "degraded"
BROKER_TIMEOUT = 1.0  # Seconds; the broker answers in milliseconds when it is up.

_remembered: dict[str, tuple[float, dict]] = {}
_lock = threading.Lock()


def database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": OK}


def cache() -> dict:
    shared = caches["default"]
    ping = getattr(shared, "ping", None)
    if ping is None:  # LocMemCache: in this process, nothing to reach.
        return {"status": NOT_USED}
    ping()
    return {"status": OK}


def broker() -> dict:
    app = current_app
    if app.conf.task_always_eager or app.conf.broker_url.startswith("memory://"):
        return {"status": NOT_USED}
    with app.connection_for_write(connect_timeout=BROKER_TIMEOUT) as broker_connection:
        broker_connection.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, timeout=2 * BROKER_TIMEOUT
        )
    return {"status": OK}


def storage() -> dict:
    return {"status": OK if files.store_check() else NOT_USED}


CHECKS: dict[str, Callable[[], dict]] = {
    "database": database,
    "cache": cache,
    "broker": broker,
    "storage": storage,
}
REMEMBERED = {"cache", "broker", "storage"}


def report() -> dict:
    """
    Every dependency's status, and the whole: "ok" when none is down; "degraded" when only the
    cache, the broker or the object store is (pages still come from the database; only downloads
    and uploads wait for the store); "down" when the database is.
    """
    checks = {name: _run(name, check) for name, check in CHECKS.items()}
    if checks["database"]["status"] == DOWN:
        status = DOWN
    elif any(check["status"] == DOWN for check in checks.values()):
        status = DEGRADED
    else:
        status = OK
    return {"status": status, "checks": checks}


def _run(name: str, check: Callable[[], dict]) -> dict:
    remember_for = settings.HEALTH_CHECK_SECONDS if name in REMEMBERED else 0
    now = time.monotonic()
    if remember_for:
        with _lock:
            at, result = _remembered.get(name, (float("-inf"), {}))
        if now - at < remember_for:
            return result
    try:
        result = check()
    except Exception as error:  # Each client raises its own kinds (psycopg, redis, kombu, botocore, OSError).
        logger.warning("Health check: the %s is down (%s: %s)", name, type(error).__name__, error)
        # The kind of error only: the message can name internal hosts, and /healthz is public.
        result = {"status": DOWN, "error": type(error).__name__}
    if remember_for:
        with _lock:
            _remembered[name] = (now, result)
    return result
