import os

from celery import Celery
from celery.signals import worker_init

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
