"""Consultations' scheduled work: thin wrappers over the services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def consultations_on_schedule() -> dict[str, int]:
    """Open and close consultations at the times set (the beat schedule runs it every minute)."""
    return services.consultations_on_schedule()
