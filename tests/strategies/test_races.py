"""
Two requests at once, on PostgreSQL: each runs in its own thread with its own connection, and a
barrier holds both at the point where the race matters, so the interleaving is the same every run.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from strategies.models import Strategy

pytestmark = pytest.mark.django_db(transaction=True)

CREATE_DATA = {
    "title": "Joint Health and Wellbeing Strategy",
    "slug": "",
    "start_year": "2026",
    "end_year": "2031",
    "domain_label": "domain",
    "domain_label_plural": "domains",
}


def at_once(user, requests):
    """Run each `request(client)` in a thread of its own, as `user`; return their responses in order."""

    def run(request):
        client = Client()
        client.force_login(user)
        try:
            return request(client)
        finally:
            connection.close()  # This thread's connection; the test database is dropped at the end.

    with ThreadPoolExecutor(len(requests)) as pool:
        return [future.result(timeout=30) for future in [pool.submit(run, r) for r in requests]]


def held_before(monkeypatch, cls, method: str, *, parties: int = 2, when=lambda obj: True):
    """Make `cls.method` wait until `parties` threads have reached it (only for objects `when` picks)."""
    barrier = threading.Barrier(parties, timeout=10)
    original = getattr(cls, method)

    def wait_then_call(self, *args, **kwargs):
        if when(self):
            barrier.wait()
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, method, wait_then_call)
    return barrier


class TestCreateStrategyTwiceAtOnce:
    def test_two_posts_that_both_passed_validation_make_one_strategy_and_a_slug_error(
        self, board, officer, monkeypatch
    ):
        # Both requests validated before either saved: neither saw the other's strategy.
        held_before(monkeypatch, Strategy, "save", when=lambda strategy: strategy._state.adding)
        data = {**CREATE_DATA, "board": board.pk}

        responses = at_once(officer, [lambda c: c.post(reverse("strategies:create"), data)] * 2)

        assert sorted(r.status_code for r in responses) == [200, 302]
        refused = next(r for r in responses if r.status_code == 200)
        assert refused.context["form"].errors["slug"] == [
            "Another strategy of this board already uses this web address name. Choose another"
        ]
        assert Strategy.objects.count() == 1
