"""
The beat schedule without a broker: `make run` on the embedded defaults (no REDIS_URL, tasks run eagerly
in the web process) has no `celery beat`, so this runs each task of CELERY_BEAT_SCHEDULE itself, in this
process, at its interval. With Redis, `make worker` (celery worker -B) or docker-compose's beat service
keeps the schedule instead.
"""

import logging
import time

from celery import current_app
from django.conf import settings
from django.core.management.base import BaseCommand

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the beat schedule's tasks in this process at their intervals (for development without Redis)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every task once, then stop.")

    def handle(self, *args, once: bool = False, **options):
        schedule = {
            name: (entry["task"], float(entry["schedule"]))
            for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
        }
        current_app.loader.import_default_modules()  # Autodiscovers the apps' tasks.
        due = dict.fromkeys(schedule, 0.0)
        while True:
            now = time.monotonic()
            for name, (task, every) in schedule.items():
                if due[name] > now:
                    continue
                due[name] = now + every
                try:
                    result = current_app.tasks[task].apply()
                    if result.failed():
                        log.error("Scheduled task %s failed: %s", name, result.result)
                except Exception:  # The clock keeps going; the next run tries again.
                    log.exception("Scheduled task %s failed", name)
            if once:
                return
            time.sleep(max(1.0, min(due.values()) - time.monotonic()))
