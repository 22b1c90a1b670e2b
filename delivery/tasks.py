"""Delivery's background work: thin wrappers over delivery.imports (uploads) and delivery.freshness."""

import logging

from celery import shared_task
from celery.contrib.django.task import DjangoTask

from core.tasks import email_task

from . import freshness, import_jobs

logger = logging.getLogger(__name__)


class ImportTask(DjangoTask):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries used up, or an error not worth retrying: the page says so, with "Check again"."""
        upload_id = args[0] if args else kwargs.get("upload_id")
        logger.error("Indicator import %s failed: %r", upload_id, exc)
        import_jobs.import_failed(upload_id, "The file could not be processed. Check it again, or try later.")


# Both steps run again from the start when redelivered or retried (a read error, a lost worker), and do
# nothing once the upload has moved on (delivery.import_jobs._claim).
IMPORT_TASK = {
    "base": ImportTask,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "ignore_result": True,
    "autoretry_for": (OSError,),
    "dont_autoretry_for": (FileNotFoundError,),
    "retry_backoff": True,
    "retry_backoff_max": 60,
    "max_retries": 4,
    "soft_time_limit": 600,
    "time_limit": 660,
}


@shared_task(**IMPORT_TASK)
def import_check(upload_id: int) -> None:
    """Check an uploaded Fingertips file: what it would change, and every row it cannot import."""
    import_jobs.import_check(upload_id)


@shared_task(**IMPORT_TASK)
def import_apply(upload_id: int) -> None:
    """Import a checked and confirmed file, in one transaction."""
    import_jobs.import_apply(upload_id)


@shared_task(acks_late=True, ignore_result=True)
def reminders_due() -> int:
    """Remind the owners of stale actions and indicators (the beat schedule runs it daily)."""
    return freshness.reminders_due() + freshness.reminders_pending()


@email_task(failed=freshness.reminder_failed)
def send_reminder(reminder_id: int) -> str | None:
    """Email one owner that an update is due, once, however often this runs (delivery.freshness)."""
    return freshness.reminder_send(reminder_id)
