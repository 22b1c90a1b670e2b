"""Consultations' background work: thin wrappers over the services."""

import logging

from celery import shared_task
from celery.contrib.django.task import DjangoTask

from core.tasks import email_task

from . import emails, figures, services, suggestions

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, ignore_result=True)
def consultations_on_schedule() -> dict[str, int]:
    """Open and close consultations at the times set (the beat schedule runs it every minute)."""
    return services.consultations_on_schedule()


@shared_task(acks_late=True, ignore_result=True)
def personal_data_purge_due() -> dict[str, int]:
    """Delete the personal data whose retention period has ended (the beat schedule runs it daily)."""
    return services.personal_data_purge_due()


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=300)
def count_figures(name: str, consultation_id: int, channel: str = "", respondent_type: str = "") -> None:
    """Count a large consultation's figures again, for the pages that show them (consultations.figures)."""
    figures.recount(name, consultation_id, channel, respondent_type)


@email_task(failed=emails.email_failed)
def send_email(email_id: int) -> str | None:
    """Send one email to a respondent, once, however often this runs (consultations.emails)."""
    return emails.email_send(email_id)


class SuggestionTask(DjangoTask):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries used up, or an error not worth retrying: the page shows it failed, with "Try again"."""
        run_id = args[0] if args else kwargs.get("run_id")
        logger.error("Suggesting themes (run %s) failed: %r", run_id, exc)
        suggestions.suggestions_failed(run_id, "The suggestions could not be computed. Try again.")


@shared_task(
    base=SuggestionTask,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=4,
    soft_time_limit=120,
    time_limit=150,
)
def suggest_themes(run_id: int) -> int | None:
    """Suggest themes for the comments not coded yet, unless nothing changed since the last time."""
    return suggestions.suggestions_compute(run_id)
