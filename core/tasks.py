import logging

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from . import documents
from .models import Document

logger = logging.getLogger(__name__)


class DocumentTask(DjangoTask):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """A final failure (retries used up, or an error not worth retrying) shows on the page."""
        document_id = args[0] if args else kwargs.get("document_id")
        logger.error("Rendering document %s failed: %r", document_id, exc)
        Document.objects.filter(pk=document_id).update(
            status=Document.Status.FAILED,
            stage="Failed",
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )


@shared_task(
    base=DocumentTask,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=4,
    soft_time_limit=300,
)
def render_document(document_id: int) -> str | None:
    """Render a document to PDF and store it, unless the stored PDF was made from the same HTML."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return None
    documents.document_progress(document_id, progress=10, stage="Preparing the text", status="running")
    source = documents.build_source(document.kind, document.object_id)
    if source is None:
        raise LookupError("The document's source no longer exists or is not publishable.")
    source_hash = source.hash
    if document.file and document.source_hash == source_hash:
        Document.objects.filter(pk=document_id).update(
            status=Document.Status.READY, progress=100, stage="Ready", finished_at=timezone.now()
        )
        return document.file.name  # Unchanged content, or a redelivered message: nothing to render.

    documents.document_progress(document_id, progress=30, stage="Laying out pages")

    def laid_out(pages: int) -> None:
        documents.document_progress(document_id, progress=70, stage=f"Writing {pages} pages")

    pdf = documents.html_to_pdf(source.html, on_laid_out=laid_out)  # Slow: outside any lock.

    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document_id)
        if document.file and document.source_hash == source_hash:
            return document.file.name  # Another worker got there first.
        old_name = document.file.name if document.file else None
        document.file.save(source.filename, ContentFile(pdf), save=False)
        document.filename = source.filename
        document.size = len(pdf)
        document.source_hash = source_hash
        document.status = Document.Status.READY
        document.progress = 100
        document.stage = "Ready"
        document.error = ""
        document.render_count += 1
        document.finished_at = timezone.now()
        document.save()
        if old_name and old_name != document.file.name:
            storage = document.file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return document.file.name
