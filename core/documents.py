"""
Rendering documents to PDF in the background.

Each kind of document registers a builder that turns an object id into HTML. The Celery task in
core.tasks renders that HTML with WeasyPrint (PDF/UA, tagged for screen readers) and stores the
file on the Document row, unless the stored file was rendered from the same HTML already.
"""

import hashlib
import logging
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Document

logger = logging.getLogger(__name__)

# Bump when the rendering pipeline changes in a way that must re-render every stored document.
PIPELINE_VERSION = "1"
PDF_VARIANT = "pdf/ua-1"
STATIC_SCHEME = "hwb-static:"


@dataclass(frozen=True)
class Source:
    html: str
    filename: str
    title: str

    @property
    def hash(self) -> str:
        return hashlib.sha256(f"{PIPELINE_VERSION}\n{self.html}".encode()).hexdigest()


Builder = Callable[[int], Source | None]
_builders: dict[str, Builder] = {}


def register(kind: str) -> Callable[[Builder], Builder]:
    """Register the function that builds the HTML for documents of this kind (None: object gone)."""

    def decorator(builder: Builder) -> Builder:
        _builders[kind] = builder
        return builder

    return decorator


def build_source(kind: str, object_id: int) -> Source | None:
    return _builders[kind](object_id)


class DocumentBusy(ValidationError):
    pass


def document_request(*, kind: str, object_id: int, by=None) -> Document:
    """
    Ask for a document to be (re)rendered; the task runs after the surrounding transaction commits.

    Refused while a render of the same document is under way, unless that render has gone stale
    (its worker died). Rendering itself is skipped by the task when nothing changed.
    """
    if kind not in _builders:
        raise ValueError(f"No document renderer registered for {kind!r}")
    with transaction.atomic():
        document, created = Document.objects.get_or_create(kind=kind, object_id=object_id)
        document = Document.objects.select_for_update().get(pk=document.pk)
        if not created and document.in_progress and not document.is_stale:
            raise DocumentBusy("The PDF is already being generated. Wait for it to finish.")
        document.status = Document.Status.PENDING
        document.progress = 0
        document.stage = "Waiting to start"
        document.error = ""
        document.requested_at = timezone.now()
        document.requested_by = by
        document.save()
        transaction.on_commit(partial(_enqueue, document.pk), robust=True)
    return document


def _enqueue(document_id: int) -> None:
    """
    Send the render to the broker. The request that asked for it has already committed, so a broker
    that cannot be reached must not turn it into an error page: the document shows as failed,
    with its retry button, instead of waiting forever.
    """
    from .tasks import render_document

    try:
        render_document.delay(document_id)
    except Exception as error:  # The broker's client raises many kinds (kombu, redis, OSError).
        logger.exception("Could not queue the render of document %s", document_id)
        Document.objects.filter(pk=document_id).update(
            status=Document.Status.FAILED,
            stage="Failed",
            error=f"The job could not be queued ({type(error).__name__}). Try again in a moment.",
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )


def document_progress(document_id: int, *, progress: int, stage: str, status: str | None = None) -> None:
    fields = {"progress": progress, "stage": stage, "updated_at": timezone.now()}
    if status:
        fields["status"] = status
    Document.objects.filter(pk=document_id).update(**fields)


class StaticOnlyFetcher:
    """
    Lets WeasyPrint load our own static files (fonts, images) and nothing else, so a document can
    never make the server fetch an address somebody typed into a strategy.
    """

    def __new__(cls):
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        class _Fetcher(URLFetcher):
            def fetch(self, url, headers=None):
                if url.startswith("data:"):
                    return super().fetch(url, headers)
                if url.startswith(STATIC_SCHEME):
                    path = finders.find(url.removeprefix(STATIC_SCHEME).lstrip("/"))
                    if path:
                        with open(path, "rb") as handle:
                            body = handle.read()
                        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                        return URLFetcherResponse(url, body, {"Content-Type": content_type})
                raise ValueError(
                    f"Refused to fetch {url!r}: documents may load only the portal's static files."
                )

        return _Fetcher()


def html_to_pdf(html: str, *, on_laid_out: Callable[[int], None] | None = None) -> bytes:
    """Render HTML to a tagged PDF (PDF/UA-1). Slow: never call it inside a transaction."""
    from weasyprint import HTML

    laid_out = HTML(string=html, base_url=STATIC_SCHEME + "/", url_fetcher=StaticOnlyFetcher()).render(
        pdf_variant=PDF_VARIANT
    )
    if on_laid_out:
        on_laid_out(len(laid_out.pages))
    return laid_out.write_pdf(pdf_variant=PDF_VARIANT)
