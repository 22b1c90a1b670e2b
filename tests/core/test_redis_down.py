"""
Redis stopped under a running portal: the site degrades instead of going down.

Each test starts a Redis of its own on a free port (never the machine's, which other runs share),
points the cache and the Celery broker at it, stops it, and checks what a visitor, an officer and
an orchestrator see. docs/decisions/0007-degraded-redis-and-sign-in.md says what is expected.
"""

import kombu.pools
import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from core.models import Document
from strategies.models import Status
from tests.factories import PASSWORD, DomainFactory, PriorityFactory, StrategyFactory
from tests.redis_server import needs_redis_server
from tests.strategies.helpers import move_to

CACHE_BACKEND = "core.cache.DegradingRedisCache"

pytestmark = [
    needs_redis_server,
    # The views commit for real, so the after-commit hooks (forget the page, queue the PDF) run.
    pytest.mark.django_db(transaction=True),
]


def _use_broker(app, url: str) -> None:
    """Point the Celery app at another broker: its connection and producer pools were made for the old one."""
    kombu.pools.reset()  # Closes every pool and forgets it, or the next lookup finds the closed one.
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.broker_url = url


@pytest.fixture
def redis(own_redis, settings, celery_not_eager):
    """A running Redis of our own as the portal's cache and broker; the test may stop and start it."""
    server = own_redis
    settings.REDIS_URL = server.url
    # The cache handler makes its cache objects anew (per thread) when CACHES changes.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": CACHE_BACKEND, "LOCATION": server.url, "KEY_PREFIX": "redis-down"},
    }
    settings.HEALTH_CHECK_SECONDS = 0  # Every /healthz asks the dependencies again.
    app = celery_not_eager
    saved_broker = app.conf.broker_url
    _use_broker(app, server.url)
    try:
        yield server
    finally:
        _use_broker(app, saved_broker)


@pytest.fixture
def approved(board, board_admin):
    strategy = StrategyFactory(board=board, title="Health and Wellbeing Strategy 2022 to 2026")
    PriorityFactory(domain=DomainFactory(strategy=strategy, title="Opportunity for all"))
    return move_to(strategy, Status.APPROVED, by=board_admin)


def _login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


class TestWithRedisStopped:
    def test_sign_in_answers_and_a_wrong_password_is_refused(self, redis, officer):
        redis.stop()

        wrong = _login(Client(), officer.username, "not-the-password")
        counted = AccessAttempt.objects.get(username=officer.username).failures_since_start
        right = _login(client := Client(), officer.username, PASSWORD)

        assert wrong.status_code == 200
        assert "Enter a correct username and password" in wrong.text
        assert counted == 1
        assert right.status_code == 302
        assert "_auth_user_id" in client.session

    def test_sign_in_throttling_still_counts_failures(self, redis, officer, settings):
        settings.SIGN_IN_FAILURE_LIMITS = {"username": 3, "ip_address": 100}
        redis.stop()
        for _ in range(3):
            _login(Client(), officer.username, "guess")

        response = _login(client := Client(), officer.username, PASSWORD)

        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_a_published_strategy_is_read_from_the_database(self, redis, approved, board_admin):
        move_to(approved, Status.PUBLISHED, by=board_admin)
        redis.stop()

        response = Client().get(approved.get_absolute_url())

        assert response.status_code == 200
        assert "Opportunity for all" in response.text

    def test_publishing_succeeds_and_the_pdf_job_fails_with_a_retry_at_once(
        self, redis, approved, board_admin_client
    ):
        redis.stop()

        response = board_admin_client.post(
            reverse("strategies:transition", args=[approved.pk]),
            {"to_status": Status.PUBLISHED, "reason": "Approved at the June Board."},
        )

        assert response.status_code == 302
        approved.refresh_from_db()
        assert approved.status == Status.PUBLISHED
        document = Document.objects.get(kind="strategy_pdf", object_id=approved.pk)
        assert document.status == Document.Status.FAILED
        page = board_admin_client.get(approved.get_manage_url())
        assert "The PDF could not be generated" in page.text
        assert "Try again" in page.text

    def test_try_again_queues_the_pdf_once_redis_is_back(self, redis, approved, board_admin_client):
        redis.stop()
        board_admin_client.post(
            reverse("strategies:transition", args=[approved.pk]),
            {"to_status": Status.PUBLISHED, "reason": "Approved at the June Board."},
        )
        redis.start()

        response = board_admin_client.post(reverse("core:document", args=["strategy_pdf", approved.pk]))

        assert response.status_code == 302
        document = Document.objects.get(kind="strategy_pdf", object_id=approved.pk)
        assert document.status == Document.Status.PENDING, document.error  # Queued; no worker here.

    def test_health_names_cache_and_broker_down_and_recovers_when_redis_is_back(self, redis, client):
        redis.stop()

        down = client.get(reverse("healthz"))
        redis.start()
        up = client.get(reverse("healthz"))

        assert down.status_code == 503
        assert {name: check["status"] for name, check in down.json()["checks"].items()} == {
            "database": "ok",
            "cache": "down",
            "broker": "down",
            "storage": "not used",
        }
        assert up.status_code == 200, up.json()
        assert up.json()["status"] == "ok"
