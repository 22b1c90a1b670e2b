"""
Emails the broker did not take are not lost (core.outbox): the beat's requeue task queues them again
once it answers, and an email queued twice is still sent once.
"""

import smtplib
from unittest import mock

import pytest

from core import outbox
from core.tasks import requeue_unqueued
from news import services
from news import tasks as news_tasks
from news.models import NewsEmail, NewsStatus
from tests.factories import ConsultationFactory
from tests.news.test_emails import TEXT, _subscriber

pytestmark = pytest.mark.django_db

BROKER_DOWN = ConnectionError("Error 111 connecting to redis:6379. Connection refused.")


@pytest.fixture
def published_while_the_broker_was_down(board, officer, django_capture_on_commit_callbacks):
    """An update published while the broker was down: its emails recorded, none queued."""
    subscriber = _subscriber(ConsultationFactory(strategy__board=board), "wants@example.org")
    with (
        mock.patch.object(news_tasks.send_news_email, "delay", side_effect=BROKER_DOWN),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.news_create(board=board, by=officer, status=NewsStatus.PUBLISHED, **TEXT)
    email = NewsEmail.objects.get(subscriber=subscriber)
    assert (email.state, email.failure) == (NewsEmail.State.FAILED, outbox.QUEUE_DOWN)
    return email


def test_once_the_broker_answers_the_email_is_queued_again_and_sent_once(
    published_while_the_broker_was_down, mailoutbox
):
    assert requeue_unqueued()["news emails"] == 1
    assert requeue_unqueued()["news emails"] == 0  # Nothing left to queue again.

    email = NewsEmail.objects.get()
    assert (email.state, email.failure) == (NewsEmail.State.SENT, "")
    [message] = mailoutbox
    assert message.to == ["wants@example.org"]


def test_while_the_broker_is_still_down_it_stays_marked_for_the_next_minute(
    published_while_the_broker_was_down, mailoutbox
):
    with mock.patch.object(news_tasks.send_news_email, "delay", side_effect=BROKER_DOWN):
        assert requeue_unqueued()["news emails"] == 1  # Handed back, and refused again.

    email = NewsEmail.objects.get()
    assert (email.state, email.failure) == (NewsEmail.State.FAILED, outbox.QUEUE_DOWN)
    assert mailoutbox == []


def test_an_email_that_failed_for_another_reason_is_not_sent_again(
    published_while_the_broker_was_down, mailoutbox
):
    NewsEmail.objects.update(failure="SMTPRecipientsRefused")

    assert requeue_unqueued()["news emails"] == 0
    assert mailoutbox == []


def test_an_email_queued_twice_is_sent_once(published_while_the_broker_was_down, mailoutbox):
    email = published_while_the_broker_was_down
    NewsEmail.objects.filter(pk=email.pk).update(state=NewsEmail.State.PENDING, failure="")

    news_tasks.send_news_email(email.pk)
    news_tasks.send_news_email(email.pk)

    assert len(mailoutbox) == 1


def test_every_apps_emails_are_in_an_outbox():
    assert set(outbox.requeue_all()) == {"consultation emails", "news emails", "pack notices"}


def test_a_refused_address_is_still_failed_for_good(published_while_the_broker_was_down, mailoutbox):
    refused = smtplib.SMTPRecipientsRefused({"wants@example.org": (550, b"No such user")})
    NewsEmail.objects.update(state=NewsEmail.State.PENDING, failure="")
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=refused):
        news_tasks.send_news_email.apply(args=[NewsEmail.objects.get().pk], throw=False)

    assert requeue_unqueued()["news emails"] == 0
    assert NewsEmail.objects.get().failure == "SMTPRecipientsRefused"
