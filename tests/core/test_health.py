"""/healthz reports each dependency for monitoring; /healthz/live only says the process answers."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from core import health
from tests.redis_server import free_port

pytestmark = pytest.mark.django_db

HEALTHZ, LIVE = reverse("healthz"), reverse("healthz_live")
LOCAL_ONLY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def _nothing_remembered():
    health._remembered.clear()
    yield
    health._remembered.clear()


def statuses(response) -> dict[str, str]:
    return {name: check["status"] for name, check in response.json()["checks"].items()}


class _BrokenConnection:
    def cursor(self):
        raise OperationalError("connection to server at 10.0.0.5 failed")


class TestHealthz:
    def test_without_redis_the_cache_and_broker_are_not_used(self, client, settings):
        settings.CACHES = {**settings.CACHES, **LOCAL_ONLY}  # Eager tasks: the test suite's default.

        response = client.get(HEALTHZ)

        assert response.status_code == 200
        assert response.json() == {
            "status": "ok",
            "checks": {
                "database": {"status": "ok"},
                "cache": {"status": "not used"},
                "broker": {"status": "not used"},
                "storage": {"status": "not used"},
            },
        }

    def test_says_ok_when_redis_answers(self, client, own_redis, settings, celery_not_eager):
        settings.CACHES = {
            **settings.CACHES,
            "default": {"BACKEND": "core.cache.DegradingRedisCache", "LOCATION": own_redis.url},
        }
        saved = celery_not_eager.conf.broker_url
        celery_not_eager.conf.broker_url = own_redis.url
        try:
            response = client.get(HEALTHZ)
        finally:
            celery_not_eager.conf.broker_url = saved

        assert response.status_code == 200
        assert statuses(response) == {"database": "ok", "cache": "ok", "broker": "ok", "storage": "not used"}

    def test_a_database_that_does_not_answer_is_down_and_names_no_host(self, client, monkeypatch):
        monkeypatch.setattr(health, "connection", _BrokenConnection())

        response = client.get(HEALTHZ)

        assert response.status_code == 503
        assert response.json()["status"] == "down"
        assert response.json()["checks"]["database"] == {"status": "down", "error": "OperationalError"}
        assert "10.0.0.5" not in response.text

    def test_a_broker_alone_down_is_degraded_and_503(self, client, settings, celery_not_eager):
        settings.CACHES = {**settings.CACHES, **LOCAL_ONLY}
        saved = celery_not_eager.conf.broker_url
        celery_not_eager.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
        try:
            response = client.get(HEALTHZ)
        finally:
            celery_not_eager.conf.broker_url = saved

        assert response.status_code == 503
        assert response.json()["status"] == "degraded"
        assert statuses(response) == {
            "database": "ok",
            "cache": "not used",
            "broker": "down",
            "storage": "not used",
        }

    def test_remembers_the_cache_and_broker_answers_for_a_few_seconds(self, client, settings, monkeypatch):
        settings.HEALTH_CHECK_SECONDS = 60
        asked = []
        monkeypatch.setitem(health.CHECKS, "broker", lambda: asked.append(1) or {"status": "ok"})

        for _ in range(3):
            client.get(HEALTHZ)

        assert asked == [1]

    def test_is_never_cached_by_browsers_or_proxies(self, client):
        response = client.get(HEALTHZ)

        assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


class TestLiveness:
    def test_answers_without_asking_anything_else(self, client, django_assert_num_queries, monkeypatch):
        monkeypatch.setattr(health, "report", lambda: pytest.fail("liveness must not check dependencies"))

        with django_assert_num_queries(0):
            response = client.get(LIVE)

        assert response.status_code == 200
        assert response.content == b"ok"


class TestOverPlainHttp:
    @pytest.mark.parametrize("path", [HEALTHZ, LIVE])
    def test_health_checks_are_not_redirected_to_https(self, client, settings, path):
        settings.SECURE_SSL_REDIRECT = True

        response = client.get(path)

        assert response.status_code in (200, 503)

    def test_other_pages_are(self, client, settings):
        settings.SECURE_SSL_REDIRECT = True

        response = client.get(reverse("home"))

        assert response.status_code == 301
