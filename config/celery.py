import logging.config
import os

from celery import Celery
from celery.signals import setup_logging, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("hwb_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def import_the_renderers(**kwargs):
    """
    Import WeasyPrint and pikepdf (about a second) once, in the worker's main process: every pool
    process it forks starts with them, including one that replaces a process that died.
    """
    import pikepdf  # noqa: F401
    import weasyprint  # noqa: F401


@setup_logging.connect
def log_as_django_does(**kwargs):
    """
    The worker and beat log through settings.LOGGING, as the web processes do: the same format (JSON in
    production) and the request id on task lines (core.logs). Connecting here stops Celery's own set-up,
    so the worker's --loglevel no longer applies: LOG_LEVEL sets the level, as for the web processes.
    """
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
