"""A board's news by email: to confirmed subscribers who chose it, each update once, never before its time."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from consultations.models import Subscriber
from news import services, tasks
from news.models import NewsEmail, NewsStatus
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

TEXT = {"title": "Board meets in March", "summary": "The Board meets on 4 March.", "body": "Come **along**."}


@pytest.fixture
def consultation(board):
    return ConsultationFactory(strategy__board=board)


def _subscriber(consultation, email, *, confirmed=True, news=True):
    subscriber = Subscriber.objects.create(
        consultation=consultation, email=email, confirmed_at=timezone.now() if confirmed else None
    )
    if news:
        services.news_subscription_set(subscriber=subscriber, wanted=True)
    return subscriber


@pytest.fixture
def readers(consultation, other_board):
    """Who should get the news (one), and who should not (the rest)."""
    wanted = _subscriber(consultation, "wants@example.org")
    _subscriber(consultation, "unconfirmed@example.org", confirmed=False)
    _subscriber(consultation, "no-news@example.org", news=False)
    left = _subscriber(consultation, "left@example.org")
    left.unsubscribed_at, left.email = timezone.now(), ""
    left.save()
    _subscriber(ConsultationFactory(strategy__board=other_board), "other-board@example.org")
    return wanted


def _publish(board, officer, **extra):
    return services.news_create(board=board, by=officer, **TEXT, status=NewsStatus.PUBLISHED, **extra)


class TestNewsEmails:
    def test_published_now_goes_once_to_those_who_chose_it(
        self, board, officer, readers, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            item = _publish(board, officer)
        with django_capture_on_commit_callbacks(execute=True):
            tasks.news_announce_due()
            services.news_update(item=item, by=officer, version=item.version, title="Board meets in April")

        [message] = mailoutbox
        assert message.to == ["wants@example.org"] and "Board meets in March" in message.subject
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "<strong>along</strong>" in message.alternatives[0][0]
        assert NewsEmail.objects.get().state == NewsEmail.State.SENT

    def test_a_draft_is_never_sent(
        self, board, officer, readers, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            services.news_create(board=board, by=officer, **TEXT)
            tasks.news_announce_due()

        assert mailoutbox == []

    def test_a_scheduled_update_goes_when_its_time_comes_and_once(
        self, board, officer, readers, mailoutbox, django_capture_on_commit_callbacks
    ):
        at = timezone.now() + timedelta(hours=1)
        with django_capture_on_commit_callbacks(execute=True):
            _publish(board, officer, publish_at=at)
            tasks.news_announce_due()
        assert mailoutbox == []

        with mock.patch("django.utils.timezone.now", return_value=at + timedelta(minutes=1)):
            for _ in range(3):  # The beat task runs every minute.
                with django_capture_on_commit_callbacks(execute=True):
                    tasks.news_announce_due()

        assert [message.to for message in mailoutbox] == [["wants@example.org"]]

    def test_unpublished_before_it_was_sent_it_is_not_sent(
        self, board, officer, readers, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as queued:
            item = _publish(board, officer)
        services.news_unpublish(item=item, by=officer)

        for callback in queued:
            callback()

        assert mailoutbox == [] and NewsEmail.objects.get().state == NewsEmail.State.NOT_SENT

    def test_two_subscriptions_of_one_address_get_one_email(
        self, board, officer, consultation, mailoutbox, django_capture_on_commit_callbacks
    ):
        _subscriber(consultation, "twice@example.org")
        _subscriber(ConsultationFactory(strategy__board=board), "Twice@example.org")

        with django_capture_on_commit_callbacks(execute=True):
            _publish(board, officer)

        assert len(mailoutbox) == 1
