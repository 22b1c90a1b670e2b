"""
An officer's upload of a Fingertips export (IndicatorImport), checked and imported by workers
(delivery.tasks), each pass idempotent: a check runs only while the upload is "checking", an import only
while it is "importing", and both rewrite what they leave behind (the rejected rows, the counts) rather
than add to it. What a check and an import do to the data is delivery.imports.
"""

import hashlib
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, connections, transaction
from django.utils import timezone

from core.files import storing
from core.models import AuditEntry
from strategies.models import Strategy

from . import imports, permissions
from .fingertips import FileRefused, Rejected
from .models import ImportStatus, Indicator, IndicatorImport, RejectedRow

logger = logging.getLogger(__name__)

# Rejected rows written to the database this many at a time.
REJECTED_BATCH = 1000
# How often a worker writes its progress (from a thread of its own, with its own connection: the
# import runs in one transaction, whose writes no other connection sees until it commits).
PROGRESS_SECONDS = 1.0


def _sha256(file: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


@transaction.atomic
def indicator_import_upload(*, strategy: Strategy, by, file: UploadedFile) -> IndicatorImport:
    """
    Keep an uploaded file and send it to a worker to check (delivery.tasks.import_check). The file is
    stored inside the transaction, before the row: a store that cannot be reached is an error on
    `file`, and no row.
    """
    if not permissions.can_edit(by, strategy):
        raise PermissionDenied("Only the board's officers can import its indicators' data.")
    upload = IndicatorImport(
        strategy=strategy,
        file_name=(file.name or "upload.csv")[:255],
        size=file.size,
        sha256=_sha256(file),
        uploaded_by=by,
        stage="Waiting for a worker",
    )
    with storing("file"):
        upload.file.save(upload.file_name, file, save=False)
    upload.save()
    transaction.on_commit(lambda: _enqueue("check", upload.pk))
    return upload


@transaction.atomic
def indicator_import_confirm(*, upload: IndicatorImport, by) -> IndicatorImport:
    """An officer confirms a checked upload: a worker imports it (delivery.tasks.import_apply)."""
    upload = IndicatorImport.objects.select_for_update().select_related("strategy__board").get(pk=upload.pk)
    if not permissions.can_edit(by, upload.strategy):
        raise PermissionDenied("Only the board's officers can import its indicators' data.")
    if upload.status == ImportStatus.IMPORTING or upload.status == ImportStatus.IMPORTED:
        return upload  # Confirmed already (a second click, or another officer).
    if not upload.importable:
        raise ValidationError("This file cannot be imported: see what its check found.")
    upload.status = ImportStatus.IMPORTING
    upload.confirmed_by, upload.confirmed_at = by, timezone.now()
    upload.progress, upload.stage, upload.error = 0, "Waiting for a worker", ""
    upload.updated_at = timezone.now()
    upload.save()
    transaction.on_commit(lambda: _enqueue("apply", upload.pk))
    return upload


@transaction.atomic
def indicator_import_retry(*, upload: IndicatorImport, by) -> IndicatorImport:
    """Check the file again: after a failure, a stopped worker, or data changed since the check."""
    upload = IndicatorImport.objects.select_for_update().select_related("strategy__board").get(pk=upload.pk)
    if not permissions.can_edit(by, upload.strategy):
        raise PermissionDenied("Only the board's officers can import its indicators' data.")
    if upload.status == ImportStatus.IMPORTED:
        raise ValidationError("This file is imported already.")
    if upload.running and not upload.is_stale:
        return upload
    upload.status, upload.progress, upload.error = ImportStatus.CHECKING, 0, ""
    upload.stage, upload.updated_at = "Waiting for a worker", timezone.now()
    upload.confirmed_by = upload.confirmed_at = None
    upload.save()
    transaction.on_commit(lambda: _enqueue("check", upload.pk))
    return upload


def _enqueue(step: str, upload_id: int) -> None:
    """Send a step to the broker; a broker that cannot be reached fails the upload, saying so."""
    from .tasks import import_apply, import_check

    task = import_check if step == "check" else import_apply
    try:
        task.delay(upload_id)
    except Exception:  # The broker's client raises many kinds (kombu, redis, OSError).
        logger.exception("Could not queue the %s of indicator import %s", step, upload_id)
        import_failed(
            upload_id,
            "The background service that checks and imports files is not answering, so the job could not "
            "be started. Try again in a few minutes.",
        )


def import_failed(upload_id: int, error: str) -> None:
    now = timezone.now()
    IndicatorImport.objects.filter(pk=upload_id).exclude(status=ImportStatus.IMPORTED).update(
        status=ImportStatus.FAILED, stage="Failed", error=error[:2000], finished_at=now, updated_at=now
    )


class _Progress:
    """
    Writes a job's progress from a thread with its own database connection, at most once a second,
    so that the page's progress bar moves while the import's own transaction is still open. On SQLite
    (the embedded default, where jobs run in the request) nothing is written while the job runs.
    """

    def __init__(self, upload_id: int, stage: str):
        self.upload_id, self.stage = upload_id, stage
        self.share = 0.0
        self.stop = threading.Event()

    def __call__(self, share: float) -> None:
        self.share = share

    def _write(self) -> None:
        IndicatorImport.objects.filter(pk=self.upload_id).update(
            progress=min(99, int(100 * self.share)), stage=self.stage, updated_at=timezone.now()
        )

    def _run(self) -> None:
        try:
            while not self.stop.wait(PROGRESS_SECONDS):
                self._write()
        except Exception:
            logger.exception("The progress of indicator import %s stopped", self.upload_id)
        finally:
            connections.close_all()  # This thread's own connections only.

    @contextmanager
    def running(self) -> Iterator["_Progress"]:
        if connection.vendor == "sqlite":
            yield self
            return
        thread = threading.Thread(target=self._run, name=f"import-{self.upload_id}-progress", daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.stop.set()
            thread.join(timeout=PROGRESS_SECONDS + 5)


def _claim(upload_id: int, status: str, stage: str) -> IndicatorImport | None:
    """The upload, if it is still at `status` (else a redelivered message: nothing to do)."""
    claimed = IndicatorImport.objects.filter(pk=upload_id, status=status).update(
        stage=stage, progress=0, updated_at=timezone.now()
    )
    if not claimed:
        return None
    return IndicatorImport.objects.select_related("strategy__board").get(pk=upload_id)


def _indicators_mark(strategy: Strategy) -> int:
    """The id of the latest change to the strategy's indicators or their data (core.audit), or 0."""
    entry = (
        AuditEntry.objects.for_scope(strategy)
        .filter(target_type=ContentType.objects.get_for_model(Indicator))
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return entry or 0


def import_check(upload_id: int) -> IndicatorImport | None:
    """
    The worker's check: the file's layout, then every row against the stored data points, recording
    what would change per indicator and every rejected row. Runs again from the start if redelivered.
    """
    upload = _claim(upload_id, ImportStatus.CHECKING, "Checking the file")
    if upload is None:
        return None
    RejectedRow.objects.filter(upload=upload).delete()
    upload.checked_against = _indicators_mark(upload.strategy)
    pending: list[RejectedRow] = []
    count = 0

    def reject(row: Rejected) -> None:
        nonlocal count
        count += 1
        pending.append(RejectedRow(upload=upload, line=row.line, reason=row.reason[:500]))
        if len(pending) >= REJECTED_BATCH:
            RejectedRow.objects.bulk_create(pending)
            pending.clear()

    progress = _Progress(upload.pk, "Checking the file")
    with upload.file.open("rb") as handle:
        try:
            found = imports.layout(upload.strategy, handle)
        except FileRefused as refused:
            _finish(upload, status=ImportStatus.REFUSED, stage="Refused", error=str(refused))
            return upload
        with progress.running():
            changes = imports.walk(
                upload.strategy, handle, found, write=False, on_reject=reject, on_progress=progress
            )
    RejectedRow.objects.bulk_create(pending)
    upload.rows, upload.area_name, upload.region_code = found.rows, found.area_name, found.region_code
    upload.summary = [entry.as_json() for entry in changes]
    upload.new = sum(entry.new for entry in changes)
    upload.changed = sum(entry.changed for entry in changes)
    upload.unchanged = sum(entry.unchanged for entry in changes)
    upload.rejected = count
    _finish(upload, status=ImportStatus.CHECKED, stage="Checked")
    return upload


def import_apply(upload_id: int) -> IndicatorImport | None:
    """
    The worker's import, in one transaction under the strategy's row lock: the file is compared again
    (the data may have changed since the check) and written a chunk at a time. A row rejected now (an
    indicator removed since the check) rolls everything back.
    """
    upload = _claim(upload_id, ImportStatus.IMPORTING, "Importing")
    if upload is None:
        return None
    progress = _Progress(upload.pk, "Importing")
    rejected: list[Rejected] = []
    try:
        with transaction.atomic(), upload.file.open("rb") as handle:
            strategy = Strategy.objects.select_for_update().select_related("board").get(pk=upload.strategy_id)
            if not permissions.can_edit(upload.confirmed_by, strategy):
                raise ValidationError(
                    "The officer who confirmed the import can no longer change this strategy."
                )
            if upload.checked_against != _indicators_mark(strategy):
                raise ValidationError(
                    "The strategy's indicators or their data changed after the file was checked, so it "
                    "would not do what its check showed: nothing was imported."
                )
            found = imports.layout(strategy, handle)
            with progress.running():
                changes = imports.walk(
                    strategy, handle, found, write=True, on_reject=rejected.append, on_progress=progress
                )
            if rejected:
                raise imports.refusal(len(rejected))
            imports._audit_changes(upload.confirmed_by, strategy, changes)
            upload.summary = [entry.as_json() for entry in changes]
            upload.new = sum(entry.new for entry in changes)
            upload.changed = sum(entry.changed for entry in changes)
            upload.unchanged = sum(entry.unchanged for entry in changes)
            _finish(upload, status=ImportStatus.IMPORTED, stage="Imported")
    except (ValidationError, FileRefused) as error:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        import_failed(upload.pk, message + " Check the file again to see what it would change now.")
        return None
    return upload


def _finish(upload: IndicatorImport, *, status: str, stage: str, error: str = "") -> None:
    now = timezone.now()
    upload.status, upload.stage, upload.error = status, stage, error
    upload.progress, upload.finished_at, upload.updated_at = 100, now, now
    upload.save()
