"""News's background work: thin wrappers over news.emails."""

import logging
from smtplib import SMTPRecipientsRefused

from celery import shared_task
from celery.contrib.django.task import DjangoTask

from . import emails, search

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def news_announce_due() -> int:
    """
    Put the updates whose publish time has come in site search, and email them to the subscribers who
    chose them (beat: each minute).
    """
    search.news_index_due()
    return emails.news_announce_due()


class NewsEmailTask(DjangoTask):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        email_id = args[0] if args else kwargs.get("email_id")
        logger.error("Sending news email %s failed: %s", email_id, type(exc).__name__)
        emails.news_email_failed(email_id, type(exc).__name__)


@shared_task(
    base=NewsEmailTask,
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OSError,),  # SMTP errors and dropped connections: worth another try, later.
    dont_autoretry_for=(SMTPRecipientsRefused,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=8,
    soft_time_limit=90,
)
def send_news_email(email_id: int) -> str | None:
    """Send one update to one subscriber, once, however often this runs."""
    return emails.news_email_send(email_id)
