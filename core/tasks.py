"""
The document task: a thin wrapper over core.documents.document_render, and what makes it survive
a worker that dies under it (docs/decisions/0006-documents.md).

- acks_late + reject_on_worker_lost: the message is acknowledged only when the task ends; if the
  process running it is killed (out of memory, a deploy, kill -9), the worker's main process puts
  the message back on the queue and another process renders it. If the main process itself dies,
  the broker redelivers after its visibility timeout (settings: just above the longest time limit).
- A final failure in the task (retries used up, an error not worth retrying, the soft time limit)
  reaches DocumentTask.on_failure in the process that ran it. Failures the main process sees
  instead (the hard time limit, a lost worker once the job has run too often) never reach
  on_failure: the task_failure signal below marks those.
- A file store that cannot be reached (core.files.StoreUnavailable, an OSError) is retried like a
  read error: the job stays running, never "ready" without its file, and fails visibly once the
  retries are used up (docs/decisions/0036-object-store-outage.md).

It also holds email_task, the one way every app declares a task that sends one email.
"""

import logging
import os
import socket
from collections.abc import Callable
from smtplib import SMTPRecipientsRefused

from billiard.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded, WorkerLostError
from celery import shared_task, signals
from celery.contrib.django.task import DjangoTask

from . import documents, outbox
from .files import StoreUnavailable

logger = logging.getLogger(__name__)


def failure_message(exc: BaseException) -> str:
    """What the officer reads under "The PDF could not be generated"."""
    if isinstance(exc, documents.DocumentError):
        return str(exc)
    if isinstance(exc, (SoftTimeLimitExceeded, TimeLimitExceeded)):
        return "It took longer than it is allowed to and was stopped. Try again later."
    if isinstance(exc, StoreUnavailable):
        return "The file store is not answering, so the PDF could not be saved. Try again in a few minutes."
    if isinstance(exc, WorkerLostError):
        return "The process generating it stopped before it finished. Try again."
    return f"{type(exc).__name__}: {exc}"


class EmailTask(DjangoTask):
    """A task that sends one email, by the id of the record that says what to send (email_task)."""

    email_failed: Callable[[int, str], None] | None = None

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries used up, or an error not worth retrying: the record shows as failed, not lost silently."""
        record_id = args[0] if args else next(iter(kwargs.values()), None)
        logger.error("%s for %s failed: %s", self.name, record_id, type(exc).__name__)
        if self.email_failed is not None:
            self.email_failed(record_id, type(exc).__name__)


def email_task(*, failed: Callable[[int, str], None] | None):
    """
    Declare a Celery task that sends one email, its first argument the id of the record to send:

        @email_task(failed=emails.email_failed)
        def send_email(email_id: int) -> str | None:
            return emails.email_send(email_id)

    The task must be idempotent (send once, however often it runs). SMTP errors, refused and dropped
    connections are OSErrors, worth another try later, with a backoff of up to half an hour; a server
    that refuses the address will refuse it again, so that is not retried. A final failure calls
    failed(record_id, the error's name), so that the page shows it failed (None: it is only logged).
    """

    def declare(run: Callable) -> Callable:
        return shared_task(
            base=EmailTask,
            email_failed=staticmethod(failed) if failed else None,
            acks_late=True,
            ignore_result=True,
            autoretry_for=(OSError,),
            dont_autoretry_for=(SMTPRecipientsRefused,),
            retry_backoff=30,
            retry_backoff_max=1800,
            max_retries=8,
            soft_time_limit=90,
        )(run)

    return declare


@shared_task(acks_late=True, ignore_result=True)
def requeue_unqueued() -> dict[str, int]:
    """Queue again the emails the broker did not take when they were made (core.outbox; beat: each minute)."""
    return outbox.requeue_all()


class DocumentTask(DjangoTask):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """A final failure (retries used up, or an error not worth retrying) shows on the page."""
        document_id = args[0] if args else kwargs.get("document_id")
        logger.error("Rendering document %s failed: %r", document_id, exc)
        documents.document_failed(document_id, failure_message(exc))


@shared_task(
    base=DocumentTask,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    dont_autoretry_for=(FileNotFoundError,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=4,
    # Defaults for a render queued without its kind's limits; _enqueue passes the kind's.
    soft_time_limit=300,
    time_limit=360,
)
def render_document(self, document_id: int) -> str | None:
    """Render a document to PDF and keep it as a new version, unless nothing changed since the last."""
    worker = f"{self.request.hostname or socket.gethostname()} (pid {os.getpid()})"
    version = documents.document_render(document_id, worker=worker)
    return version.file.name if version else None


@signals.task_failure.connect(weak=False)
def _failed_in_the_main_process(sender=None, task_id=None, exception=None, args=None, **kwargs):
    """
    The hard time limit, and a lost worker once the message is not put back, are seen by the
    worker's main process: the task's on_failure never runs, so the job would show as running.
    """
    if getattr(sender, "name", None) != render_document.name:
        return
    if isinstance(exception, (TimeLimitExceeded, WorkerLostError)) and args:
        logger.error("Rendering document %s failed in the worker's main process: %r", args[0], exception)
        documents.document_failed(args[0], failure_message(exception))
