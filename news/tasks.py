"""News's background work: thin wrappers over news.emails."""

from celery import shared_task

from core.tasks import email_task

from . import emails, search


@shared_task(acks_late=True, ignore_result=True)
def news_announce_due() -> int:
    """
    Put the updates whose publish time has come in site search, and email them to the subscribers who
    chose them (beat: each minute).
    """
    search.news_index_due()
    return emails.news_announce_due()


@email_task(failed=emails.news_email_failed)
def send_news_email(email_id: int) -> str | None:
    """Send one update to one subscriber, once, however often this runs."""
    return emails.news_email_send(email_id)
