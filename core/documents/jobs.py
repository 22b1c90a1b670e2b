"""
The document job: asking for a render (document_request), sending it to a worker (_enqueue), and
the render itself (document_render, with assembly.render_source making the file), which
core.tasks.render_document runs on a worker.

Idempotent by content hash: a render whose Source hashes as the current version's does nothing,
so a redelivered message, a duplicate request or a retry after a lost worker renders at most once
per change. Rendering happens outside any lock; the version is stored under the document's row
lock, checking the hash again.
"""

import logging
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connections, transaction
from django.db.models import F, Max, Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.text import capfirst

from ..files import discard
from ..models import Document, DocumentVersion
from .assembly import render_source
from .kinds import get_kind, kinds
from .sources import DocumentError

logger = logging.getLogger(__name__)

# Sent once a new version is stored and committed (document, version): an app that tells people about
# its documents (board packs, to the board's members) listens for its own kinds.
document_rendered = Signal()

# While a worker renders, it touches the Document row this often (Document.is_stale reads it).
HEARTBEAT_SECONDS = 5.0
# A job started this many times since it was requested gives up: the first start, the retries
# after OSError (core.tasks), and two workers lost under it. A render that kills its worker every
# time (out of memory) would otherwise be redelivered for ever.
MAX_ATTEMPTS = 7


class DocumentBusy(ValidationError):
    pass


def _locked():
    """Documents locked for update, with their current version (which is not locked)."""
    return Document.objects.select_for_update(of=("self",)).select_related("current")


def find(kind: str, object_id: int) -> Document | None:
    """The document's job with its current version (one query), or None if it was never asked for."""
    return Document.objects.select_related("current").filter(kind=kind, object_id=object_id).first()


def find_many(kinds: list[str], object_id: int) -> list[Document]:
    """The jobs of several kinds of document of one object (the versions of a strategy), in one query."""
    return list(Document.objects.select_related("current").filter(kind__in=kinds, object_id=object_id))


@dataclass(frozen=True)
class BoardDocument:
    """A document of one of a board's objects, as a board paper can name it."""

    document: Document
    title: str  # The object's title and the kind's label: "Health and Wellbeing Strategy: Summary PDF".


def board_documents(board_id: int) -> list[BoardDocument]:
    """
    The documents made of the board's objects (by the kinds that say which objects are a board's:
    DocumentKind.board_objects) that have a version to include, by title. One query per distinct
    `board_objects` function, and one for the documents.
    """
    objects: dict[Callable, dict[int, str]] = {}
    wanted: dict[str, dict[int, str]] = {}
    labels: dict[str, str] = {}
    for name, kind in kinds().items():
        if kind.board_objects is None:
            continue
        if kind.board_objects not in objects:
            objects[kind.board_objects] = kind.board_objects(board_id)
        if objects[kind.board_objects]:
            wanted[name] = objects[kind.board_objects]
            labels[name] = kind.label
    if not wanted:
        return []
    matching = Q(pk__in=[])
    for name, titles in wanted.items():
        matching |= Q(kind=name, object_id__in=list(titles))
    documents = Document.objects.filter(matching, current__isnull=False).select_related("current")
    found = [
        BoardDocument(document, f"{wanted[document.kind][document.object_id]}: {labels[document.kind]}")
        for document in documents
    ]
    return sorted(found, key=lambda each: (each.title, each.document.pk))


