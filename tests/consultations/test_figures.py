"""A large consultation's figures kept a while (consultations.figures): exact when quick, never waited on."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import figures
from consultations.analysis import Filters
from core.text import time_of_day
from tests.consultations.helpers import make_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_count_slow(settings):
    """Every count counts as slow, so that every count is kept."""
    settings.CONSULTATION_FIGURES_SLOW_SECONDS = 0


def age(key_name, consultation, seconds, filters=figures.EVERY):
    """Make the kept figures `seconds` old."""
    from django.core.cache import caches

    key = figures._key(key_name, consultation.pk, filters)
    kept = caches["default"].get(key)
    caches["default"].set(key, figures.Counted(kept.value, kept.at - datetime.timedelta(seconds=seconds)))


class TestQuickCounts:
    def test_are_counted_on_every_request_and_never_kept(self, opened, settings):
        settings.CONSULTATION_FIGURES_SLOW_SECONDS = 60
        make_response(opened)
        assert figures.kept("overview", opened).value.total == 1

        make_response(opened)

        assert figures.kept("overview", opened).value.total == 2


class TestSlowCounts:
    def test_are_kept_while_fresh(self, opened, every_count_slow):
        make_response(opened)
        first = figures.kept("overview", opened)

        make_response(opened)
        again = figures.kept("overview", opened)

        assert (first.value.total, again.value.total) == (1, 1)
        assert again.at == first.at

    def test_once_stale_are_served_while_a_task_counts_them_again(self, opened, every_count_slow):
        make_response(opened)
        figures.kept("overview", opened)
        make_response(opened)
        age("overview", opened, figures.FRESH_SECONDS + 1)

        served = figures.kept("overview", opened)  # Celery runs eagerly in tests: the task has run.
        after = figures.kept("overview", opened)

        assert served.value.total == 1
        assert after.value.total == 2
        assert after.at > served.at

    def test_each_filter_is_kept_apart(self, opened, every_count_slow):
        make_response(opened, channel="paper")
        make_response(opened, channel="online")

        assert figures.kept("overview", opened, Filters(channel="paper")).value.total == 1
        assert figures.kept("overview", opened).value.total == 2

    def test_a_count_that_became_quick_forgets_the_kept_figures(self, opened, every_count_slow, settings):
        make_response(opened)
        figures.kept("overview", opened)
        make_response(opened)
        age("overview", opened, figures.FRESH_SECONDS + 1)
        settings.CONSULTATION_FIGURES_SLOW_SECONDS = 60

        figures.kept("overview", opened)  # Stale: the task counts again, quickly now, and keeps nothing.
        make_response(opened)

        assert figures.kept("overview", opened).value.total == 3

    def test_a_broker_that_does_not_answer_still_serves_the_kept_figures(
        self, opened, every_count_slow, monkeypatch
    ):
        from consultations import tasks

        def refused(*args, **kwargs):
            raise ConnectionRefusedError

        monkeypatch.setattr(tasks.count_figures, "delay", refused)
        make_response(opened)
        figures.kept("overview", opened)
        age("overview", opened, figures.FRESH_SECONDS + 1)
        make_response(opened)

        assert figures.kept("overview", opened).value.total == 1
        monkeypatch.undo()
        figures.kept("overview", opened)  # Not marked as queued: this request queues the count.

        assert figures.kept("overview", opened).value.total == 2


class TestPages:
    def test_the_monitoring_page_says_when_kept_figures_were_counted(
        self, board_member_client, opened, every_count_slow
    ):
        make_response(opened)
        url = reverse("consultations:monitor", args=[opened.pk])
        board_member_client.get(url)
        age("overview", opened, 600)
        make_response(opened)

        response = board_member_client.get(url)

        assert response.context["figures"].total == 1
        counted = timezone.localtime(response.context["as_at"])
        assert (timezone.localtime() - counted).total_seconds() >= 600
        assert f"Figures at {time_of_day(counted)} on" in response.content.decode()
