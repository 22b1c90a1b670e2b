"""core.cache.DegradingRedisCache: a Redis that does not answer is logged and worked around, not raised."""

import logging
import socket
import time

import pytest
from redis.exceptions import ResponseError

from core import cache as degrading
from core.cache import DegradingRedisCache
from tests.redis_server import free_port, needs_redis_server

pytestmark = needs_redis_server


def make_cache(location: str, **options) -> DegradingRedisCache:
    return DegradingRedisCache(location, {"KEY_PREFIX": "test-cache", "OPTIONS": options})


@pytest.fixture(autouse=True)
def _no_back_off_left_over():
    degrading._retry_at.clear()
    yield
    degrading._retry_at.clear()


@pytest.fixture
def dead_url() -> str:
    """A port nothing listens on: connections are refused."""
    return f"redis://127.0.0.1:{free_port()}/0"


class TestWithRedisUp:
    def test_works_as_djangos_redis_cache(self, own_redis):
        cache = make_cache(own_redis.url)

        cache.set("page", b"<html>", 60)
        added = cache.add("page", b"other")
        cache.add("count", 1)

        assert cache.get("page") == b"<html>"
        assert added is False
        assert cache.incr("count", 2) == 3
        assert cache.get_many(["page", "missing"]) == {"page": b"<html>"}
        assert cache.delete("page") is True
        assert cache.get("page", "gone") == "gone"

    def test_an_error_that_is_not_about_the_connection_still_raises(self, own_redis):
        cache = make_cache(own_redis.url)
        cache.set("text", "not a number")

        with pytest.raises(ResponseError):
            cache.incr("text")

    def test_ping_answers(self, own_redis):
        make_cache(own_redis.url).ping()


class TestWithRedisDown:
    def test_behaves_as_an_empty_cache_instead_of_raising(self, dead_url):
        cache = make_cache(dead_url)

        assert cache.get("page") is None
        assert cache.get("page", "default") == "default"
        assert cache.get_or_set("page", "computed") == "computed"
        assert cache.set("page", "html") is None
        assert cache.add("page", "html") is True
        assert cache.set_many({"a": 1}) == []
        assert cache.get_many(["a", "b"]) == {}
        assert cache.has_key("a") is False
        assert cache.touch("a") is False
        assert cache.delete("a") is False
        assert cache.delete_many(["a"]) is None
        assert cache.clear() is False
        with pytest.raises(ValueError):  # What incr raises for a missing key.
            cache.incr("count")

    def test_logs_a_warning_without_the_password(self, caplog):
        cache = make_cache(f"redis://:s3cret-pass@127.0.0.1:{free_port()}/0")

        with caplog.at_level(logging.WARNING, logger="core.cache"):
            cache.get("page")
            cache.set("page", "html")

        assert len(caplog.records) == 1, "one warning per outage, not one per call"
        message = caplog.records[0].getMessage()
        assert "did not answer a get" in message and "ConnectionError" in message
        assert "s3cret-pass" not in message

    def test_stops_asking_for_a_while_after_a_failure(self, dead_url, monkeypatch):
        cache = make_cache(dead_url, retry_after=30)
        cache.get("page")
        calls = []
        monkeypatch.setattr(cache._cache, "get", lambda *args: calls.append(args))

        cache.get("page")
        cache.get("page")

        assert calls == [], "the cache was asked again during the back-off"
        assert cache.available is False

    def test_asks_again_once_the_back_off_is_over(self, own_redis, monkeypatch):
        cache = make_cache(own_redis.url, retry_after=30)
        own_redis.stop()
        cache.set("page", "lost")
        own_redis.start()
        later = time.monotonic() + 31
        monkeypatch.setattr(degrading.time, "monotonic", lambda: later)

        cache.set("page", "kept")

        assert cache.get("page") == "kept"

    def test_the_back_off_is_shared_by_every_thread_of_the_process(self, dead_url):
        # Django makes one cache object per thread: the second one must not pay the timeout again.
        first, second = make_cache(dead_url, retry_after=30), make_cache(dead_url, retry_after=30)

        first.get("page")

        assert second.available is False

    def test_ping_raises_and_ignores_the_back_off(self, own_redis):
        cache = make_cache(own_redis.url, retry_after=30)
        own_redis.stop()
        cache.get("page")
        own_redis.start()

        cache.ping()

        assert cache.available is True

    def test_a_redis_that_hangs_costs_a_fraction_of_a_second(self):
        # Accepts connections (the kernel does, from the backlog) and never answers.
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen(8)
            cache = make_cache(f"redis://127.0.0.1:{silent.getsockname()[1]}/0")

            started = time.monotonic()
            for _ in range(10):
                cache.get("page")
            elapsed = time.monotonic() - started

        assert elapsed < 1.5, f"10 reads took {elapsed:.2f} s"