def document_request(*, kind: str, object_id: int, by) -> Document:
    """
    Ask for a document to be rendered (again); the task is queued after the surrounding transaction
    commits. `by` must be allowed by the kind's can_request rule (None: the portal itself).

    Refused while a render of the same document is under way, unless that render has gone stale
    (its worker died). The task renders nothing when nothing changed.
    """
    document_kind = get_kind(kind)
    if by is not None:
        obj = document_kind.load(object_id)
        if obj is None or not document_kind.can_request(by, obj):
            raise PermissionDenied(f"You cannot generate {document_kind.noun}.")
    with transaction.atomic():
        document, created = Document.objects.get_or_create(kind=kind, object_id=object_id)
        document = _locked().get(pk=document.pk)
        if not created and document.in_progress and not document.is_stale:
            raise DocumentBusy(
                f"{capfirst(document_kind.noun)} is already being generated. Wait for it to finish."
            )
        document.status = Document.Status.PENDING
        document.progress = 0
        document.stage = "Waiting to start"
        document.error = ""
        document.attempts = 0
        document.worker = ""
        document.requested_at = timezone.now()
        document.requested_by = by
        document.save()
        transaction.on_commit(partial(_enqueue, document.pk, kind=kind), robust=True)
    return document


def document_refresh(*, kind: str, object_id: int, by) -> Document:
    """
    Ask for a document again because what it is made from changed (a board paper replaced). Like
    document_request, except that a render already under way is no refusal: it may have read the
    content before the change, so another render is queued to run after it, which renders the change
    (or nothing, if the first one caught it).
    """
    try:
        return document_request(kind=kind, object_id=object_id, by=by)
    except DocumentBusy:
        document = Document.objects.get(kind=kind, object_id=object_id)
        transaction.on_commit(partial(_enqueue, document.pk, kind=kind), robust=True)
        return document


def _enqueue(document_id: int, *, kind: str) -> None:
    """
    Send the render to the broker, on the kind's queue with its time limits. The request that asked
    for it has already committed, so a broker that cannot be reached must not turn it into an error
    page: the document shows as failed, with its retry button, instead of waiting.
    """
    from ..tasks import render_document

    document_kind = get_kind(kind)
    try:
        render_document.apply_async(
            (document_id,),
            queue=document_kind.queue_name,
            time_limit=document_kind.time_limit,
            soft_time_limit=document_kind.soft_time_limit,
        )
    except Exception:  # The broker's client raises many kinds (kombu, redis, OSError).
        logger.exception("Could not queue the render of document %s", document_id)
        document_failed(
            document_id,
            "The background service that generates documents is not answering, so the job could not be "
            "started. Try again in a few minutes.",
        )


def document_failed(document_id: int, error: str) -> None:
    """A final failure: shown on the page with a "Try again" button."""
    now = timezone.now()
    Document.objects.filter(pk=document_id).exclude(status=Document.Status.READY).update(
        status=Document.Status.FAILED, stage="Failed", error=error[:2000], finished_at=now, updated_at=now
    )


def document_progress(
    document_id: int, *, progress: int, stage: str, status: str | None = None, worker: str | None = None
) -> None:
    """Record how far the render is (also a heartbeat). With `worker`, only while that worker owns the job."""
    fields = {"progress": progress, "stage": stage, "updated_at": timezone.now()}
    if status:
        fields["status"] = status
    rows = Document.objects.filter(pk=document_id)
    if worker is not None:
        rows = rows.filter(worker=worker)
    rows.update(**fields)


