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

from core.formtokens import new_token
from core.models import FormToken
from strategies.models import Strategy
from tests.factories import StrategyFactory

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
        # Two tabs: the same details, each form with its own token.
        first, second = ({**CREATE_DATA, "board": board.pk, "form_token": new_token()} for _ in range(2))

        responses = at_once(
            officer,
            [
                lambda c: c.post(reverse("strategies:create"), first),
                lambda c: c.post(reverse("strategies:create"), second),
            ],
        )

        assert sorted(r.status_code for r in responses) == [200, 302]
        refused = next(r for r in responses if r.status_code == 200)
        assert refused.context["form"].errors["slug"] == [
            "Another strategy of this board already uses this web address name. Choose another"
        ]
        assert Strategy.objects.count() == 1

    def test_the_same_form_sent_twice_at_once_makes_one_strategy_and_both_get_it(
        self, board, officer, monkeypatch
    ):
        # A double click: both requests reach the token's claim before either has committed.
        held_before(monkeypatch, FormToken, "save", when=lambda token: token._state.adding)
        data = {**CREATE_DATA, "board": board.pk, "form_token": new_token()}

        responses = at_once(officer, [lambda c: c.post(reverse("strategies:create"), data)] * 2)

        strategy = Strategy.objects.get()
        assert [r.status_code for r in responses] == [302, 302]
        assert {r["Location"] for r in responses} == {strategy.get_manage_url()}
        assert FormToken.objects.get().result() == strategy


class TestAddDomainTwiceAtOnce:
    @pytest.fixture
    def strategy(self, board):
        return StrategyFactory(board=board)

    @pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["plain", "htmx"])
    def test_the_same_form_sent_twice_at_once_adds_one_domain(self, strategy, officer, monkeypatch, headers):
        held_before(monkeypatch, FormToken, "save", when=lambda token: token._state.adding)
        data = {"new-domain-title": "Housing", "new-domain-form_token": new_token()}
        url = reverse("strategies:domain_add", args=[strategy.pk])

        responses = at_once(officer, [lambda c: c.post(url, data, headers=headers)] * 2)

        assert strategy.domains.get().title == "Housing"
        assert all(r.status_code in (200, 302) for r in responses)
