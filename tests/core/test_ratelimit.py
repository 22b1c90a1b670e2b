"""Rate limits per address (core/ratelimit.py)."""

import logging
from unittest import mock

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from core import ratelimit


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {"try": (2, 3600)}


def request_from(address: str):
    return RequestFactory().post("/", REMOTE_ADDR=address)


class TestHit:
    def test_allows_the_limit_then_says_how_long_to_wait(self, limits):
        request = request_from("192.0.2.1")

        results = [ratelimit.hit(request, "try") for _ in range(3)]

        assert results[:2] == [None, None]
        assert 0 < results[2] <= 3600

    def test_counts_each_address_apart(self, limits):
        for _ in range(2):
            ratelimit.hit(request_from("192.0.2.1"), "try")

        assert ratelimit.hit(request_from("192.0.2.2"), "try") is None
        assert ratelimit.hit(request_from("192.0.2.1"), "try") is not None

    def test_a_new_window_starts_afresh(self, limits):
        with mock.patch.object(ratelimit.time, "time", return_value=7200.0):
            for _ in range(3):
                ratelimit.hit(request_from("192.0.2.1"), "try")

        with mock.patch.object(ratelimit.time, "time", return_value=10800.0):
            assert ratelimit.hit(request_from("192.0.2.1"), "try") is None

    def test_the_cache_keeps_no_address(self, limits, settings):
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        ratelimit.hit(request_from("192.0.2.1"), "try")

        keys = list(caches["default"]._cache)

        assert len(keys) == 1 and "192.0.2.1" not in keys[0]


class TestFailingOpen:
    def test_a_cache_that_raises_counts_nothing_and_warns(self, limits, caplog):
        broken = mock.Mock(add=mock.Mock(side_effect=ConnectionError("refused")))

        with (
            mock.patch.dict(ratelimit.caches.__dict__),
            mock.patch.object(ratelimit, "caches", {"default": broken}),
        ):
            with caplog.at_level(logging.WARNING, logger="core.ratelimit"):
                results = [ratelimit.hit(request_from("192.0.2.1"), "try") for _ in range(5)]

        assert results == [None] * 5
        assert "Rate limit try not counted: the cache failed (ConnectionError)" in caplog.text

    def test_a_redis_that_does_not_answer_counts_nothing_and_warns(self, limits, settings, caplog):
        settings.CACHES = {
            "default": {"BACKEND": "core.cache.DegradingRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
        }

        with caplog.at_level(logging.WARNING, logger="core.ratelimit"):
            results = [ratelimit.hit(request_from("192.0.2.1"), "try") for _ in range(5)]

        assert results == [None] * 5
        assert "Rate limit try not counted: the cache is not answering" in caplog.text
