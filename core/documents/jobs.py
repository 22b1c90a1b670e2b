"""
The document job: asking for a render (document_request), sending it to a worker (_enqueue), and
the render itself (document_render), which core.tasks.render_document runs on a worker.

Idempotent by content hash: a render whose Source hashes as the current version's does nothing,
so a redelivered message, a duplicate request or a retry after a lost worker renders at most once
per change. Rendering happens outside any lock; the version is stored under the document's row
lock, checking the hash again.
"""

import logging
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
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
from . import rendering, stamps
from .kinds import get_kind, kinds
from .sources import DocumentError, HtmlPart, PagedHtmlPart, Pages, PdfPart, Source

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


@dataclass
class Rendered:
    path: Path
    pages: int | None
    parts: list[dict]


Report = Callable[[int, str], None]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def render_source(
    source: Source, workdir: Path, report: Report, *, previous: Sequence[dict] = ()
) -> Rendered:
    """
    Render or fetch every part into `workdir`, reporting progress per part, and merge them (one
    part is used as it is). Progress runs from 5% to 85% over the parts, then the merge and the stamp.

    A PagedHtmlPart is rendered last, once the other parts' lengths are known. It prints page numbers
    that follow from its own length, so its length is guessed (from `previous`, the parts of the
    version before, else one page), and it is laid out again (at most PAGED_PASSES times in all)
    while the guess is wrong; a pass whose guess was wrong is only laid out, never written.
    """
    count = len(source.parts)
    span = 80 / count
    paths = [workdir / f"part-{number}.pdf" for number in range(1, count + 1)]
    pages: list[int | None] = [None] * count
    records: list[dict] = [{} for _ in range(count)]
    paged = [index for index, part in enumerate(source.parts) if isinstance(part, PagedHtmlPart)]
    for index, part in enumerate(source.parts):
        if index in paged:
            continue
        number, start = index + 1, 5 + span * index
        if isinstance(part, HtmlPart):
            pages[index] = _render_html(part.html, paths[index], number, count, start, span, report)
            records[index] = {"title": part.title, "source": part.source, "upload": None, "tagged": True}
        else:
            report(int(start), f"Adding part {number} of {count}")
            _copy_upload(part, paths[index], number)
            facts = _inspect_upload(paths[index], part, number)
            pages[index] = facts.pages
            records[index] = {
                "title": part.title,
                "source": part.source,
                "upload": part.name,
                "tagged": facts.tagged,
            }
    if paged:
        for index in paged:
            pages[index] = _guess(previous, index, source.parts[index].title)
        for attempt in range(PAGED_PASSES):
            layout = _layout(pages)
            last = attempt == PAGED_PASSES - 1 or layout is None
            lengths = {}
            for index in paged:
                part = source.parts[index]
                lengths[index] = _render_html(
                    part.html_for(layout),
                    paths[index],
                    index + 1,
                    count,
                    5 + span * index,
                    span,
                    report,
                    expected=None if last else pages[index],
                )
                records[index] = {"title": part.title, "source": part.source, "upload": None, "tagged": True}
            settled = all(lengths[index] == pages[index] for index in paged)
            for index in paged:
                pages[index] = lengths[index]
            if settled or last:
                break
    layout = _layout(pages)
    for index, record in enumerate(records):
        record["first_page"] = layout.first[index] if layout else None
        record["pages"] = pages[index]
    total = layout.total if layout else None
    files = [(part.title, paths[index]) for index, part in enumerate(source.parts)]
    if count == 1:
        path = files[0][1]  # WeasyPrint's file (or the upload) as it is.
    else:
        report(86, f"Merging {count} parts")
        path = workdir / "merged.pdf"
        rendering.merge_pdfs(files, path, title=source.title, lang=source.lang)
    if source.stamp:
        report(90, f"Numbering {_plural(total or 0, 'page')}")
        stamped = workdir / "document.pdf"
        marks = None  # What an upload asks to be printed beside its pages' numbers (PdfPart.mark).
        if layout is not None and any(getattr(part, "mark", "") for part in source.parts):
            marks = [
                getattr(part, "mark", "")
                for index, part in enumerate(source.parts)
                for _ in range(pages[index])
            ]
        stamps.stamp_pages(path, stamped, source.stamp, marks=marks)
        path = stamped
    return Rendered(path, total, records)


# A part that prints page numbers is laid out again while its own length changes them: twice is
# enough unless a page number's width moves a line, hence a third.
PAGED_PASSES = 3


def _guess(previous: Sequence[dict], index: int, title: str) -> int:
    """The part's length in the version before, when that version had this part in this place; else 1."""
    if index < len(previous) and previous[index].get("title") == title:
        pages = previous[index].get("pages")
        if isinstance(pages, int) and pages > 0:
            return pages
    return 1


def _layout(pages: list[int | None]) -> Pages | None:
    """Where each part starts, from their lengths; None when one is unknown (a stub renderer in tests)."""
    if any(count is None for count in pages):
        return None
    first, page = [], 1
    for count in pages:
        first.append(page)
        page += count
    return Pages(first=tuple(first), total=page - 1)


def _render_html(
    html: str,
    path: Path,
    number: int,
    count: int,
    start: float,
    span: float,
    report,
    *,
    expected: int | None = None,
) -> int | None:
    """
    Render `html` into `path` and return its length. With `expected`, a layout of another length is
    not written: its page numbers were guessed wrong, and it will be laid out again.
    """
    pages: list[int] = []
    label = "Laying out the pages" if count == 1 else f"Rendering part {number} of {count}"
    report(int(start), label)

    def laid_out(page_count: int) -> bool:
        pages.append(page_count)
        if expected is not None and page_count != expected:
            return False
        writing = f"Writing {_plural(page_count, 'page')}"
        report(int(start + span * 0.6), writing if count == 1 else f"{label}: {writing.lower()}")
        return True

    pdf = rendering.html_to_pdf(html, on_laid_out=laid_out)
    if pdf is not None:
        path.write_bytes(pdf)
    return pages[-1] if pages else None


def _copy_upload(part: PdfPart, path: Path, number: int) -> None:
    try:
        with part.open() as stored, path.open("wb") as copy:
            shutil.copyfileobj(stored, copy, 1024 * 1024)
    except FileNotFoundError:
        raise DocumentError(f"Part {number}, {part.title}, is missing: upload it again.") from None


def _inspect_upload(path: Path, part: PdfPart, number: int) -> rendering.PdfFacts:
    import pikepdf

    try:
        return rendering.inspect_pdf(path)
    except pikepdf.PasswordError:
        raise DocumentError(
            f"Part {number}, {part.title}, is protected by a password: upload a copy without one."
        ) from None
    except pikepdf.PdfError:
        raise DocumentError(
            f"Part {number}, {part.title}, is not a PDF that can be read: upload it again."
        ) from None


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