@contextmanager
def heartbeat(document_id: int, *, worker: str) -> Iterator[None]:
    """
    Touch the job's row every HEARTBEAT_SECONDS from a thread while the block runs, so that a long
    layout in WeasyPrint (no progress for a while) is not mistaken for a dead worker. A killed
    process stops beating, and the page offers "Try again" once the job has gone stale.
    """
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(HEARTBEAT_SECONDS):
                Document.objects.filter(pk=document_id, status=Document.Status.RUNNING, worker=worker).update(
                    updated_at=timezone.now()
                )
        except Exception:
            logger.exception("The heartbeat of document %s stopped", document_id)
        finally:
            connections.close_all()  # This thread's own connections only.

    thread = threading.Thread(target=beat, name=f"document-{document_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=HEARTBEAT_SECONDS + 5)


def document_render(document_id: int, *, worker: str = "") -> DocumentVersion | None:
    """
    Render the document and keep the file as a new version, unless the current version was made
    from the same content. Slow: call it from a task, never inside a transaction.
    """
    started = Document.objects.filter(pk=document_id).update(
        status=Document.Status.RUNNING,
        progress=2,
        stage="Preparing",
        attempts=F("attempts") + 1,
        worker=worker,
        updated_at=timezone.now(),
    )
    if not started:
        return None
    document = Document.objects.select_related("current").get(pk=document_id)
    if document.attempts > MAX_ATTEMPTS:
        raise DocumentError(
            f"The job was started {document.attempts} times without finishing. Try again; if it "
            "stops again, the document may be too large to generate."
        )
    kind = get_kind(document.kind)
    report = partial(_report, document_id, worker)

    with heartbeat(document_id, worker=worker):
        source = kind.build(document.object_id)
        if source is None:
            raise LookupError("The document's source no longer exists or is not publishable.")
        source_hash = source.content_hash()  # Reads every upload.
        if (
            document.current
            and document.current.source_hash == source_hash
            # A version whose file the store lost is rendered again rather than called ready. A store
            # that does not answer raises StoreUnavailable here: the task retries.
            and document.current.file.storage.exists(document.current.file.name)
        ):
            _mark_ready(document_id, stage=Document.UNCHANGED)
            return document.current  # Nothing changed (or a redelivered message): nothing to render.

        with tempfile.TemporaryDirectory(prefix="hwb-document-") as workdir:
            previous = document.current.parts if document.current else ()
            rendered = render_source(
                source, Path(workdir), report, previous=previous
            )  # Slow: outside any lock.
            report(95, "Saving")
            version = DocumentVersion(
                document=document,
                filename=source.filename,
                size=rendered.path.stat().st_size,
                pages=rendered.pages,
                source_hash=source_hash,
                parts=rendered.parts,
                requested_by_id=document.requested_by_id,
            )
            # A store that cannot be reached raises StoreUnavailable (an OSError): the task retries, and
            # the job, still running, never reads "ready" without its file.
            with rendered.path.open("rb") as handle:
                version.file.save(source.filename, File(handle), save=False)

    try:
        return _keep(document_id, version, source_hash, seen=document.current_id)
    except BaseException:
        discard(version.file.storage, version.file.name)  # No row names it: the retry stores its own.
        raise


def _keep(
    document_id: int, version: DocumentVersion, source_hash: str, *, seen: int | None
) -> DocumentVersion:
    """
    Make the stored `version` the document's current one, under the document's row lock, unless
    another worker stored the same content since this render read the current version (`seen`).
    """
    with transaction.atomic():
        document = _locked().get(pk=document_id)
        if document.current_id != seen and document.current and document.current.source_hash == source_hash:
            discard(version.file.storage, version.file.name)  # Another worker got there first.
            _mark_ready(document_id, stage=Document.UNCHANGED)
            return document.current
        latest = DocumentVersion.objects.filter(document=document).aggregate(number=Max("number"))["number"]
        version.number = (latest or 0) + 1
        version.save()
        document.current = version
        document.status = Document.Status.READY
        document.progress = 100
        document.stage = "Ready"
        document.error = ""
        document.finished_at = timezone.now()
        document.save(
            update_fields=["current", "status", "progress", "stage", "error", "finished_at", "updated_at"]
        )
        transaction.on_commit(
            partial(document_rendered.send, sender=Document, document=document, version=version), robust=True
        )
    return version


def _report(document_id: int, worker: str, progress: int, stage: str) -> None:
    document_progress(document_id, progress=progress, stage=stage, worker=worker)


def _mark_ready(document_id: int, *, stage: str = "Ready") -> None:
    now = timezone.now()
    Document.objects.filter(pk=document_id).update(
        status=Document.Status.READY, progress=100, stage=stage, error="", finished_at=now, updated_at=now
    )
