"""core.tasks.email_task: the one declaration of every task that sends one email."""

import smtplib
from unittest import mock

import pytest

from boards import packs
from boards.tasks import send_account_invitation, send_pack_notice
from consultations import emails as consultation_emails
from consultations.tasks import send_email
from core.tasks import EmailTask, email_task
from delivery import freshness
from delivery.tasks import send_reminder
from news import emails as news_emails
from news.tasks import send_news_email

failed = mock.Mock()
attempts = mock.Mock()


@email_task(failed=lambda record_id, error: failed(record_id, error))
def send_test_email(record_id: int) -> str:
    attempts(record_id)
    return "sent"


@pytest.fixture(autouse=True)
def _like_a_worker(_celery_eager):
    """Eager, but failures are handled as a worker handles them (retries, on_failure), not raised."""
    failed.reset_mock(side_effect=True)
    attempts.reset_mock(side_effect=True)
    saved = _celery_eager.conf.task_eager_propagates
    _celery_eager.conf.task_eager_propagates = False
    yield
    _celery_eager.conf.task_eager_propagates = saved


def test_a_dropped_connection_is_tried_again_and_the_record_is_not_marked_failed():
    attempts.side_effect = [smtplib.SMTPServerDisconnected("closed"), ConnectionRefusedError(), None]

    result = send_test_email.apply(args=[7])

    assert result.successful()
    assert attempts.call_count == 3
    failed.assert_not_called()


def test_a_refused_address_is_not_tried_again_and_the_record_is_marked_failed_by_the_errors_name():
    attempts.side_effect = smtplib.SMTPRecipientsRefused({"someone@example.com": (550, b"No such user")})

    send_test_email.apply(args=[7])

    assert attempts.call_count == 1
    failed.assert_called_once_with(7, "SMTPRecipientsRefused")  # Not the server's words, with the address.


def test_retries_used_up_mark_the_record_failed_once():
    attempts.side_effect = smtplib.SMTPServerDisconnected("closed")

    send_test_email.apply(kwargs={"record_id": 9})

    assert attempts.call_count == 1 + send_test_email.max_retries
    failed.assert_called_once_with(9, "SMTPServerDisconnected")


@pytest.mark.parametrize(
    ("task", "hook"),
    [
        (send_pack_notice, packs.pack_notice_failed),
        (send_account_invitation, None),  # Only logged: the board's page offers to send it again.
        (send_email, consultation_emails.email_failed),
        (send_reminder, freshness.reminder_failed),
        (send_news_email, news_emails.news_email_failed),
    ],
)
def test_every_apps_email_task_is_declared_through_it_with_its_own_failure_hook(task, hook):
    assert isinstance(task, EmailTask)
    assert task.email_failed == hook
    assert (task.acks_late, task.max_retries, task.autoretry_for) == (True, 8, (OSError,))
