"""Boards' background work: thin wrappers over the services."""

import logging
from smtplib import SMTPRecipientsRefused

from celery import shared_task
from celery.contrib.django.task import DjangoTask

from . import emails, packs

logger = logging.getLogger(__name__)


class PackNoticeTask(DjangoTask):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries used up, or an error not worth retrying: the notice shows as failed, not lost."""
        notice_id = args[0] if args else kwargs.get("notice_id")
        logger.error("Sending pack notice %s failed: %s", notice_id, type(exc).__name__)
        packs.pack_notice_failed(notice_id, type(exc).__name__)


@shared_task(
    base=PackNoticeTask,
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OSError,),  # SMTP errors and dropped connections: worth another try, later.
    dont_autoretry_for=(SMTPRecipientsRefused,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=8,
    soft_time_limit=90,
)
def send_pack_notice(notice_id: int) -> str | None:
    """Email one board member that their pack is ready, once, however often this runs (boards.packs)."""
    return packs.pack_notice_send(notice_id)


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OSError,),  # SMTP errors and dropped connections: worth another try, later.
    dont_autoretry_for=(SMTPRecipientsRefused,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=8,
    soft_time_limit=90,
)
def send_account_invitation(user_id: int, board_id: int) -> bool:
    """
    Email someone the link to set their new account's password. Sent again if delivered twice
    (harmless: both links work); a final failure is logged, and the board's manage page offers to
    send it again while the account has no password.
    """
    return emails.invitation_send(user_id, board_id)
